// The registry (一户一档, SPEC §2): households, members with dated natural changes,
// annual finances. Field names follow FORMATS.md.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"

namespace fangpin {

enum class MonitoredType : std::uint8_t { Unstable, Marginal, SuddenHardship };
enum class Relation : std::uint8_t { Head, Spouse, Son, Daughter, Parent, Grandchild, Other };
enum class Health : std::uint8_t { Healthy, ChronicIllness, SeriousIllness, Disabled };
enum class Labour : std::uint8_t { Ordinary, Skilled, Weak, Lost, None };
enum class Schooling : std::uint8_t {
  NotInSchool, Preschool, Primary, JuniorHigh, SeniorHigh, SecondaryVocational,
  HigherVocational, BachelorOrAbove, Dropout
};
enum class Employment : std::uint8_t {
  Unknown, OutOfProvince, InProvinceOutOfCounty, InCounty, PublicWelfareJob, NotWorking
};
// The household's current monitoring status, as the latest case decision left it (SPEC §9:
// the registry follows the cases): 县级审定 / 风险消除回退 → monitored, 消除县级审定 →
// eliminated, 清退 → removed. None: never monitored (or only a label from an import).
enum class MonitorStatus : std::uint8_t { None, Monitored, Eliminated, Removed };
// 在户状态: a member leaves the household on status_date (死亡/迁出/婚出).
enum class MemberStatus : std::uint8_t { Present, Dead, MovedOut, MarriedOut };
// 信息采集表 (FORMATS.md optional columns): 低保特困 and 文化程度.
enum class Assistance : std::uint8_t { None, Dibao, Tekun };  // 无 / 低保 / 特困
enum class EducationLevel : std::uint8_t { Illiterate, Primary, JuniorHigh, SeniorHigh, College };

// Chinese labels as in FORMATS.md, and their parsers (exact match, trimmed input).
std::string_view label(MonitoredType v);  // 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户
std::string_view label(Relation v);
std::string_view label(Health v);
std::string_view label(Labour v);
std::string_view label(Schooling v);
std::string_view label(Employment v);
std::string_view label(MemberStatus v);
std::string_view label(MonitorStatus v);        // 无 / 监测中 / 已消除 / 已清退
std::string_view api_name(MonitorStatus v);     // none / monitored / eliminated / removed
std::optional<MonitorStatus> parse_monitor_status(std::string_view s);  // either form
std::optional<MonitoredType> parse_monitored_type(std::string_view s);
std::optional<Relation> parse_relation(std::string_view s);
std::optional<Health> parse_health(std::string_view s);
std::optional<Labour> parse_labour(std::string_view s);
std::optional<Schooling> parse_schooling(std::string_view s);
std::optional<Employment> parse_employment(std::string_view s);
std::optional<MemberStatus> parse_member_status(std::string_view s);
std::string_view label(Assistance v);      // 无 / 低保 / 特困
std::string_view label(EducationLevel v);  // 文盲或半文盲 / 小学 / 初中 / 高中 / 大专及以上
std::optional<Assistance> parse_assistance(std::string_view s);
std::optional<EducationLevel> parse_education_level(std::string_view s);
// 是/否, Y/N, 1/0, true/false (case-insensitive for the Latin forms).
std::optional<bool> parse_yes_no(std::string_view s);
std::string_view yes_no_label(bool v);  // 是 / 否

// The optional 信息采集表 fields of a household (FORMATS.md "Optional registry columns").
// nullopt = never given (unknown), which is not the same as 否 / 0.
struct HouseholdProfile {
  std::optional<std::int32_t> farmland_centimu;  // 耕地面积 in 0.01 亩
  std::optional<std::int32_t> forest_centimu;    // 林地面积 in 0.01 亩
  std::optional<bool> electricity;               // 通电
  std::optional<bool> road;                      // 入户路
  std::optional<bool> toilet;                    // 卫生厕所
  std::optional<bool> military_family;           // 是否军烈属
  std::string bank_account;                      // 银行账号, digits; "" = unknown (mask on display)

  bool any() const {
    return farmland_centimu || forest_centimu || electricity || road || toilet || military_family ||
           !bank_account.empty();
  }
  // Fields given in `newer` replace these; the others stay (an absent column changes nothing).
  void merge(const HouseholdProfile& newer);
  bool operator==(const HouseholdProfile&) const = default;
};

// The optional 信息采集表 fields of a member; nullopt / "" = unknown.
struct MemberProfile {
  std::optional<Assistance> assistance;          // 低保特困
  std::optional<bool> medical_insured;           // 基本医保 (否 fails 基本医疗保障, SPEC §4a)
  std::optional<bool> critical_insured;          // 大病保险
  std::optional<bool> pension_insured;           // 养老保险
  std::optional<std::int8_t> work_months;        // 务工月数 0–12
  std::optional<EducationLevel> education_level; // 文化程度
  std::string ethnicity;                         // 民族

  bool any() const {
    return assistance || medical_insured || critical_insured || pension_insured || work_months ||
           education_level || !ethnicity.empty();
  }
  void merge(const MemberProfile& newer);
  bool operator==(const MemberProfile&) const = default;
};

struct Household {
  std::string household_id;   // 户编号
  std::string region_code;    // 区划代码, 12-digit village code
  std::string head_name;      // 户主姓名
  std::string phone;          // 联系电话 (personal data: mask on display)
  bool formerly_poor = false; // 是否脱贫户
  std::optional<int> exit_year;  // 脱贫年度
  bool relocated = false;     // 是否易地搬迁户
  // 两不愁三保障及饮水安全
  bool housing_safe = true;
  bool water_safe = true;
  bool education_ok = true;
  bool medical_ok = true;
  bool food_clothing_ok = true;
  std::optional<MonitoredType> monitored_type;  // 监测对象类型 when already monitored
  // Set on reads from the case decisions (never by an import): when monitor_case_id ≠ 0,
  // monitored_type and monitor_status are what that case decided on monitor_on.
  MonitorStatus monitor_status = MonitorStatus::None;
  std::int64_t monitor_case_id = 0;
  std::optional<Date> monitor_on;
  HouseholdProfile profile;   // 信息采集表 extras (stored apart; all unknown when never imported)

  bool operator==(const Household&) const = default;
};

struct Member {
  std::string household_id;
  std::string name;
  std::string id_number;      // 证件号码, validated 18-char resident ID
  Date birth;                 // derived from id_number
  Relation relation = Relation::Other;
  Health health = Health::Healthy;
  int disability_grade = 0;   // 1-4, 0 = none
  Labour labour = Labour::Ordinary;
  Schooling schooling = Schooling::NotInSchool;
  Employment employment = Employment::Unknown;
  bool public_employee = false;  // 是否公职人员 (negative-list fact)
  MemberStatus status = MemberStatus::Present;
  std::optional<Date> status_date;  // 变动日期
  MemberProfile profile;            // 信息采集表 extras (stored apart; all unknown when never imported)

  // Counted in the household on `day`: born by then and not yet left (SPEC §4a people).
  bool present_on(const Date& day) const;

  bool operator==(const Member&) const = default;
};

struct Finance {
  std::string household_id;
  int year = 0;
  Fen wage_income = 0;        // 工资性收入
  Fen business_income = 0;    // 生产经营性收入
  Fen property_income = 0;    // 财产性收入
  Fen transfer_income = 0;    // 转移性收入
  Fen business_expense = 0;   // 生产经营性支出
  Fen medical_selfpay = 0;    // 合规自付医疗费用
  Fen education_expense = 0;  // 教育支出
  Fen disaster_loss = 0;      // 灾害损失
  Fen accident_expense = 0;   // 意外事故支出
  Fen other_rigid = 0;        // 其他刚性支出

  // 纯收入 = wage + business + property + transfer − business expense
  Fen net_income() const {
    return wage_income + business_income + property_income + transfer_income - business_expense;
  }
  // 刚性支出
  Fen rigid_expenditure() const {
    return medical_selfpay + education_expense + disaster_loss + accident_expense + other_rigid;
  }

  bool operator==(const Finance&) const = default;
};

// A negative-list fact (负面清单, SPEC §5) about a household. The registry yields
// 公职人员 from members; department data adds vehicles, businesses, property etc.
struct NegativeFact {
  std::string household_id;
  std::string kind;        // e.g. 公职人员, 消费型车辆, 工商经营实体, 商品房, 铺面
  std::string detail;      // free text (unit, plate type, ...), never an ID number
  std::string source;      // 登记信息 / department name
};

// An area disaster/event (SPEC §11): every household under region_prefix is exposed in year.
struct AreaEvent {
  std::string region_prefix;
  int year = 0;
  std::string kind;  // 灾种
};

}  // namespace fangpin
