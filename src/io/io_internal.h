// Internals shared by the spreadsheet I/O sources (csv.cpp, xlsx_*.cpp, encoding.cpp,
// table.cpp). Not part of the public interface.
#pragma once
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "io/table.h"

namespace fangpin::io::detail {

// In-place variant of decode_to_utf8: takes ownership of the bytes, avoids copying the
// (possibly 100 MB) buffer when it is already UTF-8. `encoding` receives "UTF-8",
// "UTF-8 BOM" or "GB18030".
Result<std::string> decode_owned_to_utf8(std::string bytes, std::string* encoding);

// UTF-8 -> GB18030 (iconv). Fails on invalid UTF-8.
Result<std::string> utf8_to_gb18030(std::string_view utf8);

// Readers / writers constructed by open_table / create_table.
Result<std::unique_ptr<TableReader>> open_csv(const std::string& path, const TableLimits& limits);
Result<std::unique_ptr<TableReader>> open_xlsx(const std::string& path, const TableLimits& limits);

// Paths of unlinked files (uploads staged without a name): read by content, not extension.
inline constexpr std::string_view kUnnamedFilePrefix = "/proc/self/fd/";

// "超出限制" error naming the limit and its value.
Error limit_error(std::string_view what, std::size_t limit, std::string_view where);
Result<std::unique_ptr<TableWriter>> create_csv(const std::string& path, CsvEncoding enc);
Result<std::unique_ptr<TableWriter>> create_xlsx(const std::string& path,
                                                 const std::string& sheet_name);

// Whole file into memory. Errors name the path.
Result<std::string> read_file(const std::string& path);

// Removes leading/trailing ASCII whitespace, full-width spaces (U+3000), NBSP and any
// UTF-8 BOM (U+FEFF) — used for header cells.
std::string trim_header_cell(std::string_view s);

// A FILE* owner that writes to `final_path + ".tmp"` and, on commit(), flushes, closes and
// renames onto final_path. Destroyed without commit() removes the temporary file.
class AtomicFile {
 public:
  AtomicFile() = default;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  Status open(const std::string& final_path);
  std::FILE* file() const { return f_; }
  const std::string& tmp_path() const { return tmp_; }
  // Closes the FILE*, leaving the temporary on disk (for a later rename via commit_closed).
  Status close_only();
  // Renames the (closed) temporary file onto the final path.
  Status commit_closed();
  Status commit() {
    auto s = close_only();
    if (!s) return s;
    return commit_closed();
  }
  void discard();

 private:
  std::FILE* f_ = nullptr;
  std::string final_;
  std::string tmp_;
  bool done_ = false;
};

std::string errno_text();

// True when `s` is empty or only ASCII whitespace. Rows whose cells are all blank are
// skipped by both readers.
inline bool is_blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f') return false;
  }
  return true;
}

}  // namespace fangpin::io::detail
