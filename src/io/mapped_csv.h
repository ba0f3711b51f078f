// Plain CSV at speed, for department feeds of millions of rows (部门筛查): the file is
// memory-mapped and cut into chunks of whole lines that workers parse in parallel, cells
// being views into the mapping (no copy, no allocation per cell).
//
// Only files the simple rules cover take this path: UTF-8 (BOM allowed), no double quote
// anywhere, no lone CR. `open` answers nullopt when the header already shows otherwise,
// and `for_each_row` answers false for a chunk that breaks a rule; the caller then reads
// the file with open_table (table.h), which handles every CSV. Both give the same rows,
// cells and row numbers (header = row 1 when it is the first line; blank lines counted
// and skipped; a trailing CR dropped).
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace fangpin::io {

class MappedCsv {
 public:
  struct Chunk {
    std::string_view text;      // whole lines
    std::size_t first_row = 0;  // row number of its first line
  };

  // nullopt: not a candidate (not .csv, empty, not UTF-8 or quoted header) — use
  // open_table. Error: the file cannot be opened or mapped.
  static Result<std::optional<MappedCsv>> open(const std::string& path);

  MappedCsv(MappedCsv&& o) noexcept;
  MappedCsv& operator=(MappedCsv&& o) noexcept;
  MappedCsv(const MappedCsv&) = delete;
  MappedCsv& operator=(const MappedCsv&) = delete;
  ~MappedCsv();

  const std::vector<std::string>& header() const { return header_; }  // trimmed like open_table's
  const std::string& encoding() const { return encoding_; }           // "UTF-8" or "UTF-8 BOM"
  std::size_t size() const { return size_; }                          // bytes of the file

  // The next chunk of about `bytes` (more if a line is longer); empty text at the end.
  // Not thread-safe: call from one thread (it counts the chunk's lines).
  Chunk next_chunk(std::size_t bytes);

  // Calls row(row_number, cells) for each non-blank line of `chunk`. Returns false, having
  // stopped, when the chunk holds a double quote, a lone CR or invalid UTF-8.
  template <class F>
  static bool for_each_row(const Chunk& chunk, F&& row) {
    if (!chunk_is_plain(chunk.text)) return false;
    std::vector<std::string_view> cells;
    cells.reserve(16);
    std::size_t n = chunk.first_row;
    std::string_view rest = chunk.text;
    while (!rest.empty()) {
      const std::size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      split_line(line, cells);
      if (!all_blank(cells)) row(n, std::span<const std::string_view>(cells));
      ++n;
    }
    return true;
  }

 private:
  MappedCsv() = default;
  static bool chunk_is_plain(std::string_view text);
  static void split_line(std::string_view line, std::vector<std::string_view>& cells);
  static bool all_blank(const std::vector<std::string_view>& cells);

  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;       // next chunk starts here
  std::size_t next_row_ = 0;  // row number at pos_
  std::vector<std::string> header_;
  std::string encoding_;
};

}  // namespace fangpin::io
