// ClueStore on the connection layer (schema: migration v7).
#include <fmt/format.h>

#include "store/clue_store.h"
#include "store/sql/stores.h"

namespace fangpin::store::sql {

namespace {

constexpr std::string_view kClueCols =
    "id, channel, status, village_code, region_code, household_id, applicant_name, resident_id, phone, description, "
    "source, photo_sha256, received_date, received_at, recorded_by, case_id, handled_by, handled_at, close_reason, "
    "handle_note";

ClueRecord read_clue(const Statement& st) {
  ClueRecord r;
  r.id = st.int64(0);
  r.channel = st.text(1);
  r.status = st.text(2);
  r.village_code = st.text(3);
  r.region_code = st.text(4);
  r.household_id = st.text(5);
  r.applicant_name = st.text(6);
  r.resident_id = st.text(7);
  r.phone = st.text(8);
  r.description = st.text(9);
  r.source = st.text(10);
  r.photo_sha256 = st.text(11);
  r.received_date = std::string(st.text(12)).substr(0, 10);
  r.received_at = st.timestamp(13);
  r.recorded_by = st.text(14);
  r.case_id = st.is_null(15) ? 0 : st.int64(15);
  r.handled_by = st.text(16);
  r.handled_at = st.timestamp(17);
  r.close_reason = st.text(18);
  r.handle_note = st.text(19);
  return r;
}

class SqlClueStore final : public ClueStore {
 public:
  explicit SqlClueStore(Connection& c) : c_(c) {}

  Status add_challenge(std::string_view challenge, std::string_view address, std::string_view expires_at) override {
    auto st = c_.prepare("INSERT INTO clue_challenges (challenge, address, expires_at) VALUES (?, ?, ?)");
    if (!st) return st.error();
    st->bind_text(1, challenge);
    st->bind_text(2, address);
    st->bind_text(3, expires_at);
    if (st->step() != Step::Done) return c_.error("保存申报校验题");
    return Ok{};
  }

  Result<int> live_challenges(std::string_view address, std::string_view now) override {
    auto st = c_.prepare("SELECT COUNT(*) FROM clue_challenges WHERE address = ? AND expires_at > ?");
    if (!st) return st.error();
    st->bind_text(1, address);
    st->bind_text(2, now);
    if (st->step() != Step::Row) return c_.error("读取申报校验题");
    return st->integer(0);
  }

  Result<bool> take_challenge(std::string_view challenge, std::string_view now) override {
    auto tx = c_.begin(TxMode::Write);
    if (!tx) return tx.error();
    bool live = false;
    {
      auto st = c_.prepare("SELECT COUNT(*) FROM clue_challenges WHERE challenge = ? AND expires_at > ?");
      if (!st) return st.error();
      st->bind_text(1, challenge);
      st->bind_text(2, now);
      if (st->step() != Step::Row) return c_.error("读取申报校验题");
      live = st->int64(0) > 0;
    }
    {
      auto st = c_.prepare("DELETE FROM clue_challenges WHERE challenge = ?");
      if (!st) return st.error();
      st->bind_text(1, challenge);
      if (st->step() != Step::Done) return c_.error("使用申报校验题");
    }
    if (auto s = tx->commit(); !s) return s.error();
    return live;
  }

  Status record_attempt(std::string_view key, std::string_view at) override {
    auto st = c_.prepare("INSERT INTO clue_attempts (throttle_key, at) VALUES (?, ?)");
    if (!st) return st.error();
    st->bind_text(1, key);
    st->bind_text(2, at);
    if (st->step() != Step::Done) return c_.error("记录申报次数");
    return Ok{};
  }

  Result<AttemptCount> attempts_since(std::string_view key, std::string_view since) override {
    auto st = c_.prepare("SELECT COUNT(*), MIN(at) FROM clue_attempts WHERE throttle_key = ? AND at > ?");
    if (!st) return st.error();
    st->bind_text(1, key);
    st->bind_text(2, since);
    if (st->step() != Step::Row) return c_.error("读取申报次数");
    return AttemptCount{st->integer(0), st->is_null(1) ? std::string() : st->timestamp(1)};
  }

  Status purge(std::string_view now, std::string_view attempts_before) override {
    auto tx = c_.begin(TxMode::Write);
    if (!tx) return tx.error();
    {
      auto st = c_.prepare("DELETE FROM clue_challenges WHERE expires_at <= ?");
      if (!st) return st.error();
      st->bind_text(1, now);
      if (st->step() != Step::Done) return c_.error("清理申报校验题");
    }
    {
      auto st = c_.prepare("DELETE FROM clue_attempts WHERE at <= ?");
      if (!st) return st.error();
      st->bind_text(1, attempts_before);
      if (st->step() != Step::Done) return c_.error("清理申报次数");
    }
    return tx->commit();
  }

  Result<std::int64_t> add_clue(const ClueRecord& r, std::string_view receipt_hash) override {
    auto st = c_.prepare(
        "INSERT INTO clues (channel, status, village_code, region_code, household_id, applicant_name, resident_id, "
        "phone, description, source, photo_sha256, received_date, received_at, recorded_by, receipt_hash, case_id, "
        "handled_by, handled_at, close_reason, handle_note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', NULL, '', '') RETURNING id");
    if (!st) return st.error();
    st->bind_text(1, r.channel);
    st->bind_text(2, r.status);
    st->bind_text(3, r.village_code);
    st->bind_text(4, r.region_code);
    st->bind_text(5, r.household_id);
    st->bind_text(6, r.applicant_name);
    st->bind_text(7, r.resident_id);
    st->bind_text(8, r.phone);
    st->bind_text(9, r.description);
    st->bind_text(10, r.source);
    st->bind_text(11, r.photo_sha256);
    st->bind_text(12, r.received_date);
    st->bind_text(13, r.received_at);
    st->bind_text(14, r.recorded_by);
    st->bind_text(15, receipt_hash);
    return insert_returning_id(c_, *st, "保存线索");
  }

  Result<std::optional<ClueRecord>> find_clue(std::int64_t id) override {
    auto st = c_.prepare(fmt::format("SELECT {} FROM clues WHERE id = ?", kClueCols));
    if (!st) return st.error();
    st->bind_int(1, id);
    return one(*st);
  }

  Result<std::optional<ClueRecord>> find_by_receipt(std::string_view receipt_hash) override {
    auto st = c_.prepare(fmt::format("SELECT {} FROM clues WHERE receipt_hash = ?", kClueCols));
    if (!st) return st.error();
    st->bind_text(1, receipt_hash);
    return one(*st);
  }

  Result<CluePage> list_clues(const ClueQuery& q) override {
    const RegionRange range = region_range("region_code", q.region_prefix);
    std::string where = " WHERE 1 = 1";
    if (range.any()) where += " AND " + range.cond;
    if (!q.status.empty()) where += " AND status = ?";
    if (!q.channel.empty()) where += " AND channel = ?";
    auto bind = [&](Statement& st) {
      int i = range.bind(st, 1);
      if (!q.status.empty()) st.bind_text(i++, q.status);
      if (!q.channel.empty()) st.bind_text(i++, q.channel);
      return i;
    };
    auto tx = c_.begin(TxMode::Read);  // total and page from one snapshot
    if (!tx) return tx.error();
    CluePage page;
    {
      auto st = c_.prepare("SELECT COUNT(*) FROM clues" + where);
      if (!st) return st.error();
      bind(*st);
      if (st->step() != Step::Row) return c_.error("读取线索");
      page.total = st->int64(0);
    }
    auto st = c_.prepare(fmt::format("SELECT {} FROM clues{} ORDER BY id DESC LIMIT ? OFFSET ?", kClueCols, where));
    if (!st) return st.error();
    const int i = bind(*st);
    st->bind_int(i, q.limit);
    st->bind_int(i + 1, q.offset);
    Step rc;
    while ((rc = st->step()) == Step::Row) page.items.push_back(read_clue(*st));
    if (rc != Step::Done) return c_.error("读取线索");
    if (auto s = tx->commit(); !s) return s.error();
    return page;
  }

  Status mark_handled(const ClueRecord& r) override {
    auto tx = c_.begin(TxMode::Write);
    if (!tx) return tx.error();
    {
      auto st = c_.prepare(
          "UPDATE clues SET status = ?, case_id = ?, handled_by = ?, handled_at = ?, close_reason = ?, handle_note = ? "
          "WHERE id = ? AND status = ?");
      if (!st) return st.error();
      st->bind_text(1, r.status);
      if (r.case_id > 0) st->bind_int(2, r.case_id);
      else st->bind_null(2);
      st->bind_text(3, r.handled_by);
      st->bind_text(4, r.handled_at);
      st->bind_text(5, r.close_reason);
      st->bind_text(6, r.handle_note);
      st->bind_int(7, r.id);
      st->bind_text(8, "已收到");
      if (st->step() != Step::Done) return c_.error("办理线索");
      if (st->changes() == 0) {
        auto now = find_clue(r.id);
        if (!now) return now.error();
        if (!*now) return not_found(fmt::format("线索 {} 不存在", r.id), "id");
        return conflict(fmt::format("线索 {} 已办理（{}）", r.id, (*now)->status), "id");
      }
    }
    return tx->commit();
  }

 private:
  Result<std::optional<ClueRecord>> one(Statement& st) {
    const Step rc = st.step();
    if (rc == Step::Done) return std::optional<ClueRecord>{};
    if (rc != Step::Row) return c_.error("读取线索");
    return std::optional<ClueRecord>{read_clue(st)};
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<ClueStore> make_clue_store(Connection& c) { return std::make_unique<SqlClueStore>(c); }

}  // namespace fangpin::store::sql
