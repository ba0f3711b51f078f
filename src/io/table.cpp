// open_table / create_table dispatch and shared helpers.
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include "io/io_internal.h"
#include "io/table.h"

namespace fangpin::io {

namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

}  // namespace

Result<std::unique_ptr<TableReader>> open_table(const std::string& path) {
  return open_table(path, TableLimits{});
}

Result<std::unique_ptr<TableReader>> open_table(const std::string& path, const TableLimits& limits) {
  std::error_code ec;
  auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) return not_found("文件不存在: " + path);
  if (std::filesystem::is_directory(st)) return failed_precondition("不是文件而是目录: " + path);
  std::string ext = lower_extension(path);
  if (path.starts_with(detail::kUnnamedFilePrefix)) {
    // An unlinked upload (/proc/self/fd/N) has no name to go by: a zip is an xlsx.
    ext = ".csv";
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
      char magic[4] = {};
      if (std::fread(magic, 1, 4, f) == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0) ext = ".xlsx";
      std::fclose(f);
    }
  }
  if (ext == ".csv") return detail::open_csv(path, limits);
  if (ext == ".xlsx") return detail::open_xlsx(path, limits);
  if (ext == ".xls") {
    return Error{ErrorKind::Unsupported,
                 "不支持旧版 Excel .xls 格式, 请在 Excel 中另存为 .xlsx 或 .csv: " + path, {}};
  }
  return Error{ErrorKind::Unsupported,
               "不支持的文件类型 \"" + ext + "\" (仅支持 .csv 和 .xlsx): " + path, {}};
}

Result<std::unique_ptr<TableWriter>> create_table(const std::string& path,
                                                  CsvEncoding csv_encoding,
                                                  const std::string& sheet_name) {
  const std::string ext = lower_extension(path);
  if (ext == ".csv") return detail::create_csv(path, csv_encoding);
  if (ext == ".xlsx") return detail::create_xlsx(path, sheet_name);
  return Error{ErrorKind::Unsupported,
               "不支持的输出文件类型 \"" + ext + "\" (仅支持 .csv 和 .xlsx): " + path, {}};
}

std::string excel_serial_to_iso_date(double serial) {
  if (!std::isfinite(serial)) return {};
  double day = std::floor(serial);
  if (day < 1 || day > 2958465 || day == 60) return {};
  // Serials after the fictitious 1900-02-29 count from 1899-12-30, before it from 1899-12-31.
  using namespace std::chrono;
  const sys_days epoch = day > 60 ? sys_days{year{1899} / December / 30}
                                  : sys_days{year{1899} / December / 31};
  const year_month_day ymd{epoch + days{static_cast<int>(day)}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

namespace detail {

std::string errno_text() { return std::strerror(errno); }

Error limit_error(std::string_view what, std::size_t limit, std::string_view where) {
  std::string m = "文件超出限制: " + std::string(what) + "超过上限 " + std::to_string(limit);
  if (!where.empty()) m += " (" + std::string(where) + ")";
  m += ", 请拆分文件或检查文件是否损坏";
  return invalid(std::move(m), "file");
}

Result<std::string> read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    if (errno == ENOENT) return not_found("文件不存在: " + path);
    return failed_precondition("无法打开文件 " + path + ": " + errno_text());
  }
  std::string data;
  if (std::fseek(f, 0, SEEK_END) == 0) {
    long size = std::ftell(f);
    if (size > 0) data.reserve(static_cast<std::size_t>(size));
    std::fseek(f, 0, SEEK_SET);
  }
  char buf[1 << 16];
  while (true) {
    std::size_t n = std::fread(buf, 1, sizeof buf, f);
    data.append(buf, n);
    if (n < sizeof buf) break;
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return internal_error("读取文件失败: " + path);
  return data;
}

std::string trim_header_cell(std::string_view s) {
  auto strip_front = [&]() {
    while (!s.empty()) {
      unsigned char c = static_cast<unsigned char>(s.front());
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
        s.remove_prefix(1);
      } else if (s.starts_with("\xEF\xBB\xBF") || s.starts_with("\xE3\x80\x80")) {
        s.remove_prefix(3);  // BOM, ideographic space
      } else if (s.starts_with("\xC2\xA0")) {
        s.remove_prefix(2);  // NBSP
      } else {
        break;
      }
    }
  };
  auto strip_back = [&]() {
    while (!s.empty()) {
      unsigned char c = static_cast<unsigned char>(s.back());
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
        s.remove_suffix(1);
      } else if (s.ends_with("\xEF\xBB\xBF") || s.ends_with("\xE3\x80\x80")) {
        s.remove_suffix(3);
      } else if (s.ends_with("\xC2\xA0")) {
        s.remove_suffix(2);
      } else {
        break;
      }
    }
  };
  strip_front();
  strip_back();
  return std::string(s);
}

AtomicFile::~AtomicFile() { discard(); }

Status AtomicFile::open(const std::string& final_path) {
  final_ = final_path;
  tmp_ = final_path + ".tmp";
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_) return failed_precondition("无法创建文件 " + tmp_ + ": " + errno_text());
  static_cast<void>(std::setvbuf(f_, nullptr, _IOFBF, 1 << 16));
  return Ok{};
}

Status AtomicFile::close_only() {
  if (!f_) return Ok{};
  bool failed = std::fflush(f_) != 0 || std::ferror(f_) != 0;
  std::string why = failed ? errno_text() : std::string();
  if (std::fclose(f_) != 0 && !failed) {
    failed = true;
    why = errno_text();
  }
  f_ = nullptr;
  if (failed) {
    discard();
    return internal_error("写入文件失败 " + tmp_ + ": " + why);
  }
  return Ok{};
}

Status AtomicFile::commit_closed() {
  if (done_) return internal_error("文件已经关闭: " + final_);
  std::error_code ec;
  std::filesystem::rename(tmp_, final_, ec);
  if (ec) {
    discard();
    return internal_error("无法写入 " + final_ + ": " + ec.message());
  }
  done_ = true;
  return Ok{};
}

void AtomicFile::discard() {
  if (f_) {
    std::fclose(f_);
    f_ = nullptr;
  }
  if (!done_ && !tmp_.empty()) {
    std::remove(tmp_.c_str());
    done_ = true;
  }
}

}  // namespace detail
}  // namespace fangpin::io
