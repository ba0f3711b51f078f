// A monitored-household case (SPEC §6–§9): identification procedure, assistance,
// risk elimination and back-check, as a pure state machine. Every change is a function
// Case → Result<Case>; a refused change names the rule (order, role, notice period …).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/assessment.h"
#include "domain/date.h"
#include "domain/household.h"
#include "domain/money.h"
#include "domain/result.h"
#include "domain/role.h"
#include "domain/workflow/calendar.h"

namespace fangpin::workflow {

// Roles are the system's one set (domain/role.h).
using fangpin::Role;
using fangpin::RoleSet;
using fangpin::label;
using fangpin::parse_role;

// SPEC §6 discovery channels.
enum class Channel : std::uint8_t { SelfApplication, CadreCheck, DepartmentWarning, PublicOpinion };
std::string_view label(Channel c);  // 自主申报 干部排查 部门预警 舆情信访
std::optional<Channel> parse_channel(std::string_view s);

enum class CaseStatus : std::uint8_t { Identifying, Monitored, Eliminating, Eliminated, Rejected, Removed };
std::string_view label(CaseStatus s);  // 识别中 监测中 风险消除中 已消除 已驳回 已清退
std::optional<CaseStatus> parse_case_status(std::string_view s);

enum class Step : std::uint8_t {
  // SPEC §7 identification, in order
  Visit, Commitment, Comparison, VillageAppraisal, VillageNotice, VillageNoticeEnd, TownshipReview,
  TownshipNotice, TownshipNoticeEnd, CountyApproval,
  // SPEC §9 elimination procedure, in order
  ElimNominate, ElimVisit, ElimVillageAppraisal, ElimVillageNotice, ElimVillageNoticeEnd, ElimTownshipReview,
  ElimTownshipNotice, ElimTownshipNoticeEnd, ElimCountyApproval,
  // at any time they apply
  Objection, ObjectionResolved, Reject, BackCheck, Removal, TypeChange,
};
std::string_view label(Step s);  // 入户核查 … 类型变更
std::optional<Step> parse_step(std::string_view s);

// SPEC §8 national measure categories.
enum class MeasureCategory : std::uint8_t {
  Industry, Employment, PublicWelfareJob, Finance, Health, Education, Housing, Water, Welfare, Social,
  Insurance, LivingConditions, Infrastructure, Support, Motivation,
};
inline constexpr int kMeasureCategoryCount = 15;
// 产业帮扶 就业帮扶 公益岗位 金融帮扶 健康帮扶 教育帮扶 住房安全保障 饮水安全保障 综合保障 社会帮扶
// 防贫保险 生产生活条件改善 基础设施 协调子女赡养 扶志扶智
std::string_view label(MeasureCategory c);
std::optional<MeasureCategory> parse_measure_category(std::string_view s);  // also 金融帮扶(小额信贷) etc.

struct StepRecord {
  Step step = Step::Visit;
  Date on;
  std::string actor;
  Role role = Role::Village;
  std::string note;                    // result, minutes, reason, objection text …
  std::vector<std::string> documents;  // file-store SHA-256 names (四级档案)
};

struct Measure {
  int id = 0;  // 1, 2, … within the case
  MeasureCategory category = MeasureCategory::Industry;
  Date start;
  Fen amount = 0;                      // 0 when no money is involved
  std::string unit;                    // responsible unit
  std::string note;
  std::vector<std::string> evidence;   // file-store SHA-256 names (佐证)
};

struct Plan {
  Date on;                          // when the plan was first made (what 不及时 is judged on)
  std::string text;
  std::vector<std::string> documents;
  std::optional<Date> revised_on;   // the latest revision, if any
};

struct Case {
  std::int64_t id = 0;  // assigned by the store
  std::string household_id;
  std::string region_code;
  Channel channel = Channel::SelfApplication;
  Date clue_date;
  std::string clue_note;

  CaseStatus status = CaseStatus::Identifying;
  int progress = 0;                    // steps done in the current procedure
  std::optional<Date> notice_start;    // a 公示 in progress
  bool notice_suspended = false;       // an objection is pending

  // Suggested by 信息比对 (the assessment), confirmed or changed at 县级审定.
  std::optional<MonitoredType> suggested_type;
  EnumSet<RiskReason> suggested_reasons;
  std::optional<MonitoredType> type;
  EnumSet<RiskReason> reasons;

  std::optional<Date> approved_on;     // 县级审定 (start of monitoring)
  std::optional<Date> eliminated_on;
  std::optional<Date> last_backcheck;
  std::optional<Date> closed_on;       // rejected / removed
  std::string closed_reason;
  int rollbacks = 0;                   // 风险消除回退 count

  std::string caseworker;              // 帮扶责任人
  std::optional<Date> caseworker_on;
  std::optional<Plan> plan;
  std::vector<Measure> measures;
  std::vector<StepRecord> history;

  // The next step of the current procedure, if one is running.
  std::optional<Step> next_step() const;
  // 待入户核查, 村级公示中, 村级公示暂停（异议）, 监测中, 已消除 …
  std::string state_label() const;
  // Identifying, monitored or being eliminated: the household has a live case.
  bool active() const;
  Date last_date() const;  // the latest recorded date (clue or step)
};

// Roles allowed to take a step, from the step table (steps.cpp). Reject has none of its
// own: the role of the pending step may reject, and 县级 always.
RoleSet allowed_roles(Step s);

struct Actor {
  std::string name;
  Role role = Role::Village;
  std::string scope;  // region-code prefix the actor may act in ("" = everywhere)
};

struct OpenInput {
  std::string household_id;
  std::string region_code;
  Channel channel = Channel::SelfApplication;
  Date clue_date;
  std::string note;
};
Result<Case> open_case(const OpenInput& in, const Actor& actor);

struct StepInput {
  Step step = Step::Visit;
  Date on;
  std::string note;
  std::vector<std::string> documents;
  // 信息比对: filled by the application from the registry, never by the user.
  std::vector<std::string> negative_hits;
  bool assessed = false;
  std::optional<MonitoredType> suggested_type;
  EnumSet<RiskReason> suggested_reasons;
  // 县级审定 / 类型变更: the cadres' decision (empty = confirm the suggestion).
  std::optional<MonitoredType> type;
  std::optional<EnumSet<RiskReason>> reasons;
  // 消除提名: failed SPEC §9 criteria, filled by the application.
  std::vector<std::string> eligibility_failures;
  // 回头看: true = 风险消除回退 (note gives the reasons), false = keep eliminated.
  bool rollback = false;
};

// Takes a step by the step table: the actor's role and scope, the date (not before the
// last record), the state the step needs, then its effect. A refusal names its field and
// kind: PermissionDenied (role, scope), FailedPrecondition (order, state), Refused (公示
// under the minimum, elimination criteria), Invalid (missing note, type …).
Result<Case> apply_step(const Case& c, const Actor& actor, const StepInput& in, const WorkflowParams& params,
                        const WorkCalendar& cal);

// A step the case's state allows now, with the roles that may take it (for Reject: the
// pending step's roles and 县级). What a form may offer; apply_step still checks the date,
// the inputs and the rules when the step is taken.
struct StepOption {
  Step step;
  RoleSet roles;
};
std::vector<StepOption> available_steps(const Case& c);
// The first day the running 公示 may close (`notice_min` after its start, SPEC §7); nullopt
// when no 公示 is running.
Result<std::optional<Date>> notice_earliest_end(const Case& c, const WorkflowParams& params, const WorkCalendar& cal);

// Assistance (SPEC §8), each on a monitored case.
Result<Case> assign_caseworker(const Case& c, const Actor& actor, const std::string& caseworker, const Date& on);
// A second plan revises the first: its date stays the first plan's, revised_on records the change.
Result<Case> set_plan(const Case& c, const Actor& actor, const Plan& plan);
Result<Case> add_measure(const Case& c, const Actor& actor, Measure m);

std::string reasons_text(EnumSet<RiskReason> r);  // "因病、因学"

// What a case has decided about its household's registry record (SPEC §9: the household
// always shows the type and status of the latest case decision). nullopt while the case
// decides nothing: in identification or rejected there. A removed household has no type.
struct RegistryMonitor {
  std::optional<MonitoredType> type;
  MonitorStatus status = MonitorStatus::None;
  bool operator==(const RegistryMonitor&) const = default;
};
std::optional<RegistryMonitor> registry_monitor(const Case& c);

}  // namespace fangpin::workflow
