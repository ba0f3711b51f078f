// ClueStore (migration v8): single-use challenges, attempt counters, clues by receipt hash
// and by region, and the one-way 已收到 → 已受理/已关闭 transition.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/database.h"
#include "../support/temp_database.h"

namespace fangpin::store {
namespace {

class ClueStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("fangpin_clues");
    auto d = testing::open_migrated_database((dir_ / "t.db").string());
    ASSERT_TRUE(d.ok()) << d.error().message;
    db_ = std::move(*d);
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  static ClueRecord clue(const std::string& region, const std::string& channel = "自主申报") {
    ClueRecord r;
    r.channel = channel;
    r.status = "已收到";
    r.village_code = region;
    r.region_code = region;
    r.applicant_name = "张三";
    r.description = "困难";
    r.source = "网上申报";
    r.received_date = "2026-03-01";
    r.received_at = "2026-03-01T02:00:00Z";
    return r;
  }
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(ClueStoreTest, ChallengesAreSingleUseAndExpire) {
  auto& s = db_->clues();
  ASSERT_TRUE(s.add_challenge("18.a", "1.2.3.4", "2026-03-01T00:10:00Z").ok());
  ASSERT_TRUE(s.add_challenge("18.b", "1.2.3.4", "2026-03-01T00:10:00Z").ok());
  EXPECT_EQ(s.live_challenges("1.2.3.4", "2026-03-01T00:00:00Z").value(), 2);
  EXPECT_EQ(s.live_challenges("5.6.7.8", "2026-03-01T00:00:00Z").value(), 0);
  EXPECT_TRUE(s.take_challenge("18.a", "2026-03-01T00:00:00Z").value());
  EXPECT_FALSE(s.take_challenge("18.a", "2026-03-01T00:00:00Z").value());  // used
  EXPECT_FALSE(s.take_challenge("18.b", "2026-03-01T00:10:00Z").value());  // expired
  EXPECT_FALSE(s.take_challenge("18.c", "2026-03-01T00:00:00Z").value());  // unknown
}

TEST_F(ClueStoreTest, AttemptsCountWithinTheWindowAndPurge) {
  auto& s = db_->clues();
  for (const char* at : {"2026-03-01T00:00:00Z", "2026-03-01T00:30:00Z", "2026-03-01T01:30:00Z"})
    ASSERT_TRUE(s.record_attempt("addr:x", at).ok());
  auto n = s.attempts_since("addr:x", "2026-03-01T00:15:00Z");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->count, 2);
  EXPECT_EQ(n->oldest, "2026-03-01T00:30:00Z");
  EXPECT_EQ(s.attempts_since("addr:y", "2000-01-01T00:00:00Z")->count, 0);
  ASSERT_TRUE(s.purge("2026-03-01T02:00:00Z", "2026-03-01T00:30:00Z").ok());
  EXPECT_EQ(s.attempts_since("addr:x", "2000-01-01T00:00:00Z")->count, 1);
}

TEST_F(ClueStoreTest, ListsByRegionAndHandlesOnce) {
  auto& s = db_->clues();
  auto a = s.add_clue(clue("532923101001"), "hash-a");
  auto b = s.add_clue(clue("532923102001", "舆情信访"), "hash-b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(s.add_clue(clue("532923101001"), "hash-a").error().kind, ErrorKind::Conflict);  // receipt unique
  auto page = s.list_clues({"532923101", "", "", 50, 0});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->items.at(0).id, *a);
  EXPECT_EQ(s.list_clues({"", "", "舆情信访", 50, 0})->total, 1);
  EXPECT_EQ(s.list_clues({"", "", "", 1, 0})->items.at(0).id, *b);  // newest first
  EXPECT_EQ(s.list_clues({"", "", "", 1, 0})->total, 2);
  EXPECT_EQ(s.find_by_receipt("hash-b")->value().id, *b);
  EXPECT_FALSE(s.find_by_receipt("hash-c")->has_value());

  ClueRecord h = s.find_clue(*a)->value();
  h.status = "已受理";
  h.case_id = 7;
  h.handled_by = "u";
  h.handled_at = "2026-03-02T00:00:00Z";
  ASSERT_TRUE(s.mark_handled(h).ok());
  auto again = s.find_clue(*a)->value();
  EXPECT_EQ(again.status, "已受理");
  EXPECT_EQ(again.case_id, 7);
  EXPECT_EQ(again.handled_at, "2026-03-02T00:00:00Z");
  h.status = "已关闭";
  EXPECT_EQ(s.mark_handled(h).error().kind, ErrorKind::Conflict);
  h.id = 999;
  EXPECT_EQ(s.mark_handled(h).error().kind, ErrorKind::NotFound);
}

}  // namespace
}  // namespace fangpin::store
