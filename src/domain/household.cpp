#include "domain/household.h"

#include <array>
#include <string>

namespace fangpin {

namespace {

template <class E, std::size_t N>
std::optional<E> find_label(const std::array<std::string_view, N>& labels, std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  for (std::size_t i = 0; i < N; ++i)
    if (labels[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<std::string_view, 3> kMonitoredType{"脱贫不稳定户", "边缘易致贫户", "突发严重困难户"};
constexpr std::array<std::string_view, 7> kRelation{"户主", "配偶", "子", "女", "父母", "孙子女", "其他"};
constexpr std::array<std::string_view, 4> kHealth{"健康", "长期慢性病", "患有大病", "残疾"};
constexpr std::array<std::string_view, 5> kLabour{"普通劳动力", "技能劳动力", "弱劳动力或半劳动力",
                                                  "丧失劳动力", "无劳动力"};
constexpr std::array<std::string_view, 9> kSchooling{"非在校生", "学前", "小学", "初中", "高中",
                                                     "中职", "高职", "本科及以上", "辍学"};
constexpr std::array<std::string_view, 6> kEmployment{"", "省外务工", "省内县外务工", "县内务工",
                                                      "公益岗位", "未务工"};
constexpr std::array<std::string_view, 4> kStatus{"在户", "死亡", "迁出", "婚出"};
constexpr std::array<std::string_view, 4> kMonitorStatus{"无", "监测中", "已消除", "已清退"};
constexpr std::array<std::string_view, 4> kMonitorStatusApi{"none", "monitored", "eliminated", "removed"};
constexpr std::array<std::string_view, 3> kAssistance{"无", "低保", "特困"};
constexpr std::array<std::string_view, 5> kEducationLevel{"文盲或半文盲", "小学", "初中", "高中", "大专及以上"};

template <class E, std::size_t N>
std::string_view at(const std::array<std::string_view, N>& labels, E v) {
  auto i = static_cast<std::size_t>(v);
  return i < N ? labels[i] : std::string_view{};
}

}  // namespace

std::string_view label(MonitoredType v) { return at(kMonitoredType, v); }
std::string_view label(Relation v) { return at(kRelation, v); }
std::string_view label(Health v) { return at(kHealth, v); }
std::string_view label(Labour v) { return at(kLabour, v); }
std::string_view label(Schooling v) { return at(kSchooling, v); }
std::string_view label(Employment v) { return at(kEmployment, v); }
std::string_view label(MemberStatus v) { return at(kStatus, v); }
std::string_view label(MonitorStatus v) { return at(kMonitorStatus, v); }
std::string_view api_name(MonitorStatus v) { return at(kMonitorStatusApi, v); }
std::optional<MonitorStatus> parse_monitor_status(std::string_view s) {
  if (auto v = find_label<MonitorStatus>(kMonitorStatusApi, s)) return v;
  return find_label<MonitorStatus>(kMonitorStatus, s);
}
std::string_view label(Assistance v) { return at(kAssistance, v); }
std::string_view label(EducationLevel v) { return at(kEducationLevel, v); }

std::optional<MonitoredType> parse_monitored_type(std::string_view s) { return find_label<MonitoredType>(kMonitoredType, s); }
std::optional<Relation> parse_relation(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  // Common synonyms seen in village spreadsheets.
  if (s == "儿子") return Relation::Son;
  if (s == "女儿") return Relation::Daughter;
  if (s == "父亲" || s == "母亲") return Relation::Parent;
  if (s == "孙子" || s == "孙女") return Relation::Grandchild;
  return find_label<Relation>(kRelation, s);
}
std::optional<Health> parse_health(std::string_view s) { return find_label<Health>(kHealth, s); }
std::optional<Labour> parse_labour(std::string_view s) { return find_label<Labour>(kLabour, s); }
std::optional<Schooling> parse_schooling(std::string_view s) { return find_label<Schooling>(kSchooling, s); }
std::optional<Employment> parse_employment(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return find_label<Employment>(kEmployment, s);
}
std::optional<MemberStatus> parse_member_status(std::string_view s) { return find_label<MemberStatus>(kStatus, s); }
std::optional<Assistance> parse_assistance(std::string_view s) {
  // 特困 is often written 特困供养 (the 特困人员供养 programme).
  if (s == "特困供养") return Assistance::Tekun;
  return find_label<Assistance>(kAssistance, s);
}
std::optional<EducationLevel> parse_education_level(std::string_view s) {
  return find_label<EducationLevel>(kEducationLevel, s);
}

void HouseholdProfile::merge(const HouseholdProfile& newer) {
  if (newer.farmland_centimu) farmland_centimu = newer.farmland_centimu;
  if (newer.forest_centimu) forest_centimu = newer.forest_centimu;
  if (newer.electricity) electricity = newer.electricity;
  if (newer.road) road = newer.road;
  if (newer.toilet) toilet = newer.toilet;
  if (newer.military_family) military_family = newer.military_family;
  if (!newer.bank_account.empty()) bank_account = newer.bank_account;
}

void MemberProfile::merge(const MemberProfile& newer) {
  if (newer.assistance) assistance = newer.assistance;
  if (newer.medical_insured) medical_insured = newer.medical_insured;
  if (newer.critical_insured) critical_insured = newer.critical_insured;
  if (newer.pension_insured) pension_insured = newer.pension_insured;
  if (newer.work_months) work_months = newer.work_months;
  if (newer.education_level) education_level = newer.education_level;
  if (!newer.ethnicity.empty()) ethnicity = newer.ethnicity;
}

std::optional<bool> parse_yes_no(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  std::string lower(s);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (lower == "是" || lower == "y" || lower == "yes" || lower == "1" || lower == "true") return true;
  if (lower == "否" || lower == "n" || lower == "no" || lower == "0" || lower == "false") return false;
  return std::nullopt;
}

std::string_view yes_no_label(bool v) { return v ? "是" : "否"; }

bool Member::present_on(const Date& day) const {
  if (birth > day) return false;
  if (status == MemberStatus::Present) return true;
  // Left the household on status_date: counted only before it. Without a date the change
  // is taken as already in effect.
  return status_date.has_value() && *status_date > day;
}

}  // namespace fangpin
