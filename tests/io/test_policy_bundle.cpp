// One policy file, parsed once, for the assessment, the workflow and screening
// (io::load_policy_bundle); a bad file is FailedPrecondition with the section's message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "io/policy_loader.h"

namespace fangpin::io {
namespace {

class PolicyBundleTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  std::string write(const std::string& text) {
    std::ofstream(path_, std::ios::binary) << text;
    return path_;
  }
  // A valid policy (one line) with `extra` appended.
  std::string line_plus(const std::string& extra) { return write("[monitoring_line]\n2023 = 7100\n" + extra); }

  std::string path_ = (std::filesystem::temp_directory_path() /
                       ("fangpin-policy-" + std::to_string(::getpid()) + ".toml"))
                          .string();
};

TEST_F(PolicyBundleTest, ShippedPolicyGivesEverySection) {
  auto b = load_policy_bundle("");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(*b->policy.line_for(2023, "532923101001"), yuan(7100));
  EXPECT_EQ(b->policy.assessment.college_students_min, 2);
  EXPECT_EQ(b->workflow.notice_min.days, 5);
  EXPECT_EQ(b->workflow.stable_months, 6);
  EXPECT_EQ(b->screening.orange_line_basis_points, 12000);
  EXPECT_EQ(b->screening.county_to_village_days, 2);
  // One 入户核查 rule: [deadlines] warning_verification also times warnings.
  EXPECT_EQ(b->screening.verification.days, b->workflow.warning_verification.days);
  EXPECT_EQ(b->screening.verification.basis, b->workflow.warning_verification.basis);
}

TEST_F(PolicyBundleTest, AFileChangesEachSection) {
  const std::string text = R"(
[monitoring_line]
2023 = 7300
[deadlines]
warning_verification = { days = 7, basis = "自然日" }
notice_min = { days = 6, basis = "自然日" }
[screening]
orange_line_ratio = 1.3
)";
  auto b = load_policy_bundle(write(text));
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(*b->policy.line_for(2023, "532923101001"), yuan(7300));
  EXPECT_EQ(b->workflow.notice_min.days, 6);
  EXPECT_EQ(b->screening.orange_line_basis_points, 13000);
  EXPECT_EQ(b->screening.verification.days, 7);
  EXPECT_EQ(b->screening.verification.basis, workflow::DayBasis::Calendar);
}

// Each section's error, with the message its own parser gives, as FailedPrecondition.
TEST_F(PolicyBundleTest, ErrorsInAnySectionAreFailedPrecondition) {
  struct Case {
    std::string extra;
    std::string message_part;
    std::string field;
  };
  for (const Case& c : {Case{"[screening]\nunknown_key = 1\n", ": screening.unknown_key 是未知的配置项", "screening.unknown_key"},
                        Case{"[deadlines]\nnotice_minimum = { days = 7, basis = \"工作日\" }\n",
                             ": 未知的政策参数 deadlines.notice_minimum", "notice_minimum"},
                        Case{"[typo]\nx = 1\n", ": 未知的政策参数 .typo", "typo"}}) {
    const std::string path = line_plus(c.extra);
    auto b = load_policy_bundle(path);
    ASSERT_FALSE(b.ok()) << c.extra;
    EXPECT_EQ(b.error().kind, ErrorKind::FailedPrecondition) << c.extra;
    EXPECT_NE(b.error().message.find(path), std::string::npos) << b.error().message;
    EXPECT_NE(b.error().message.find(c.message_part), std::string::npos) << b.error().message;
    EXPECT_EQ(b.error().field, c.field);
  }
  auto no_lines = load_policy_bundle(write("[screening]\norange_line_ratio = 1.3\n"));
  ASSERT_FALSE(no_lines.ok());
  EXPECT_EQ(no_lines.error().kind, ErrorKind::FailedPrecondition);
  EXPECT_EQ(no_lines.error().message, path_ + ": 缺少 [monitoring_line] 监测线配置");

  auto syntax = load_policy_bundle(write("[monitoring_line\n"));
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().kind, ErrorKind::FailedPrecondition);
  EXPECT_NE(syntax.error().message.find("TOML 语法错误"), std::string::npos);
}

TEST_F(PolicyBundleTest, MissingFileIsNotFound) {
  auto b = load_policy_bundle("/nonexistent/policy.toml");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(b.error().message, "无法读取政策文件: /nonexistent/policy.toml");
}

// The per-section parsers (tests' entry points) report Invalid, naming the key.
TEST_F(PolicyBundleTest, SectionParsersStayInvalid) {
  auto s = parse_screening_params("[screening]\nred_line_ratio = 1.5\norange_line_ratio = 1.2\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(s.error().field, "screening.orange_line_ratio");
  auto p = parse_policy_bundle("[monitoring_line]\n2023 = 0\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::Invalid);
}

}  // namespace
}  // namespace fangpin::io
