// The web front end (web/dist, built by scripts/web-build.sh) served at `/`: files from the
// directory, client routes answered with index.html (SPA fallback), hashed assets cached for
// a year, the HTML never cached, and the Content-Security-Policy the bundle is written for
// (web/README.md). /api/…, /healthz and /metrics never reach this handler.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/impl.h"

namespace fangpin::server {

namespace {

namespace fs = std::filesystem;

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

std::string_view media_type_of(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// The file under `root` for a URL path, or nullopt: no "..", no hidden files, no symlinks
// leading out of the directory, regular files only.
std::optional<fs::path> resolve(const fs::path& root, std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  fs::path rel;
  std::size_t i = 1;
  while (i <= url_path.size()) {
    std::size_t j = url_path.find('/', i);
    if (j == std::string_view::npos) j = url_path.size();
    const std::string_view part = url_path.substr(i, j - i);
    if (!part.empty()) {
      if (part.front() == '.' || part.find('\\') != std::string_view::npos || part.find('\0') != std::string_view::npos)
        return std::nullopt;
      rel /= std::string(part);
    }
    i = j + 1;
  }
  if (rel.empty()) rel = "index.html";
  std::error_code ec;
  const fs::path full = fs::weakly_canonical(root / rel, ec);
  if (ec) return std::nullopt;
  const fs::path canon_root = fs::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  auto [r, f] = std::mismatch(canon_root.begin(), canon_root.end(), full.begin(), full.end());
  if (r != canon_root.end()) return std::nullopt;  // outside the web root
  if (!fs::is_regular_file(full, ec)) return std::nullopt;
  return full;
}

}  // namespace

void ApiServer::Impl::serve_static(const httplib::Request& req, httplib::Response& res) {
  const auto t0 = std::chrono::steady_clock::now();
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
  const fs::path root(opt.web_root);
  std::optional<fs::path> file = resolve(root, req.path);
  bool fallback = false;
  if (!file) {
    // A client route (no file extension in the last segment) gets the app; a missing
    // asset is a plain 404 so a broken build shows up as one.
    const std::string_view path = req.path;
    const std::string_view last = path.substr(path.rfind('/') + 1);
    if (last.find('.') == std::string_view::npos) {
      file = resolve(root, "/index.html");
      fallback = true;
    }
  }
  std::optional<std::string> bytes = file ? read_file(*file) : std::nullopt;
  if (!bytes) {
    detail::send_error(res, 404, "not_found", "页面不存在");
  } else {
    const bool hashed = !fallback && req.path.starts_with("/assets/");
    res.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    res.status = 200;
    res.set_content(std::move(*bytes), std::string(media_type_of(*file)));
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  metrics.observe("static", req.method, res.status, secs);
}

}  // namespace fangpin::server
