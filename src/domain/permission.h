// Who may do what (SPEC §14): one table that the workflow rules, the CLI and the HTTP routes
// all read. Each action names the roles that may take it and how the object must relate to
// the actor's scope. The steps of a case have their own rows in the workflow step table
// (domain/workflow), built from the same RoleSet type.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "domain/role.h"

namespace fangpin {

enum class Action : std::uint8_t {
  // registry (一户一档)
  ReadRegistry,        // household list and detail
  ReadAssessments,     // the SPEC §4a assessment of households
  ImportRegistry,      // households / members / finances uploads
  UnmaskPersonalData,  // full resident IDs and phones, on request, logged
  // cases (SPEC §6–§9)
  ReadCases,
  OpenCase,            // 线索登记
  AssignCaseworker,    // 确定帮扶责任人
  SetPlan,             // 帮扶计划
  AddMeasure,          // 帮扶措施
  VerifyAudit,         // 审计链校验
  TakeStep,            // 案件步骤（每一步的角色另见 domain/workflow 步骤表）
  UploadDocument,      // 上传档案材料（四级档案）
  ReadDocuments,       // 下载档案材料、整户档案
  // department screening (SPEC §6)
  UploadFeed,
  ReadWarnings,
  VerifyWarning,       // 核实结论
  ReadScreeningRuns,   // 比对批次与行问题（部门数据员只看本部门）
  // clues (SPEC §6.1: 农户自主申报, 舆情信访)
  ReadClues,
  HandleClue,          // 受理（转为案件）或关闭
  RecordClue,          // 登记舆情信访线索
  // accounts
  ManageUsers,
  // existing cases (存量监测对象, issue 14): county decisions brought in from the national system
  ImportCases,
  // 工作台 (issue 11): region-wide counts for township, county and supervision desks
  ReadDashboard,
};
inline constexpr int kActionCount = 23;

// How the object of an action must relate to the actor.
enum class ScopeRule : std::uint8_t {
  None,        // not tied to a region (own session, documentation)
  Region,      // the object's region code must be within the actor's region scope
  Department,  // a 部门数据员 acts only for the department of the account
};

struct Permission {
  Action action;
  std::string_view name;  // zh-CN, for messages: “角色“督导”无权办理：帮扶措施”
  RoleSet roles;
  ScopeRule scope;
};

// The whole table, in Action order.
std::span<const Permission> permissions();
const Permission& permission(Action a);
inline bool may(Role r, Action a) { return permission(a).roles.has(r); }

}  // namespace fangpin
