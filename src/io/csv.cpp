// CSV reader (RFC 4180, lazy, encoding-detecting) and writer (atomic, UTF-8/BOM/GB18030).
//
// Reader rules:
//  - The whole file is read and decoded to UTF-8 up front (UTF-8 BOM stripped; non-UTF-8
//    decoded as GB18030); records are then parsed lazily by next() into the caller's row,
//    reusing its strings.
//  - Quoted fields may contain commas, doubled quotes and line breaks. Text after a closing
//    quote up to the next delimiter is kept literally (lenient, like Excel); a quote inside an
//    unquoted field is literal. A quote never closed is an Error naming its row.
//  - Records end at LF, CRLF or a lone CR. row_number counts records as a spreadsheet shows
//    them: the header is row 1 if it is the first line, a multi-line quoted record is one
//    row, and blank lines count as rows but are skipped (as are records whose cells are all
//    empty or whitespace, e.g. ",,," or " , "). The final line break is not an extra row.
#include <array>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "io/io_internal.h"
#include "io/table.h"

namespace fangpin::io {

namespace {

constexpr auto kDelim = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  return t;
}();

inline bool is_delim(char c) { return kDelim[static_cast<unsigned char>(c)]; }

bool all_blank(const std::vector<std::string>& cells) {
  for (const auto& c : cells) {
    if (!detail::is_blank(c)) return false;
  }
  return true;
}

class CsvReader final : public TableReader {
 public:
  CsvReader(std::string data, std::string encoding, const TableLimits& limits)
      : data_(std::move(data)), encoding_(std::move(encoding)), limits_(limits) {}

  // Reads the header (first non-empty record). Error on an empty file.
  Status init(const std::string& path) {
    TableRow row;
    auto r = next(row);
    if (!r) return r.error();
    if (!*r) return Error{ErrorKind::Unsupported, "文件为空, 没有表头行: " + path, {}};
    header_.reserve(row.cells.size());
    for (const auto& c : row.cells) header_.push_back(detail::trim_header_cell(c));
    return Ok{};
  }

  const std::vector<std::string>& header() const override { return header_; }
  std::string source_encoding() const override { return encoding_; }

  Result<bool> next(TableRow& row) override {
    while (true) {
      const std::size_t row_number = next_row_;
      auto r = parse_record(row.cells);
      if (!r) return r.error();
      if (!*r) return false;
      ++next_row_;
      if (all_blank(row.cells)) continue;
      row.row_number = row_number;
      return true;
    }
  }

 private:
  // Parses one record into `cells` (resized to its field count). false at end of input.
  Result<bool> parse_record(std::vector<std::string>& cells) {
    const char* const begin = data_.data();
    const char* const end = begin + data_.size();
    const char* p = begin + pos_;
    if (p >= end) return false;
    std::size_t n = 0;
    while (true) {
      if (n == cells.size()) cells.emplace_back();
      std::string& cell = cells[n++];
      if (p < end && *p == '"') {
        cell.clear();
        ++p;
        while (true) {
          const auto* q = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
          if (!q) {
            pos_ = data_.size();  // stop; further next() calls return false
            return Error{ErrorKind::Unsupported, "CSV 第 " + std::to_string(next_row_) +
                           " 行: 引号未闭合 (带引号的字段直到文件末尾都没有结束引号)", {}};
          }
          cell.append(p, q);
          p = q + 1;
          if (p < end && *p == '"') {
            cell.push_back('"');
            ++p;
            continue;
          }
          break;
        }
        const char* s = p;
        while (p < end && !is_delim(*p)) ++p;
        if (p != s) cell.append(s, p);
      } else {
        const char* s = p;
        while (p < end && !is_delim(*p)) ++p;
        cell.assign(s, p);
      }
      if (p >= end) break;
      const char c = *p++;
      if (c == ',') continue;
      if (c == '\r' && p < end && *p == '\n') ++p;
      break;
    }
    cells.resize(n);
    pos_ = static_cast<std::size_t>(p - begin);
    if (n > limits_.max_columns) {
      pos_ = data_.size();
      return detail::limit_error("CSV 第 " + std::to_string(next_row_) + " 行的列数", limits_.max_columns, "");
    }
    for (const auto& c : cells) {
      if (c.size() > limits_.max_cell_bytes) {
        pos_ = data_.size();
        return detail::limit_error("CSV 第 " + std::to_string(next_row_) + " 行单元格的长度",
                                   limits_.max_cell_bytes, "字节");
      }
    }
    return true;
  }

  std::string data_;
  std::string encoding_;
  std::size_t pos_ = 0;
  std::size_t next_row_ = 1;
  std::vector<std::string> header_;
  TableLimits limits_;
};

class CsvWriter final : public TableWriter {
 public:
  explicit CsvWriter(CsvEncoding enc) : enc_(enc) {}

  Status open(const std::string& path) {
    path_ = path;
    auto s = file_.open(path);
    if (!s) return s;
    if (enc_ == CsvEncoding::Utf8Bom) buf_ = "\xEF\xBB\xBF";
    return Ok{};
  }

  Status write_row(std::span<const std::string> cells) override {
    if (closed_) return internal_error("CSV 文件已关闭, 不能再写入: " + path_);
    ++rows_;
    const std::size_t start = buf_.size();
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (!is_valid_utf8(cells[i])) {
        buf_.resize(start);
        return internal_error("第 " + std::to_string(rows_) + " 行第 " + std::to_string(i + 1) +
                       " 列不是有效的 UTF-8 文本");
      }
    }
    append_csv_record(buf_, cells);
    buf_ += "\r\n";
    if (buf_.size() >= (1u << 20)) return flush();
    return Ok{};
  }

  Status close() override {
    if (closed_) return internal_error("CSV 文件已经关闭: " + path_);
    closed_ = true;
    auto s = flush();
    if (!s) {
      file_.discard();
      return s;
    }
    return file_.commit();
  }

 private:
  Status flush() {
    if (buf_.empty()) return Ok{};
    std::string converted;
    const std::string* out = &buf_;
    if (enc_ == CsvEncoding::Gb18030) {
      auto r = detail::utf8_to_gb18030(buf_);
      if (!r) return r.error();
      converted = std::move(*r);
      out = &converted;
    }
    if (std::fwrite(out->data(), 1, out->size(), file_.file()) != out->size()) {
      return internal_error("写入文件失败 " + path_ + ": " + detail::errno_text());
    }
    buf_.clear();
    return Ok{};
  }

  CsvEncoding enc_;
  std::string path_;
  detail::AtomicFile file_;
  std::string buf_;
  std::size_t rows_ = 0;
  bool closed_ = false;
};

}  // namespace

bool looks_like_formula(std::string_view c) {
  if (c.empty()) return false;
  const char first = c.front();
  if (first == '=' || first == '@') return true;
  // A leading tab or CR hides a formula behind it; a cell of whitespace only holds nothing to run.
  if (first == '\t' || first == '\r') return c.find_first_not_of(" \t\r\n") != std::string_view::npos;
  if (first != '+' && first != '-') return false;
  // A plain decimal number is its own value, not a formula.
  std::size_t i = 1, digits = 0;
  bool dot = false;
  for (; i < c.size(); ++i) {
    if (c[i] >= '0' && c[i] <= '9') {
      ++digits;
    } else if (c[i] == '.' && !dot) {
      dot = true;
    } else {
      return true;
    }
  }
  return digits == 0;
}

std::string formula_safe(std::string_view c) {
  if (!looks_like_formula(c)) return std::string(c);
  std::string out;
  out.reserve(c.size() + 1);
  out.push_back('\'');
  out.append(c);
  return out;
}

void append_csv_record(std::string& out, std::span<const std::string> cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out.push_back(',');
    std::string_view c = cells[i];
    const bool prefix = looks_like_formula(c);
    if (c.find_first_of(",\"\r\n") == std::string_view::npos) {
      if (prefix) out.push_back('\'');
      out.append(c);
      continue;
    }
    out.push_back('"');
    if (prefix) out.push_back('\'');
    for (char ch : c) {
      if (ch == '"') out.push_back('"');
      out.push_back(ch);
    }
    out.push_back('"');
  }
}

namespace detail {

Result<std::unique_ptr<TableReader>> open_csv(const std::string& path, const TableLimits& limits) {
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  std::string encoding;
  auto text = decode_owned_to_utf8(std::move(*bytes), &encoding);
  if (!text) return Error{text.error().kind, text.error().message + ": " + path, {}};
  auto reader = std::make_unique<CsvReader>(std::move(*text), std::move(encoding), limits);
  auto s = reader->init(path);
  if (!s) return s.error();
  return std::unique_ptr<TableReader>(std::move(reader));
}

Result<std::unique_ptr<TableWriter>> create_csv(const std::string& path, CsvEncoding enc) {
  auto w = std::make_unique<CsvWriter>(enc);
  auto s = w->open(path);
  if (!s) return s.error();
  return std::unique_ptr<TableWriter>(std::move(w));
}

}  // namespace detail
}  // namespace fangpin::io
