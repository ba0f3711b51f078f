// The memory-mapped CSV fast path (部门筛查 feeds): chunks of any bytes either parse or say
// "not plain" (the caller then uses open_table); never a crash or a read past the mapping.
#include "fuzz_common.h"
#include "io/mapped_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fangpin::fuzz::input_file(".csv", data, size);
  auto m = fangpin::io::MappedCsv::open(path);
  if (!m || !*m) return 0;
  fangpin::io::MappedCsv& csv = **m;
  std::size_t cells = 0;
  const std::size_t chunk = size % 7 + 1;  // tiny chunks: many boundaries
  while (true) {
    auto c = csv.next_chunk(chunk);
    if (c.text.empty()) break;
    fangpin::io::MappedCsv::for_each_row(c, [&](std::size_t, auto row) { cells += row.size(); });
  }
  return cells == static_cast<std::size_t>(-1);
}
