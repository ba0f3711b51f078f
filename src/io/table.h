// Spreadsheet tables: CSV (UTF-8 with/without BOM, GB18030 detected) and .xlsx (first
// sheet, header in row 1), read as rows of UTF-8 text cells. FORMATS.md.
#pragma once
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace fangpin::io {

struct TableRow {
  std::size_t row_number = 0;      // 1-based spreadsheet row (the header is row 1)
  std::vector<std::string> cells;  // UTF-8, surrounding whitespace kept; may be shorter than header
};

// Streams rows; never holds the whole sheet as a DOM.
class TableReader {
 public:
  virtual ~TableReader() = default;
  virtual const std::vector<std::string>& header() const = 0;
  // Next data row; false at end. Malformed input (bad quoting, broken xlsx XML) yields an
  // Error naming the row.
  virtual Result<bool> next(TableRow& row) = 0;
  // "UTF-8", "UTF-8 BOM", "GB18030" or "xlsx".
  virtual std::string source_encoding() const = 0;
};

// Opens by extension (.csv / .xlsx, case-insensitive). Errors: missing/unreadable file
// (ErrorKind::NotFound for a missing one), unknown extension (Unsupported, also .xls), empty
// file (no header), not a valid xlsx. The header is the first non-blank row; its cells are
// trimmed of whitespace (incl. U+3000, NBSP) and BOMs. Rows whose cells are all blank
// (empty or ASCII whitespace) are skipped but still counted in row_number, which follows
// the spreadsheet's rows: for CSV one per record (a quoted field spanning lines is one
// row), for xlsx the sheet's own row numbers. xlsx rows omit trailing empty cells.
Result<std::unique_ptr<TableReader>> open_table(const std::string& path);

// Bounds on what a table file may make us hold or do (README "Security and limits", Input
// files). Exceeding one is Invalid (HTTP 400) with a message naming the limit; memory never
// grows with a size a file merely declares. Defaults suit a county's registry with room.
struct TableLimits {
  std::size_t max_rows = 1048576;                 // sheet/CSV rows (Excel's own maximum)
  std::size_t max_columns = 16384;                // cells per row (Excel's XFD)
  std::size_t max_cells = 20'000'000;             // non-empty xlsx cells in a whole sheet
  std::size_t max_cell_bytes = 131072;            // one cell's UTF-8 text (Excel: 32,767 chars)
  std::size_t max_text_bytes = 512u << 20;        // xlsx: cell text delivered, whole sheet
  std::size_t max_shared_strings = 4'000'000;     // xlsx sharedStrings entries
  std::size_t max_shared_bytes = 256u << 20;      // xlsx sharedStrings text, all entries
  std::size_t max_part_bytes = 1024u << 20;       // xlsx: decompressed bytes of the sheet / strings
  std::size_t max_meta_bytes = 64u << 20;         // xlsx: decompressed bytes of rels, workbook, styles
  std::size_t max_ratio = 200;                    // xlsx: decompressed / compressed per part ...
  std::size_t ratio_floor_bytes = 16u << 20;      // ... checked once a part passes this size
};
Result<std::unique_ptr<TableReader>> open_table(const std::string& path, const TableLimits& limits);

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  virtual Status write_row(std::span<const std::string> cells) = 0;
  // Flushes and finishes the file (for xlsx writes the zip). Must be called once.
  virtual Status close() = 0;
};

// OWASP's rule against CSV/formula injection: a cell starting with = + - @ TAB or CR is
// prefixed with a single quote ('), which Excel, LibreOffice and WPS show as text and do
// not evaluate. Plain decimal numbers ("-12.5", "+3") are left alone: they evaluate to
// themselves, and exported money can be negative. Every CSV export goes through this
// (CsvWriter, append_csv_record); xlsx exports need nothing (inline string cells, never
// formulas).
bool looks_like_formula(std::string_view cell);
std::string formula_safe(std::string_view cell);

// Appends one CSV record (formula_safe cells, RFC 4180 quoting, no line ending) to `out`.
void append_csv_record(std::string& out, std::span<const std::string> cells);

enum class CsvEncoding { Utf8, Utf8Bom, Gb18030 };
// Creates by extension (.csv / .xlsx). CSV is UTF-8 (BOM by default so Excel opens it
// correctly) unless another encoding is asked for. The first row written is the header.
// Both formats are written atomically: to `path + ".tmp"`, renamed onto `path` by close();
// a writer destroyed without a successful close() leaves no file behind.
//  - CSV: RFC 4180, "\r\n" line endings; a field is quoted when it contains a comma,
//    a double quote, CR or LF. Text that a spreadsheet would run as a formula gets a
//    leading apostrophe (formula_safe, OWASP "CSV injection"); nothing else is changed.
//  - xlsx: one sheet named `sheet_name` (sanitised to Excel's rules, default "Sheet1"),
//    every cell an inline string (so 18-digit resident IDs stay text), header row bold.
//    Rows stream to a temporary file beside `path`; close() assembles the zip.
//    Characters invalid in XML 1.0 are dropped.
Result<std::unique_ptr<TableWriter>> create_table(const std::string& path,
                                                  CsvEncoding csv_encoding = CsvEncoding::Utf8Bom,
                                                  const std::string& sheet_name = "Sheet1");

// Converts bytes of unknown encoding to UTF-8: strips a UTF-8 BOM; valid UTF-8 is kept;
// otherwise decoded as GB18030 (iconv). `encoding` receives the name detected.
Result<std::string> decode_to_utf8(std::string_view bytes, std::string* encoding = nullptr);

// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// Excel serial day number (1900 date system) to "YYYY-MM-DD"; the fractional part (time of
// day) is ignored. Returns "" for NaN, for serials outside 1..2958465 (1900-01-01 ..
// 9999-12-31) and for 60 (Excel's fictitious 1900-02-29). The xlsx reader already
// applies this to numeric cells whose style is a date format (both 1900 and 1904 systems).
std::string excel_serial_to_iso_date(double serial);

}  // namespace fangpin::io
