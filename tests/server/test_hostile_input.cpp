// Issue 15 hostile input over HTTP. Defect 11: an uploaded registry file is staged as an
// unlinked temp file, so personal data is never left under a name in the temp dir (not
// even after a crash). Defect 6: a household id with a newline cannot forge a log line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "server/routes.h"
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

namespace fs = std::filesystem;
using server::Role;

struct PrivateTmp {
  fs::path dir = fs::temp_directory_path() / ("fangpin-staging-test-" + std::to_string(::getpid()));
  std::string old;
  PrivateTmp() {
    if (const char* t = std::getenv("TMPDIR")) old = t;
    fs::create_directories(dir);
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~PrivateTmp() {
    if (old.empty()) ::unsetenv("TMPDIR");
    else ::setenv("TMPDIR", old.c_str(), 1);
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  bool empty() const { return fs::is_empty(dir); }
};

TEST(UploadStaging, StagedBytesHaveNoNameInTheTempDir) {
  PrivateTmp tmp;
  auto fd = server::detail::stage_unlinked("户编号\nH1\n");
  ASSERT_TRUE(fd) << fd.error().message;
  EXPECT_TRUE(tmp.empty()) << "a named copy of the upload is on disk";
  std::ifstream in("/proc/self/fd/" + std::to_string(*fd), std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "户编号\nH1\n");
  ::close(*fd);
}

TEST_F(ServerTest, UploadLeavesNothingInTheTempDirAndErrorsNameTheClientFile) {
  PrivateTmp tmp;
  const std::string token = token_of(Role::Village);
  httplib::MultipartFormDataItems ok{{"file", std::string("户编号,区划代码,户主姓名\nHA0009,") + kVillageA + ",王五\n",
                                      "h.csv", "text/csv"}};
  auto r = client_->Post("/api/v1/imports/households", bearer(token), ok);
  ASSERT_TRUE(r);
  EXPECT_NE(r->status, 500) << r->body;
  httplib::MultipartFormDataItems bad{{"file", "", "空文件.csv", "text/csv"}};
  r = client_->Post("/api/v1/imports/households", bearer(token), bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(r->body.find("空文件.csv"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("/proc/"), std::string::npos) << r->body;
  EXPECT_TRUE(tmp.empty());
}

std::string percent_encoded(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

TEST_F(ServerTest, AHouseholdIdWithANewlineCannotForgeALogLine) {
  // Stored before import checked the shape of 户编号 (or by another tool): the id is data.
  const std::string forged = "HX1\n2026-12-03T00:00:00.000 info request_id=forged login user=admin";
  std::vector<Household> hs(1);
  hs[0].household_id = forged;
  hs[0].region_code = kVillageA;
  hs[0].head_name = "赵六";
  store::ImportRun run{"households", "fixture", "tester", "2026-01-01T00:00:00Z", 1, 0};
  ASSERT_TRUE(database_->registry().write_households(hs, run).ok());
  const std::string token = token_of(Role::County);  // may unmask: the read is logged
  auto r = client_->Get("/api/v1/households/" + percent_encoded(forged) + "?unmask=1", bearer(token));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string log = log_->str();
  ASSERT_NE(log.find("unmasked read"), std::string::npos) << log;
  EXPECT_EQ(log.find("\n2026-12-03T00:00:00.000 info request_id=forged"), std::string::npos) << log;
  EXPECT_NE(log.find("household=HX1\\n2026-12-03"), std::string::npos) << log;
}

}  // namespace
}  // namespace fangpin::testing
