// Clues: 农户自主申报 (public) and 舆情信访, their handling and the receipt lookup. The rules
// live in app/clues.h; this file reads requests and renders answers.
#include <spdlog/spdlog.h>

#include "app/clues.h"
#include "domain/resident_id.h"
#include "server/body.h"
#include "server/impl.h"

namespace fangpin::server::detail {

namespace {

app::ApplicationLimits limits_of(const ApiServer::Impl& s) {
  app::ApplicationLimits l;
  l.pow_bits = s.opt.application_pow_bits;
  l.per_address = s.opt.applications_per_address_hour;
  l.per_resident_id = s.opt.applications_per_id_day;
  l.max_photo_bytes = s.opt.application_body_limit;
  return l;
}

Reply too_many(Call& c, std::chrono::seconds retry_after) {
  c.res.set_header("Retry-After", std::to_string(std::max<long long>(1, retry_after.count())));
  return Reply::error(429, "too_many_attempts", "提交次数过多，请稍后再试");
}

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// A clue for cadres: resident IDs and phones masked, also where someone typed them into the
// free text.
json clue_json(const store::ClueRecord& r) {
  return json{{"id", r.id},
              {"channel", r.channel},
              {"status", r.status},
              {"village_code", r.village_code},
              {"region_code", r.region_code},
              {"household_id", nullable(r.household_id)},
              {"name", r.applicant_name},
              {"resident_id", r.resident_id.empty() ? json(nullptr) : json(mask_resident_id(r.resident_id))},
              {"phone", r.phone.empty() ? json(nullptr) : json(mask_phone(r.phone))},
              {"description", mask_personal_numbers(r.description)},
              {"source", r.source},
              {"has_photo", !r.photo_sha256.empty()},
              {"received_date", r.received_date},
              {"received_at", r.received_at},
              {"recorded_by", nullable(r.recorded_by)},
              {"case_id", r.case_id > 0 ? json(r.case_id) : json(nullptr)},
              {"handled_by", nullable(r.handled_by)},
              {"handled_at", nullable(r.handled_at)},
              {"close_reason", nullable(mask_personal_numbers(r.close_reason))},
              {"note", nullable(mask_personal_numbers(r.handle_note))}};
}

json clue_schema() {
  const json text = type_schema("string");
  const json opt_text = {{"type", {"string", "null"}}};
  return object_schema({{"id", type_schema("integer")},
                        {"channel", text},
                        {"status", text},
                        {"village_code", text},
                        {"region_code", text},
                        {"household_id", opt_text},
                        {"name", text},
                        {"resident_id", opt_text},
                        {"phone", opt_text},
                        {"description", text},
                        {"source", text},
                        {"has_photo", type_schema("boolean")},
                        {"received_date", text},
                        {"received_at", text},
                        {"recorded_by", opt_text},
                        {"case_id", {{"type", {"integer", "null"}}}},
                        {"handled_by", opt_text},
                        {"handled_at", opt_text},
                        {"close_reason", opt_text},
                        {"note", opt_text}},
                       {"id", "channel", "status", "village_code", "region_code", "description", "received_date"});
}

// An optional JSON body: an empty one is {}.
Result<JsonBody> optional_body(const httplib::Request& req) {
  if (trim(req.body).empty()) return JsonBody(json::object());
  return JsonBody::parse(req);
}

Result<Reply> new_challenge(ApiServer::Impl& s, Call& c) {
  auto r = app::issue_challenge(c.db.clues(), limits_of(s), c.req.remote_addr, s.now());
  if (!r) return r.error();
  if (!r->challenge) return too_many(c, r->throttled.retry_after);
  return Reply(json{{"challenge", r->challenge->challenge},
                    {"difficulty", r->challenge->difficulty},
                    {"algorithm", "SHA-256(challenge + \":\" + nonce) 的前 difficulty 位为 0"},
                    {"expires_at", r->challenge->expires_at}});
}

constexpr const char* kApplicationFields[] = {"name", "resident_id", "phone", "village_code",
                                              "description", "challenge", "nonce"};

Result<Reply> submit(ApiServer::Impl& s, Call& c) {
  const std::size_t limit = s.opt.application_body_limit;
  // httplib has read the body already (up to the server-wide limit); this route is smaller.
  std::size_t size = c.req.body.size();
  for (const auto& [name, part] : c.req.files) size += part.content.size();
  if (size > limit || c.req.get_header_value<std::uint64_t>("Content-Length") > limit)
    return Reply::error(413, "payload_too_large", fmt::format("申报内容超过上限 {} 字节", limit));
  app::ApplicationInput in;
  std::string* fields[] = {&in.name, &in.resident_id, &in.phone, &in.village_code,
                           &in.description, &in.challenge, &in.nonce};
  if (c.req.is_multipart_form_data()) {
    for (std::size_t i = 0; i < std::size(kApplicationFields); ++i)
      if (c.req.has_file(kApplicationFields[i])) *fields[i] = c.req.get_file_value(kApplicationFields[i]).content;
    if (c.req.has_file("photo")) in.photo = c.req.get_file_value("photo").content;
  } else {
    auto body = JsonBody::parse(c.req);
    if (!body) return body.error();
    if (body->has("photo")) return invalid("照片请用 multipart/form-data 的 photo 字段上传", "photo");
    for (std::size_t i = 0; i < std::size(kApplicationFields); ++i) {
      // Only the type here; the use case applies the exact limits (the body is ≤ 5 MiB).
      auto t = body->text(kApplicationFields[i], false, std::size_t{1} << 30);
      if (!t) return t.error();
      *fields[i] = std::move(*t);
    }
  }
  auto r = app::submit_application(c.db, s.policy, s.files.get(), limits_of(s), in, c.req.remote_addr, s.now());
  if (!r) return r.error();
  if (r->receipt.empty()) return too_many(c, r->throttled.retry_after);
  spdlog::info("request_id={} application received", c.request_id);
  // The same answer for a registered and an unregistered resident ID.
  return Reply(201, json{{"receipt", r->receipt}, {"status", app::kClueReceived}});
}

Result<Reply> receipt(ApiServer::Impl&, Call& c) {
  auto r = app::receipt_status(c.db.clues(), std::string(c.req.matches[1]));
  if (!r) return r.error();
  json out{{"status", r->status}};
  if (!r->close_reason.empty()) out["close_reason"] = r->close_reason;
  return Reply(std::move(out));
}

Result<Reply> list_clues(ApiServer::Impl&, Call& c) {
  const std::string status = c.text("status"), channel = c.text("channel");
  if (!status.empty() && status != app::kClueReceived && status != app::kClueAccepted && status != app::kClueClosed)
    return invalid("status 应为 已收到|已受理|已关闭", "status");
  if (!channel.empty() && channel != label(workflow::Channel::SelfApplication) &&
      channel != label(workflow::Channel::PublicOpinion))
    return invalid("channel 应为 自主申报|舆情信访", "channel");
  const long limit = *c.integer("limit"), offset = *c.integer("offset");
  json out{{"total", 0}, {"limit", limit}, {"offset", offset}, {"items", json::array()}};
  if (!c.region) return Reply(std::move(out));  // the filter and the scope are disjoint
  auto page = c.db.clues().list_clues({c.region->digits(), status, channel, limit, offset});
  if (!page) return page.error();
  out["total"] = page->total;
  for (const auto& r : page->items) out["items"].push_back(clue_json(r));
  return Reply(std::move(out));
}

Result<Reply> accept(ApiServer::Impl& s, Call& c) {
  if (!c.clue) return internal_error("acceptClue: route lacks ScopeCheck::Clue");  // fail closed
  const std::int64_t id = c.clue->id;
  auto body = optional_body(c.req);
  if (!body) return body.error();
  app::AcceptInput in;
  auto household = body->text("household_id", false, 64);
  if (!household) return household.error();
  in.household_id = std::move(*household);
  auto date = body->optional_date("clue_date");
  if (!date) return date.error();
  in.clue_date = *date;
  auto note = body->text("note", false, 2000);
  if (!note) return note.error();
  in.note = std::move(*note);
  auto env = c.workflow_env(s);
  auto r = app::accept_clue(c.db, env, c.actor(), id, in);
  if (!r) return r.error();
  const auto& k = r->case_record;
  return Reply(201, json{{"clue", clue_json(r->clue)},
                         {"case", json{{"id", k.c.id},
                                       {"version", k.version},
                                       {"household_id", k.c.household_id},
                                       {"channel", label(k.c.channel)},
                                       {"status", k.c.state_label()},
                                       {"clue_date", k.c.clue_date.iso()}}},
                         {"existing", r->existing}});
}

Result<Reply> close(ApiServer::Impl& s, Call& c) {
  if (!c.clue) return internal_error("closeClue: route lacks ScopeCheck::Clue");  // fail closed
  const std::int64_t id = c.clue->id;
  auto body = JsonBody::parse(c.req);
  if (!body) return body.error();
  auto reason = body->text("reason", true, 500);
  if (!reason) return reason.error();
  auto r = app::close_clue(c.db, c.actor(), id, *reason, s.now());
  if (!r) return r.error();
  return Reply(clue_json(*r));
}

// The applicant's photo, for cadres who may see the clue; each download is logged.
Result<Reply> photo(ApiServer::Impl& s, Call& c) {
  if (!c.clue) return internal_error("clueAttachment: route lacks ScopeCheck::Clue");  // fail closed
  if (c.clue->photo_sha256.empty()) return not_found("该线索没有照片", "photo");
  auto bytes = s.files->get(c.clue->photo_sha256);
  if (!bytes) return bytes.error();
  const auto type = store::sniff_media_type(*bytes);
  if (!type) return internal_error("照片类型无法识别");
  if (auto st = c.db.accounts().record_access(
          {c.user->username, s.now_iso(), "clue.photo", fmt::format("clue:{}", c.clue->id)});
      !st)
    return st.error();
  return Reply::raw(std::move(*bytes), *type);
}

Result<Reply> record_petition(ApiServer::Impl& s, Call& c) {
  auto body = JsonBody::parse(c.req);
  if (!body) return body.error();
  app::PetitionInput in;
  for (auto [field, target] : {std::pair{"village_code", &in.village_code}, {"household_id", &in.household_id},
                               {"name", &in.name}, {"resident_id", &in.resident_id}, {"phone", &in.phone},
                               {"description", &in.description}, {"source", &in.source}}) {
    auto t = body->text(field, false, std::size_t{1} << 30);  // exact limits: the use case
    if (!t) return t.error();
    *target = std::move(*t);
  }
  auto date = body->date("received_date");
  if (!date) return date.error();
  in.received_date = *date;
  if (!c.region) return internal_error("recordPetition: route lacks ScopeCheck::RegionFilter");  // fail closed
  workflow::Actor actor = c.actor();
  actor.scope = c.region->digits();  // the caller's scope (the route has no region parameter)
  auto r = app::record_petition(c.db, s.policy, actor, in, s.now());
  if (!r) return r.error();
  return Reply(201, json{{"clue", clue_json(r->clue)}, {"receipt", r->receipt}});
}

}  // namespace

std::vector<RouteSpec> application_routes() {
  const json text = type_schema("string");
  const json application_fields = {{"name", text},         {"resident_id", text}, {"phone", text},
                                   {"village_code", text}, {"description", text}, {"challenge", text},
                                   {"nonce", text}};
  const std::vector<std::string> application_required = {"name",        "resident_id", "phone", "village_code",
                                                         "description", "challenge",   "nonce"};
  json multipart_fields = application_fields;
  multipart_fields["photo"] = json{{"type", "string"}, {"contentMediaType", "image/jpeg"}};
  return {
      {.method = "POST", .path = "/api/v1/applications/challenge", .operation_id = "applicationChallenge",
       .summary = "农户自主申报：获取一次性工作量证明题（10 分钟内有效）", .access = kPublic, .csrf = false,
       .response = {"application/json",
                    object_schema({{"challenge", text},
                                   {"difficulty", type_schema("integer")},
                                   {"algorithm", text},
                                   {"expires_at", text}},
                                  {"challenge", "difficulty", "expires_at"})},
       .errors = {429}, .handler = new_challenge},
      {.method = "POST", .path = "/api/v1/applications", .operation_id = "submitApplication",
       .summary = "农户自主申报（无需登录）：生成线索，返回回执编号", .access = kPublic,
       // `writes` marks role-restricted writes (督导 is read-only); a public route has no role.
       // The stored clue is attributed in access_log (clue.apply).
       .csrf = false,
       .body = {"multipart/form-data",  // or the same fields as a JSON object, without the photo
                object_schema(multipart_fields, application_required)},
       .response = {"application/json", object_schema({{"receipt", text}, {"status", text}}, {"receipt", "status"})},
       .errors = {400, 403, 413, 429}, .handler = submit},
      {.method = "GET", .path = "/api/v1/applications/receipt/{code}", .operation_id = "applicationReceipt",
       .summary = "按回执编号查询办理状态（只含状态）", .access = kPublic,
       .params = {path_param("code", "回执编号，如 7K3M-Q9ZD-4R8T-W2XB")},
       .response = {"application/json", object_schema({{"status", text}, {"close_reason", text}}, {"status"})},
       .errors = {404}, .handler = receipt},
      {.method = "GET", .path = "/api/v1/applications", .operation_id = "listClues",
       .summary = "申报与舆情信访线索列表（证件号码、电话脱敏）", .access = permit(Action::ReadClues),
       .scope = ScopeCheck::RegionFilter,
       .params = {region_filter_param(),
                  query_text("status", "已收到|已受理|已关闭"),
                  query_text("channel", "自主申报|舆情信访"),
                  limit_param(),
                  offset_param()},
       .response = {"application/json",
                    page_schema(clue_schema())},
       .errors = {400, 401, 403}, .handler = list_clues},
      {.method = "POST", .path = "/api/v1/applications/{id}/accept", .operation_id = "acceptClue",
       .summary = "受理线索：以线索的发现方式登记识别案件（同一事务）", .access = permit(Action::HandleClue),
       .scope = ScopeCheck::Clue, .writes = true, .params = {path_param("id", "线索编号")},
       .body = {"application/json",
                object_schema({{"household_id", text}, {"clue_date", text}, {"note", text}})},
       .response = {"application/json",
                    object_schema({{"clue", clue_schema()},
                                   {"case", object_schema({{"id", type_schema("integer")},
                                                           {"version", type_schema("integer")},
                                                           {"household_id", text},
                                                           {"channel", text},
                                                           {"status", text},
                                                           {"clue_date", text}})},
                                   {"existing", type_schema("boolean")}},
                                  {"clue", "case", "existing"})},
       .errors = {400, 401, 403, 404, 409, 422}, .handler = accept},
      {.method = "GET", .path = "/api/v1/applications/{id}/photo", .operation_id = "clueAttachment",
       .summary = "申报照片（下载记入访问日志）", .access = permit(Action::ReadClues), .scope = ScopeCheck::Clue,
       .params = {path_param("id", "线索编号")},
       .response = {"image/jpeg", json{{"type", "string"}, {"contentMediaType", "image/jpeg 或 image/png"}}},
       .errors = {400, 401, 403, 404}, .handler = photo},
      {.method = "POST", .path = "/api/v1/applications/{id}/close", .operation_id = "closeClue",
       .summary = "关闭线索（须说明理由）", .access = permit(Action::HandleClue), .scope = ScopeCheck::Clue,
       .writes = true,
       .params = {path_param("id", "线索编号")},
       .body = {"application/json", object_schema({{"reason", text}}, {"reason"})},
       .response = {"application/json", clue_schema()},
       .errors = {400, 401, 403, 404, 409}, .handler = close},
      {.method = "POST", .path = "/api/v1/petitions", .operation_id = "recordPetition",
       .summary = "登记舆情信访线索", .access = permit(Action::RecordClue),
       // The village (or household) in the body must be inside c.region, the caller's scope.
       .scope = ScopeCheck::RegionFilter, .writes = true,
       .body = {"application/json",
                object_schema({{"village_code", text},
                               {"household_id", text},
                               {"name", text},
                               {"resident_id", text},
                               {"phone", text},
                               {"description", text},
                               {"source", text},
                               {"received_date", text}},
                              {"name", "description", "source", "received_date"})},
       .response = {"application/json", object_schema({{"clue", clue_schema()}, {"receipt", text}}, {"clue", "receipt"})},
       .errors = {400, 401, 403, 404}, .handler = record_petition},
  };
}

}  // namespace fangpin::server::detail
