#include "app/assessment_format.h"

#include <cmath>

#include <fmt/format.h>

#include "domain/resident_id.h"

namespace fangpin::app {

namespace {
// Money as a JSON number with at most 2 decimals.
double yuan_number(Fen fen) { return static_cast<double>(fen) / 100.0; }

std::string fixed2(double v) { return fmt::format("{:.2f}", v); }

// Display width of UTF-8 text for aligning columns: CJK counts as 2.
std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++w; ++i; }
    else if ((c >> 5) == 6) { w += 1; i += 2; }
    else if ((c >> 4) == 14) { w += 2; i += 3; }
    else { w += 2; i += 4; }
  }
  return w;
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out(s);
  for (std::size_t w = display_width(s); w < width; ++w) out.push_back(' ');
  return out;
}

// ---- 信息采集表 fields (FORMATS.md optional columns): null / left out when unknown -------

using ojson = nlohmann::ordered_json;

template <class T>
ojson or_null(const std::optional<T>& v) {
  return v ? ojson(*v) : ojson(nullptr);
}
ojson mu_json(const std::optional<std::int32_t>& centimu) {
  return centimu ? ojson(static_cast<double>(*centimu) / 100.0) : ojson(nullptr);
}
std::string mu_text(std::int32_t centimu) {
  std::string s = fmt::format("{}.{:02d}", centimu / 100, centimu % 100);
  while (s.back() == '0') s.pop_back();  // 3.50 → 3.5, 12.00 → 12.
  if (s.back() == '.') s.pop_back();
  return s;
}

// Household keys as FORMATS.md names them; the bank account masked unless `unmasked`.
void add_household_profile(ojson& j, const HouseholdProfile& p, bool unmasked) {
  j["farmland_mu"] = mu_json(p.farmland_centimu);
  j["forest_mu"] = mu_json(p.forest_centimu);
  j["electricity"] = or_null(p.electricity);
  j["road"] = or_null(p.road);
  j["toilet"] = or_null(p.toilet);
  j["military_family"] = or_null(p.military_family);
  j["bank_account"] = p.bank_account.empty()    ? ojson(nullptr)
                      : unmasked                ? ojson(p.bank_account)
                                                : ojson(mask_bank_account(p.bank_account));
}

void add_member_profile(ojson& j, const MemberProfile& p) {
  j["assistance_status"] = p.assistance ? ojson(std::string(label(*p.assistance))) : ojson(nullptr);
  j["medical_insured"] = or_null(p.medical_insured);
  j["critical_insured"] = or_null(p.critical_insured);
  j["pension_insured"] = or_null(p.pension_insured);
  j["work_months"] = p.work_months ? ojson(static_cast<int>(*p.work_months)) : ojson(nullptr);
  j["ethnicity"] = p.ethnicity.empty() ? ojson(nullptr) : ojson(p.ethnicity);
  j["education_level"] = p.education_level ? ojson(std::string(label(*p.education_level))) : ojson(nullptr);
}

// "耕地 3.5 亩  林地 12 亩  通电 是 …" of the given fields; "" when none is known.
std::string household_profile_text(const HouseholdProfile& p, bool unmasked) {
  std::string out;
  auto add = [&out](std::string item) {
    if (!out.empty()) out += "  ";
    out += item;
  };
  if (p.farmland_centimu) add("耕地 " + mu_text(*p.farmland_centimu) + " 亩");
  if (p.forest_centimu) add("林地 " + mu_text(*p.forest_centimu) + " 亩");
  if (p.electricity) add(fmt::format("通电：{}", yes_no_label(*p.electricity)));
  if (p.road) add(fmt::format("入户路：{}", yes_no_label(*p.road)));
  if (p.toilet) add(fmt::format("卫生厕所：{}", yes_no_label(*p.toilet)));
  if (p.military_family) add(fmt::format("军烈属：{}", yes_no_label(*p.military_family)));
  if (!p.bank_account.empty()) add("银行账号：" + (unmasked ? p.bank_account : mask_bank_account(p.bank_account)));
  return out;
}

std::string member_profile_text(const MemberProfile& p) {
  std::string out;
  auto add = [&out](std::string item) {
    if (!out.empty()) out += "  ";
    out += item;
  };
  if (!p.ethnicity.empty()) add(p.ethnicity);
  if (p.education_level) add(std::string(label(*p.education_level)));
  if (p.assistance) add(fmt::format("低保特困：{}", label(*p.assistance)));
  if (p.medical_insured) add(fmt::format("基本医保：{}", yes_no_label(*p.medical_insured)));
  if (p.critical_insured) add(fmt::format("大病保险：{}", yes_no_label(*p.critical_insured)));
  if (p.pension_insured) add(fmt::format("养老保险：{}", yes_no_label(*p.pension_insured)));
  if (p.work_months) add(fmt::format("务工 {} 个月", static_cast<int>(*p.work_months)));
  return out;
}

std::string join_reasons(const Assessment& a) {
  std::string s;
  for (RiskReason r : a.reasons_in_order()) {
    if (!s.empty()) s += "、";
    s += label(r);
  }
  return s;
}
std::string join_shortfalls(const Assessment& a) {
  std::string s;
  for (Shortfall x : a.shortfalls_in_order()) {
    if (!s.empty()) s += "、";
    s += label(x);
  }
  return s;
}
std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) {
    if (!s.empty()) s += "、";
    s += x;
  }
  return s;
}
}  // namespace

nlohmann::ordered_json assessment_json(const Assessment& a) {
  nlohmann::ordered_json j;
  j["household_id"] = a.household_id;
  j["year"] = a.year;
  j["people"] = a.people;
  j["net_income"] = yuan_number(a.net_income);
  j["income_per_capita"] = a.income_per_capita();
  j["rigid_expenditure"] = yuan_number(a.rigid_expenditure);
  j["adjusted_income_per_capita"] = a.adjusted_income_per_capita();
  j["line"] = yuan_number(a.line);
  j["candidate"] = a.candidate;
  j["type"] = a.type ? nlohmann::ordered_json(std::string(label(*a.type))) : nlohmann::ordered_json(nullptr);
  auto reasons = nlohmann::ordered_json::array();
  for (RiskReason r : a.reasons_in_order()) reasons.push_back(std::string(label(r)));
  j["risk_reasons"] = reasons;
  j["primary_reason"] = a.primary_reason ? nlohmann::ordered_json(std::string(label(*a.primary_reason)))
                                         : nlohmann::ordered_json(nullptr);
  j["excluded"] = a.excluded;
  j["exclusion_reasons"] = a.exclusion_reasons;
  auto shortfalls = nlohmann::ordered_json::array();
  for (Shortfall s : a.shortfalls_in_order()) shortfalls.push_back(std::string(label(s)));
  j["shortfalls"] = shortfalls;
  j["wrong_type"] = a.wrong_type;
  return j;
}

nlohmann::ordered_json explain_json(const Assessment& a, const Explanation& e) {
  using oj = nlohmann::ordered_json;
  const Fen people = a.people;
  oj j;
  j["income"] = {{"per_capita", a.income_per_capita()},
                 {"line", yuan_number(a.line)},
                 {"below", a.net_income < a.line * people},
                 {"text", e.income}};
  j["adjusted"] = {{"per_capita", a.adjusted_income_per_capita()},
                   {"rigid_expenditure", yuan_number(a.rigid_expenditure)},
                   {"line", yuan_number(a.line)},
                   {"below", a.net_income - a.rigid_expenditure < a.line * people},
                   {"text", e.adjusted}};
  j["decision"] = e.decision;
  auto reasons = oj::array();
  for (const ReasonWhy& r : e.reasons)
    reasons.push_back({{"reason", std::string(label(r.reason))},
                       {"parameter", r.parameter.empty() ? oj(nullptr) : oj(r.parameter)},
                       {"rule", r.rule},
                       {"figures", r.figures},
                       {"primary", a.primary_reason == r.reason}});
  j["reasons"] = std::move(reasons);
  j["primary"] = e.primary.empty() ? oj(nullptr) : oj(e.primary);
  auto shortfalls = oj::array();
  for (const ShortfallWhy& s : e.shortfalls) shortfalls.push_back({{"item", std::string(label(s.item))}, {"fact", s.fact}});
  j["shortfalls"] = std::move(shortfalls);
  auto exclusions = oj::array();
  for (const ExclusionWhy& x : e.exclusions) exclusions.push_back({{"kind", x.kind}, {"fact", x.fact}});
  j["exclusions"] = std::move(exclusions);
  return j;
}

nlohmann::ordered_json assessment_json(const Assessment& a, const Explanation& e) {
  auto j = assessment_json(a);
  j["explain"] = explain_json(a, e);
  return j;
}

std::vector<std::string> assessment_csv_header() {
  return {"户编号", "年度", "家庭人口", "纯收入", "人均纯收入", "刚性支出", "扣除刚性支出后人均收入", "监测线",
          "是否纳入候选", "监测对象类型", "风险因素", "主要风险", "是否排除", "排除原因", "三保障短板", "类型错误"};
}

std::vector<std::string> assessment_csv_row(const Assessment& a) {
  return {a.household_id,
          std::to_string(a.year),
          std::to_string(a.people),
          format_yuan(a.net_income),
          fixed2(a.income_per_capita()),
          format_yuan(a.rigid_expenditure),
          fixed2(a.adjusted_income_per_capita()),
          format_yuan(a.line),
          std::string(yes_no_label(a.candidate)),
          a.type ? std::string(label(*a.type)) : std::string(),
          join_reasons(a),
          a.primary_reason ? std::string(label(*a.primary_reason)) : std::string(),
          std::string(yes_no_label(a.excluded)),
          join(a.exclusion_reasons),
          join_shortfalls(a),
          std::string(yes_no_label(a.wrong_type))};
}

void write_assessment_table(std::ostream& out, const AssessResult& result, const TableOptions& opt) {
  const auto& recs = result.records;
  std::string scope = opt.region_prefix.empty() ? "全部区域" : opt.region_prefix;
  if (opt.regions && !opt.region_prefix.empty()) {
    auto name = opt.regions->name(opt.region_prefix);
    if (!name.empty()) scope += " " + name;
  }
  out << fmt::format("防止返贫监测 — {} 年度评估（{}）\n", opt.year, scope);
  if (!recs.empty()) out << fmt::format("监测线：{} 元/人·年\n", format_yuan(recs.front().line));
  out << fmt::format("参与评估 {} 户；列出 {} 户（纳入候选或负面清单排除）\n\n", result.households_seen, recs.size());

  const std::size_t shown = opt.detail_limit == 0 ? recs.size() : std::min(recs.size(), opt.detail_limit);
  if (shown > 0) {
    const std::size_t w[] = {18, 4, 10, 12, 14, 14, 20};
    out << pad("户编号", w[0]) << ' ' << pad("人口", w[1]) << ' ' << pad("人均纯收入", w[2]) << ' '
        << pad("扣刚性后人均", w[3]) << ' ' << pad("类型", w[4]) << ' ' << pad("主要风险", w[5]) << ' '
        << pad("风险因素", w[6]) << " 备注\n";
    for (std::size_t i = 0; i < shown; ++i) {
      const Assessment& a = recs[i];
      std::string note;
      if (a.excluded) note = "排除：" + join(a.exclusion_reasons);
      if (!a.shortfalls.empty()) note += (note.empty() ? "" : "；") + std::string("短板：") + join_shortfalls(a);
      if (a.wrong_type) note += (note.empty() ? "" : "；") + std::string("类型错误");
      out << pad(a.household_id, w[0]) << ' ' << pad(std::to_string(a.people), w[1]) << ' '
          << pad(fixed2(a.income_per_capita()), w[2]) << ' ' << pad(fixed2(a.adjusted_income_per_capita()), w[3]) << ' '
          << pad(a.type ? label(*a.type) : (a.excluded ? "（排除）" : "—"), w[4]) << ' '
          << pad(a.primary_reason ? label(*a.primary_reason) : "—", w[5]) << ' ' << pad(join_reasons(a), w[6]) << ' '
          << note << '\n';
    }
    if (shown < recs.size())
      out << fmt::format("……另有 {} 户未列出{}\n", recs.size() - shown, opt.more_hint.empty() ? "" : "（" + opt.more_hint + "）");
    out << '\n';
  }

  AssessTotals t = totals_of(recs);
  auto line = [&](std::string_view name, const AssessTotals::Count& c) {
    out << "  " << pad(name, 20) << fmt::format("{:>7} 户 {:>8} 人\n", c.households, c.people);
  };
  out << "汇总\n";
  line("纳入候选合计", t.candidates);
  out << "按类型\n";
  for (int i = 0; i < 3; ++i) line(label(static_cast<MonitoredType>(i)), t.by_type[i]);
  out << "按主要风险\n";
  for (int i = 0; i < kRiskReasonCount; ++i)
    if (t.by_primary_reason[i].households > 0) line(label(static_cast<RiskReason>(i)), t.by_primary_reason[i]);
  out << "按风险因素（一户可多项）\n";
  for (int i = 0; i < kRiskReasonCount; ++i)
    if (t.by_reason[i].households > 0) line(label(static_cast<RiskReason>(i)), t.by_reason[i]);
  out << "负面清单排除\n";
  line("排除合计", t.excluded);
  for (const auto& [kind, c] : t.by_exclusion) line(kind, c);
  out << "两不愁三保障及饮水短板（需立即解决）\n";
  for (int i = 0; i < kShortfallCount; ++i) line(label(static_cast<Shortfall>(i)), t.by_shortfall[i]);
  if (t.wrong_type.households > 0) {
    out << "监测对象类型核查（SPEC §4 一致性）\n";
    line("已有类型与收入不符", t.wrong_type);
  }
  if (!result.unassessable.empty())
    out << fmt::format("未能评估 {} 户（如缺少 {} 年度收支或无在户成员）\n", result.unassessable.size(), opt.year);
}

nlohmann::ordered_json household_json(const store::HouseholdDetail& d, bool unmasked) {
  const Household& h = d.household;
  nlohmann::ordered_json j;
  j["household_id"] = h.household_id;
  j["region_code"] = h.region_code;
  j["head_name"] = h.head_name;
  j["phone"] = unmasked ? h.phone : mask_phone(h.phone);
  j["formerly_poor"] = h.formerly_poor;
  j["exit_year"] = h.exit_year ? nlohmann::ordered_json(*h.exit_year) : nlohmann::ordered_json(nullptr);
  j["relocated"] = h.relocated;
  j["housing_safe"] = h.housing_safe;
  j["water_safe"] = h.water_safe;
  j["education_ok"] = h.education_ok;
  j["medical_ok"] = h.medical_ok;
  j["food_clothing_ok"] = h.food_clothing_ok;
  j["monitored_type"] = h.monitored_type ? nlohmann::ordered_json(std::string(label(*h.monitored_type)))
                                         : nlohmann::ordered_json(nullptr);
  // SPEC §9: the latest case decision (case id 0 / null: an import's label or never monitored).
  j["monitor_status"] = std::string(api_name(h.monitor_status));
  j["monitor_case_id"] = h.monitor_case_id != 0 ? nlohmann::ordered_json(h.monitor_case_id) : nlohmann::ordered_json(nullptr);
  j["monitor_on"] = h.monitor_on ? nlohmann::ordered_json(h.monitor_on->iso()) : nlohmann::ordered_json(nullptr);
  add_household_profile(j, h.profile, unmasked);
  auto members = nlohmann::ordered_json::array();
  for (const Member& m : d.members) {
    nlohmann::ordered_json mj;
    mj["name"] = m.name;
    mj["id_number"] = unmasked ? m.id_number : mask_resident_id(m.id_number);
    mj["birth_date"] = m.birth.iso();
    mj["sex"] = m.id_number.size() == 18 && (m.id_number[16] - '0') % 2 == 1 ? "男" : "女";
    mj["relation"] = std::string(label(m.relation));
    mj["health"] = std::string(label(m.health));
    mj["disability_grade"] = m.disability_grade > 0 ? nlohmann::ordered_json(m.disability_grade) : nlohmann::ordered_json(nullptr);
    mj["labour"] = std::string(label(m.labour));
    mj["schooling"] = std::string(label(m.schooling));
    mj["employment"] = std::string(label(m.employment));
    mj["public_employee"] = m.public_employee;
    mj["status"] = std::string(label(m.status));
    mj["status_date"] = m.status_date ? nlohmann::ordered_json(m.status_date->iso()) : nlohmann::ordered_json(nullptr);
    add_member_profile(mj, m.profile);
    members.push_back(std::move(mj));
  }
  j["members"] = std::move(members);
  auto finance_json = [](const Finance& f) {
    nlohmann::ordered_json fj;
    fj["year"] = f.year;
    fj["wage_income"] = yuan_number(f.wage_income);
    fj["business_income"] = yuan_number(f.business_income);
    fj["property_income"] = yuan_number(f.property_income);
    fj["transfer_income"] = yuan_number(f.transfer_income);
    fj["business_expense"] = yuan_number(f.business_expense);
    fj["medical_selfpay"] = yuan_number(f.medical_selfpay);
    fj["education_expense"] = yuan_number(f.education_expense);
    fj["disaster_loss"] = yuan_number(f.disaster_loss);
    fj["accident_expense"] = yuan_number(f.accident_expense);
    fj["other_rigid"] = yuan_number(f.other_rigid);
    fj["net_income"] = yuan_number(f.net_income());
    fj["rigid_expenditure"] = yuan_number(f.rigid_expenditure());
    return fj;
  };
  auto finances = nlohmann::ordered_json::array();
  for (const Finance& f : d.finances) finances.push_back(finance_json(f));
  j["finances"] = std::move(finances);
  auto history = nlohmann::ordered_json::array();
  for (const auto& rev : d.history) {
    auto fj = finance_json(rev.finance);
    fj["imported_at"] = rev.imported_at;
    fj["superseded_at"] = rev.superseded_at.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(rev.superseded_at);
    fj["source_file"] = rev.source_file;
    history.push_back(std::move(fj));
  }
  j["finance_history"] = std::move(history);
  auto facts = nlohmann::ordered_json::array();
  for (const auto& f : d.negative_facts) facts.push_back({{"kind", f.kind}, {"detail", f.detail}, {"source", f.source}});
  j["negative_facts"] = std::move(facts);
  return j;
}

void write_household_text(std::ostream& out, const store::HouseholdDetail& d, bool unmasked) {
  const Household& h = d.household;
  out << fmt::format("户编号：{}\n区划代码：{}\n户主：{}  联系电话：{}\n", h.household_id, h.region_code, h.head_name,
                     unmasked ? h.phone : mask_phone(h.phone));
  out << fmt::format("是否脱贫户：{}{}  是否易地搬迁户：{}\n", yes_no_label(h.formerly_poor),
                     h.exit_year ? fmt::format("（{} 年脱贫）", *h.exit_year) : std::string(), yes_no_label(h.relocated));
  out << fmt::format("住房安全：{}  饮水安全：{}  义务教育保障：{}  基本医疗保障：{}  不愁吃穿：{}\n",
                     yes_no_label(h.housing_safe), yes_no_label(h.water_safe), yes_no_label(h.education_ok),
                     yes_no_label(h.medical_ok), yes_no_label(h.food_clothing_ok));
  if (h.monitored_type) out << "监测对象类型：" << label(*h.monitored_type) << '\n';
  if (h.monitor_case_id != 0)
    out << fmt::format("监测状态：{}（案件 {} 于 {} 决定）\n", label(h.monitor_status), h.monitor_case_id,
                       h.monitor_on ? h.monitor_on->iso() : std::string("?"));
  else if (h.monitor_status != MonitorStatus::None)
    out << fmt::format("监测状态：{}（导入的类型，无案件）\n", label(h.monitor_status));
  if (auto p = household_profile_text(h.profile, unmasked); !p.empty()) out << "信息采集表：" << p << '\n';
  out << fmt::format("\n家庭成员（{} 人）\n", d.members.size());
  for (const Member& m : d.members) {
    out << fmt::format("  {} {} {} {} {}{} {} {}{}\n", pad(m.name, 8), unmasked ? m.id_number : mask_resident_id(m.id_number),
                       pad(label(m.relation), 6), pad(label(m.health), 10),
                       m.disability_grade > 0 ? fmt::format("残疾{}级 ", m.disability_grade) : std::string(),
                       label(m.labour), label(m.schooling), label(m.status),
                       m.status_date ? "（" + m.status_date->iso() + "）" : std::string());
    if (auto p = member_profile_text(m.profile); !p.empty()) out << "    " << p << '\n';
  }
  out << "\n年度收支（元）\n";
  for (const Finance& f : d.finances) {
    out << fmt::format("  {} 年：纯收入 {}（工资 {}，经营 {}，财产 {}，转移 {}，经营支出 {}）；刚性支出 {}\n", f.year,
                       format_yuan(f.net_income()), format_yuan(f.wage_income), format_yuan(f.business_income),
                       format_yuan(f.property_income), format_yuan(f.transfer_income), format_yuan(f.business_expense),
                       format_yuan(f.rigid_expenditure()));
  }
  if (d.history.size() > d.finances.size())
    out << fmt::format("  （收支修订记录 {} 条，已被替代的保留在历史中）\n", d.history.size());
  for (const auto& f : d.negative_facts) out << fmt::format("负面清单：{} {}（{}）\n", f.kind, f.detail, f.source);
}

}  // namespace fangpin::app
