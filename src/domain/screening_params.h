// Screening policy parameters (FORMATS.md "Default warning grades", SPEC §7 deadlines): the
// [screening] section of the policy file (io::load_policy_bundle reads it). Every boundary
// the department rules (screening/department_rules.h) use lives here.
#pragma once
#include <string>
#include <vector>

#include "domain/money.h"
#include "domain/workflow/calendar.h"

namespace fangpin::screening {

struct ScreeningParams {
  // 红: 扣除刚性支出后人均收入 with the new cost added < red ratio × line; 橙: < orange ratio × line.
  // Basis points (10000 = 1.0×) keep the comparison exact in integers.
  int red_line_basis_points = 10000;
  int orange_line_basis_points = 12000;
  // 橙: a main labourer (aged min..max, labour 普通/技能) certified disabled grade 1..this.
  int main_labourer_disability_max_grade = 2;
  int main_labourer_age_min = 16;
  int main_labourer_age_max = 59;
  // 红: 辍学 aged min..max (义务教育).
  int compulsory_age_min = 6;
  int compulsory_age_max = 15;
  // 黄: 合规自付费用 ≥ this.
  Fen selfpay_yellow_min = yuan(5000);
  // 红: 房屋鉴定等级 in this list (C/D 危房).
  std::vector<std::string> dangerous_house_grades{"C", "D"};
  // Dispatch deadlines in working days (SPEC §7, seed 004).
  int prefecture_to_county_days = 3;
  int county_to_village_days = 2;
  // 入户核查 after the village has the warning: [deadlines] warning_verification, the same
  // rule the case workflow applies to a 部门预警 clue (one parameter, not two).
  workflow::DeadlineRule verification{3, workflow::DayBasis::Working};
};

}  // namespace fangpin::screening
