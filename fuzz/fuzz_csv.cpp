// The CSV reader (open_table): any bytes give rows or an Error, never a crash.
#include "fuzz_common.h"
#include "io/table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fangpin::fuzz::input_file(".csv", data, size);
  fangpin::io::TableLimits limits;
  limits.max_cell_bytes = 4096;  // small limits reach the limit paths
  limits.max_columns = 64;
  auto t = fangpin::io::open_table(path, limits);
  if (!t) return 0;
  fangpin::io::TableRow row;
  std::size_t last = 0;
  while (true) {
    auto r = (*t)->next(row);
    if (!r || !*r) break;
    if (row.row_number <= last) __builtin_trap();  // row numbers increase
    last = row.row_number;
  }
  return 0;
}
