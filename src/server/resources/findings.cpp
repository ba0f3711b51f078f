// Negative-list findings at verification (SPEC §5) over HTTP: list, record, withdraw. The
// household is checked against the caller's scope first (outside it: 404); writers are the
// roles that take case steps (村级 乡级 县级). A finding is never deleted: a withdrawal is a
// new record with its reason.
#include <charconv>

#include "app/clock.h"
#include "app/findings.h"
#include "server/body.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

constexpr std::size_t kNoteChars = 2000;

json finding_json(const NegativeFinding& f) {
  return json{{"id", f.id},         {"household_id", f.household_id}, {"kind", f.kind},
              {"date", f.found_on.iso()}, {"by", f.found_by},          {"role", f.role},
              {"note", f.note},     {"evidence", f.evidence},         {"recorded_at", f.recorded_at}};
}

json status_json(const FindingStatus& s) {
  auto j = finding_json(s.finding);
  j["active"] = s.active();
  j["withdrawal"] = s.withdrawal ? finding_json(*s.withdrawal) : json(nullptr);
  return j;
}

app::FindingActor actor_of(const Call& c) { return app::FindingActor{c.user->username, std::string(label(c.user->role))}; }

Result<Reply> list_findings(ApiServer::Impl&, Call& c) {
  if (!c.household) return internal_error("listFindings: route lacks ScopeCheck::Household");
  auto list = app::list_findings(c.db.registry(), c.household->household.household_id);
  if (!list) return list.error();
  auto items = json::array();
  for (const auto& s : *list) items.push_back(status_json(s));
  return Reply(json{{"household_id", c.household->household.household_id}, {"items", std::move(items)}});
}

Result<Reply> add_finding(ApiServer::Impl& s, Call& c) {
  if (!c.household) return internal_error("addFinding: route lacks ScopeCheck::Household");
  auto b = JsonBody::parse(c.req);
  if (!b) return b.error();
  auto kind = b->text("kind", true, 40);
  if (!kind) return kind.error();
  auto on = b->date("date");
  if (!on) return on.error();
  auto note = b->text("note", true, kNoteChars);
  if (!note) return note.error();
  auto evidence = b->text_list("evidence", 20, 64);
  if (!evidence) return evidence.error();
  for (const std::string& e : *evidence)
    if (!s.files->contains(e))
      return invalid("evidence 中的档案文件 " + e + " 不存在：请先上传（POST /api/v1/documents），再引用其 SHA-256",
                     "evidence");
  NegativeFinding f;
  f.household_id = c.household->household.household_id;
  f.kind = std::move(*kind);
  f.found_on = *on;
  f.note = std::move(*note);
  f.evidence = std::move(*evidence);
  auto r = app::add_finding(c.db.registry(), s.policy, actor_of(c), std::move(f), app::china_date(s.now()));
  if (!r) return r.error();
  s.registry_view.invalidate();  // the household's assessment now excludes it
  c.res.set_header("Location", fmt::format("/api/v1/households/{}/findings", r->household_id));
  return Reply(201, finding_json(*r));
}

Result<Reply> withdraw_finding(ApiServer::Impl& s, Call& c) {
  if (!c.household) return internal_error("withdrawFinding: route lacks ScopeCheck::Household");
  const std::string text = c.req.matches[2];
  std::int64_t fid = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), fid);
  if (ec != std::errc() || end != text.data() + text.size() || fid <= 0) return invalid("核查发现编号应为正整数", "fid");
  auto b = JsonBody::parse(c.req);
  if (!b) return b.error();
  auto on = b->date("date");
  if (!on) return on.error();
  auto reason = b->text("reason", true, kNoteChars);
  if (!reason) return reason.error();
  auto r = app::withdraw_finding(c.db.registry(), actor_of(c), c.household->household.household_id, fid, *on, *reason,
                                 app::china_date(s.now()));
  if (!r) return r.error();
  s.registry_view.invalidate();
  return Reply(201, finding_json(*r));
}

json date_schema() { return json{{"type", "string"}, {"format", "date"}}; }

json finding_schema() {
  return object_schema({{"id", type_schema("integer")},
                        {"household_id", type_schema("string")},
                        {"kind", type_schema("string")},
                        {"date", date_schema()},
                        {"by", type_schema("string")},
                        {"role", type_schema("string")},
                        {"note", type_schema("string")},
                        {"evidence", array_of(type_schema("string"))},
                        {"recorded_at", type_schema("string")}},
                       {"id", "household_id", "kind", "date", "by", "role", "note", "evidence"});
}

}  // namespace

std::vector<RouteSpec> finding_routes() {
  json listed = finding_schema();
  listed["properties"]["active"] = type_schema("boolean");
  listed["properties"]["withdrawal"] = json{{"oneOf", {finding_schema(), type_schema("null")}}};
  return {
      {.method = "GET", .path = "/api/v1/households/{id}/findings", .operation_id = "listFindings",
       .summary = "一户的负面清单核查发现（含撤销记录）", .access = permit(Action::ReadRegistry),
       .scope = ScopeCheck::Household, .params = {path_param("id", "户编号")},
       .response = {"application/json",
                    object_schema({{"household_id", type_schema("string")}, {"items", array_of(listed)}},
                                  {"household_id", "items"})},
       .errors = {401, 403, 404}, .handler = list_findings},
      {.method = "POST", .path = "/api/v1/households/{id}/findings", .operation_id = "addFinding",
       .summary = "记录入户核查发现的负面清单情形（类别、佐证、发现人、日期）；此后评估排除该户",
       .access = permit(Action::TakeStep), .scope = ScopeCheck::Household, .writes = true,
       .params = {path_param("id", "户编号")},
       .body = {"application/json",
                object_schema({{"kind", type_schema("string")},
                               {"date", date_schema()},
                               {"note", type_schema("string")},
                               {"evidence", array_of(type_schema("string"))}},
                              {"kind", "date", "note", "evidence"})},
       .response = {"application/json", finding_schema()}, .success = 201,
       .errors = {400, 401, 403, 404}, .handler = add_finding},
      {.method = "POST", .path = "/api/v1/households/{id}/findings/{fid}/withdraw", .operation_id = "withdrawFinding",
       .summary = "撤销一项核查发现（另记撤销记录与理由，原记录保留）", .access = permit(Action::TakeStep),
       .scope = ScopeCheck::Household, .writes = true,
       .params = {path_param("id", "户编号"), path_param("fid", "核查发现编号")},
       .body = {"application/json",
                object_schema({{"date", date_schema()}, {"reason", type_schema("string")}}, {"date", "reason"})},
       .response = {"application/json", finding_schema()}, .success = 201,
       .errors = {400, 401, 403, 404, 409}, .handler = withdraw_finding},
  };
}

}  // namespace fangpin::server::detail
