// The in-memory zip writer: entries come back byte for byte, with UTF-8 names.
#include <zip.h>

#include <gtest/gtest.h>

#include "io/zip_writer.h"

namespace fangpin::io {
namespace {

TEST(ZipWriter, EntriesRoundTrip) {
  ZipWriter w;
  const std::string binary("\x89PNG\r\n\x1A\n\0\0\xff", 11);
  ASSERT_TRUE(w.add("案件/1/摘要.txt", std::string(5000, 'a') + "办理过程").ok());
  ASSERT_TRUE(w.add("案件/1/材料/01-入户核查-abcd1234.png", binary, false).ok());
  EXPECT_FALSE(w.add("案件/1/摘要.txt", "again").ok());  // names are unique
  EXPECT_FALSE(w.add("", "x").ok());
  EXPECT_EQ(w.names(), (std::vector<std::string>{"案件/1/摘要.txt", "案件/1/材料/01-入户核查-abcd1234.png"}));
  auto bytes = w.finish();
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;

  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes->data(), bytes->size(), 0, &err);
  ASSERT_NE(src, nullptr);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  ASSERT_NE(z, nullptr);
  ASSERT_EQ(zip_get_num_entries(z, 0), 2);
  auto read = [&](zip_uint64_t i) {
    zip_stat_t st;
    EXPECT_EQ(zip_stat_index(z, i, 0, &st), 0);
    std::string data(static_cast<std::size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen_index(z, i, 0);
    EXPECT_EQ(zip_fread(f, data.data(), st.size), static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    return std::make_pair(std::string(st.name), data);
  };
  EXPECT_EQ(read(0), std::make_pair(std::string("案件/1/摘要.txt"), std::string(5000, 'a') + "办理过程"));
  EXPECT_EQ(read(1), std::make_pair(std::string("案件/1/材料/01-入户核查-abcd1234.png"), binary));
  zip_close(z);
}

TEST(ZipWriter, EmptyArchiveIsAnErrorOrAValidZip) {
  ZipWriter w;
  auto bytes = w.finish();  // libzip may write nothing at all for an empty archive
  if (bytes) {
    EXPECT_GE(bytes->size(), 22u);  // at least the end-of-central-directory record
  } else {
    EXPECT_EQ(bytes.error().kind, ErrorKind::Internal);
  }
}

}  // namespace
}  // namespace fangpin::io
