// Department rules (部门筛查预警; FORMATS.md "Department feeds" and "Default warning grades"):
// per department, how a row's own cells are validated into fields and how a matched row is
// graded. Pure: no CSV, no threads, no store. The engine (engine.cpp) reads the rows, checks
// 日期 and 证件号码, matches the person, and applies the department's rule; a new department
// or a changed boundary is one entry here, testable without a feed file.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "domain/assessment.h"
#include "domain/money.h"
#include "screening/department.h"
#include "screening/params.h"

namespace fangpin::screening {

// One row's cells by column slot (feed_columns order), already trimmed; empty when the
// column is absent or the cell blank.
using RowCells = std::array<std::string_view, kMaxFeedColumns>;

// The department's own columns, named by slot (FORMATS.md order; see department.cpp).
namespace col {
enum Medical : int { kTotalCost = kFirstOwnColumn, kSelfpay, kSeriousIllness, kInsured };
enum Disability : int { kDisabilityCategory = kFirstOwnColumn, kDisabilityGrade };
enum Education : int { kStage = kFirstOwnColumn, kStudyStatus, kAided };
enum Housing : int { kHouseGrade = kFirstOwnColumn };
enum Water : int { kWaterProblem = kFirstOwnColumn };
enum Disaster : int { kDisasterKind = kFirstOwnColumn, kDisasterLoss };
enum Employment : int { kEmploymentStatus = kFirstOwnColumn };
enum CivilAffairs : int { kCivilMatter = kFirstOwnColumn };
enum Agriculture : int { kFarmMatter = kFirstOwnColumn, kFarmLoss };
enum PublicSecurity : int { kPoliceMatter = kFirstOwnColumn };
enum PublicEmployees : int { kEmployer = kFirstOwnColumn };
enum Vehicles : int { kVehicleType = kFirstOwnColumn, kCommercialOrFarm };
enum Businesses : int { kEntityName = kFirstOwnColumn, kEntityType };
enum RealEstate : int { kPropertyType = kFirstOwnColumn };
}  // namespace col

// A valid row's fields. They are stored with the warning as its Fact (facts.h), so the
// slots keep the Fact's shape; what each slot holds per department:
//   医保  a1 医疗总费用, a2 合规自付费用, flag 是否大病, t1 = 未参保 when 是否参保 = 否
//   残联  t1 残疾类别, a1 残疾等级          教育  t1 学段, t2 在读状态, flag 是否受资助
//   住建  t1 房屋鉴定等级   水务 t1 问题类型   应急 t1 灾种, a1 损失金额   人社 t1 就业状态
//   民政/公安 t1 事项        农业农村 t1 事项, a1 损失金额     公职人员库 t1 单位
//   车辆登记 t1 车辆类型, flag 是否营运/农用   市场主体 t1 主体名称, t2 类型   不动产 t1 类型
// The views point into the row's cells (valid while the row is).
struct RowFields {
  Fen a1 = 0, a2 = 0;
  bool flag = false;
  std::string_view t1, t2;
};

// Why a row is rejected: the column slot and a Chinese reason (IDs never appear).
struct Rejection {
  int slot = 0;
  std::string reason;
};

// The matched member and their household, as the rules see them.
struct Subject {
  int age = -1;                 // on the row's date; -1 when unknown
  bool present = false;         // 在户
  bool labourer = false;        // 劳动技能 普通/技能劳动力
  int household_labourers = 0;  // present labourers of the household
  // 扣除刚性支出后人均收入 inputs: the latest finance year (0 = none), people 在户, 纯收入, 刚性支出.
  int finance_year = 0;
  int people = 0;
  Fen net = 0, rigid = 0;
  // The feed year's monitoring line for the household's region (filled only for rules with
  // uses_income_line); nullopt when the policy has none there.
  std::optional<Fen> line;
};

// A risk signal a matched row raises; flag and a2 are those stored in the warning's Fact.
struct RowSignal {
  RiskReason reason = RiskReason::Other;
  Grade grade = Grade::Yellow;
  bool flag = false;
  Fen a2 = 0;
};

// A negative-list fact (SPEC §5) a matched row records about the household.
struct RowNegativeFact {
  std::string kind;
  std::string detail;
};

// What a matched row yields: at most one of them; neither for context-only rows (民政).
struct Verdict {
  std::optional<RowSignal> signal;
  std::optional<RowNegativeFact> negative;
};

struct DepartmentRule {
  // Fills `out` from the department's own cells; a Rejection when a cell is missing or
  // malformed. Runs before matching, so a malformed row is reported whether or not the
  // person is registered.
  std::optional<Rejection> (*validate)(const RowCells& cells, RowFields& out);
  // Grades a valid row of a registered member.
  Verdict (*grade)(const RowFields& fields, const Subject& subject, const ScreeningParams& params);
  // The grade compares income with the monitoring line (Subject::line is needed).
  bool uses_income_line = false;
};

const DepartmentRule& department_rule(Department d);

// 红/橙 when the household's 扣除刚性支出后人均收入, with `cost` added to rigid expenditure,
// falls below red/orange × line (exact: (net − rigid − cost) × 10000 < bp × line × people);
// nullopt for no cost, no finance, no people or no line.
std::optional<Grade> income_grade(const Subject& s, Fen cost, const ScreeningParams& params);

}  // namespace fangpin::screening
