// Encoding detection and conversion (UTF-8 / UTF-8 BOM / GB18030) via glibc iconv.
#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "io/io_internal.h"
#include "io/table.h"

namespace fangpin::io {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool starts_with_bom(std::string_view s) { return s.substr(0, 3) == kBom; }

class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

// Converts all of `in`; on failure returns the byte offset of the bad input in *bad_at.
bool convert(const char* to, const char* from, std::string_view in, std::string& out,
             std::size_t* bad_at, bool* no_converter) {
  Iconv cd(to, from);
  if (!cd.ok()) {
    *no_converter = true;
    return false;
  }
  out.clear();
  // GB18030 -> UTF-8 grows by at most 3/2; UTF-8 -> GB18030 shrinks or stays (4 -> 4).
  out.resize(in.size() + in.size() / 2 + 16);
  char* inp = const_cast<char*>(in.data());
  std::size_t inleft = in.size();
  std::size_t written = 0;
  while (true) {
    char* outp = out.data() + written;
    std::size_t outleft = out.size() - written;
    std::size_t r = iconv(cd.get(), inleft ? &inp : nullptr, &inleft, &outp, &outleft);
    written = out.size() - outleft;
    if (r != static_cast<std::size_t>(-1)) {
      if (inleft == 0) break;
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2 + 16);
      continue;
    }
    *bad_at = in.size() - inleft;  // EILSEQ or EINVAL (truncated sequence at the end)
    return false;
  }
  out.resize(written);
  return true;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = p + bytes.size();
  while (p < end) {
    // ASCII fast path, 8 bytes at a time.
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (w & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p >= end) break;
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t n;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= n) return false;
    for (std::size_t i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    p += n + 1;
  }
  return true;
}

Result<std::string> decode_to_utf8(std::string_view bytes, std::string* encoding) {
  return detail::decode_owned_to_utf8(std::string(bytes), encoding);
}

namespace detail {

Result<std::string> decode_owned_to_utf8(std::string bytes, std::string* encoding) {
  if (starts_with_bom(bytes)) {
    bytes.erase(0, kBom.size());
    if (!is_valid_utf8(bytes)) {
      return Error{ErrorKind::Unsupported, "文件以 UTF-8 BOM 开头, 但内容不是有效的 UTF-8 编码", {}};
    }
    if (encoding) *encoding = "UTF-8 BOM";
    return bytes;
  }
  if (is_valid_utf8(bytes)) {
    if (encoding) *encoding = "UTF-8";
    return bytes;
  }
  std::string out;
  std::size_t bad_at = 0;
  bool no_converter = false;
  if (!convert("UTF-8", "GB18030", bytes, out, &bad_at, &no_converter)) {
    if (no_converter) {
      return Error{ErrorKind::Internal, "系统不支持 GB18030 编码转换 (iconv)", {}};
    }
    return Error{ErrorKind::Unsupported, "无法识别文件编码: 既不是 UTF-8 也不是 GB18030 (第 " +
                   std::to_string(bad_at) + " 字节附近)", {}};
  }
  if (encoding) *encoding = "GB18030";
  return out;
}

Result<std::string> utf8_to_gb18030(std::string_view utf8) {
  std::string out;
  std::size_t bad_at = 0;
  bool no_converter = false;
  if (!convert("GB18030", "UTF-8", utf8, out, &bad_at, &no_converter)) {
    if (no_converter) {
      return Error{ErrorKind::Internal, "系统不支持 GB18030 编码转换 (iconv)", {}};
    }
    return internal_error("文本不是有效的 UTF-8, 无法转换为 GB18030 (第 " + std::to_string(bad_at) +
                   " 字节附近)");
  }
  return out;
}

}  // namespace detail
}  // namespace fangpin::io
