// .xlsx writer: rows stream as <row> XML into a temporary file beside the target (so very
// large sheets never sit in memory); close() wraps it with the fixed workbook parts into a
// zip written to `path + ".tmp"`, then renames it onto `path`.
//
// Every cell is an inline string (t="inlineStr"), so IDs and codes are never reinterpreted
// as numbers; empty cells are omitted; the header row (the first row) uses a bold style.
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "io/io_internal.h"
#include "io/table.h"

namespace fangpin::io {

namespace {

constexpr std::string_view kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
    R"(<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)"
    R"(<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)"
    R"(<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>)"
    R"(<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>)"
    R"(</Types>)";

constexpr std::string_view kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>)"
    R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>)"
    R"(</Relationships>)";

constexpr std::string_view kCore =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>fangpin</dc:creator></cp:coreProperties>)";

constexpr std::string_view kApp =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>fangpin</Application></Properties>)";

constexpr std::string_view kWorkbookRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
    R"(</Relationships>)";

constexpr std::string_view kStyles =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<fonts count="2">)"
    R"(<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font>)"
    R"(<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font>)"
    R"(</fonts>)"
    R"(<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>)"
    R"(<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>)"
    R"(<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>)"
    R"(<cellXfs count="2">)"
    R"(<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)"
    R"(<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>)"
    R"(</cellXfs>)"
    R"(<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>)"
    R"(</styleSheet>)";

constexpr std::string_view kSheetHead =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>)"
    R"(<sheetFormatPr defaultRowHeight="15"/><sheetData>)";

constexpr std::string_view kSheetTail = "</sheetData></worksheet>";

void append_xml_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
}

// Excel sheet names: 1..31 chars, none of []:*?/\ , not starting/ending with '.
std::string sanitize_sheet_name(std::string_view name) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size() && chars < 31;) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > name.size()) break;
    std::string_view ch = name.substr(i, len);
    i += len;
    if (len == 1 && (c < 0x20 || std::string_view("[]:*?/\\").find(static_cast<char>(c)) !=
                                     std::string_view::npos)) {
      out.push_back('_');
    } else if (!is_valid_utf8(ch)) {
      continue;
    } else {
      out += ch;
    }
    ++chars;
  }
  while (!out.empty() && out.front() == '\'') out.erase(0, 1);
  while (!out.empty() && out.back() == '\'') out.pop_back();
  if (out.empty()) out = "Sheet1";
  return out;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Appends the cell text as XML character data: escapes markup, writes CR as &#13; (so it
// survives XML line-end normalisation), protects literal "_xHHHH_" from Excel's escape
// decoding, and drops bytes/characters that are not valid XML 1.0 (control characters,
// U+FFFE/U+FFFF, malformed UTF-8).
void append_cell_text(std::string& out, std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\r': out += "&#13;"; break;
        case '\t':
        case '\n': out.push_back(static_cast<char>(c)); break;
        case '_':
          if (i + 6 < n && p[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
              is_hex(s[i + 4]) && is_hex(s[i + 5]) && p[i + 6] == '_') {
            out += "_x005F_";
          } else {
            out.push_back('_');
          }
          break;
        default:
          if (c >= 0x20) out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > n || !is_valid_utf8(s.substr(i, len))) {
      ++i;  // malformed byte: drop
      continue;
    }
    // U+FFFE / U+FFFF are not XML characters.
    if (len == 3 && c == 0xEF && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) {
      i += 3;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
}

void append_column_ref(std::string& out, std::size_t col, std::size_t row) {
  char letters[8];
  int k = 0;
  std::size_t c = col + 1;
  while (c > 0 && k < 8) {
    letters[k++] = static_cast<char>('A' + (c - 1) % 26);
    c = (c - 1) / 26;
  }
  while (k > 0) out.push_back(letters[--k]);
  out += std::to_string(row);
}

class XlsxWriter final : public TableWriter {
 public:
  XlsxWriter() = default;
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;
  ~XlsxWriter() override {
    if (sheet_) std::fclose(sheet_);
    if (!sheet_tmp_.empty()) std::remove(sheet_tmp_.c_str());
    if (!committed_ && !zip_tmp_.empty()) std::remove(zip_tmp_.c_str());
  }

  Status open(const std::string& path, const std::string& sheet_name) {
    path_ = path;
    sheet_name_ = sanitize_sheet_name(sheet_name);
    zip_tmp_ = path + ".tmp";
    sheet_tmp_ = path + ".sheet.tmp";
    sheet_ = std::fopen(sheet_tmp_.c_str(), "wb");
    if (!sheet_) {
      std::string why = detail::errno_text();
      sheet_tmp_.clear();
      return internal_error("无法创建临时文件 " + path + ".sheet.tmp: " + why);
    }
    static_cast<void>(std::setvbuf(sheet_, nullptr, _IOFBF, 1 << 16));
    buf_.assign(kSheetHead);
    return Ok{};
  }

  Status write_row(std::span<const std::string> cells) override {
    if (closed_) return internal_error("xlsx 文件已关闭, 不能再写入: " + path_);
    ++rows_;
    const char* style = rows_ == 1 ? R"(" s="1" t="inlineStr"><is><t)" : R"(" t="inlineStr"><is><t)";
    buf_ += "<row r=\"";
    buf_ += std::to_string(rows_);
    buf_ += "\">";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string& v = cells[i];
      if (v.empty()) continue;
      buf_ += "<c r=\"";
      append_column_ref(buf_, i, rows_);
      buf_ += style;
      const unsigned char f = static_cast<unsigned char>(v.front());
      const unsigned char b = static_cast<unsigned char>(v.back());
      if (f == ' ' || f == '\t' || f == '\n' || f == '\r' || b == ' ' || b == '\t' ||
          b == '\n' || b == '\r') {
        buf_ += " xml:space=\"preserve\"";
      }
      buf_.push_back('>');
      append_cell_text(buf_, v);
      buf_ += "</t></is></c>";
    }
    buf_ += "</row>";
    if (buf_.size() >= (1u << 20)) return flush();
    return Ok{};
  }

  Status close() override {
    if (closed_) return internal_error("xlsx 文件已经关闭: " + path_);
    closed_ = true;
    buf_ += kSheetTail;
    if (auto s = flush(); !s) return s;
    const bool failed = std::fflush(sheet_) != 0 || std::ferror(sheet_) != 0;
    const bool close_failed = std::fclose(sheet_) != 0;
    sheet_ = nullptr;
    if (failed || close_failed) return internal_error("写入临时文件失败: " + sheet_tmp_);
    if (auto s = write_zip(); !s) return s;
    std::error_code ec;
    std::filesystem::rename(zip_tmp_, path_, ec);
    if (ec) return internal_error("无法写入 " + path_ + ": " + ec.message());
    committed_ = true;
    return Ok{};
  }

 private:
  Status flush() {
    if (buf_.empty()) return Ok{};
    if (std::fwrite(buf_.data(), 1, buf_.size(), sheet_) != buf_.size()) {
      return internal_error("写入临时文件失败 " + sheet_tmp_ + ": " + detail::errno_text());
    }
    buf_.clear();
    return Ok{};
  }

  Status write_zip() {
    std::remove(zip_tmp_.c_str());
    int err = 0;
    zip_t* z = zip_open(zip_tmp_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z) {
      zip_error_t ze;
      zip_error_init_with_code(&ze, err);
      std::string why = zip_error_strerror(&ze);
      zip_error_fini(&ze);
      return internal_error("无法创建 xlsx 文件 " + zip_tmp_ + ": " + why);
    }
    workbook_ = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name=")";
    append_xml_escaped(workbook_, sheet_name_);
    workbook_ += R"(" sheetId="1" r:id="rId1"/></sheets></workbook>)";

    struct Part {
      const char* name;
      std::string_view data;
    };
    const Part parts[] = {
        {"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kRootRels},
        {"docProps/core.xml", kCore},           {"docProps/app.xml", kApp},
        {"xl/workbook.xml", workbook_},         {"xl/_rels/workbook.xml.rels", kWorkbookRels},
        {"xl/styles.xml", kStyles},
    };
    auto fail = [&](const std::string& what) -> Status {
      std::string why = zip_strerror(z);
      zip_discard(z);
      std::remove(zip_tmp_.c_str());
      return internal_error("写入 xlsx 文件失败 (" + what + "): " + why);
    };
    for (const auto& part : parts) {
      // The buffers outlive zip_close (static strings and the member workbook_).
      zip_source_t* src = zip_source_buffer(z, part.data.data(), part.data.size(), 0);
      if (!src) return fail(part.name);
      if (zip_file_add(z, part.name, src, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(src);
        return fail(part.name);
      }
    }
    zip_source_t* sheet = zip_source_file(z, sheet_tmp_.c_str(), 0, -1);
    if (!sheet) return fail("xl/worksheets/sheet1.xml");
    const zip_int64_t sheet_idx = zip_file_add(z, "xl/worksheets/sheet1.xml", sheet, ZIP_FL_ENC_UTF_8);
    if (sheet_idx < 0) {
      zip_source_free(sheet);
      return fail("xl/worksheets/sheet1.xml");
    }
    // Sheet XML is very repetitive: zlib's default level spends most of the time on long
    // match chains for ~no gain; the fastest level is several times quicker.
    if (zip_set_file_compression(z, static_cast<zip_uint64_t>(sheet_idx), ZIP_CM_DEFLATE, 1) < 0) {
      return fail("compression");
    }
    if (zip_close(z) != 0) return fail("zip");
    return Ok{};
  }

  std::string path_;
  std::string sheet_name_;
  std::string zip_tmp_;
  std::string sheet_tmp_;
  std::FILE* sheet_ = nullptr;
  std::string buf_;
  std::string workbook_;
  std::size_t rows_ = 0;
  bool closed_ = false;
  bool committed_ = false;
};

}  // namespace

namespace detail {

Result<std::unique_ptr<TableWriter>> create_xlsx(const std::string& path,
                                                 const std::string& sheet_name) {
  auto w = std::make_unique<XlsxWriter>();
  auto s = w->open(path, sheet_name);
  if (!s) return s.error();
  return std::unique_ptr<TableWriter>(std::move(w));
}

}  // namespace detail
}  // namespace fangpin::io
