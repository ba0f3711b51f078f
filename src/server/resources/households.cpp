// The registry (一户一档) over HTTP: the household list with filters and the detail.
#include <spdlog/spdlog.h>

#include "domain/log_text.h"
#include "app/assessment_format.h"
#include "domain/assessment.h"
#include "domain/resident_id.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

// Sensitive reads (unmasked IDs and phones) are allowed to these roles, on request, logged.
constexpr Action kUnmask = Action::UnmaskPersonalData;

json nullable_type(std::string_view type, std::string_view description = {}) {
  json j{{"type", {type, "null"}}};
  if (!description.empty()) j["description"] = description;
  return j;
}

// The getHousehold answer (app::household_json). The 信息采集表 fields (FORMATS.md optional
// columns) are always present, null while never imported.
json household_detail_schema() {
  json member = object_schema(
      {{"name", type_schema("string")},
       {"id_number", json{{"type", "string"}, {"description", "证件号码（脱敏，unmask 时完整）"}}},
       {"birth_date", type_schema("string")},
       {"relation", type_schema("string")},
       {"health", type_schema("string")},
       {"labour", type_schema("string")},
       {"status", type_schema("string")},
       {"assistance_status", nullable_type("string", "低保特困：低保/特困/无")},
       {"medical_insured", nullable_type("boolean", "基本医保")},
       {"critical_insured", nullable_type("boolean", "大病保险")},
       {"pension_insured", nullable_type("boolean", "养老保险")},
       {"work_months", nullable_type("integer", "务工月数 0–12")},
       {"ethnicity", nullable_type("string", "民族")},
       {"education_level", nullable_type("string", "文化程度：文盲或半文盲/小学/初中/高中/大专及以上")}},
      {"name", "id_number", "assistance_status", "medical_insured", "critical_insured", "pension_insured",
       "work_months", "ethnicity", "education_level"});
  return object_schema(
      {{"household_id", type_schema("string")},
       {"masked", type_schema("boolean")},
       {"phone", json{{"type", "string"}, {"description", "联系电话（脱敏，unmask 时完整）"}}},
       {"farmland_mu", nullable_type("number", "耕地面积（亩）")},
       {"forest_mu", nullable_type("number", "林地面积（亩）")},
       {"electricity", nullable_type("boolean", "通电")},
       {"road", nullable_type("boolean", "入户路")},
       {"toilet", nullable_type("boolean", "卫生厕所")},
       {"military_family", nullable_type("boolean", "是否军烈属")},
       {"bank_account", nullable_type("string", "银行账号（前4位+****+后4位，unmask 时完整）")},
       {"members", array_of(std::move(member))},
       // listAssessments' item with `explain`; only for roles that read assessments
       {"assessment", {{"type", {"object", "null"}}}}},
      {"household_id", "masked", "farmland_mu", "forest_mu", "electricity", "road", "toilet", "military_family",
       "bank_account", "members"});
}

json assessment_summary(const Assessment& a) {
  auto reasons = json::array();
  for (RiskReason r : a.reasons_in_order()) reasons.push_back(label(r));
  return json{{"year", a.year},
              {"candidate", a.candidate},
              {"type", a.type ? json(label(*a.type)) : json(nullptr)},
              {"primary_reason", a.primary_reason ? json(label(*a.primary_reason)) : json(nullptr)},
              {"risk_reasons", std::move(reasons)},
              {"excluded", a.excluded}};
}

Result<Reply> list_households(ApiServer::Impl& s, Call& c) {
  std::optional<MonitoredType> type;
  if (auto t = c.text("type"); !t.empty()) {
    type = parse_monitored_type(t);
    if (!type) return invalid("type 应为 脱贫不稳定户|边缘易致贫户|突发严重困难户", "type");
  }
  std::optional<MonitorStatus> monitor_status;
  if (auto m = c.text("monitor_status"); !m.empty()) {
    monitor_status = parse_monitor_status(m);
    if (!monitor_status) return invalid("monitor_status 应为 monitored|eliminated|removed|none", "monitor_status");
  }
  std::optional<RiskReason> reason;
  if (auto r = c.text("reason"); !r.empty()) {
    reason = parse_risk_reason(r);
    if (!reason) return invalid("reason 不是已知的风险类型", "reason");
  }
  const std::optional<bool> candidate = c.flag("candidate");
  const std::string q = c.text("q");
  const long limit = *c.integer("limit"), offset = *c.integer("offset");
  const std::optional<long> year = c.integer("year");

  std::shared_ptr<const app::LoadedRegistry> loaded;
  std::shared_ptr<const app::YearAssessed> assessed;
  int y = static_cast<int>(year.value_or(0));
  if (year || reason || candidate) {
    if (!year) {
      auto l = s.registry_view.registry(c.db.registry());
      if (!l) return l.error();
      y = (*l)->latest_year;
    }
    auto a = s.registry_view.assessed(c.db.registry(), s.policy, y);
    if (!a) return as_param_error(a.error(), "year");  // e.g. no poverty line for the year
    assessed = *a;
    loaded = assessed->source;
  } else {
    auto l = s.registry_view.registry(c.db.registry());
    if (!l) return l.error();
    loaded = *l;
  }

  auto items = json::array();
  std::size_t total = 0;
  const auto& hh = loaded->reg.households;
  for (std::size_t i = 0; c.region && i < hh.size(); ++i) {
    const Household& h = hh[i];
    if (!c.region->contains(h.region_code)) continue;
    if (type && h.monitored_type != type) continue;
    if (monitor_status && h.monitor_status != *monitor_status) continue;
    if (!q.empty() && h.head_name.find(q) == std::string::npos) continue;
    const Assessment* a = nullptr;
    if (assessed && assessed->of_household[i] >= 0) a = &assessed->result.records[assessed->of_household[i]];
    if (reason && !(a && a->risk_reasons.has(*reason))) continue;
    if (candidate == true && !(a && a->candidate)) continue;
    if (candidate == false && (a && a->candidate)) continue;
    ++total;
    if (total <= static_cast<std::size_t>(offset) || items.size() >= static_cast<std::size_t>(limit)) continue;
    json it{{"household_id", h.household_id},
            {"region_code", h.region_code},
            {"head_name", h.head_name},
            {"phone", mask_phone(h.phone)},
            {"formerly_poor", h.formerly_poor},
            {"monitored_type", h.monitored_type ? json(label(*h.monitored_type)) : json(nullptr)},
            {"monitor_status", api_name(h.monitor_status)},
            {"members", loaded->reg.members_of(i).size()}};
    if (assessed) it["assessment"] = a ? assessment_summary(*a) : json(nullptr);
    items.push_back(std::move(it));
  }
  json out{{"total", total}, {"limit", limit}, {"offset", offset}};
  if (assessed) out["year"] = y;
  out["items"] = std::move(items);
  return Reply(std::move(out));
}

Result<Reply> get_household(ApiServer::Impl& s, Call& c) {
  if (!c.household) return internal_error("getHousehold: route lacks ScopeCheck::Household");  // fail closed
  const store::HouseholdDetail& d = *c.household;  // inside the scope (ScopeCheck::Household)
  const std::string& id = d.household.household_id;
  // Other roles asking for unmask=1 get the masked answer (README).
  const bool unmask = c.text("unmask") == "1" && may(c.user->role, kUnmask);
  if (unmask) {
    if (auto st = c.db.accounts().record_access({c.user->username, s.now_iso(), "unmask", id}); !st) return st.error();
    spdlog::info("request_id={} unmasked read user={} household={}", c.request_id, log_escape(c.user->username),
                 log_escape(id));
  }
  auto j = app::household_json(d, unmask);
  j["masked"] = !unmask;
  // --- assessment explain (issue 11) ---
  // The SPEC §4a assessment with its explanation, for the roles that may read assessments:
  // of `year`, else the household's latest finance year; null when it cannot be assessed.
  if (may(c.user->role, Action::ReadAssessments)) {
    int year = static_cast<int>(c.integer("year").value_or(0));
    for (const Finance& f : d.finances)
      if (!c.integer("year") && f.year > year) year = f.year;
    json assessment = nullptr;
    auto loaded = s.registry_view.registry(c.db.registry());
    if (!loaded) return loaded.error();
    if (auto it = (*loaded)->by_id.find(id); year > 0 && it != (*loaded)->by_id.end())
      if (auto e = app::assess_explained((*loaded)->reg, s.policy, it->second, year))
        assessment = app::assessment_json(e->assessment, e->explain);
    j["assessment"] = std::move(assessment);
  }
  // --- end assessment explain ---
  return Reply(std::move(j));
}

}  // namespace

std::vector<RouteSpec> household_routes() {
  return {
      {.method = "GET", .path = "/api/v1/households", .operation_id = "listHouseholds",
       .summary = "户列表（筛选、分页；联系电话脱敏）", .access = permit(Action::ReadRegistry),
       .scope = ScopeCheck::RegionFilter,
       .params = {region_filter_param(),
                  query_text("type", "当前监测对象类型（最近一次案件决定）：脱贫不稳定户|边缘易致贫户|突发严重困难户"),
                  query_text("monitor_status", "当前监测状态（最近一次案件决定）：monitored|eliminated|removed|none"),
                  query_text("reason", "风险类型（按 year 年度评估）"),
                  query_bool("candidate", "是否纳入监测候选（按 year 年度评估）"),
                  query_int("year", "评估年度（默认最近有收支数据的年度）", 1900, 2200),
                  query_text("q", "户主姓名包含"),
                  limit_param(),
                  offset_param()},
       .response = {"application/json",
                    page_schema(object_schema({{"household_id", type_schema("string")},
                                               {"region_code", type_schema("string")},
                                               {"head_name", type_schema("string")},
                                               {"phone", type_schema("string")},
                                               {"formerly_poor", type_schema("boolean")},
                                               {"monitored_type", {{"type", {"string", "null"}}}},
                                               {"monitor_status", type_schema("string")},
                                               {"members", type_schema("integer")},
                                               {"assessment", {{"type", {"object", "null"}}}}}),
                                {{"year", type_schema("integer")}})},
       .errors = {400, 401, 403}, .handler = list_households},
      {.method = "GET", .path = "/api/v1/households/{id}", .operation_id = "getHousehold",
       .summary = "一户详情：信息采集表字段、成员（证件号码、电话、银行账号脱敏）、年度收支及历史", .access = permit(Action::ReadRegistry),
       .scope = ScopeCheck::Household,
       .params = {path_param("id", "户编号"),
                  query_text("unmask", "1 = 显示完整证件号码、电话与银行账号（仅县级、系统管理员；记入访问日志）"),
                  query_int("year", "assessment 的评估年度（默认该户最近有收支数据的年度）", 1900, 2200)},
       .response = {"application/json",  // the CLI's `household show --format json` object
                    household_detail_schema()},
       .errors = {401, 403, 404}, .handler = get_household},
  };
}

}  // namespace fangpin::server::detail
