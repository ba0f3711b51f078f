// Helpers shared by the spreadsheet I/O tests.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "io/table.h"

namespace fangpin::io::testing {

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "fangpin_io_";
    name += info ? std::string(info->test_suite_name()) + "_" + info->name() : "x";
    name += "_" + std::to_string(::getpid());
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) {
      out.push_back(e.path().filename().string());
    }
    return out;
  }

 private:
  std::filesystem::path path_;
};

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct ReadAll {
  std::vector<std::string> header;
  std::vector<TableRow> rows;
  std::string encoding;
};

// Opens and reads every row; fails the test on any error.
inline ReadAll read_all(const std::string& path) {
  ReadAll out;
  auto reader = open_table(path);
  EXPECT_TRUE(reader.ok()) << (reader.ok() ? "" : reader.error().message);
  if (!reader.ok()) return out;
  out.header = (*reader)->header();
  out.encoding = (*reader)->source_encoding();
  TableRow row;
  while (true) {
    auto r = (*reader)->next(row);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    if (!r.ok() || !*r) break;
    out.rows.push_back(row);
  }
  return out;
}

inline void write_table(const std::string& path, const std::vector<std::vector<std::string>>& rows,
                        CsvEncoding enc = CsvEncoding::Utf8Bom) {
  auto w = create_table(path, enc);
  ASSERT_TRUE(w.ok()) << w.error().message;
  for (const auto& row : rows) {
    auto s = (*w)->write_row(row);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  auto s = (*w)->close();
  ASSERT_TRUE(s.ok()) << s.error().message;
}

// Drains a reader, returning the first error (or nullptr-like empty string when none).
// Never asserts: used by fuzz tests where errors are expected.
inline std::string drain(TableReader& reader, std::size_t max_rows = 1000000) {
  TableRow row;
  for (std::size_t i = 0; i < max_rows; ++i) {
    auto r = reader.next(row);
    if (!r.ok()) return r.error().message.empty() ? "(empty message)" : r.error().message;
    if (!*r) return {};
  }
  return {};
}

}  // namespace fangpin::io::testing
