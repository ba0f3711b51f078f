#include "domain/permission.h"

#include <array>

namespace fangpin {

namespace {

using enum Role;

constexpr std::array<Permission, kActionCount> kTable{{
    {Action::ReadRegistry, "查看农户", {Village, Township, County, Caseworker, Supervisor, Admin}, ScopeRule::Region},
    {Action::ReadAssessments, "查看研判结果", {Village, Township, County, Supervisor, Admin}, ScopeRule::Region},
    {Action::ImportRegistry, "导入农户数据", {Village, Township, County, Admin}, ScopeRule::Region},
    {Action::UnmaskPersonalData, "查看完整身份证号和电话", {County, Admin}, ScopeRule::Region},
    {Action::ReadCases, "查看案件", {Village, Township, County, Caseworker, Supervisor, Admin}, ScopeRule::Region},
    {Action::OpenCase, "线索登记", {Village, Township, County}, ScopeRule::Region},
    {Action::AssignCaseworker, "确定帮扶责任人", {Village, Township, County}, ScopeRule::Region},
    {Action::SetPlan, "帮扶计划", {Caseworker, Village, Township}, ScopeRule::Region},
    {Action::AddMeasure, "帮扶措施", {Caseworker, Village, Township, County}, ScopeRule::Region},
    {Action::VerifyAudit, "审计链校验", {County, Admin}, ScopeRule::None},
    {Action::TakeStep, "办理案件步骤", {Village, Township, County}, ScopeRule::Region},
    {Action::UploadDocument, "上传档案材料", {Village, Township, County, Caseworker}, ScopeRule::None},
    {Action::ReadDocuments, "查看档案材料", {Village, Township, County, Caseworker, Supervisor, Admin}, ScopeRule::Region},
    {Action::UploadFeed, "上传部门数据", {DeptData, County, Admin}, ScopeRule::Department},
    {Action::ReadWarnings, "查看预警", {Village, Township, County, Supervisor, Admin}, ScopeRule::Region},
    {Action::VerifyWarning, "预警核实", {Village, Township, County}, ScopeRule::Region},
    {Action::ReadScreeningRuns, "查看比对批次", {DeptData, County, Supervisor, Admin}, ScopeRule::Department},
    {Action::ReadClues, "查看申报线索", {Village, Township, County, Supervisor, Admin}, ScopeRule::Region},
    {Action::HandleClue, "受理申报线索", {Village, Township, County}, ScopeRule::Region},
    {Action::RecordClue, "登记舆情信访线索", {Township, County}, ScopeRule::Region},
    {Action::ManageUsers, "用户管理", {Admin}, ScopeRule::Region},
    {Action::ImportCases, "导入存量监测对象", {County}, ScopeRule::Region},
    {Action::ReadDashboard, "查看工作台", {Township, County, Supervisor, Admin}, ScopeRule::Region},
}};

constexpr bool table_in_action_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (static_cast<std::size_t>(kTable[i].action) != i) return false;
  return true;
}
static_assert(table_in_action_order(), "kTable rows must follow the Action enum");

}  // namespace

std::span<const Permission> permissions() { return kTable; }
const Permission& permission(Action a) { return kTable[static_cast<std::size_t>(a)]; }

}  // namespace fangpin
