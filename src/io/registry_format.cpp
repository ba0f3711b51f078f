#include "io/registry_format.h"

#include <array>
#include <cmath>
#include <cstdlib>

#include "domain/household_id.h"
#include "domain/resident_id.h"

namespace fangpin::io {

namespace {

constexpr std::array<ColumnSpec, 20> kHouseholdColumns{{
    {"户编号", "household_id", true},
    {"区划代码", "region_code", true},
    {"户主姓名", "head_name", true},
    {"联系电话", "phone", false},
    {"是否脱贫户", "formerly_poor", true},
    {"脱贫年度", "exit_year", false},
    {"是否易地搬迁户", "relocated", false},
    {"住房安全", "housing_safe", true},
    {"饮水安全", "water_safe", true},
    {"义务教育保障", "education_ok", true},
    {"基本医疗保障", "medical_ok", true},
    {"不愁吃穿", "food_clothing_ok", true},
    {"监测对象类型", "monitored_type", false},
    // 信息采集表 (optional, FORMATS.md)
    {"耕地面积", "farmland_mu", false, true},
    {"林地面积", "forest_mu", false, true},
    {"通电", "electricity", false, true},
    {"入户路", "road", false, true},
    {"卫生厕所", "toilet", false, true},
    {"是否军烈属", "military_family", false, true},
    {"银行账号", "bank_account", false, true},
}};
enum HouseholdCol { kHId, kHRegion, kHHead, kHPhone, kHPoor, kHExit, kHRelocated, kHHousing, kHWater, kHEdu, kHMed, kHFood, kHType,
                    kHFarmland, kHForest, kHElectricity, kHRoad, kHToilet, kHMilitary, kHBank };

constexpr std::array<ColumnSpec, 19> kMemberColumns{{
    {"户编号", "household_id", true},
    {"姓名", "name", true},
    {"证件号码", "id_number", true},
    {"与户主关系", "relation", true},
    {"健康状况", "health", true},
    {"残疾等级", "disability_grade", false},
    {"劳动技能", "labour", true},
    {"在校生状况", "schooling", false},
    {"务工状况", "employment", false},
    {"是否公职人员", "public_employee", false},
    {"在户状态", "status", false},
    {"变动日期", "status_date", false},
    // 信息采集表 (optional, FORMATS.md)
    {"低保特困", "assistance_status", false, true},
    {"基本医保", "medical_insured", false, true},
    {"大病保险", "critical_insured", false, true},
    {"养老保险", "pension_insured", false, true},
    {"务工月数", "work_months", false, true},
    {"民族", "ethnicity", false, true},
    {"文化程度", "education_level", false, true},
}};
enum MemberCol { kMHousehold, kMName, kMId, kMRelation, kMHealth, kMGrade, kMLabour, kMSchooling, kMEmployment, kMPublic, kMStatus, kMStatusDate,
                 kMAssistance, kMMedical, kMCritical, kMPension, kMWorkMonths, kMEthnicity, kMEducation };

constexpr std::array<ColumnSpec, 12> kFinanceColumns{{
    {"户编号", "household_id", true},
    {"年度", "year", true},
    {"工资性收入", "wage_income", true},
    {"生产经营性收入", "business_income", true},
    {"财产性收入", "property_income", true},
    {"转移性收入", "transfer_income", true},
    {"生产经营性支出", "business_expense", true},
    {"合规自付医疗费用", "medical_selfpay", false},
    {"教育支出", "education_expense", false},
    {"灾害损失", "disaster_loss", false},
    {"意外事故支出", "accident_expense", false},
    {"其他刚性支出", "other_rigid", false},
}};

std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  // Full-width space (U+3000) is common in Chinese spreadsheets.
  while (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Cell access for one row with error collection.
class RowReader {
 public:
  RowReader(const HeaderMap& h, const TableRow& row, std::span<const ColumnSpec> cols, std::vector<RowError>& errors)
      : h_(h), row_(row), cols_(cols), errors_(errors) {}

  std::string_view cell(int col) const {
    int i = h_.index[static_cast<std::size_t>(col)];
    if (i < 0 || static_cast<std::size_t>(i) >= row_.cells.size()) return {};
    return trim(row_.cells[static_cast<std::size_t>(i)]);
  }
  std::string_view header(int col) const { return cols_[static_cast<std::size_t>(col)].header; }
  void fail(int col, std::string reason) {
    errors_.push_back(RowError{row_.row_number, std::string(header(col)), std::move(reason)});
    ok_ = false;
  }
  bool ok() const { return ok_; }

  // Required text: non-empty.
  std::string text(int col, bool required) {
    auto v = cell(col);
    if (v.empty() && required) fail(col, "必填项为空");
    return std::string(v);
  }
  std::optional<bool> yes_no(int col, bool required, bool fallback = false) {
    auto v = cell(col);
    if (v.empty()) {
      if (required) {
        fail(col, "必填项为空（应为 是/否）");
        return std::nullopt;
      }
      return fallback;
    }
    auto b = parse_yes_no(v);
    if (!b) fail(col, "“" + std::string(v) + "”不是有效的是/否值（可用 是/否、Y/N、1/0、true/false）");
    return b;
  }
  // An optional 信息采集表 yes/no: empty = unknown.
  std::optional<bool> maybe_yes_no(int col) {
    if (cell(col).empty()) return std::nullopt;
    return yes_no(col, false);
  }
  // 亩 with up to two decimals, 0 ≤ area ≤ 1,000,000, in 0.01 亩; empty = unknown.
  std::optional<std::int32_t> area(int col) {
    auto v = cell(col);
    if (v.empty()) return std::nullopt;
    auto a = parse_yuan(v);  // same grammar as 元: up to two decimals
    if (!a) {
      fail(col, "“" + std::string(v) + "”不是有效面积（亩，最多两位小数）");
      return std::nullopt;
    }
    if (*a < 0 || *a > 100'000'000) {
      fail(col, "面积应在 0–1000000 亩之间：" + std::string(v));
      return std::nullopt;
    }
    return static_cast<std::int32_t>(*a);
  }
  template <class E>
  std::optional<E> choice(int col, bool required, std::optional<E> (*parse)(std::string_view), E fallback,
                          std::string_view allowed) {
    auto v = cell(col);
    if (v.empty()) {
      if (required) fail(col, "必填项为空（可选值：" + std::string(allowed) + "）");
      return fallback;
    }
    auto e = parse(v);
    if (!e) fail(col, "“" + std::string(v) + "”不是有效值（可选值：" + std::string(allowed) + "）");
    return e;
  }
  Fen money(int col, bool required) {
    auto v = cell(col);
    if (v.empty()) {
      if (required) fail(col, "必填项为空（金额，元）");
      return 0;
    }
    auto f = parse_yuan(v);
    if (!f) {
      fail(col, "“" + std::string(v) + "”不是有效金额（元，最多两位小数）");
      return 0;
    }
    if (*f < 0) {
      fail(col, "金额不能为负数：" + std::string(v));
      return 0;
    }
    return *f;
  }
  std::optional<int> integer(int col, bool required, int min, int max) {
    auto v = cell(col);
    if (v.empty()) {
      if (required) fail(col, "必填项为空");
      return std::nullopt;
    }
    // xlsx numbers may come as "2023.0".
    std::string s(v);
    if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
    char* end = nullptr;
    long n = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || n < min || n > max) {
      fail(col, "“" + std::string(v) + "”应为 " + std::to_string(min) + "–" + std::to_string(max) + " 之间的整数");
      return std::nullopt;
    }
    return static_cast<int>(n);
  }
  std::optional<Date> date(int col) {
    auto v = cell(col);
    if (v.empty()) return std::nullopt;
    if (auto d = Date::parse(v)) return d;
    // Excel date serial (xlsx cells formatted as dates).
    char* end = nullptr;
    std::string s(v);
    double serial = std::strtod(s.c_str(), &end);
    if (*end == '\0' && serial > 1 && serial < 2958466) {
      auto base = Date{1899, 12, 30};
      return base.plus_days(static_cast<int>(std::floor(serial)));
    }
    fail(col, "“" + std::string(v) + "”不是有效日期（应为 YYYY-MM-DD）");
    return std::nullopt;
  }

 private:
  const HeaderMap& h_;
  const TableRow& row_;
  std::span<const ColumnSpec> cols_;
  std::vector<RowError>& errors_;
  bool ok_ = true;
};

// 银行账号: digits only (spaces and hyphens as typed are dropped), 8–30 of them. Messages
// show the account masked, as everywhere.
std::string bank_account(RowReader& r, int col) {
  const auto v = r.cell(col);
  if (v.empty()) return {};
  std::string digits;
  bool other = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c != ' ' && c != '-') other = true;
  }
  const bool exponent = v.find_first_of("eE") != std::string_view::npos && v.find('.') != std::string_view::npos;
  if (exponent) {
    r.fail(col, "银行账号被表格软件存成了科学计数法（如 6.22E+18），末几位已丢失；请把该列设为文本后重新填写");
  } else if (other) {
    r.fail(col, "银行账号只能包含数字：" + mask_bank_account(v));
  } else if (digits.size() < 8 || digits.size() > 30) {
    r.fail(col, "银行账号应为 8–30 位数字（现为 " + std::to_string(digits.size()) + " 位）：" + mask_bank_account(digits));
  } else {
    return digits;
  }
  return {};
}

void parse_household_profile(RowReader& r, HouseholdProfile& p) {
  p.farmland_centimu = r.area(kHFarmland);
  p.forest_centimu = r.area(kHForest);
  p.electricity = r.maybe_yes_no(kHElectricity);
  p.road = r.maybe_yes_no(kHRoad);
  p.toilet = r.maybe_yes_no(kHToilet);
  p.military_family = r.maybe_yes_no(kHMilitary);
  p.bank_account = bank_account(r, kHBank);
}

void parse_member_profile(RowReader& r, MemberProfile& p) {
  if (!r.cell(kMAssistance).empty())
    p.assistance = r.choice<Assistance>(kMAssistance, false, parse_assistance, Assistance::None, "低保/特困/无");
  p.medical_insured = r.maybe_yes_no(kMMedical);
  p.critical_insured = r.maybe_yes_no(kMCritical);
  p.pension_insured = r.maybe_yes_no(kMPension);
  if (auto n = r.integer(kMWorkMonths, false, 0, 12)) p.work_months = static_cast<std::int8_t>(*n);
  const auto ethnicity = r.cell(kMEthnicity);
  // A name (汉族, 彝族, 柯尔克孜族 …), not a code or a sentence: at most 10 characters, no digits.
  if (ethnicity.size() > 30 || ethnicity.find_first_of("0123456789") != std::string_view::npos)
    r.fail(kMEthnicity, "“" + std::string(ethnicity.substr(0, 30)) + "”不是民族名称（如 汉族、彝族）");
  else
    p.ethnicity = std::string(ethnicity);
  if (!r.cell(kMEducation).empty())
    p.education_level = r.choice<EducationLevel>(kMEducation, false, parse_education_level, EducationLevel::Primary,
                                                 "文盲或半文盲/小学/初中/高中/大专及以上");
}

std::string money_cell(Fen f) {
  std::string s = format_yuan(f);
  if (s.size() > 3 && s.substr(s.size() - 3) == ".00") s.resize(s.size() - 3);
  return s;
}

}  // namespace

std::optional<RegistryTable> parse_registry_table(std::string_view name) {
  if (name == "households" || name == "户") return RegistryTable::Households;
  if (name == "members" || name == "家庭成员") return RegistryTable::Members;
  if (name == "finances" || name == "年度收支") return RegistryTable::Finances;
  return std::nullopt;
}

std::string_view table_name(RegistryTable t) {
  switch (t) {
    case RegistryTable::Households: return "households";
    case RegistryTable::Members: return "members";
    case RegistryTable::Finances: return "finances";
  }
  return "";
}

std::string_view table_title(RegistryTable t) {
  switch (t) {
    case RegistryTable::Households: return "户";
    case RegistryTable::Members: return "家庭成员";
    case RegistryTable::Finances: return "年度收支";
  }
  return "";
}

std::span<const ColumnSpec> columns_of(RegistryTable t) {
  switch (t) {
    case RegistryTable::Households: return kHouseholdColumns;
    case RegistryTable::Members: return kMemberColumns;
    case RegistryTable::Finances: return kFinanceColumns;
  }
  return {};
}

HeaderMap map_header(RegistryTable t, const std::vector<std::string>& header) {
  HeaderMap m;
  m.table = t;
  auto cols = columns_of(t);
  m.index.assign(cols.size(), -1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string_view h = trim(header[i]);
    if (h.size() >= 3 && h.substr(0, 3) == "\xEF\xBB\xBF") h = trim(h.substr(3));
    if (h.empty()) continue;
    bool known = false;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (h == cols[c].header || lower(h) == cols[c].key) {
        if (m.index[c] < 0) m.index[c] = static_cast<int>(i);
        known = true;
        break;
      }
    }
    if (!known) m.unknown_columns.emplace_back(h);
  }
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (cols[c].required && m.index[c] < 0) m.missing_required.emplace_back(cols[c].header);
    if (cols[c].profile && m.index[c] >= 0) m.has_profile = true;
  }
  return m;
}

std::optional<Household> parse_household_row(const HeaderMap& hm, const TableRow& row, const RegionDirectory* regions,
                                             std::vector<RowError>& errors) {
  RowReader r(hm, row, kHouseholdColumns, errors);
  Household h;
  h.household_id = r.text(kHId, true);
  if (!h.household_id.empty() && !is_household_id(h.household_id))  // issue 15 defect 5
    r.fail(kHId, "不是有效的户编号（1–40 个字母、数字、- 或 _，以字母或数字开头）");
  h.region_code = r.text(kHRegion, true);
  if (!h.region_code.empty()) {
    if (!is_region_code_format(h.region_code)) {
      r.fail(kHRegion, "“" + h.region_code + "”不是12位区划代码");
    } else if (regions != nullptr) {
      if (auto why = regions->check_village_code(h.region_code); !why.empty()) r.fail(kHRegion, why);
    }
  }
  h.head_name = r.text(kHHead, true);
  h.phone = r.text(kHPhone, false);
  h.formerly_poor = r.yes_no(kHPoor, true).value_or(false);
  h.exit_year = r.integer(kHExit, false, 2013, 2030);
  if (h.formerly_poor && !h.exit_year && r.cell(kHExit).empty()) r.fail(kHExit, "是否脱贫户为“是”时脱贫年度必填");
  h.relocated = r.yes_no(kHRelocated, false).value_or(false);
  h.housing_safe = r.yes_no(kHHousing, true).value_or(true);
  h.water_safe = r.yes_no(kHWater, true).value_or(true);
  h.education_ok = r.yes_no(kHEdu, true).value_or(true);
  h.medical_ok = r.yes_no(kHMed, true).value_or(true);
  h.food_clothing_ok = r.yes_no(kHFood, true).value_or(true);
  if (!r.cell(kHType).empty()) {
    h.monitored_type = parse_monitored_type(r.cell(kHType));
    if (!h.monitored_type) r.fail(kHType, "“" + std::string(r.cell(kHType)) + "”不是有效的监测对象类型（脱贫不稳定户/边缘易致贫户/突发严重困难户）");
  }
  if (hm.has_profile) parse_household_profile(r, h.profile);
  if (!r.ok()) return std::nullopt;
  return h;
}

std::optional<Member> parse_member_row(const HeaderMap& hm, const TableRow& row, std::vector<RowError>& errors) {
  RowReader r(hm, row, kMemberColumns, errors);
  Member m;
  m.household_id = r.text(kMHousehold, true);
  m.name = r.text(kMName, true);
  std::string id = r.text(kMId, true);
  if (!id.empty()) {
    auto parsed = parse_resident_id(id);
    if (!parsed) {
      r.fail(kMId, parsed.error().message);
    } else {
      m.id_number = parsed->number;
      m.birth = parsed->birth;
    }
  }
  m.relation = r.choice<Relation>(kMRelation, true, parse_relation, Relation::Other, "户主/配偶/子/女/父母/孙子女/其他")
                   .value_or(Relation::Other);
  m.health = r.choice<Health>(kMHealth, true, parse_health, Health::Healthy, "健康/长期慢性病/患有大病/残疾")
                 .value_or(Health::Healthy);
  m.disability_grade = r.integer(kMGrade, false, 1, 4).value_or(0);
  m.labour = r.choice<Labour>(kMLabour, true, parse_labour, Labour::Ordinary,
                              "普通劳动力/技能劳动力/弱劳动力或半劳动力/丧失劳动力/无劳动力")
                 .value_or(Labour::Ordinary);
  m.schooling = r.choice<Schooling>(kMSchooling, false, parse_schooling, Schooling::NotInSchool,
                                    "学前/小学/初中/高中/中职/高职/本科及以上/辍学/非在校生")
                    .value_or(Schooling::NotInSchool);
  m.employment = r.choice<Employment>(kMEmployment, false, parse_employment, Employment::Unknown,
                                      "省外务工/省内县外务工/县内务工/公益岗位/未务工")
                     .value_or(Employment::Unknown);
  m.public_employee = r.yes_no(kMPublic, false).value_or(false);
  m.status = r.choice<MemberStatus>(kMStatus, false, parse_member_status, MemberStatus::Present, "在户/死亡/迁出/婚出")
                 .value_or(MemberStatus::Present);
  m.status_date = r.date(kMStatusDate);
  if (hm.has_profile) parse_member_profile(r, m.profile);
  if (!r.ok()) return std::nullopt;
  return m;
}

std::optional<Finance> parse_finance_row(const HeaderMap& hm, const TableRow& row, std::vector<RowError>& errors) {
  RowReader r(hm, row, kFinanceColumns, errors);
  Finance f;
  f.household_id = r.text(0, true);
  f.year = r.integer(1, true, 2000, 2100).value_or(0);
  Fen* fields[] = {&f.wage_income, &f.business_income, &f.property_income, &f.transfer_income, &f.business_expense,
                   &f.medical_selfpay, &f.education_expense, &f.disaster_loss, &f.accident_expense, &f.other_rigid};
  for (int i = 0; i < 10; ++i) *fields[i] = r.money(i + 2, kFinanceColumns[static_cast<std::size_t>(i + 2)].required);
  if (!r.ok()) return std::nullopt;
  return f;
}

std::vector<std::string> header_row(RegistryTable t) {
  std::vector<std::string> out;
  for (const auto& c : columns_of(t))
    if (!c.profile) out.emplace_back(c.header);
  return out;
}

std::vector<std::string> to_row(const Household& h) {
  return {h.household_id,
          h.region_code,
          h.head_name,
          h.phone,
          std::string(yes_no_label(h.formerly_poor)),
          h.exit_year ? std::to_string(*h.exit_year) : std::string(),
          std::string(yes_no_label(h.relocated)),
          std::string(yes_no_label(h.housing_safe)),
          std::string(yes_no_label(h.water_safe)),
          std::string(yes_no_label(h.education_ok)),
          std::string(yes_no_label(h.medical_ok)),
          std::string(yes_no_label(h.food_clothing_ok)),
          h.monitored_type ? std::string(label(*h.monitored_type)) : std::string()};
}

std::vector<std::string> to_row(const Member& m) {
  return {m.household_id,
          m.name,
          m.id_number,
          std::string(label(m.relation)),
          std::string(label(m.health)),
          m.disability_grade > 0 ? std::to_string(m.disability_grade) : std::string(),
          std::string(label(m.labour)),
          std::string(label(m.schooling)),
          std::string(label(m.employment)),
          std::string(yes_no_label(m.public_employee)),
          std::string(label(m.status)),
          m.status_date ? m.status_date->iso() : std::string()};
}

std::vector<std::string> to_row(const Finance& f) {
  return {f.household_id,
          std::to_string(f.year),
          money_cell(f.wage_income),
          money_cell(f.business_income),
          money_cell(f.property_income),
          money_cell(f.transfer_income),
          money_cell(f.business_expense),
          money_cell(f.medical_selfpay),
          money_cell(f.education_expense),
          money_cell(f.disaster_loss),
          money_cell(f.accident_expense),
          money_cell(f.other_rigid)};
}

}  // namespace fangpin::io
