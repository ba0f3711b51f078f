#include "screening/screening_service.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <tuple>
#include <unordered_map>

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
  const std::string dept(label(req.department));

  // Signals of this feed folded per (household, reason): highest grade, every fact.
  struct Draft {
    std::uint32_t household;
    RiskReason reason;
    Grade grade;
    std::uint64_t member;
    std::vector<const Signal*> signals;
  };
  std::vector<Draft> drafts;
  {
    std::unordered_map<std::uint64_t, std::uint32_t> at;
    at.reserve(feed->signals.size());
    for (const Signal& s : feed->signals) {
      const std::uint64_t k = (static_cast<std::uint64_t>(s.household) << 8) | static_cast<std::uint64_t>(s.reason);
      auto [it, fresh] = at.try_emplace(k, static_cast<std::uint32_t>(drafts.size()));
      if (fresh) drafts.push_back(Draft{s.household, s.reason, s.grade, s.member, {}});
      Draft& d = drafts[it->second];
      if (s.grade > d.grade) d.grade = s.grade;
      if (d.member == 0) d.member = s.member;
      d.signals.push_back(&s);
    }
  }
  // In 户编号 order (the index keeps households sorted): the warning table and its indexes
  // are then written in key order, several times faster than random order on large runs.
  std::stable_sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) {
    return a.household != b.household ? a.household < b.household : a.reason < b.reason;
  });
  auto facts_of = [](const Draft& d) {
    std::string f;
    for (std::size_t i = 0; i < d.signals.size() && i < kMaxFactsPerWarning; ++i) {
      if (i) f.push_back('\n');
      f += d.signals[i]->fact;
    }
    if (d.signals.size() > kMaxFactsPerWarning)
      f += fmt::format("\n…另有 {} 条同类信息", d.signals.size() - kMaxFactsPerWarning);
    return f;
  };

  // De-duplicate against open warnings of the same household and reason (merge).
  auto open = store.open_warnings();
  if (!open) return open.error();
  std::unordered_map<std::string, std::size_t> open_at;
  open_at.reserve(open->size());
  for (std::size_t i = 0; i < open->size(); ++i) open_at.emplace((*open)[i].household_id + '\x1f' + (*open)[i].reason, i);

  store::ScreeningWrite w;
  const std::string received = req.received_on.iso();
  const Date dispatch = calendar.add_working_days(req.received_on, params.county_to_village_days);
  const Date verify = calendar.add_working_days(dispatch, params.verification_days);
  std::vector<std::size_t> insert_slot;  // rep.warnings index of each insert
  for (const Draft& d : drafts) {
    const std::string hid(index.household_id(d.household));
    const std::string reason(label(d.reason));
    auto it = open_at.find(hid + '\x1f' + reason);
    if (it != open_at.end()) {
      store::WarningRecord rec = (*open)[it->second];
      const int new_rank = std::max(rec.grade_rank, rank(d.grade));
      const std::string facts = facts_of(d);
      w.merges.push_back(store::WarningMerge{rec.id, std::string(label(d.grade)), rank(d.grade), facts,
                                             static_cast<std::int64_t>(d.signals.size())});
      if (new_rank > rec.grade_rank) {
        rec.grade_rank = new_rank;
        rec.grade = label(d.grade);
      }
      rec.facts += "\n" + facts;
      rec.signals += static_cast<std::int64_t>(d.signals.size());
      rep.warnings.push_back(std::move(rec));
      rep.merged.push_back(true);
      ++rep.warnings_merged;
      continue;
    }
    store::WarningRecord rec;
    rec.household_id = hid;
    rec.region_code = index.region_code(d.household);
    rec.member_id = d.member != 0 ? unpack_resident_id(d.member) : std::string();
    rec.department = dept;
    rec.reason = reason;
    rec.grade = label(d.grade);
    rec.grade_rank = rank(d.grade);
    rec.facts = facts_of(d);
    rec.signals = static_cast<std::int64_t>(d.signals.size());
    rec.month = req.month;
    rec.received_on = received;
    rec.dispatch_by = dispatch.iso();
    rec.verify_by = verify.iso();
    rec.status = "open";
    // Filled from w.inserts after the write (moved, not copied: millions at province scale).
    insert_slot.push_back(rep.warnings.size());
    rep.warnings.emplace_back();
    rep.merged.push_back(false);
    ++rep.warnings_new;
    w.inserts.push_back(std::move(rec));
  }
  for (std::size_t i = 0, k = 0; i < rep.warnings.size(); ++i) {
    const int gr = rep.merged[i] ? rep.warnings[i].grade_rank : w.inserts[k++].grade_rank;
    if (gr == 3) ++rep.red;
    else if (gr == 2) ++rep.orange;
    else ++rep.yellow;
  }
  rep.zero_report = rep.warnings.empty();

  {
    std::set<std::tuple<std::uint32_t, std::string, std::string>> seen;
    for (const IndexedFact& f : feed->negative_facts) {
      if (!seen.emplace(f.household, f.kind, f.detail).second) continue;
      w.negative_facts.push_back(NegativeFact{std::string(index.household_id(f.household)), f.kind, f.detail, dept});
    }
  }
  w.area_events = feed->area_events;
  w.issues.reserve(feed->issues.size());
  for (const RowIssue& i : feed->issues)
    w.issues.push_back(store::RowIssueRecord{static_cast<std::int64_t>(i.row), i.unmatched ? "未匹配" : "格式错误",
                                             i.column, i.reason});
  rep.issues = std::move(feed->issues);

  store::ScreeningRunRecord& r = w.run;
  r.department = dept;
  r.month = req.month;
  r.source_file = std::filesystem::path(req.path).filename().string();
  r.user = req.user;
  r.at = req.at;
  r.rows = static_cast<std::int64_t>(rep.rows);
  r.matched = static_cast<std::int64_t>(rep.matched);
  r.unmatched = static_cast<std::int64_t>(rep.unmatched);
  r.rejected = static_cast<std::int64_t>(rep.rejected);
  r.warnings_new = static_cast<std::int64_t>(rep.warnings_new);
  r.warnings_merged = static_cast<std::int64_t>(rep.warnings_merged);
  r.red = static_cast<std::int64_t>(rep.red);
  r.orange = static_cast<std::int64_t>(rep.orange);
  r.yellow = static_cast<std::int64_t>(rep.yellow);
  r.zero_report = rep.zero_report;
  const auto tw = Clock::now();
  auto written = store.write_screening(w);
  rep.write_seconds = since(tw);
  if (!written) return written.error();
  rep.run_id = written->run_id;
  rep.facts_added = written->facts_added;
  rep.events_added = written->events_added;
  for (std::size_t i = 0; i < insert_slot.size(); ++i) {
    auto& rec = rep.warnings[insert_slot[i]];
    rec = std::move(w.inserts[i]);
    rec.id = written->new_ids[i];
    rec.created_at = rec.updated_at = req.at;
  }
  rep.store_seconds = since(t1);
  return rep;
}

Result<store::WarningRecord> verify_warning(store::ScreeningStore& store, std::int64_t id, std::string_view result,
                                            std::string_view by, std::string_view date) {
  bool known = false;
  for (auto r : kVerifyResults) known |= r == result;
  if (!known) return invalid(fmt::format("核实结论应为 纳入/不纳入/已在监测，实际为“{}”", result), "result");
  if (by.empty()) return invalid("需要核实人（--by）", "by");
  if (!Date::parse(date)) return invalid(fmt::format("核实日期无效“{}”（应为 YYYY-MM-DD）", date), "date");
  return store.verify_warning(id, result, by, date);
}

}  // namespace fangpin::screening
