// Documents (四级档案) as use cases: the case store's document index, uploads, who may
// download, and the expiry sweep of unreferenced uploads under an injected clock.
#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/documents.h"
#include "domain/workflow/sha256.h"
#include "fixtures.h"
#include "../support/document_seed.h"

namespace fangpin::testing {
namespace {

using std::chrono::hours;
using Clock = std::chrono::system_clock;

class Documents : public TempDb {
 protected:
  void SetUp() override {
    TempDb::SetUp();
    ASSERT_TRUE(run_import(io::RegistryTable::Households,
                           write_csv("h.csv", {household_header(), household("H001"), household("H002"),
                                               household("H900", "532923102001")}))
                    .ok());
    files_ = std::make_unique<store::FileStore>((dir_ / "files").string());
  }

  std::string upload(const std::string& bytes, Clock::time_point at, const std::string& user = "u1") {
    auto r = app::upload_document(*db_, *files_, bytes, user, app::iso_utc(at));
    EXPECT_TRUE(r.ok()) << (r ? "" : r.error().message);
    return r ? r->sha256 : "";
  }

  const Clock::time_point t0_ = Clock::time_point(std::chrono::sys_days(std::chrono::year{2026} / 3 / 1));
  std::unique_ptr<store::FileStore> files_;
};

TEST_F(Documents, CaseWritesKeepTheIndex) {
  const std::string a = workflow::sha256_hex("a"), b = workflow::sha256_hex("b");
  SeedCase s{"H001", kVillage, "helper1"};
  s.visit_docs = {a, b, a};
  const auto id = seed_case(*db_, s);
  ASSERT_GT(id, 0);
  auto with_a = db_->cases().cases_with_document(a);
  ASSERT_TRUE(with_a.ok());
  ASSERT_EQ(with_a->size(), 1u);
  EXPECT_EQ((*with_a)[0].id, id);

  // An update that drops `a` drops it from the index, in the same write.
  auto row = db_->cases().find_case(id);
  ASSERT_TRUE(row.ok() && row->has_value());
  store::CaseRow next = **row;
  next.documents = {b};
  ASSERT_TRUE(db_->cases().update_case(next, {"u", "村级", "2026-01-02T00:00:00Z", "2023-03-03", "测试", "", ""}).ok());
  EXPECT_TRUE(db_->cases().cases_with_document(a)->empty());
  EXPECT_EQ(db_->cases().cases_with_document(b)->size(), 1u);
}

TEST_F(Documents, DocumentsOfCollectsStepsPlanAndEvidenceOnce) {
  workflow::Case c;
  c.history.push_back({workflow::Step::Visit, {}, "u", Role::Village, "", {"x", "y"}});
  c.history.push_back({workflow::Step::Commitment, {}, "u", Role::Village, "", {"y", "z"}});
  c.plan = workflow::Plan{{}, "计划", {"p"}, std::nullopt};
  c.measures.push_back(workflow::Measure{1, workflow::MeasureCategory::Health, {}, 0, "单位", "", {"e", "x"}});
  EXPECT_EQ(app::documents_of(c), (std::vector<std::string>{"x", "y", "z", "p", "e"}));
}

TEST_F(Documents, UploadIsIdempotentAndRecorded) {
  const std::string bytes = pdf_bytes("u");
  const std::string sha = upload(bytes, t0_, "alice");
  EXPECT_EQ(sha, workflow::sha256_hex(bytes));
  EXPECT_EQ(upload(bytes, t0_ + hours(2), "bob"), sha);
  auto rec = db_->cases().find_document(sha);
  ASSERT_TRUE(rec.ok() && rec->has_value());
  EXPECT_EQ((*rec)->uploaded_by, "alice");  // the first uploader stays
  EXPECT_EQ((*rec)->uploaded_at, "2026-03-01T00:00:00Z");
  EXPECT_EQ((*rec)->last_uploaded_at, "2026-03-01T02:00:00Z");
  EXPECT_EQ((*rec)->media_type, "application/pdf");
  EXPECT_EQ((*rec)->size, static_cast<std::int64_t>(bytes.size()));
  auto log = db_->accounts().access_events();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].action, "document.upload");
  EXPECT_EQ((*log)[1].target, sha);

  EXPECT_EQ(app::upload_document(*db_, *files_, "", "u", "2026-03-01T00:00:00Z").error().kind, ErrorKind::Invalid);
  EXPECT_EQ(app::upload_document(*db_, *files_, "plain text", "u", "2026-03-01T00:00:00Z").error().kind,
            ErrorKind::Unsupported);
}

TEST_F(Documents, DownloadOnlyThroughAVisibleCase) {
  const std::string mine = upload(pdf_bytes("mine"), t0_);
  const std::string other = upload(pdf_bytes("other"), t0_);
  const std::string loose = upload(pdf_bytes("loose"), t0_);
  SeedCase s{"H001", kVillage, "helper1"};
  s.visit_docs = {mine};
  ASSERT_GT(seed_case(*db_, s), 0);
  SeedCase t{"H900", "532923102001", "helper1"};
  t.visit_docs = {other};
  ASSERT_GT(seed_case(*db_, t), 0);
  const auto village = *RegionPrefix::parse(kVillage);
  const app::Viewer cadre{"v", Role::Village, village}, helper{"helper1", Role::Caseworker, village},
      stranger{"helper2", Role::Caseworker, village};
  const std::string now = "2026-03-02T00:00:00Z";
  auto got = app::download_document(*db_, *files_, mine, cadre, now);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->bytes, pdf_bytes("mine"));
  EXPECT_EQ(got->file_name, mine + ".pdf");
  EXPECT_TRUE(app::download_document(*db_, *files_, mine, helper, now).ok());
  EXPECT_EQ(app::download_document(*db_, *files_, mine, stranger, now).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(app::download_document(*db_, *files_, other, cadre, now).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(app::download_document(*db_, *files_, loose, cadre, now).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(app::download_document(*db_, *files_, "../etc/passwd", cadre, now).error().kind, ErrorKind::Invalid);
}

TEST_F(Documents, SweepRemovesOnlyOldUnreferencedUploads) {
  const std::string old_loose = upload(pdf_bytes("old"), t0_);
  const std::string referenced = upload(pdf_bytes("ref"), t0_);
  const std::string renewed = upload(pdf_bytes("renewed"), t0_);
  // A CLI attachment (no upload row) referenced by a case, and one shared with an upload.
  const std::string cli = put_file(files_->root(), png_bytes("cli"));
  SeedCase s{"H001", kVillage, "helper1"};
  s.visit_docs = {referenced, cli};
  ASSERT_GT(seed_case(*db_, s), 0);
  upload(pdf_bytes("renewed"), t0_ + hours(20));
  const std::string recent = upload(pdf_bytes("recent"), t0_ + hours(24));

  auto early = app::sweep_documents(*db_, *files_, t0_ + hours(23), hours(24));
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->removed.empty());

  auto r = app::sweep_documents(*db_, *files_, t0_ + hours(25), hours(24));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->removed, std::vector<std::string>{old_loose});
  EXPECT_FALSE(files_->contains(old_loose));
  EXPECT_FALSE(db_->cases().find_document(old_loose)->has_value());
  for (const auto& kept : {referenced, renewed, cli, recent}) EXPECT_TRUE(files_->contains(kept)) << kept;
  EXPECT_TRUE(db_->cases().find_document(referenced)->has_value());

  auto later = app::sweep_documents(*db_, *files_, t0_ + hours(45), hours(24));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->removed, std::vector<std::string>{renewed});
  EXPECT_TRUE(files_->contains(referenced));
  EXPECT_TRUE(files_->contains(cli));
  EXPECT_TRUE(files_->contains(recent));

  // Uploading removed content again brings it back.
  EXPECT_EQ(upload(pdf_bytes("old"), t0_ + hours(46)), old_loose);
  EXPECT_TRUE(files_->contains(old_loose));
}

// Cases stored before migration v7 have no index rows: they are queued by the migration and
// indexed by the next sweep, before anything is removed.
TEST_F(Documents, CasesFromBeforeTheIndexAreIndexedBeforeTheSweep) {
  const std::string doc = upload(pdf_bytes("pre-v6"), t0_);
  SeedCase s{"H001", kVillage, "helper1"};
  s.visit_docs = {doc};
  const auto id = seed_case(*db_, s);
  ASSERT_GT(id, 0);
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "t.db").string().c_str(), &raw), SQLITE_OK);
    const std::string sql = "DELETE FROM case_documents; INSERT INTO case_documents_backlog (case_id) VALUES (" +
                            std::to_string(id) + "), (999);";
    EXPECT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
  ASSERT_TRUE(db_->cases().cases_with_document(doc)->empty());
  auto r = app::sweep_documents(*db_, *files_, t0_ + hours(48), hours(24));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->indexed_cases, 1u);
  EXPECT_TRUE(r->removed.empty());
  EXPECT_TRUE(files_->contains(doc));
  EXPECT_EQ(db_->cases().cases_with_document(doc)->size(), 1u);
  EXPECT_TRUE(db_->cases().unindexed_cases(10)->empty());  // the orphan backlog row is gone too
}

TEST_F(Documents, SweeperRunsAtMostOncePerInterval) {
  app::DocumentSweeper sweeper(app::DocumentPolicy{hours(24), hours(1)});
  auto first = sweeper.run_if_due(*db_, *files_, t0_);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->has_value());
  auto soon = sweeper.run_if_due(*db_, *files_, t0_ + std::chrono::minutes(30));
  ASSERT_TRUE(soon.ok());
  EXPECT_FALSE(soon->has_value());
  auto forced = sweeper.run_if_due(*db_, *files_, t0_ + std::chrono::minutes(31), true);
  EXPECT_TRUE(forced.ok() && forced->has_value());
  auto later = sweeper.run_if_due(*db_, *files_, t0_ + std::chrono::minutes(95));
  EXPECT_TRUE(later.ok() && later->has_value());
}

TEST(MaskPersonalNumbers, MasksIdsAndPhonesStandingAlone) {
  const std::string id = make_id("532923", "19700101", 11);
  EXPECT_EQ(mask_personal_numbers("户主" + id + "，电话13812345678。"),
            "户主" + mask_resident_id(id) + "，电话138****5678。");
  // Hashes and other long alphanumeric runs are left alone.
  const std::string sha = workflow::sha256_hex("x");
  EXPECT_EQ(mask_personal_numbers(sha), sha);
  EXPECT_EQ(mask_personal_numbers("v12345678901"), "v12345678901");
  EXPECT_EQ(mask_personal_numbers(""), "");
}

}  // namespace
}  // namespace fangpin::testing
