#include "screening/engine.h"

#include <tbb/parallel_pipeline.h>
#include <tbb/info.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include <fmt/format.h>

#include "domain/region.h"
#include "domain/resident_id.h"
#include "io/mapped_csv.h"
#include "io/table.h"
#include "screening/department_rules.h"

namespace fangpin::screening {

namespace {

std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  // U+3000 ideographic space, common in hand-typed sheets.
  constexpr std::string_view kIdeo = "\xE3\x80\x80";
  while (s.starts_with(kIdeo)) s.remove_prefix(3);
  while (s.ends_with(kIdeo)) s.remove_suffix(3);
  return s;
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// Column slot -> index of the cell in a row (-1 = column absent).
struct ColumnMap {
  std::array<int, kMaxFeedColumns> cell{};
};

Result<ColumnMap> map_columns(Department d, const std::vector<std::string>& header, std::vector<std::string>& notes) {
  const auto cols = feed_columns(d);
  ColumnMap m;
  m.cell.fill(-1);
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string_view h = trim(header[c]);
    if (h.empty()) continue;
    bool known = false;
    for (std::size_t s = 0; s < cols.size(); ++s) {
      if (cols[s].header == h || cols[s].key == lower(h)) {
        if (m.cell[s] < 0) m.cell[s] = static_cast<int>(c);
        known = true;
        break;
      }
    }
    if (!known) notes.push_back(fmt::format("忽略未知列“{}”", h));
  }
  for (std::size_t s = 0; s < cols.size(); ++s)
    if (cols[s].required && m.cell[s] < 0)
      return Error{ErrorKind::Unsupported, fmt::format("{}数据缺少必需列“{}”", label(d), cols[s].header), std::string(cols[s].header)};
  if (d == Department::Disaster && m.cell[kColId] < 0 && m.cell[kColRegion] < 0)
    return Error{ErrorKind::Unsupported, "应急数据需要“证件号码”列或“区划代码”列（区域灾害事件）", "证件号码"};
  if (d != Department::Disaster) m.cell[kColRegion] = -1;  // only 应急 rows name an area
  return m;
}

// Per-run constants shared by every worker.
struct Ctx {
  const FeedRequest* req;
  const RegistryIndex* index;
  const Policy* policy;
  const ScreeningParams* params;
  std::span<const FeedColumn> cols;
  ColumnMap map;
  Fen national_line = 0;
  bool has_overrides = false;
};

struct Out {
  bool not_plain = false;  // mapped CSV chunk the fast path cannot read
  std::size_t bytes = 0;   // of input this covers (mapped path)
  std::size_t rows = 0, matched = 0, unmatched = 0, rejected = 0;
  std::vector<RowIssue> issues;
  std::vector<UnmatchedRow> unmatched_rows;
  std::vector<Signal> signals;
  std::vector<IndexedFact> facts;
  std::vector<AreaEvent> events;
};

struct RowView {
  const Ctx& c;
  std::size_t row;
  std::span<const std::string_view> cells;
  std::string_view get(int slot) const {
    const int i = c.map.cell[static_cast<std::size_t>(slot)];
    if (i < 0 || static_cast<std::size_t>(i) >= cells.size()) return {};
    return trim(cells[static_cast<std::size_t>(i)]);
  }
  std::string header(int slot) const { return std::string(c.cols[static_cast<std::size_t>(slot)].header); }
};

void reject(Out& o, const RowView& v, int slot, std::string reason) {
  ++o.rejected;
  o.issues.push_back(RowIssue{v.row, false, 0, v.header(slot), std::move(reason)});
}

int age_on(std::uint64_t key, const Date& on) {
  const int ymd = packed_birth_ymd(key);
  auto birth = Date::from_ymd(ymd / 10000, ymd / 100 % 100, ymd % 100);
  return birth ? fangpin::age_on(*birth, on) : -1;
}

// The matched member and household for the department rule.
Subject subject_of(const Ctx& c, const IndexPerson& p, const Date& date, bool needs_line) {
  const IndexHousehold& h = c.index->household(p.household);
  Subject s;
  s.age = age_on(p.key, date);
  s.present = (p.flags & kPersonPresent) != 0;
  s.labourer = (p.flags & kPersonLabourer) != 0;
  s.household_labourers = h.labourers;
  s.finance_year = h.finance_year;
  s.people = h.people;
  s.net = h.net;
  s.rigid = h.rigid;
  if (needs_line && h.finance_year != 0 && h.people != 0) {
    if (!c.has_overrides) {
      s.line = c.national_line;
    } else if (auto l = c.policy->line_for(c.req->year, c.index->region_code(p.household))) {
      s.line = *l;
    }
  }
  return s;
}

// 应急 area event: a 区划代码 and no 证件号码 (SPEC §11).
void area_event(const RowView& v, const RowCells& cells, int year, Out& o) {
  const std::string_view region = cells[kColRegion];
  if (region.empty()) {
    reject(o, v, kColId, "证件号码与区划代码均为空");
    return;
  }
  if (!is_region_prefix(region) || region.size() < 2) {
    reject(o, v, kColRegion, fmt::format("区划代码无效“{}”（应为2–12位数字）", region));
    return;
  }
  RowFields f;
  if (auto r = department_rule(Department::Disaster).validate(cells, f)) {
    reject(o, v, r->slot, std::move(r->reason));
    return;
  }
  o.events.push_back(AreaEvent{std::string(region), year, std::string(f.t1)});
  ++o.matched;  // households are flagged once per event after the pass (service)
}

// One data row: 日期 and 证件号码 here, the department's own fields and grade by its rule
// (department_rules.h). Appends to `o`; never throws on bad input.
void process_row(const Ctx& c, std::size_t row_number, std::span<const std::string_view> row_cells, Out& o) {
  ++o.rows;
  const RowView v{c, row_number, row_cells};
  const Department d = c.req->department;
  RowCells cells{};
  for (std::size_t s = 0; s < c.cols.size(); ++s) cells[s] = v.get(static_cast<int>(s));
  const std::string_view date_text = cells[kColDate];
  auto date = Date::parse(date_text);
  if (!date) {
    reject(o, v, kColDate, date_text.empty() ? "必填项为空" : fmt::format("日期无效“{}”（应为 YYYY-MM-DD）", date_text));
    return;
  }
  const std::string_view id_text = cells[kColId];
  if (d == Department::Disaster && id_text.empty()) {
    area_event(v, cells, date->year, o);
    return;
  }
  if (id_text.empty()) {
    reject(o, v, kColId, "必填项为空");
    return;
  }
  auto rid = parse_resident_id(id_text);
  if (!rid) {
    reject(o, v, kColId, fmt::format("证件号码 {} 无效：{}", mask_resident_id(id_text), rid.error().message));
    return;
  }
  const std::uint64_t key = *pack_resident_id(rid->number);

  const DepartmentRule& rule = department_rule(d);
  RowFields f;
  if (auto r = rule.validate(cells, f)) {
    reject(o, v, r->slot, std::move(r->reason));
    return;
  }

  const IndexPerson* p = c.index->find(key);
  if (p == nullptr) {
    ++o.unmatched;
    o.unmatched_rows.push_back(UnmatchedRow{row_number, key});
    return;
  }
  ++o.matched;
  Verdict verdict = rule.grade(f, subject_of(c, *p, *date, rule.uses_income_line), *c.params);
  if (verdict.signal) {
    Signal& s = o.signals.emplace_back();
    s.household = p->household;
    s.reason = verdict.signal->reason;
    s.grade = verdict.signal->grade;
    s.member = p->key;
    s.row = row_number;
    s.fact.department = d;
    s.fact.flag = verdict.signal->flag;
    s.fact.date = date->year * 10000 + date->month * 100 + date->day;
    s.fact.a1 = f.a1;
    s.fact.a2 = verdict.signal->a2;
    s.fact.t1 = f.t1;
    s.fact.t2 = f.t2;
  }
  if (verdict.negative)
    o.facts.push_back(
        IndexedFact{p->household, std::move(verdict.negative->kind), std::move(verdict.negative->detail), row_number});
}

template <class T>
void append(std::vector<T>& to, std::vector<T>& from) {
  if (to.empty() && to.capacity() < from.size()) {
    to.swap(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

namespace {

constexpr std::size_t kChunkBytes = 4u << 20;
constexpr std::size_t kBatchRows = 8192;

std::size_t pipeline_tokens() { return static_cast<std::size_t>(std::max(2, tbb::info::default_concurrency())) * 2; }

void collect(Out& total, Out& o) {
  total.rows += o.rows;
  total.matched += o.matched;
  total.unmatched += o.unmatched;
  total.rejected += o.rejected;
  append(total.issues, o.issues);
  append(total.unmatched_rows, o.unmatched_rows);
  append(total.signals, o.signals);
  append(total.facts, o.facts);
  append(total.events, o.events);
}

// Rows processed a group at a time so the registry lookups' memory reads overlap: at
// province scale the index is far larger than the caches, and one row's three dependent
// reads (bucket → person → household) would otherwise each wait for memory.
class RowGroup {
 public:
  static constexpr std::size_t kRows = 32;
  explicit RowGroup(const Ctx& c) : c_(c) {
    for (int i : c.map.cell) width_ = std::max(width_, static_cast<std::size_t>(i + 1));
    cells_.resize(kRows * width_);
  }
  // Copies the row's cells (views into the mapping); true when the group is full.
  bool add(std::size_t row, std::span<const std::string_view> cells) {
    row_[n_] = row;
    count_[n_] = std::min(cells.size(), width_);
    std::copy_n(cells.begin(), count_[n_], cells_.begin() + static_cast<std::ptrdiff_t>(n_ * width_));
    return ++n_ == kRows;
  }
  void flush(Out& o) {
    const int id_cell = c_.map.cell[kColId];
    for (std::size_t i = 0; i < n_; ++i) {
      key_[i] = 0;
      if (id_cell < 0 || static_cast<std::size_t>(id_cell) >= count_[i]) continue;
      if (auto k = pack_resident_id(trim(cells_[i * width_ + static_cast<std::size_t>(id_cell)]))) {
        key_[i] = *k;
        c_.index->prefetch_bucket(*k);
      }
    }
    for (std::size_t i = 0; i < n_; ++i)
      if (key_[i] != 0) c_.index->prefetch_person(key_[i]);
    for (std::size_t i = 0; i < n_; ++i)
      if (key_[i] != 0)
        if (const IndexPerson* p = c_.index->find(key_[i])) c_.index->prefetch_household(*p);
    for (std::size_t i = 0; i < n_; ++i)
      process_row(c_, row_[i], std::span<const std::string_view>(cells_.data() + i * width_, count_[i]), o);
    n_ = 0;
  }

 private:
  const Ctx& c_;
  std::size_t width_ = 1;
  std::size_t n_ = 0;
  std::vector<std::string_view> cells_;
  std::array<std::size_t, kRows> row_{};
  std::array<std::size_t, kRows> count_{};
  std::array<std::uint64_t, kRows> key_{};
};

// Memory-mapped plain CSV, chunks parsed in parallel. False: a chunk is not plain (quotes,
// lone CR, invalid UTF-8) and the caller must read the file the general way.
bool screen_mapped(const Ctx& c, io::MappedCsv& csv, Out& total) {
  using Chunk = std::shared_ptr<io::MappedCsv::Chunk>;
  using Done = std::shared_ptr<Out>;
  bool plain = true;
  tbb::parallel_pipeline(
      pipeline_tokens(),
      tbb::make_filter<void, Chunk>(tbb::filter_mode::serial_in_order,
                                    [&](tbb::flow_control& fc) -> Chunk {
                                      auto ch = std::make_shared<io::MappedCsv::Chunk>(csv.next_chunk(kChunkBytes));
                                      if (ch->text.empty()) {
                                        fc.stop();
                                        return nullptr;
                                      }
                                      return ch;
                                    }) &
          tbb::make_filter<Chunk, Done>(tbb::filter_mode::parallel,
                                        [&](Chunk ch) -> Done {
                                          auto o = std::make_shared<Out>();
                                          RowGroup group(c);
                                          const bool ok = io::MappedCsv::for_each_row(
                                              *ch, [&](std::size_t row, std::span<const std::string_view> cells) {
                                                if (group.add(row, cells)) group.flush(*o);
                                              });
                                          group.flush(*o);
                                          o->bytes = ch->text.size();
                                          if (!ok) o->not_plain = true;
                                          return o;
                                        }) &
          tbb::make_filter<Done, void>(tbb::filter_mode::serial_in_order, [&](Done o) {
            if (o->not_plain) plain = false;
            if (!plain) return;
            if (total.rows == 0 && o->bytes > 0) {
              // Size the totals once from the first chunk's rates: growing them by doubling
              // would touch (and on a VM, have the host back) several times the final memory.
              const double scale = 1.25 * static_cast<double>(csv.size()) / static_cast<double>(o->bytes);
              total.signals.reserve(static_cast<std::size_t>(scale * static_cast<double>(o->signals.size())) + 1024);
              total.unmatched_rows.reserve(
                  static_cast<std::size_t>(scale * static_cast<double>(o->unmatched_rows.size())) + 1024);
            }
            collect(total, *o);
          }));
  return plain;
}

// Any table open_table reads: rows read by one thread in batches, graded in parallel.
Status screen_rows(const Ctx& c, io::TableReader& r, Out& total) {
  std::optional<Error> read_error;
  using Batch = std::shared_ptr<std::vector<io::TableRow>>;
  using Done = std::shared_ptr<Out>;
  tbb::parallel_pipeline(
      pipeline_tokens(),
      tbb::make_filter<void, Batch>(tbb::filter_mode::serial_in_order,
                                    [&](tbb::flow_control& fc) -> Batch {
                                      if (read_error) {
                                        fc.stop();
                                        return nullptr;
                                      }
                                      auto b = std::make_shared<std::vector<io::TableRow>>(kBatchRows);
                                      std::size_t n = 0;
                                      while (n < kBatchRows) {
                                        auto more = r.next((*b)[n]);
                                        if (!more) {
                                          read_error = more.error();
                                          break;
                                        }
                                        if (!*more) break;
                                        ++n;
                                      }
                                      if (n == 0) {
                                        fc.stop();
                                        return nullptr;
                                      }
                                      b->resize(n);
                                      return b;
                                    }) &
          tbb::make_filter<Batch, Done>(tbb::filter_mode::parallel,
                                        [&](Batch b) -> Done {
                                          auto o = std::make_shared<Out>();
                                          std::vector<std::string_view> cells;
                                          for (const io::TableRow& row : *b) {
                                            cells.assign(row.cells.begin(), row.cells.end());
                                            process_row(c, row.row_number, cells, *o);
                                          }
                                          return o;
                                        }) &
          tbb::make_filter<Done, void>(tbb::filter_mode::serial_in_order, [&](Done o) { collect(total, *o); }));
  if (read_error) return *read_error;
  return Ok{};
}

}  // namespace

std::string issue_reason(const RowIssue& i) {
  if (i.unmatched && i.reason.empty())
    return fmt::format("证件号码 {} 不在户籍登记中", mask_resident_id(unpack_resident_id(i.unmatched_key)));
  return i.reason;
}

std::vector<RowIssue> issues_in_row_order(const std::vector<RowIssue>& malformed,
                                          const std::vector<UnmatchedRow>& unmatched, std::size_t limit) {
  std::vector<RowIssue> out;
  out.reserve(std::min(limit, malformed.size() + unmatched.size()));
  std::size_t m = 0, u = 0;
  while (out.size() < limit && (m < malformed.size() || u < unmatched.size())) {
    if (u == unmatched.size() || (m < malformed.size() && malformed[m].row < unmatched[u].row)) {
      out.push_back(malformed[m++]);
    } else {
      out.push_back(RowIssue{unmatched[u].row, true, unmatched[u].key, "证件号码", {}});
      ++u;
    }
  }
  return out;
}

Result<FeedOutcome> screen_feed(const FeedRequest& req, const RegistryIndex& index, const Policy& policy,
                                const ScreeningParams& params) {
  Ctx c{&req, &index, &policy, &params, feed_columns(req.department), {}, 0, false};
  if (auto y = policy.require_year(req.year); !y) return y.error();
  for (const auto& o : policy.line_overrides) c.has_overrides |= o.year == req.year;
  if (auto l = policy.line_for(req.year, "000000000000"); l) c.national_line = *l;
  FeedOutcome out;
  Out total;
  bool done = false;
  auto mapped = io::MappedCsv::open(req.path);
  if (!mapped) return mapped.error();
  if (*mapped) {
    auto map = map_columns(req.department, (*mapped)->header(), out.warnings);
    if (!map) return map.error();
    c.map = *map;
    out.encoding = (*mapped)->encoding();
    done = screen_mapped(c, **mapped, total);
    if (!done) {
      total = Out{};
      out.warnings.clear();
    }
  }
  if (!done) {
    auto reader = io::open_table(req.path);
    if (!reader) return reader.error();
    out.encoding = (*reader)->source_encoding();
    auto map = map_columns(req.department, (*reader)->header(), out.warnings);
    if (!map) return map.error();
    c.map = *map;
    if (auto st = screen_rows(c, **reader, total); !st) return st.error();
  }
  out.rows = total.rows;
  out.matched = total.matched;
  out.unmatched = total.unmatched;
  out.rejected = total.rejected;
  out.issues = std::move(total.issues);
  out.unmatched_rows = std::move(total.unmatched_rows);
  out.signals = std::move(total.signals);
  out.negative_facts = std::move(total.facts);
  out.area_events = std::move(total.events);

  // Area events flag every household in the area (SPEC §11): one 黄 因灾 signal each.
  for (const AreaEvent& e : out.area_events) {
    const std::size_t digits = e.region_prefix.size();
    std::uint64_t prefix = 0;
    for (char ch : e.region_prefix) prefix = prefix * 10 + static_cast<std::uint64_t>(ch - '0');
    std::uint64_t div = 1;
    for (std::size_t k = digits; k < 12; ++k) div *= 10;
    for (std::uint32_t h = 0; h < index.household_count(); ++h) {
      if (index.household(h).region / div != prefix) continue;
      Signal& s = out.signals.emplace_back();
      s.household = h;
      s.reason = RiskReason::Disaster;
      s.grade = Grade::Yellow;
      s.fact.department = Department::Disaster;
      s.fact.area = true;
      s.fact.a1 = e.year;
      s.fact.t1 = e.kind;
      s.fact.t2 = e.region_prefix;
    }
  }
  return out;
}

}  // namespace fangpin::screening
