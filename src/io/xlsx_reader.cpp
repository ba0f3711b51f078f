// .xlsx reader: libzip for the archive, expat for the XML. The first sheet is streamed in
// chunks (zip_fread -> XML_ParseBuffer); the parser is suspended after each completed,
// non-empty row, so at most one chunk plus one row is in memory. Shared strings and styles
// are loaded fully (they are needed for random access).
//
// Cell values: shared strings (t="s"), inline strings (t="inlineStr"), formula strings
// (t="str") and their rich-text runs are concatenated (phonetic <rPh> runs ignored, Excel's
// _xHHHH_ escapes decoded); booleans become "TRUE"/"FALSE"; error cells become empty;
// ISO date cells (t="d") keep their date part; numbers keep their written text, except that
// a trailing ".0" style fraction is dropped ("4.0" -> "4") and binary float noise beyond 15
// significant digits is rounded ("0.30000000000000004" -> "0.3"); exponent forms are left
// as written. A number in a cell whose style is a date format becomes "YYYY-MM-DD".
// Limits (TableLimits): decompressed bytes and ratio per part, rows, columns, cells, cell and
// shared-string sizes are counted as the bytes arrive, so a file that declares or expands to
// a huge size is refused before memory follows it; nothing is reserved from a declared size.
//
// Missing cells are empty strings; trailing empty cells are not materialised; rows whose
// cells are all blank (empty or ASCII whitespace) are skipped. Row numbers are the sheet's
// own (r="..."), so skipped rows leave gaps.
#include <expat.h>
#include <zip.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/io_internal.h"
#include "io/table.h"

namespace fangpin::io {

namespace {

constexpr std::size_t kChunk = 1 << 16;
constexpr std::size_t kMaxColumns = 16384;  // XFD: a reference beyond it is malformed

std::string_view local_name(const XML_Char* name) {
  std::string_view s(name);
  auto colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const char* find_attr(const XML_Char** atts, std::string_view local) {
  for (std::size_t i = 0; atts[i]; i += 2) {
    if (local_name(atts[i]) == local) return atts[i + 1];
  }
  return nullptr;
}

// Decodes Excel's _xHHHH_ escapes (used for control characters; "_x005F_" is a literal '_').
void decode_ooxml_escapes(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int h0 = hex(s[i + 2]), h1 = hex(s[i + 3]), h2 = hex(s[i + 4]), h3 = hex(s[i + 5]);
      if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
        unsigned cp = static_cast<unsigned>((h0 << 12) | (h1 << 8) | (h2 << 4) | h3);
        if (cp < 0x80) {
          out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0xD800 || cp > 0xDFFF) {
          out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
          out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }  // lone surrogates dropped
        i += 7;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  s.swap(out);
}

// "4.0" -> "4", "1234.50" -> "1234.5", "0.30000000000000004" -> "0.3"; anything that is
// not a plain decimal (exponent, text) is returned unchanged.
void normalize_number(std::string& s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  std::size_t dot = std::string::npos;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      (dot == std::string::npos ? int_digits : frac_digits)++;
    } else if (c == '.' && dot == std::string::npos) {
      dot = i;
    } else {
      return;
    }
  }
  if (dot == std::string::npos || int_digits + frac_digits == 0) return;
  // Significant digits: skip leading zeros.
  std::size_t sig = 0;
  bool seen_nonzero = false;
  for (char c : s) {
    if (c >= '1' && c <= '9') seen_nonzero = true;
    if (seen_nonzero && c >= '0' && c <= '9') ++sig;
  }
  if (sig > 15) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", std::strtod(s.c_str(), nullptr));
    if (!std::strpbrk(buf, "eE")) {
      s = buf;
      dot = s.find('.');
      if (dot == std::string::npos) return;
    }
  }
  std::size_t end = s.size();
  while (end > dot + 1 && s[end - 1] == '0') --end;
  if (end == dot + 1) end = dot;
  s.resize(end);
  if (s.empty() || s == "-" || s == "+") {
    s = "0";
  } else if (s == "-0" || s == "+0") {
    s = "0";
  }
}

// Builtin number formats that are dates (not pure times), including the zh-CN ones.
bool builtin_is_date(unsigned id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
         (id >= 50 && id <= 54) || id == 57 || id == 58;
}

// A custom format code is a date format when its first section mentions years or days
// outside quoted literals, escapes and [...] blocks ("General", "0.00E+00", "@" are not).
bool format_code_is_date(std::string_view code) {
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    switch (c) {
      case ';':
        return false;
      case '"': {
        auto q = code.find('"', i + 1);
        if (q == std::string_view::npos) return false;
        i = q;
        break;
      }
      case '[': {
        auto q = code.find(']', i + 1);
        if (q == std::string_view::npos) return false;
        i = q;
        break;
      }
      case '\\':
      case '_':
      case '*':
        ++i;
        break;
      case 'y':
      case 'Y':
      case 'd':
      case 'D':
        return true;
      default:
        break;
    }
  }
  return false;
}

struct ZipFile {
  zip_file_t* f = nullptr;
  ZipFile() = default;
  ZipFile(const ZipFile&) = delete;
  ZipFile& operator=(const ZipFile&) = delete;
  ~ZipFile() {
    if (f) zip_fclose(f);
  }
};

struct Parser {
  XML_Parser p = XML_ParserCreate(nullptr);
  Parser() = default;
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  ~Parser() {
    if (p) XML_ParserFree(p);
  }
};

// Entry index by name (exact, then case-insensitive); -1 if absent.
zip_int64_t locate(zip_t* z, const std::string& name) {
  zip_int64_t i = zip_name_locate(z, name.c_str(), 0);
  if (i < 0) i = zip_name_locate(z, name.c_str(), ZIP_FL_NOCASE);
  return i;
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// Resolves a relationship target against the directory of its source part.
std::string resolve_target(const std::string& base_dir, std::string_view target) {
  std::string full = !target.empty() && target.front() == '/' ? std::string(target.substr(1))
                                                               : base_dir + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= full.size()) {
    auto slash = full.find('/', start);
    if (slash == std::string::npos) slash = full.size();
    std::string seg = full.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.push_back('/');
    out += p;
  }
  return out;
}

// Callback base for fully parsed (small) parts.
class Sax {
 public:
  std::string error;  // set by a handler to refuse the part (a limit); parsing stops
  virtual ~Sax() = default;
  virtual void start(std::string_view /*name*/, const XML_Char** /*atts*/) {}
  virtual void end(std::string_view /*name*/) {}
  virtual void text(const XML_Char* /*s*/, int /*len*/) {}
};

void XMLCALL sax_start(void* ud, const XML_Char* name, const XML_Char** atts) {
  static_cast<Sax*>(ud)->start(local_name(name), atts);
}
void XMLCALL sax_end(void* ud, const XML_Char* name) {
  static_cast<Sax*>(ud)->end(local_name(name));
}
void XMLCALL sax_text(void* ud, const XML_Char* s, int len) { static_cast<Sax*>(ud)->text(s, len); }

std::string xml_error_text(XML_Parser p) {
  return std::string(XML_ErrorString(XML_GetErrorCode(p))) + " (XML 第 " +
         std::to_string(XML_GetCurrentLineNumber(p)) + " 行第 " +
         std::to_string(XML_GetCurrentColumnNumber(p)) + " 列)";
}

std::string zip_error_text(zip_t* z) {
  const char* s = zip_strerror(z);
  return s ? s : "unknown zip error";
}

// Counts the decompressed bytes of one part against the absolute and ratio limits.
class InflateBudget {
 public:
  InflateBudget(zip_t* z, zip_int64_t index, std::string name, std::size_t max_bytes, const TableLimits& limits)
      : name_(std::move(name)), max_bytes_(max_bytes), limits_(limits) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z, static_cast<zip_uint64_t>(index), 0, &st) == 0 && (st.valid & ZIP_STAT_COMP_SIZE)) {
      compressed_ = static_cast<std::size_t>(st.comp_size);
    }
  }
  // Error once the part has inflated past a limit.
  std::optional<Error> add(std::size_t n) {
    read_ += n;
    if (read_ > max_bytes_) return detail::limit_error("xlsx 中 " + name_ + " 解压后的大小", max_bytes_, "字节");
    if (read_ > limits_.ratio_floor_bytes && read_ / std::max<std::size_t>(compressed_, 1) > limits_.max_ratio) {
      return detail::limit_error("xlsx 中 " + name_ + " 的压缩比", limits_.max_ratio, "疑似压缩炸弹");
    }
    return std::nullopt;
  }

 private:
  std::string name_;
  std::size_t max_bytes_;
  const TableLimits& limits_;
  std::size_t compressed_ = 0;
  std::size_t read_ = 0;
};

// Parses one whole entry through `sax`, streaming it in chunks.
Status parse_part(zip_t* z, zip_int64_t index, const std::string& name, Sax& sax, std::size_t max_bytes,
                  const TableLimits& limits) {
  InflateBudget budget(z, index, name, max_bytes, limits);
  ZipFile zf;
  zf.f = zip_fopen_index(z, static_cast<zip_uint64_t>(index), 0);
  if (!zf.f) return Error{ErrorKind::Unsupported, "xlsx 文件损坏, 无法读取 " + name + ": " + zip_error_text(z), {}};
  Parser parser;
  if (!parser.p) return Error{ErrorKind::Internal, "内存不足 (XML parser)", {}};
  XML_SetUserData(parser.p, &sax);
  XML_SetElementHandler(parser.p, sax_start, sax_end);
  XML_SetCharacterDataHandler(parser.p, sax_text);
  while (true) {
    void* buf = XML_GetBuffer(parser.p, static_cast<int>(kChunk));
    if (!buf) return Error{ErrorKind::Internal, "内存不足 (XML buffer)", {}};
    zip_int64_t n = zip_fread(zf.f, buf, kChunk);
    if (n < 0) {
      return Error{ErrorKind::Unsupported, "xlsx 文件损坏, 读取 " + name + " 失败: " +
                     std::string(zip_file_strerror(zf.f)), {}};
    }
    if (auto e = budget.add(static_cast<std::size_t>(n))) return *e;
    const bool last = n == 0;
    const XML_Status st = XML_ParseBuffer(parser.p, static_cast<int>(n), last);
    if (!sax.error.empty()) return invalid(sax.error, "file");
    if (st == XML_STATUS_ERROR) {
      return Error{ErrorKind::Unsupported, "xlsx 文件中 " + name + " 的 XML 格式错误: " + xml_error_text(parser.p), {}};
    }
    if (last) return Ok{};
  }
}

struct Relationships : Sax {
  struct Rel {
    std::string id, type, target;
  };
  std::vector<Rel> rels;
  void start(std::string_view name, const XML_Char** atts) override {
    if (name != "Relationship") return;
    Rel r;
    if (const char* v = find_attr(atts, "Id")) r.id = v;
    if (const char* v = find_attr(atts, "Type")) r.type = v;
    if (const char* v = find_attr(atts, "Target")) r.target = v;
    rels.push_back(std::move(r));
  }
  const Rel* by_id(std::string_view id) const {
    for (const auto& r : rels) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }
  const Rel* by_type_suffix(std::string_view suffix) const {
    for (const auto& r : rels) {
      if (std::string_view(r.type).ends_with(suffix)) return &r;
    }
    return nullptr;
  }
};

struct WorkbookInfo : Sax {
  std::string first_sheet_rid;
  std::string first_sheet_name;
  bool seen_sheet = false;
  bool date1904 = false;
  void start(std::string_view name, const XML_Char** atts) override {
    if (name == "sheet" && !seen_sheet) {
      seen_sheet = true;
      // r:id — match a prefixed "id" attribute (the unprefixed one would be invalid anyway).
      for (std::size_t i = 0; atts[i]; i += 2) {
        std::string_view an(atts[i]);
        if (an.find(':') != std::string_view::npos && local_name(atts[i]) == "id") {
          first_sheet_rid = atts[i + 1];
        }
      }
      if (const char* v = find_attr(atts, "name")) first_sheet_name = v;
    } else if (name == "workbookPr") {
      if (const char* v = find_attr(atts, "date1904")) {
        date1904 = std::string_view(v) == "1" || std::string_view(v) == "true";
      }
    }
  }
};

struct SharedStrings : Sax {
  explicit SharedStrings(const TableLimits& l) : limits(l) {}
  const TableLimits& limits;
  std::size_t total_bytes = 0;
  std::vector<std::string> strings;
  std::string cur;
  bool in_si = false;
  bool in_t = false;
  int rph_depth = 0;
  void start(std::string_view name, const XML_Char** /*atts*/) override {
    if (name == "si") {
      in_si = true;
      cur.clear();
    } else if (name == "t") {
      in_t = in_si && rph_depth == 0;
    } else if (name == "rPh") {
      ++rph_depth;
    }
  }
  void end(std::string_view name) override {
    if (name == "t") {
      in_t = false;
    } else if (name == "rPh") {
      --rph_depth;
    } else if (name == "si") {
      in_si = false;
      if (!error.empty()) return;
      if (strings.size() >= limits.max_shared_strings) {
        error = detail::limit_error("xlsx 共享字符串个数", limits.max_shared_strings, "sharedStrings.xml").message;
        return;
      }
      decode_ooxml_escapes(cur);
      strings.push_back(std::move(cur));
      cur = std::string();
    }
  }
  void text(const XML_Char* s, int len) override {
    if (!in_t || !error.empty()) return;
    const auto n = static_cast<std::size_t>(len);
    total_bytes += n;
    if (cur.size() + n > limits.max_cell_bytes) {
      error = detail::limit_error("xlsx 共享字符串第 " + std::to_string(strings.size() + 1) + " 项的长度",
                                  limits.max_cell_bytes, "字节").message;
    } else if (total_bytes > limits.max_shared_bytes) {
      error = detail::limit_error("xlsx 共享字符串总长度", limits.max_shared_bytes, "字节").message;
    } else {
      cur.append(s, n);
    }
  }
};

struct Styles : Sax {
  std::map<unsigned, bool> custom_is_date;  // numFmtId -> is date
  std::vector<unsigned> xf_numfmt;          // cellXfs index -> numFmtId
  bool in_cell_xfs = false;
  void start(std::string_view name, const XML_Char** atts) override {
    if (name == "numFmt") {
      const char* id = find_attr(atts, "numFmtId");
      const char* code = find_attr(atts, "formatCode");
      if (id && code) {
        custom_is_date[static_cast<unsigned>(std::strtoul(id, nullptr, 10))] =
            format_code_is_date(code);
      }
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      const char* id = find_attr(atts, "numFmtId");
      xf_numfmt.push_back(id ? static_cast<unsigned>(std::strtoul(id, nullptr, 10)) : 0u);
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  std::vector<bool> date_styles() const {
    std::vector<bool> out(xf_numfmt.size(), false);
    for (std::size_t i = 0; i < xf_numfmt.size(); ++i) {
      unsigned id = xf_numfmt[i];
      auto it = custom_is_date.find(id);
      out[i] = it != custom_is_date.end() ? it->second : builtin_is_date(id);
    }
    return out;
  }
};

enum class CellType { Number, Shared, Inline, Str, Bool, Error, IsoDate };

class XlsxReader final : public TableReader {
 public:
  explicit XlsxReader(const TableLimits& limits) : limits_(limits) {}
  XlsxReader(const XlsxReader&) = delete;
  XlsxReader& operator=(const XlsxReader&) = delete;
  ~XlsxReader() override {
    if (sheet_file_) zip_fclose(sheet_file_);
    if (parser_) XML_ParserFree(parser_);
    if (zip_) zip_discard(zip_);
  }

  Status open(const std::string& path) {
    int err = 0;
    zip_ = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!zip_) {
      if (err == ZIP_ER_NOENT) return not_found("文件不存在: " + path);
      zip_error_t ze;
      zip_error_init_with_code(&ze, err);
      std::string why = zip_error_strerror(&ze);
      zip_error_fini(&ze);
      return Error{ErrorKind::Unsupported, "不是有效的 xlsx 文件 (无法作为 zip 打开: " + why + "): " + path, {}};
    }

    // Package relationships -> workbook part.
    std::string workbook = "xl/workbook.xml";
    if (auto idx = locate(zip_, "_rels/.rels"); idx >= 0) {
      Relationships rels;
      auto s = parse_part(zip_, idx, "_rels/.rels", rels, limits_.max_meta_bytes, limits_);
      if (!s) return s;
      if (const auto* r = rels.by_type_suffix("/officeDocument")) {
        workbook = resolve_target("", r->target);
      }
    }
    const zip_int64_t wb_idx = locate(zip_, workbook);
    if (wb_idx < 0) {
      return Error{ErrorKind::Unsupported, "不是有效的 xlsx 文件 (缺少 " + workbook + "): " + path, {}};
    }
    WorkbookInfo wb;
    if (auto s = parse_part(zip_, wb_idx, workbook, wb, limits_.max_meta_bytes, limits_); !s) return s;
    date1904_ = wb.date1904;

    // Workbook relationships -> first sheet, shared strings, styles.
    const std::string wb_dir = dir_of(workbook);
    const std::string wb_name = workbook.substr(wb_dir.size());
    std::string sheet = wb_dir + "worksheets/sheet1.xml";
    std::string shared = wb_dir + "sharedStrings.xml";
    std::string styles = wb_dir + "styles.xml";
    const std::string rels_name = wb_dir + "_rels/" + wb_name + ".rels";
    if (auto idx = locate(zip_, rels_name); idx >= 0) {
      Relationships rels;
      if (auto s = parse_part(zip_, idx, rels_name, rels, limits_.max_meta_bytes, limits_); !s) return s;
      if (const auto* r = rels.by_id(wb.first_sheet_rid); r && !wb.first_sheet_rid.empty()) {
        sheet = resolve_target(wb_dir, r->target);
      }
      if (const auto* r = rels.by_type_suffix("/sharedStrings")) {
        shared = resolve_target(wb_dir, r->target);
      }
      if (const auto* r = rels.by_type_suffix("/styles")) styles = resolve_target(wb_dir, r->target);
    }

    if (auto idx = locate(zip_, shared); idx >= 0) {
      SharedStrings sst(limits_);
      if (auto s = parse_part(zip_, idx, shared, sst, limits_.max_part_bytes, limits_); !s) return s;
      shared_ = std::move(sst.strings);
    }
    if (auto idx = locate(zip_, styles); idx >= 0) {
      Styles st;
      if (auto s = parse_part(zip_, idx, styles, st, limits_.max_meta_bytes, limits_); !s) return s;
      date_style_ = st.date_styles();
    }

    zip_int64_t sheet_idx = locate(zip_, sheet);
    if (sheet_idx < 0) sheet_idx = locate(zip_, "xl/worksheets/sheet1.xml");
    if (sheet_idx < 0) {
      return Error{ErrorKind::Unsupported, "不是有效的 xlsx 文件 (找不到第一个工作表 " + sheet + "): " + path, {}};
    }
    sheet_budget_.emplace(zip_, sheet_idx, sheet, limits_.max_part_bytes, limits_);
    sheet_file_ = zip_fopen_index(zip_, static_cast<zip_uint64_t>(sheet_idx), 0);
    if (!sheet_file_) {
      return Error{ErrorKind::Unsupported, "xlsx 文件损坏, 无法读取工作表 " + sheet + ": " + zip_error_text(zip_), {}};
    }
    parser_ = XML_ParserCreate(nullptr);
    if (!parser_) return Error{ErrorKind::Internal, "内存不足 (XML parser)", {}};
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, on_start, on_end);
    XML_SetCharacterDataHandler(parser_, on_text);

    // Header: the first non-empty row.
    TableRow row;
    auto r = next(row);
    if (!r) return r.error();
    if (!*r) return Error{ErrorKind::Unsupported, "文件为空, 第一个工作表没有表头行: " + path, {}};
    header_.reserve(row.cells.size());
    for (const auto& c : row.cells) header_.push_back(detail::trim_header_cell(c));
    return Ok{};
  }

  const std::vector<std::string>& header() const override { return header_; }
  std::string source_encoding() const override { return "xlsx"; }

  Result<bool> next(TableRow& row) override {
    if (done_) return false;
    ready_ = false;
    while (!ready_) {
      XML_Status st;
      if (suspended_) {
        suspended_ = false;
        st = XML_ResumeParser(parser_);
      } else if (final_fed_) {
        done_ = true;
        return false;
      } else {
        void* buf = XML_GetBuffer(parser_, static_cast<int>(kChunk));
        if (!buf) return fail(Error{ErrorKind::Internal, "内存不足 (XML buffer)", {}});
        zip_int64_t n = zip_fread(sheet_file_, buf, kChunk);
        if (n < 0) {
          return fail(Error{ErrorKind::Unsupported, "xlsx 文件损坏, 读取工作表第 " + std::to_string(row_num_) +
                              " 行附近失败: " + std::string(zip_file_strerror(sheet_file_)), {}});
        }
        if (auto e = sheet_budget_->add(static_cast<std::size_t>(n))) return fail(std::move(*e));
        final_fed_ = n == 0;
        st = XML_ParseBuffer(parser_, static_cast<int>(n), final_fed_);
      }
      if (!limit_error_.empty()) return fail(invalid(limit_error_, "file"));
      if (st == XML_STATUS_ERROR) {
        if (!handler_error_.empty()) return fail(Error{ErrorKind::Unsupported, handler_error_, {}});
        return fail(Error{ErrorKind::Unsupported, "xlsx 工作表 XML 格式错误, 在第 " + std::to_string(row_num_) +
                            " 行附近: " + xml_error_text(parser_), {}});
      }
      if (st == XML_STATUS_SUSPENDED) suspended_ = true;
    }
    cells_.resize(used_);
    row.cells.swap(cells_);
    used_ = cells_.size();  // caller's old strings: cleared at the next row start
    row.row_number = row_num_;
    return true;
  }

 private:
  Result<bool> fail(Error e) {
    done_ = true;
    return e;
  }

  void abort_with(std::string message) {
    if (handler_error_.empty()) handler_error_ = std::move(message);
    XML_StopParser(parser_, XML_FALSE);
  }
  void abort_limit(Error e) {
    if (limit_error_.empty()) limit_error_ = std::move(e.message);
    XML_StopParser(parser_, XML_FALSE);
  }

  static void XMLCALL on_start(void* ud, const XML_Char* name, const XML_Char** atts) {
    static_cast<XlsxReader*>(ud)->start(local_name(name), atts);
  }
  static void XMLCALL on_end(void* ud, const XML_Char* name) {
    static_cast<XlsxReader*>(ud)->end(local_name(name));
  }
  static void XMLCALL on_text(void* ud, const XML_Char* s, int len) {
    auto* self = static_cast<XlsxReader*>(ud);
    if (!self->capture_) return;
    if (self->value_.size() + static_cast<std::size_t>(len) > self->limits_.max_cell_bytes) {
      self->capture_ = false;
      return self->abort_limit(detail::limit_error("xlsx 工作表第 " + std::to_string(self->row_num_) +
                                                       " 行单元格的长度", self->limits_.max_cell_bytes, "字节"));
    }
    self->value_.append(s, static_cast<std::size_t>(len));
  }

  void start(std::string_view name, const XML_Char** atts) {
    if (name == "row") {
      std::size_t r = row_num_ + 1;
      if (const char* v = find_attr(atts, "r")) {
        char* endp = nullptr;
        errno = 0;
        unsigned long long n = std::strtoull(v, &endp, 10);
        if (endp == v || *endp != '\0' || errno != 0 || n == 0) {
          return abort_with("xlsx 工作表中行号无效: \"" + std::string(v) + "\" (第 " +
                            std::to_string(row_num_) + " 行之后)");
        }
        r = n > limits_.max_rows ? limits_.max_rows + 1 : static_cast<std::size_t>(n);
      }
      if (r > limits_.max_rows) {
        return abort_limit(detail::limit_error("xlsx 工作表的行数 (行号)", limits_.max_rows, "第 " +
                                               std::to_string(row_num_) + " 行之后"));
      }
      row_num_ = r;
      for (std::size_t i = 0; i < used_ && i < cells_.size(); ++i) cells_[i].clear();
      used_ = 0;
      next_col_ = 0;
      in_row_ = true;
      row_has_value_ = false;
    } else if (name == "c") {
      if (!in_row_) return;
      std::size_t col = next_col_;
      if (const char* ref = find_attr(atts, "r")) {
        std::size_t c = 0;
        const char* p = ref;
        while (*p >= 'A' && *p <= 'Z') {
          c = c * 26 + static_cast<std::size_t>(*p - 'A' + 1);
          if (c > kMaxColumns) break;
          ++p;
        }
        if (c == 0 || c > kMaxColumns) {
          return abort_with("xlsx 工作表第 " + std::to_string(row_num_) +
                            " 行: 单元格位置无效 \"" + std::string(ref) + "\"");
        }
        col = c - 1;
      }
      if (col >= limits_.max_columns) {
        return abort_limit(detail::limit_error("xlsx 工作表第 " + std::to_string(row_num_) + " 行的列数",
                                               limits_.max_columns, ""));
      }
      cur_col_ = col;
      next_col_ = col + 1;
      cell_type_ = CellType::Number;
      if (const char* t = find_attr(atts, "t")) {
        std::string_view tv(t);
        if (tv == "s") cell_type_ = CellType::Shared;
        else if (tv == "inlineStr") cell_type_ = CellType::Inline;
        else if (tv == "str") cell_type_ = CellType::Str;
        else if (tv == "b") cell_type_ = CellType::Bool;
        else if (tv == "e") cell_type_ = CellType::Error;
        else if (tv == "d") cell_type_ = CellType::IsoDate;
      }
      cell_is_date_ = false;
      if (const char* s = find_attr(atts, "s")) {
        unsigned long idx = std::strtoul(s, nullptr, 10);
        cell_is_date_ = idx < date_style_.size() && date_style_[idx];
      }
      value_.clear();
      in_cell_ = true;
      in_is_ = false;
      rph_depth_ = 0;
    } else if (!in_cell_) {
      return;
    } else if (name == "v") {
      capture_ = cell_type_ != CellType::Inline;
    } else if (name == "is") {
      in_is_ = true;
    } else if (name == "rPh") {
      ++rph_depth_;
      capture_ = false;
    } else if (name == "t") {
      capture_ = in_is_ && rph_depth_ == 0;
    }
  }

  void end(std::string_view name) {
    if (name == "v" || name == "t") {
      capture_ = false;
    } else if (name == "rPh") {
      --rph_depth_;
    } else if (name == "is") {
      in_is_ = false;
    } else if (name == "c") {
      if (!in_cell_) return;
      in_cell_ = false;
      capture_ = false;
      finish_cell();
    } else if (name == "row") {
      in_row_ = false;
      if (row_has_value_ && handler_error_.empty()) {
        ready_ = true;
        XML_StopParser(parser_, XML_TRUE);
      }
    }
  }

  void finish_cell() {
    switch (cell_type_) {
      case CellType::Shared: {
        std::string_view v(value_);
        while (!v.empty() && (v.front() == ' ' || v.front() == '\n')) v.remove_prefix(1);
        char* endp = nullptr;
        std::string tmp(v);
        errno = 0;
        unsigned long long idx = std::strtoull(tmp.c_str(), &endp, 10);
        if (tmp.empty() || errno != 0 || idx >= shared_.size()) {
          return abort_with("xlsx 工作表第 " + std::to_string(row_num_) +
                            " 行: 共享字符串编号无效 \"" + tmp + "\"");
        }
        value_ = shared_[static_cast<std::size_t>(idx)];
        break;
      }
      case CellType::Inline:
      case CellType::Str:
        decode_ooxml_escapes(value_);
        break;
      case CellType::Bool:
        if (value_ == "1" || value_ == "true") value_ = "TRUE";
        else if (value_ == "0" || value_ == "false") value_ = "FALSE";
        break;
      case CellType::Error:
        value_.clear();
        break;
      case CellType::IsoDate:
        if (value_.size() > 10 && value_[4] == '-' && value_[7] == '-') value_.resize(10);
        break;
      case CellType::Number:
        if (value_.empty()) break;
        if (cell_is_date_) {
          char* endp = nullptr;
          double serial = std::strtod(value_.c_str(), &endp);
          if (endp != value_.c_str() && *endp == '\0') {
            std::string iso = excel_serial_to_iso_date(date1904_ ? serial + 1462 : serial);
            if (!iso.empty()) {
              value_ = std::move(iso);
              break;
            }
          }
        }
        normalize_number(value_);
        break;
    }
    if (value_.empty()) return;
    if (++cells_seen_ > limits_.max_cells) {
      return abort_limit(detail::limit_error("xlsx 工作表的单元格个数", limits_.max_cells,
                                             "第 " + std::to_string(row_num_) + " 行"));
    }
    text_bytes_ += value_.size();
    if (text_bytes_ > limits_.max_text_bytes) {
      return abort_limit(detail::limit_error("xlsx 工作表的文本总量", limits_.max_text_bytes,
                                             "字节, 第 " + std::to_string(row_num_) + " 行"));
    }
    if (cur_col_ >= used_) {
      if (cells_.size() <= cur_col_) cells_.resize(cur_col_ + 1);
      for (std::size_t i = used_; i <= cur_col_; ++i) cells_[i].clear();
      used_ = cur_col_ + 1;
    }
    if (!detail::is_blank(value_)) row_has_value_ = true;
    cells_[cur_col_].swap(value_);
  }

  TableLimits limits_;
  std::optional<InflateBudget> sheet_budget_;
  std::size_t cells_seen_ = 0;
  std::size_t text_bytes_ = 0;
  std::string limit_error_;
  zip_t* zip_ = nullptr;
  zip_file_t* sheet_file_ = nullptr;
  XML_Parser parser_ = nullptr;
  std::vector<std::string> shared_;
  std::vector<bool> date_style_;
  bool date1904_ = false;
  std::vector<std::string> header_;

  // Streaming state.
  bool suspended_ = false;
  bool final_fed_ = false;
  bool done_ = false;
  bool ready_ = false;
  std::string handler_error_;

  // Row/cell state.
  std::size_t row_num_ = 0;
  std::vector<std::string> cells_;
  std::size_t used_ = 0;  // cells_[0, used_) belong to the current row
  std::size_t next_col_ = 0;
  std::size_t cur_col_ = 0;
  bool in_row_ = false;
  bool row_has_value_ = false;
  bool in_cell_ = false;
  bool in_is_ = false;
  bool capture_ = false;
  int rph_depth_ = 0;
  CellType cell_type_ = CellType::Number;
  bool cell_is_date_ = false;
  std::string value_;
};

}  // namespace

namespace detail {

Result<std::unique_ptr<TableReader>> open_xlsx(const std::string& path, const TableLimits& limits) {
  auto reader = std::make_unique<XlsxReader>(limits);
  auto s = reader->open(path);
  if (!s) return s.error();
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace detail
}  // namespace fangpin::io
