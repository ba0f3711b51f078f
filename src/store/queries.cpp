#include "store/queries.h"

#include <chrono>

#include <fmt/format.h>

#include "domain/date.h"

namespace fangpin::store::sql {

namespace {

std::string where(std::initializer_list<std::string_view> conds) {
  std::string out;
  for (std::string_view c : conds) {
    if (c.empty()) continue;
    out += out.empty() ? " WHERE " : " AND ";
    out += c;
  }
  return out;
}

}  // namespace

RegionScope region_scope(std::string_view region_prefix) {
  RegionScope s;
  s.range = region_range("region_code", region_prefix);
  if (s.range.any())
    s.rows_cond = "household_id IN (SELECT household_id FROM households WHERE " + s.range.cond + ")";
  return s;
}

std::string registry_households(const RegionScope& scope) {
  return "SELECT " FP_HOUSEHOLD_COLS " FROM households" + where({scope.range.cond}) +
         " ORDER BY household_id";
}

std::string registry_members(const RegionScope& scope) {
  return "SELECT " FP_MEMBER_COLS " FROM members" + where({scope.rows_cond}) +
         " ORDER BY household_id, id_number";
}

std::string registry_finances(const RegionScope& scope, std::size_t years) {
  std::string year_cond;
  if (years > 0) {
    year_cond = "year IN (?";
    for (std::size_t i = 1; i < years; ++i) year_cond += ", ?";
    year_cond += ')';
  }
  return "SELECT household_id, year, " FP_MONEY_COLS " FROM finances" +
         where({"superseded_at IS NULL", scope.rows_cond, year_cond}) +
         " ORDER BY household_id, year";
}

std::string registry_negative_facts(const RegionScope& scope) {
  return "SELECT household_id, kind, detail, source FROM negative_facts" + where({scope.rows_cond}) +
         " ORDER BY household_id, id";
}

std::string registry_monitors(const RegionScope& scope) {
  return "SELECT household_id, monitored_type, status, case_id, decided_on FROM household_monitor" +
         where({scope.rows_cond}) + " ORDER BY household_id";
}

std::string registry_finding_facts(const RegionScope& scope) {
  std::string sql = FP_ACTIVE_FINDINGS;
  if (!scope.rows_cond.empty()) sql += " AND " + scope.rows_cond;
  return sql + " ORDER BY household_id, id";
}

std::string registry_household_profiles(const RegionScope& scope) {
  return "SELECT " FP_HOUSEHOLD_PROFILE_COLS " FROM household_profiles" + where({scope.rows_cond}) +
         " ORDER BY household_id";
}

std::string registry_member_profiles(const RegionScope& scope) {
  return "SELECT " FP_MEMBER_PROFILE_COLS " FROM member_profiles" + where({scope.rows_cond}) +
         " ORDER BY household_id, id_number";
}

std::optional<std::string> prefix_upper_bound(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(s.back());
    if (last != 0xFF) {
      ++last;
      return s;
    }
    s.pop_back();
  }
  return std::nullopt;
}

std::optional<Employment> decode_employment(std::string_view s) {
  if (s.empty()) return Employment::Unknown;
  return parse_employment(s);
}

std::string utc_now_iso() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::hh_mm_ss hms{now - day};
  return fmt::format("{}T{:02d}:{:02d}:{:02d}Z", Date::from_days(day).iso(), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

}  // namespace fangpin::store::sql
