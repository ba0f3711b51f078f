// The xlsx reader. Random bytes rarely make a zip, so the input is split into parts by the
// line "--part--": sheet XML, shared strings, styles, workbook; they are stored (not
// deflated) in a fresh archive so the fuzzer mutates the XML directly. An input that
// already starts as a zip ("PK\3\4") is read as the archive itself.
#include <zip.h>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "io/table.h"

namespace {

void read_all(const std::string& path) {
  fangpin::io::TableLimits limits;
  limits.max_rows = 5000;
  limits.max_cells = 20000;
  limits.max_cell_bytes = 4096;
  limits.max_shared_strings = 2000;
  limits.max_part_bytes = 4u << 20;
  limits.ratio_floor_bytes = 64 * 1024;
  auto t = fangpin::io::open_table(path, limits);
  if (!t) return;
  fangpin::io::TableRow row;
  while (true) {
    auto r = (*t)->next(row);
    if (!r || !*r) break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (in.starts_with("PK\x03\x04")) {
    read_all(fangpin::fuzz::input_file(".xlsx", data, size));
    return 0;
  }
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t at = in.find("\n--part--\n", start);
    parts.emplace_back(in.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos || parts.size() == 4) break;
    start = at + 10;
  }
  static const char* kNames[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"};
  if (parts.size() < 4) {
    parts.resize(4);
    parts[3] = R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>)";
  }
  const std::string path = fangpin::fuzz::input_file(".xlsx", nullptr, 0);
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) return 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty() && i != 0) continue;
    zip_source_t* src = zip_source_buffer(z, parts[i].data(), parts[i].size(), 0);
    const zip_int64_t idx = zip_file_add(z, kNames[i], src, ZIP_FL_OVERWRITE);
    if (idx >= 0) zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    return 0;
  }
  read_all(path);
  return 0;
}
