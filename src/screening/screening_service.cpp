#include "screening/screening_service.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <tuple>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <fmt/format.h>

namespace fangpin::screening {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

constexpr std::size_t kMaxFactsPerWarning = 20;

int rank(Grade g) { return static_cast<int>(g); }

}  // namespace

Result<RegistryIndex> build_index(store::ScreeningStore& store) {
  auto stamp = store.registry_stamp();
  if (!stamp) return stamp.error();
  RegistryIndex::Builder b;
  auto st = store.scan_registry(
      [&](const store::IndexHouseholdRow& h) { b.add_household(h.household_id, h.region_code, h.finance_year, h.net, h.rigid); },
      [&](const store::IndexMemberRow& m) {
        b.add_member(m.id_number, m.household_id, m.status == MemberStatus::Present,
                     m.labour == Labour::Ordinary || m.labour == Labour::Skilled);
      });
  if (!st) return st.error();
  return b.finish(*stamp);
}

Result<IndexLoad> load_or_build_index(store::ScreeningStore& store, const std::string& snapshot_path) {
  const auto t0 = Clock::now();
  auto stamp = store.registry_stamp();
  if (!stamp) return stamp.error();
  IndexLoad out;
  if (!snapshot_path.empty() && std::filesystem::exists(snapshot_path)) {
    auto idx = RegistryIndex::load(snapshot_path);
    if (idx && idx->stamp() == *stamp) {
      out.index = std::move(*idx);
      out.from_snapshot = true;
      out.seconds = since(t0);
      return out;
    }
    out.note = idx ? "登记数据已变更，重建索引" : idx.error().message + "，重建索引";
  }
  auto built = build_index(store);
  if (!built) return built.error();
  out.index = std::move(*built);
  if (!snapshot_path.empty()) {
    if (auto s = out.index.save(snapshot_path); !s) out.note += (out.note.empty() ? "" : "；") + s.error().message;
  }
  out.seconds = since(t0);
  return out;
}

std::optional<std::pair<int, int>> parse_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  auto d = Date::parse(std::string(s) + "-01");
  if (!d) return std::nullopt;
  return std::make_pair(d->year, d->month);
}

namespace {

// Signals grouped per (household, reason): `order` holds (key, signal index) sorted, so a
// group's signals stay in row order; group g is order[start[g], start[g + 1]).
struct SignalGroups {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
  std::vector<std::size_t> start;
  std::size_t count() const { return start.size() - 1; }
};

// In 户编号 order (the index keeps households sorted), so the warning table and its index
// grow in key order: several times faster than random order on large runs.
SignalGroups group_signals(const std::vector<Signal>& signals) {
  SignalGroups g;
  g.order.resize(signals.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, signals.size(), 1u << 16), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i)
      g.order[i] = {(static_cast<std::uint64_t>(signals[i].household) << 8) | static_cast<std::uint64_t>(signals[i].reason),
                    static_cast<std::uint32_t>(i)};
  });
  tbb::parallel_sort(g.order.begin(), g.order.end());
  for (std::size_t i = 0; i < g.order.size(); ++i)
    if (i == 0 || g.order[i].first != g.order[i - 1].first) g.start.push_back(i);
  g.start.push_back(g.order.size());
  return g;
}

// Folds each group into its warning — highest grade, every fact (up to kMaxFactsPerWarning)
// — and the upsert the store writes, on a producer thread block by block while the store
// writes the blocks already done (write.wait_for_warnings): SQLite's single writer is the
// long pole, so encoding, facts and 户编号 lookups hide behind it. Facts go into one buffer
// per block (not one string each: millions of small allocations). The destructor joins.
class WarningEncoder {
 public:
  static constexpr std::size_t kBlock = 8192;

  WarningEncoder(const std::vector<Signal>& signals, const SignalGroups& groups, const RegistryIndex& index,
                 ScreenReport& rep, store::ScreeningWrite& write)
      : signals_(signals), groups_(groups), index_(index), rep_(rep), write_(write),
        blocks_((groups.count() + kBlock - 1) / kBlock) {
    rep_.warnings.resize(groups.count());
    write_.warnings.resize(groups.count());
    rep_.facts_storage->resize(blocks_);
    write_.wait_for_warnings = [this](std::size_t n) {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return encoded_ >= n; });
    };
    producer_ = std::thread([this] {
      for (std::size_t blk = 0; blk < blocks_; ++blk) encode_block(blk);
    });
  }
  ~WarningEncoder() { producer_.join(); }
  WarningEncoder(const WarningEncoder&) = delete;
  WarningEncoder& operator=(const WarningEncoder&) = delete;

  // The facts storage blocks in use (merged facts are appended after them).
  std::size_t blocks() const { return blocks_; }

 private:
  void encode_block(std::size_t blk) {
    std::string& buf = (*rep_.facts_storage)[blk];
    const std::size_t g0 = blk * kBlock, g1 = std::min(groups_.count(), g0 + kBlock);
    std::vector<std::size_t> ends(g1 - g0);
    for (std::size_t g = g0; g < g1; ++g) {
      fold(g, buf);
      ends[g - g0] = buf.size();
    }
    for (std::size_t g = g0, from = 0; g < g1; ++g) {
      ScreenedWarning& w = rep_.warnings[g];
      w.facts = std::string_view(buf).substr(from, ends[g - g0] - from);
      from = ends[g - g0];
      store::WarningUpsert& u = write_.warnings[g];
      u.household_id = index_.household_id(w.household);
      u.member_key = w.member;
      u.department = rep_.department;
      u.reason = label(w.reason);
      u.grade_rank = w.grade_rank;
      u.signals = w.signals;
      u.facts = w.facts;
    }
    {
      std::lock_guard lock(mutex_);
      encoded_ = g1;
    }
    cv_.notify_all();
  }

  void fold(std::size_t g, std::string& buf) {
    ScreenedWarning& w = rep_.warnings[g];
    const std::size_t b = groups_.start[g], e = groups_.start[g + 1];
    const Signal& first = signals_[groups_.order[b].second];
    w.household = first.household;
    w.reason = first.reason;
    Grade grade = first.grade;
    for (std::size_t k = b; k < e; ++k) {
      const Signal& s = signals_[groups_.order[k].second];
      if (s.grade > grade) grade = s.grade;
      if (w.member == 0) w.member = s.member;
      if (k - b < kMaxFactsPerWarning) encode_fact(s.fact, buf);
    }
    w.grade_rank = rank(grade);
    w.signals = static_cast<std::int64_t>(e - b);
  }

  const std::vector<Signal>& signals_;
  const SignalGroups& groups_;
  const RegistryIndex& index_;
  ScreenReport& rep_;
  store::ScreeningWrite& write_;
  const std::size_t blocks_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::size_t encoded_ = 0;  // warnings [0, encoded_) are ready; guarded by mutex_
  std::thread producer_;
};

// Dispatch to the village and 入户核查 deadlines, counted from receipt (SPEC §7).
void set_deadlines(ScreenReport& rep, const ScreeningParams& params, const DeadlineCalendar& calendar,
                   const Date& received_on) {
  const Date dispatch = calendar.add_working_days(received_on, params.county_to_village_days);
  const Date verify = params.verification.basis == workflow::DayBasis::Working
                          ? calendar.add_working_days(dispatch, params.verification.days)
                          : dispatch.plus_days(params.verification.days);
  rep.received_on = received_on.iso();
  rep.dispatch_by = dispatch.iso();
  rep.verify_by = verify.iso();
}

// Negative facts (each once), area events and row issues of the feed, for the store.
void add_feed_records(FeedOutcome& feed, const RegistryIndex& index, const std::string& department,
                      store::ScreeningWrite& write) {
  std::set<std::tuple<std::uint32_t, std::string, std::string>> seen;
  for (const IndexedFact& f : feed.negative_facts) {
    if (!seen.emplace(f.household, f.kind, f.detail).second) continue;
    write.negative_facts.push_back(NegativeFact{std::string(index.household_id(f.household)), f.kind, f.detail, department});
  }
  write.area_events = feed.area_events;
  for (const RowIssue& i : feed.issues)
    write.issues.push_back(store::RowIssueRecord{static_cast<std::int64_t>(i.row), "格式错误", i.column, i.reason});
  write.unmatched_rows.reserve(feed.unmatched_rows.size());
  for (const UnmatchedRow& u : feed.unmatched_rows) write.unmatched_rows.push_back(static_cast<std::int64_t>(u.row));
}

store::ScreeningRunRecord run_record(const ScreenReport& rep, const ScreenRequest& req, std::size_t warnings) {
  store::ScreeningRunRecord r;
  r.department = rep.department;
  r.month = req.month;
  r.source_file = std::filesystem::path(req.path).filename().string();
  r.user = req.user;
  r.at = req.at;
  r.rows = static_cast<std::int64_t>(rep.rows);
  r.matched = static_cast<std::int64_t>(rep.matched);
  r.unmatched = static_cast<std::int64_t>(rep.unmatched);
  r.rejected = static_cast<std::int64_t>(rep.rejected);
  r.zero_report = warnings == 0;
  r.received_on = rep.received_on;
  r.dispatch_by = rep.dispatch_by;
  r.verify_by = rep.verify_by;
  return r;
}

// What the store did with each warning (ids, merges, totals after the run) into the report;
// merged warnings' facts (all of them) are kept in the report's storage after the blocks.
// Returns the earlier runs whose warnings this run merged into.
std::set<std::int64_t> apply_outcomes(ScreenReport& rep, store::ScreeningWriteResult& written, std::size_t blocks) {
  std::set<std::int64_t> earlier;
  for (std::size_t i = 0; i < rep.warnings.size(); ++i) {
    ScreenedWarning& w = rep.warnings[i];
    const store::UpsertOutcome& o = written.warnings[i];
    w.id = o.id;
    w.merged = o.merged;
    w.first_run = o.first_run;
    w.grade_rank = o.grade_rank;
    w.signals = o.signals;
    if (o.merged) {
      earlier.insert(o.first_run);
      ++rep.warnings_merged;
    } else {
      ++rep.warnings_new;
    }
    if (w.grade_rank == 3) ++rep.red;
    else if (w.grade_rank == 2) ++rep.orange;
    else ++rep.yellow;
  }
  std::deque<std::string>& storage = *rep.facts_storage;
  for (auto& merged : written.merged_facts) storage.push_back(std::move(merged.second));
  for (std::size_t k = 0; k < written.merged_facts.size(); ++k)
    rep.warnings[written.merged_facts[k].first].facts = storage[blocks + k];
  return earlier;
}

}  // namespace

Result<ScreenReport> run_screening(store::ScreeningStore& store, const RegistryIndex& index, const Policy& policy,
                                   const ScreeningParams& params, const DeadlineCalendar& calendar,
                                   const ScreenRequest& req) {
  auto ym = parse_month(req.month);
  if (!ym) return invalid(fmt::format("月份无效“{}”（应为 YYYY-MM）", req.month), "month");
  const auto t0 = Clock::now();
  auto feed = screen_feed(FeedRequest{req.department, ym->first, ym->second, req.path}, index, policy, params);
  if (!feed) return feed.error();
  ScreenReport rep;
  rep.screen_seconds = since(t0);
  const auto t1 = Clock::now();
  rep.rows = feed->rows;
  rep.matched = feed->matched;
  rep.unmatched = feed->unmatched;
  rep.rejected = feed->rejected;
  rep.notes = std::move(feed->warnings);
  rep.encoding = feed->encoding;
  rep.department = std::string(label(req.department));

  const SignalGroups groups = group_signals(feed->signals);
  store::ScreeningWrite write;
  WarningEncoder encoder(feed->signals, groups, index, rep, write);  // runs while the rest is prepared
  set_deadlines(rep, params, calendar, req.received_on);
  add_feed_records(*feed, index, rep.department, write);
  rep.issues = std::move(feed->issues);
  rep.unmatched_rows = std::move(feed->unmatched_rows);
  write.run = run_record(rep, req, groups.count());

  const auto tw = Clock::now();
  auto written = store.write_screening(write);
  rep.write_seconds = since(tw);
  if (!written) return written.error();
  rep.run_id = written->run_id;
  rep.facts_added = written->facts_added;
  rep.events_added = written->events_added;
  const std::set<std::int64_t> earlier = apply_outcomes(rep, *written, encoder.blocks());
  rep.zero_report = groups.count() == 0;
  if (!earlier.empty()) {
    auto runs = store.screening_runs();
    if (!runs) return runs.error();
    for (auto& run : *runs)
      if (earlier.count(run.id)) rep.earlier_runs.push_back(std::move(run));
  }
  rep.store_seconds = since(t1);
  return rep;
}

store::WarningRecord warning_record(const ScreenReport& rep, const ScreenedWarning& w, const RegistryIndex& index,
                                    const ScreenRequest& req) {
  store::WarningRecord r;
  r.id = w.id;
  r.household_id = index.household_id(w.household);
  r.region_code = index.region_code(w.household);
  r.member_id = w.member != 0 ? unpack_resident_id(w.member) : std::string();
  r.reason = label(w.reason);
  r.grade_rank = w.grade_rank;
  r.grade = label(static_cast<Grade>(w.grade_rank));
  r.facts = w.facts;
  r.signals = w.signals;
  r.run_id = w.first_run;
  r.updated_at = req.at;
  r.status = "open";
  // Month, receipt, deadlines and creation come from the run that raised the warning.
  store::ScreeningRunRecord raised;
  raised.department = rep.department;
  raised.month = req.month;
  raised.received_on = rep.received_on;
  raised.dispatch_by = rep.dispatch_by;
  raised.verify_by = rep.verify_by;
  raised.at = req.at;
  const store::ScreeningRunRecord* from = &raised;
  if (w.merged)
    for (const auto& run : rep.earlier_runs)
      if (run.id == w.first_run) from = &run;
  r.department = from->department;
  r.month = from->month;
  r.received_on = from->received_on;
  r.dispatch_by = from->dispatch_by;
  r.verify_by = from->verify_by;
  r.created_at = from->at;
  return r;
}

Result<store::WarningRecord> verify_warning(store::ScreeningStore& store, std::int64_t id, std::string_view result,
                                            std::string_view by, std::string_view date) {
  bool known = false;
  for (auto r : kVerifyResults) known |= r == result;
  if (!known) return invalid(fmt::format("核实结论应为 纳入/不纳入/已在监测，实际为“{}”", result), "result");
  if (by.empty()) return invalid("需要核实人", "by");
  if (!Date::parse(date)) return invalid(fmt::format("核实日期无效“{}”（应为 YYYY-MM-DD）", date), "date");
  return store.verify_warning(id, result, by, date);
}

}  // namespace fangpin::screening
