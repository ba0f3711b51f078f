#include "store/file_store.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "domain/workflow/sha256.h"

namespace fs = std::filesystem;

namespace fangpin::store {

namespace {

Result<std::string> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("无法读取文件: " + path, "file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Temporary names must differ between concurrent writers of the same content.
std::atomic<std::uint64_t> g_tmp_counter{0};

}  // namespace

bool is_sha256_name(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::optional<std::string> sniff_media_type(std::string_view b) {
  if (b.starts_with("%PDF-")) return "application/pdf";
  if (b.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
  if (b.starts_with("\x89PNG\r\n\x1A\n")) return "image/png";
  if (b.starts_with(std::string_view("PK\x03\x04", 4))) {
    // Part names are stored uncompressed in the local headers and the central directory.
    if (b.find("[Content_Types].xml") != std::string_view::npos) {
      if (b.find("word/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      if (b.find("xl/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      if (b.find("ppt/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    }
    return "application/zip";
  }
  return std::nullopt;
}

std::string_view extension_of(std::string_view media_type) {
  if (media_type == "application/pdf") return "pdf";
  if (media_type == "image/jpeg") return "jpg";
  if (media_type == "image/png") return "png";
  if (media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") return "docx";
  if (media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") return "xlsx";
  if (media_type == "application/vnd.openxmlformats-officedocument.presentationml.presentation") return "pptx";
  if (media_type == "application/zip") return "zip";
  return "bin";
}

std::string FileStore::path_of(std::string_view sha) const {
  return (fs::path(root_) / std::string(sha.substr(0, 2)) / std::string(sha)).string();
}

Result<StoredFile> FileStore::put(std::string_view bytes) {
  if (bytes.empty()) return invalid("文件为空", "file");
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes_)
    return invalid(fmt::format("文件大小 {} 字节超过上限 {} 字节", bytes.size(), max_bytes_), "file");
  auto type = sniff_media_type(bytes);
  if (!type) return Error{ErrorKind::Unsupported, "文件类型不被接受（仅限 PDF、JPEG、PNG、Office 文档）", "file"};
  StoredFile f{workflow::sha256_hex(bytes), *type, static_cast<std::int64_t>(bytes.size())};
  const fs::path target = path_of(f.sha256);
  std::error_code ec;
  if (fs::exists(target, ec)) return f;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return Error{ErrorKind::Internal, fmt::format("无法创建目录 {}：{}", target.parent_path().string(), ec.message()), "file"};
  const fs::path tmp = fmt::format("{}.{}.tmp", target.string(), g_tmp_counter.fetch_add(1));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      fs::remove(tmp, ec);
      return Error{ErrorKind::Internal, "写入文件失败: " + tmp.string(), "file"};
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    const std::string why = ec.message();
    std::error_code ignored;
    fs::remove(tmp, ignored);
    // A concurrent writer of the same content may have won: its file is this one.
    if (!fs::exists(target, ignored)) return Error{ErrorKind::Internal, "保存文件失败：" + why, "file"};
  }
  return f;
}

Result<StoredFile> FileStore::put_file(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return not_found("无法读取文件: " + path, "file");
  if (static_cast<std::int64_t>(size) > max_bytes_)
    return invalid(fmt::format("{}：文件大小 {} 字节超过上限 {} 字节", path, size, max_bytes_), "file");
  auto bytes = read_bytes(path);
  if (!bytes) return bytes.error();
  auto r = put(*bytes);
  if (!r) return Error{r.error().kind, path + "：" + r.error().message, r.error().field};
  return r;
}

Result<std::string> FileStore::get(std::string_view sha) const {
  if (!is_sha256_name(sha)) return invalid("文件编号应为 64 位十六进制 SHA-256", "file");
  auto bytes = read_bytes(path_of(sha));
  if (!bytes) return not_found(fmt::format("档案文件 {} 不存在", sha), "file");
  if (workflow::sha256_hex(*bytes) != sha) return Error{ErrorKind::Internal, fmt::format("档案文件 {} 内容已被改动", sha), "file"};
  return bytes;
}

Status FileStore::remove(std::string_view sha) {
  if (!is_sha256_name(sha)) return invalid("文件编号应为 64 位十六进制 SHA-256", "file");
  std::error_code ec;
  fs::remove(path_of(sha), ec);
  if (ec) return Error{ErrorKind::Internal, fmt::format("无法删除档案文件 {}：{}", sha, ec.message()), "file"};
  return Ok{};
}

bool FileStore::contains(std::string_view sha) const {
  std::error_code ec;
  return is_sha256_name(sha) && fs::exists(path_of(sha), ec);
}

}  // namespace fangpin::store
