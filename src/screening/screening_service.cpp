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

Result<ScreenReport> run_screening(store::ScreeningStore& store, const RegistryIndex& index, const Policy& policy,
                                   const ScreeningParams& params, const DeadlineCalendar& calendar,
                                   const ScreenRequest& req) {
  auto ym = parse_month(req.month);
  if (!ym) return invalid(fmt::format("月份无效“{}”（应为 YYYY-MM）", req.month), "month");
  const auto t0 = Clock::now();
  FeedRequest fr{req.department, ym->first, ym->second, req.path};
  auto feed = screen_feed(fr, index, policy, params);
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
  const std::vector<Signal>& signals = feed->signals;

  // Signals folded per (household, reason) — highest grade, every fact — in 户编号 order
  // (the index keeps households sorted), so the warning table and its index grow in key
  // order: several times faster than random order on large runs. Sorting (key, position)
  // pairs keeps each group's signals in row order.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order(signals.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, signals.size(), 1u << 16), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i)
      order[i] = {(static_cast<std::uint64_t>(signals[i].household) << 8) | static_cast<std::uint64_t>(signals[i].reason),
                  static_cast<std::uint32_t>(i)};
  });
  tbb::parallel_sort(order.begin(), order.end());
  std::vector<std::size_t> group_start;  // into `order`
  for (std::size_t i = 0; i < order.size(); ++i)
    if (i == 0 || order[i].first != order[i - 1].first) group_start.push_back(i);
  group_start.push_back(order.size());
  const std::size_t groups = group_start.size() - 1;

  rep.warnings.resize(groups);
  store::ScreeningWrite write;
  write.warnings.resize(groups);
  // Warnings are encoded by a producer thread block by block while the store writes the
  // blocks already done (it waits through write.wait_for_warnings): SQLite's single writer
  // is the long pole, so encoding, facts and 户编号 lookups hide behind it. Facts go into one
  // buffer per block (not one string each: millions of small allocations).
  constexpr std::size_t kBlock = 8192;
  const std::size_t blocks = (groups + kBlock - 1) / kBlock;
  std::deque<std::string>& storage = *rep.facts_storage;
  storage.resize(blocks);
  std::mutex progress_mutex;
  std::condition_variable progress_cv;
  std::size_t encoded = 0;  // warnings [0, encoded) are ready; guarded by progress_mutex
  auto encode_block = [&](std::size_t blk) {
    std::string& buf = storage[blk];
    const std::size_t g0 = blk * kBlock, g1 = std::min(groups, g0 + kBlock);
    std::vector<std::size_t> ends(g1 - g0);
    for (std::size_t g = g0; g < g1; ++g) {
      ScreenedWarning& w = rep.warnings[g];
      const std::size_t b = group_start[g], e = group_start[g + 1];
      const Signal& first = signals[order[b].second];
      w.household = first.household;
      w.reason = first.reason;
      Grade grade = first.grade;
      for (std::size_t k = b; k < e; ++k) {
        const Signal& s = signals[order[k].second];
        if (s.grade > grade) grade = s.grade;
        if (w.member == 0) w.member = s.member;
        if (k - b < kMaxFactsPerWarning) encode_fact(s.fact, buf);
      }
      ends[g - g0] = buf.size();
      w.grade_rank = rank(grade);
      w.signals = static_cast<std::int64_t>(e - b);
    }
    for (std::size_t g = g0, from = 0; g < g1; ++g) {
      ScreenedWarning& w = rep.warnings[g];
      w.facts = std::string_view(buf).substr(from, ends[g - g0] - from);
      from = ends[g - g0];
      store::WarningUpsert& u = write.warnings[g];
      u.household_id = index.household_id(w.household);
      u.member_key = w.member;
      u.department = rep.department;
      u.reason = label(w.reason);
      u.grade_rank = w.grade_rank;
      u.signals = w.signals;
      u.facts = w.facts;
    }
    {
      std::lock_guard lock(progress_mutex);
      encoded = g1;
    }
    progress_cv.notify_all();
  };
  std::thread producer([&] {
    for (std::size_t blk = 0; blk < blocks; ++blk) encode_block(blk);
  });
  struct Joiner {
    std::thread& t;
    ~Joiner() { t.join(); }
  } joiner{producer};
  write.wait_for_warnings = [&](std::size_t n) {
    std::unique_lock lock(progress_mutex);
    progress_cv.wait(lock, [&] { return encoded >= n; });
  };

  const Date dispatch = calendar.add_working_days(req.received_on, params.county_to_village_days);
  const Date verify = params.verification.basis == workflow::DayBasis::Working
                          ? calendar.add_working_days(dispatch, params.verification.days)
                          : dispatch.plus_days(params.verification.days);
  rep.received_on = req.received_on.iso();
  rep.dispatch_by = dispatch.iso();
  rep.verify_by = verify.iso();
  {
    std::set<std::tuple<std::uint32_t, std::string, std::string>> seen;
    for (const IndexedFact& f : feed->negative_facts) {
      if (!seen.emplace(f.household, f.kind, f.detail).second) continue;
      write.negative_facts.push_back(
          NegativeFact{std::string(index.household_id(f.household)), f.kind, f.detail, rep.department});
    }
  }
  write.area_events = feed->area_events;
  for (const RowIssue& i : feed->issues)
    write.issues.push_back(store::RowIssueRecord{static_cast<std::int64_t>(i.row), "格式错误", i.column, i.reason});
  write.unmatched_rows.reserve(feed->unmatched_rows.size());
  for (const UnmatchedRow& u : feed->unmatched_rows) write.unmatched_rows.push_back(static_cast<std::int64_t>(u.row));
  rep.issues = std::move(feed->issues);
  rep.unmatched_rows = std::move(feed->unmatched_rows);

  store::ScreeningRunRecord& r = write.run;
  r.department = rep.department;
  r.month = req.month;
  r.source_file = std::filesystem::path(req.path).filename().string();
  r.user = req.user;
  r.at = req.at;
  r.rows = static_cast<std::int64_t>(rep.rows);
  r.matched = static_cast<std::int64_t>(rep.matched);
  r.unmatched = static_cast<std::int64_t>(rep.unmatched);
  r.rejected = static_cast<std::int64_t>(rep.rejected);
  r.zero_report = groups == 0;
  r.received_on = rep.received_on;
  r.dispatch_by = rep.dispatch_by;
  r.verify_by = rep.verify_by;
  const auto tw = Clock::now();
  auto written = store.write_screening(write);
  rep.write_seconds = since(tw);
  if (!written) return written.error();
  rep.run_id = written->run_id;
  rep.facts_added = written->facts_added;
  rep.events_added = written->events_added;
  std::set<std::int64_t> earlier;
  for (std::size_t i = 0; i < groups; ++i) {
    ScreenedWarning& w = rep.warnings[i];
    store::UpsertOutcome& o = written->warnings[i];
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
  for (auto& merged : written->merged_facts) storage.push_back(std::move(merged.second));
  for (std::size_t k = 0; k < written->merged_facts.size(); ++k)
    rep.warnings[written->merged_facts[k].first].facts = storage[blocks + k];
  rep.zero_report = groups == 0;
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
