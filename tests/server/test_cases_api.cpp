// Cases and procedure reports over HTTP (issue 10 items 1–2): the work list and its filters,
// the detail, opening a case, a whole identification through step requests (the 4-day 公示
// refused with the rule's own text), assistance, optimistic concurrency, bad input, the
// 帮扶责任人's view, and the reports compared row by row with the use cases the CLI prints.
#include <algorithm>
#include <set>
#include <thread>

#include "app/workflow/workflow_views.h"
#include "case_seed.h"
#include "domain/permission.h"
#include "server_fixture.h"
#include "store/file_store.h"

namespace fangpin::testing {
namespace {

using server::Role;
using workflow::Step;

// Every step's roles (the step table) together are exactly who may call the step route.
TEST(CaseStepRoles, TakeStepRolesAreTheUnionOfTheStepTable) {
  RoleSet all;
  for (int i = 0; i <= static_cast<int>(Step::TypeChange); ++i) all.bits |= workflow::allowed_roles(static_cast<Step>(i)).bits;
  // 驳回 has no roles of its own (the pending step's role, and 县级): inside the union.
  EXPECT_EQ(all.bits, permission(Action::TakeStep).roles.bits);
  EXPECT_TRUE(workflow::allowed_roles(Step::Reject).empty());
}

class CasesApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    seed_ = std::make_unique<CaseSeed>(*database_);
  }
  void TearDown() override {
    seed_.reset();
    ServerTest::TearDown();
  }

  const std::string& token(Role r) {
    auto& t = tokens_[r];
    if (t.empty()) t = token_of(r);
    return t;
  }
  httplib::Result get(const std::string& path, Role r = Role::Village) { return client_->Get(path, bearer(token(r))); }
  httplib::Result post(const std::string& path, const json& b, Role r = Role::Village, httplib::Headers extra = {}) {
    return post_raw(path, b.dump(), r, std::move(extra));
  }
  httplib::Result post_raw(const std::string& path, const std::string& b, Role r = Role::Village,
                           httplib::Headers extra = {}) {
    httplib::Headers h = bearer(token(r));
    h.insert(extra.begin(), extra.end());
    return client_->Post(path, h, b, "application/json");
  }
  httplib::Result step(std::int64_t id, Role r, const std::string& name, const std::string& date, json more = {}) {
    json b = more.is_object() ? more : json::object();
    b["step"] = name;
    b["date"] = date;
    return post(case_path(id) + "/steps", b, r);
  }
  static std::string case_path(std::int64_t id) { return "/api/v1/cases/" + std::to_string(id); }

  json case_json(std::int64_t id) { return body(get(case_path(id), Role::County)); }

  // A stored document (the archive the server uses: DB path + ".files").
  std::string stored_png(char variant = 'a') {
    store::FileStore files(db_ + ".files");
    auto f = files.put(std::string("\x89PNG\r\n\x1A\n", 8) + "photo-" + variant);
    EXPECT_TRUE(f.ok());
    return f.ok() ? f->sha256 : std::string();
  }

  static std::vector<std::int64_t> ids_of(const json& list) {
    std::vector<std::int64_t> out;
    for (const auto& it : list["items"]) out.push_back(it.value("case_id", std::int64_t{0}));
    return out;
  }
  static std::string field_of(const httplib::Result& r) {
    auto b = body(r);
    return b.contains("error") && b["error"]["field"].is_string() ? b["error"]["field"].get<std::string>() : "";
  }

  std::unique_ptr<CaseSeed> seed_;
  std::map<Role, std::string> tokens_;
};

// ---- a whole identification --------------------------------------------------------------

// Numbers typed into notes are masked in what the API shows (the stored record keeps them).
TEST_F(CasesApi, IdsAndPhonesInNotesAreMasked) {
  const std::string typed = "户主身份证" + member_id_a_ + "，电话13812345678";
  auto opened = post("/api/v1/cases", {{"household_id", kHouseholdA}, {"channel", "干部排查"},
                                       {"clue_date", "2023-03-01"}, {"note", typed}});
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  const std::int64_t id = body(opened)["case_id"];
  auto stepped = step(id, Role::Village, "入户核查", "2023-03-01", {{"note", typed}});
  ASSERT_TRUE(stepped);
  ASSERT_EQ(stepped->status, 200) << stepped->body;
  auto shown = get(case_path(id), Role::County);
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->status, 200);
  for (const auto* r : {&opened, &stepped, &shown}) {
    EXPECT_EQ((*r)->body.find(member_id_a_), std::string::npos) << (*r)->body;
    EXPECT_EQ((*r)->body.find("13812345678"), std::string::npos) << (*r)->body;
  }
  EXPECT_NE(shown->body.find(mask_resident_id(member_id_a_)), std::string::npos);
  EXPECT_NE(shown->body.find("138****5678"), std::string::npos);
  auto stored = database_->cases().find_case(id);  // the record keeps what was typed
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_NE((*stored)->data.find(member_id_a_), std::string::npos);
}

TEST_F(CasesApi, FullIdentificationThroughStepRequests) {
  auto opened = post("/api/v1/cases", {{"household_id", kHouseholdA}, {"channel", "干部排查"},
                                       {"clue_date", "2023-03-01"}, {"note", "排查发现"}});
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  json c = body(opened);
  const std::int64_t id = c["case_id"];
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["state"], "待入户核查");
  EXPECT_EQ(c["next_step"], "入户核查");
  EXPECT_EQ(c["household_id"], kHouseholdA);
  EXPECT_EQ(opened->get_header_value("ETag"), "\"1\"");
  EXPECT_EQ(opened->get_header_value("Location"), case_path(id));
  // What the caller may do next, by the step table (the UI offers only these forms).
  EXPECT_EQ(c["allowed_steps"], json::array({"入户核查", "驳回"}));
  EXPECT_EQ(c["notice_earliest_end"], nullptr);
  EXPECT_EQ(body(get(case_path(id), Role::County))["allowed_steps"], json::array({"驳回"}));
  EXPECT_EQ(body(get(case_path(id), Role::Supervisor))["allowed_steps"], json::array());

  const std::string photo = stored_png();
  auto ok = [&](Role r, const std::string& name, const std::string& date, json more = {}) {
    auto res = step(id, r, name, date, std::move(more));
    EXPECT_TRUE(res && res->status == 200) << name << ": " << (res ? res->body : "no answer");
    json b = body(res);
    EXPECT_EQ(res->get_header_value("ETag"), "\"" + std::to_string(b.value("version", -1)) + "\"");
    return b;
  };
  c = ok(Role::Village, "入户核查", "2023-03-01", {{"documents", {photo}}, {"note", "属实"}});
  EXPECT_EQ(c["history"][0]["documents"], json::array({photo}));
  EXPECT_EQ(c["history"][0]["actor"], "u_village");  // the actor comes from the session
  ok(Role::Village, "承诺授权书", "2023-03-01");

  // The step table decides who: 县级审定 by a village account, and a step out of order.
  auto wrong_role = step(id, Role::Village, "信息比对", "2023-03-01");
  ASSERT_TRUE(wrong_role);
  EXPECT_EQ(wrong_role->status, 403) << wrong_role->body;
  EXPECT_EQ(body(wrong_role)["error"]["message"], "角色 村级 无权办理“信息比对”（限 乡级、县级）");
  auto out_of_order = step(id, Role::Township, "乡镇审核", "2023-03-01");
  ASSERT_TRUE(out_of_order);
  EXPECT_EQ(out_of_order->status, 409);
  EXPECT_NE(body(out_of_order)["error"]["message"].get<std::string>().find("步骤顺序错误"), std::string::npos);

  c = ok(Role::Township, "信息比对", "2023-03-01");
  EXPECT_TRUE(c["suggested_type"].is_string()) << c.dump();  // 3000 yuan for one person in 2023: a candidate
  const json suggested = c["suggested_type"];
  ok(Role::Village, "村级评议", "2023-03-02");
  c = ok(Role::Village, "村级公示", "2023-03-02");
  EXPECT_EQ(c["notice_earliest_end"], "2023-03-07");  // the day the refusal below names
  EXPECT_EQ(c["allowed_steps"], json::array({"村级公示结束", "公示异议", "驳回"}));
  EXPECT_EQ(body(get(case_path(id), Role::Township))["allowed_steps"], json::array({"公示异议"}));

  // Four days of 公示 are refused with the rule's text — the same the CLI prints, which is
  // what the use case answers for the same input.
  const std::int64_t before = seed_->version(id);
  auto short_notice = step(id, Role::Village, "村级公示结束", "2023-03-06");
  ASSERT_TRUE(short_notice);
  EXPECT_EQ(short_notice->status, 422) << short_notice->body;
  workflow::StepInput same;
  same.step = Step::VillageNoticeEnd;
  same.on = *Date::parse("2023-03-06");
  auto env = seed_->env();
  auto direct = app::take_step(env, workflow::Actor{"u_village", Role::Village, kVillageA}, id, same);
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(body(short_notice)["error"]["message"], direct.error().message);
  EXPECT_EQ(body(short_notice)["error"]["code"], "refused");
  EXPECT_EQ(body(short_notice)["error"]["field"], "date");
  EXPECT_NE(direct.error().message.find("仅 4 天"), std::string::npos) << direct.error().message;
  EXPECT_EQ(seed_->version(id), before);  // nothing written

  c = ok(Role::Village, "村级公示结束", "2023-03-07");
  EXPECT_EQ(c["state"], "待乡镇审核");
  ok(Role::Township, "乡镇审核", "2023-03-08");
  ok(Role::Township, "乡镇公示", "2023-03-08");
  ok(Role::Township, "乡镇公示结束", "2023-03-13");
  c = ok(Role::County, "县级审定", "2023-03-20");
  EXPECT_EQ(c["status"], "监测中");
  EXPECT_EQ(c["state"], "监测中");
  EXPECT_EQ(c["type"], suggested);  // confirmed without a type of the county's own
  EXPECT_EQ(c["approved_on"], "2023-03-20");
  EXPECT_EQ(c["next_step"], nullptr);

  // The detail: case_view plus the audit chain, every event attributed to an account.
  auto detail = get(case_path(id), Role::Supervisor);
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->status, 200) << detail->body;
  json d = body(detail);
  EXPECT_EQ(detail->get_header_value("ETag"), "\"" + std::to_string(d["version"].get<int>()) + "\"");
  EXPECT_EQ(d["version"], 11);  // 立案 + 10 steps (the refused one wrote nothing)
  ASSERT_EQ(d["audit"].size(), 11u);
  EXPECT_EQ(d["audit"][0]["action"], "立案");
  EXPECT_EQ(d["audit"][0]["actor"], "u_village");
  EXPECT_EQ(d["audit"][10]["action"], "县级审定");
  EXPECT_EQ(d["audit"][10]["actor"], "u_county");
  EXPECT_EQ(d["audit"][10]["role"], "县级");
  EXPECT_EQ(d["history"].size(), 10u);

  // Assistance on the monitored case: caseworker, plan, measure with evidence.
  auto assigned = post(case_path(id) + "/caseworker", {{"caseworker", "u_helper"}, {"date", "2023-03-21"}},
                       Role::Township, {{"If-Match", "\"11\""}});
  ASSERT_TRUE(assigned);
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  EXPECT_EQ(body(assigned)["caseworker"], "u_helper");
  EXPECT_EQ(assigned->get_header_value("ETag"), "\"12\"");
  auto plan = post(case_path(id) + "/plan",
                   {{"text", "产业+就业"}, {"date", "2023-03-22"}, {"documents", {photo}}, {"expect_version", 12}},
                   Role::Caseworker);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->status, 200) << plan->body;
  EXPECT_EQ(body(plan)["plan"]["text"], "产业+就业");
  const std::string receipt = stored_png('b');
  auto measure = post(case_path(id) + "/measures",
                      {{"category", "健康帮扶"}, {"start", "2023-03-25"}, {"amount", 1200.5}, {"unit", "县医保局"},
                       {"evidence", {receipt}}},
                      Role::Caseworker);
  ASSERT_TRUE(measure);
  ASSERT_EQ(measure->status, 200) << measure->body;
  json m = body(measure)["measures"][0];
  EXPECT_EQ(m["category"], "健康帮扶");
  EXPECT_EQ(m["amount_fen"], 120050);
  EXPECT_EQ(m["evidence"], json::array({receipt}));
  auto text_amount = post(case_path(id) + "/measures",
                          {{"category", "低保"}, {"start", "2023-03-26"}, {"amount", "300.25"}, {"unit", "县民政局"}},
                          Role::County);
  ASSERT_TRUE(text_amount);
  ASSERT_EQ(text_amount->status, 200) << text_amount->body;
  EXPECT_EQ(body(text_amount)["measures"][1]["amount_fen"], 30025);
  EXPECT_EQ(body(text_amount)["measures"][1]["category"], "综合保障");

  // Attribution of the assistance changes.
  d = case_json(id);
  ASSERT_EQ(d["audit"].size(), 15u);
  EXPECT_EQ(d["audit"][11]["action"], "确定帮扶责任人");
  EXPECT_EQ(d["audit"][11]["actor"], "u_township");
  EXPECT_EQ(d["audit"][12]["actor"], "u_helper");
  EXPECT_EQ(d["audit"][12]["role"], "帮扶责任人");
}

TEST_F(CasesApi, OpenCaseNeedsAHouseholdInScope) {
  auto out = post("/api/v1/cases", {{"household_id", kHouseholdB}, {"channel", "干部排查"}, {"clue_date", "2023-03-01"}});
  auto missing = post("/api/v1/cases", {{"household_id", "HX9999"}, {"channel", "干部排查"}, {"clue_date", "2023-03-01"}});
  ASSERT_TRUE(out && missing);
  EXPECT_EQ(out->status, 404);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(out->body, missing->body);  // existence outside the scope does not leak
  EXPECT_EQ(field_of(out), "household_id");

  auto bad_channel = post("/api/v1/cases", {{"household_id", kHouseholdA}, {"channel", "路边听说"}, {"clue_date", "2023-03-01"}});
  auto bad_date = post("/api/v1/cases", {{"household_id", kHouseholdA}, {"channel", "自主申报"}, {"clue_date", "2023-02-30"}});
  auto no_date = post("/api/v1/cases", {{"household_id", kHouseholdA}, {"channel", "自主申报"}});
  auto by_supervisor = post("/api/v1/cases", {{"household_id", kHouseholdA}, {"channel", "自主申报"}, {"clue_date", "2023-03-01"}},
                            Role::Supervisor);
  ASSERT_TRUE(bad_channel && bad_date && no_date && by_supervisor);
  EXPECT_EQ(bad_channel->status, 400);
  EXPECT_EQ(field_of(bad_channel), "channel");
  EXPECT_EQ(bad_date->status, 400);
  EXPECT_EQ(field_of(bad_date), "clue_date");
  EXPECT_EQ(no_date->status, 400);
  EXPECT_EQ(by_supervisor->status, 403);
  auto env = seed_->env();
  EXPECT_TRUE(app::list_case_records(env, "")->empty());  // none of these wrote anything

  auto first = post("/api/v1/cases", {{"household_id", kHouseholdA}, {"channel", "自主申报"}, {"clue_date", "2023-03-01"}});
  auto second = post("/api/v1/cases", {{"household_id", kHouseholdA}, {"channel", "干部排查"}, {"clue_date", "2023-03-02"}});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(second->status, 409) << second->body;  // one live case per household
  EXPECT_EQ(app::list_case_records(env, "")->size(), 1u);
}

// ---- optimistic concurrency ---------------------------------------------------------------

TEST_F(CasesApi, StaleVersionAnswers409WithTheCurrentVersionAndWritesNothing) {
  const std::int64_t id = seed_->compared(kHouseholdA);  // next: 村级评议
  const std::int64_t v = seed_->version(id);
  const std::size_t events = case_json(id)["audit"].size();

  auto stale = post(case_path(id) + "/steps", {{"step", "村级评议"}, {"date", "2023-03-02"}}, Role::Village,
                    {{"If-Match", "\"" + std::to_string(v - 1) + "\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 409) << stale->body;
  json e = body(stale)["error"];
  EXPECT_EQ(e["code"], "conflict");
  EXPECT_EQ(e["field"], "expect_version");
  EXPECT_EQ(e["current_version"], v);
  EXPECT_EQ(seed_->version(id), v);
  EXPECT_EQ(case_json(id)["audit"].size(), events);

  auto stale_body = post(case_path(id) + "/steps", {{"step", "村级评议"}, {"date", "2023-03-02"}, {"expect_version", 1}});
  ASSERT_TRUE(stale_body);
  EXPECT_EQ(stale_body->status, 409);
  EXPECT_EQ(body(stale_body)["error"]["current_version"], v);

  auto disagree = post(case_path(id) + "/steps", {{"step", "村级评议"}, {"date", "2023-03-02"}, {"expect_version", v}},
                       Role::Village, {{"If-Match", "\"" + std::to_string(v + 1) + "\""}});
  auto malformed = post(case_path(id) + "/steps", {{"step", "村级评议"}, {"date", "2023-03-02"}}, Role::Village,
                        {{"If-Match", "\"abc\""}});
  auto wrong_type = post(case_path(id) + "/steps", {{"step", "村级评议"}, {"date", "2023-03-02"}, {"expect_version", "4"}});
  ASSERT_TRUE(disagree && malformed && wrong_type);
  EXPECT_EQ(disagree->status, 400);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(wrong_type->status, 400);
  EXPECT_EQ(field_of(wrong_type), "expect_version");
  EXPECT_EQ(seed_->version(id), v);

  auto fresh = post(case_path(id) + "/steps", {{"step", "村级评议"}, {"date", "2023-03-02"}}, Role::Village,
                    {{"If-Match", "\"" + std::to_string(v) + "\""}});
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200) << fresh->body;
  EXPECT_EQ(fresh->get_header_value("ETag"), "\"" + std::to_string(v + 1) + "\"");
}

// Two clients on the same version at once: one wins, the other gets 409 and writes nothing.
TEST_F(CasesApi, ConcurrentWritersOnOneVersionOneWins) {
  const std::int64_t id = seed_->compared(kHouseholdA);
  const std::int64_t v = seed_->version(id);
  const std::string tok = token(Role::Village);
  const int port = server_->port();
  std::vector<int> statuses(4, 0);
  std::vector<std::thread> writers;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    writers.emplace_back([&, i] {
      httplib::Client cli("127.0.0.1", port);
      httplib::Headers h = bearer(tok);
      h.emplace("If-Match", "\"" + std::to_string(v) + "\"");
      auto r = cli.Post(case_path(id) + "/steps", h, json{{"step", "村级评议"}, {"date", "2023-03-02"}}.dump(),
                        "application/json");
      statuses[i] = r ? r->status : -1;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 3);
  EXPECT_EQ(seed_->version(id), v + 1);
  EXPECT_EQ(case_json(id)["history"].size(), 4u);  // 入户核查 承诺授权书 信息比对 + one 村级评议
}

// Writers that send no version apply to whatever is current: racing measures are all kept
// (the server re-reads and re-applies after losing a race), none is lost or refused.
TEST_F(CasesApi, ConcurrentWritersWithoutAVersionAreAllApplied) {
  seed_->household("HA0003", kVillageA, "孙七");
  const std::int64_t id = seed_->monitored("HA0003", "u_helper");
  const std::int64_t v = seed_->version(id);
  const std::string tok = token(Role::Village);
  const int port = server_->port();
  std::vector<int> statuses(6, 0);
  std::vector<std::thread> writers;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    writers.emplace_back([&, i] {
      httplib::Client cli("127.0.0.1", port);
      auto r = cli.Post(case_path(id) + "/measures", bearer(tok),
                        json{{"category", "就业帮扶"}, {"start", "2023-05-0" + std::to_string(i + 1)}, {"unit", "县人社局"},
                             {"note", "并发写入 " + std::to_string(i)}}
                            .dump(),
                        "application/json");
      statuses[i] = r ? r->status : -1;
      if (r && r->status != 200) ADD_FAILURE() << r->body;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 6);
  EXPECT_EQ(seed_->version(id), v + 6);
  EXPECT_EQ(case_json(id)["measures"].size(), 6u);
}

TEST_F(CasesApi, AssistanceWritesCheckTheVersionToo) {
  seed_->household("HA0002", kVillageA, "王五");
  const std::int64_t id = seed_->monitored("HA0002", "u_helper");
  const std::int64_t v = seed_->version(id);
  const std::vector<std::pair<std::string, json>> writes{
      {"/caseworker", {{"caseworker", "王帮扶"}, {"date", "2023-03-22"}}},
      {"/plan", {{"text", "计划"}, {"date", "2023-03-22"}}},
      {"/measures", {{"category", "健康帮扶"}, {"start", "2023-03-22"}, {"unit", "县医保局"}}},
  };
  for (const auto& [path, b] : writes) {
    json stale = b;
    stale["expect_version"] = v - 1;
    auto r = post(case_path(id) + path, stale, Role::Township);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 409) << path << ": " << r->body;
    EXPECT_EQ(body(r)["error"]["current_version"], v) << path;
  }
  EXPECT_EQ(seed_->version(id), v);
  for (const auto& [path, b] : writes) {  // without a version: allowed (the CLI sends none)
    auto r = post(case_path(id) + path, b, Role::Township);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    EXPECT_FALSE(r->get_header_value("ETag").empty());
  }
  EXPECT_EQ(seed_->version(id), v + 3);
}

// SPEC §8 matching on the case answer: which of the case's risks each measure addresses, and
// the risks no measure addresses yet.
TEST_F(CasesApi, MeasuresSayWhichRisksTheyAddress) {
  seed_->household("HA0003", kVillageA, "赵六");
  const std::int64_t id = seed_->monitored("HA0003");
  EXPECT_EQ(case_json(id)["allowed_steps"], json::array({"清退", "类型变更"}));  // asked as 县级
  auto changed = step(id, Role::County, "类型变更", "2023-03-21", {{"reasons", {"因病", "因学"}}, {"note", "复核"}});
  ASSERT_TRUE(changed);
  ASSERT_EQ(changed->status, 200) << changed->body;
  json c = body(changed);
  EXPECT_EQ(c["unaddressed_reasons"], json::array({"因病", "因学"}));  // no measure yet
  // 健康帮扶 addresses 因病 (SPEC §8 table), not 因学
  auto r = post(case_path(id) + "/measures", {{"category", "健康帮扶"}, {"start", "2023-03-22"}, {"unit", "县医保局"}},
                Role::Township);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  c = body(r);
  ASSERT_EQ(c["measures"].size(), 1u);
  EXPECT_EQ(c["measures"][0]["addresses"], json::array({"因病"})) << c.dump();
  EXPECT_EQ(c["unaddressed_reasons"], json::array({"因学"}));
}

// ---- bad input ---------------------------------------------------------------------------

TEST_F(CasesApi, BadStepInputIsRefusedNamingTheFieldAndWritesNothing) {
  const std::int64_t id = seed_->open(kHouseholdA);
  const std::int64_t v = seed_->version(id);
  const std::string path = case_path(id) + "/steps";
  struct Bad {
    std::string body;
    std::string field;
  };
  const std::string long_note(2001, 'x');
  const std::vector<Bad> bad{
      {json{{"step", "入户核实"}, {"date", "2023-03-01"}}.dump(), "step"},
      {json{{"step", 3}, {"date", "2023-03-01"}}.dump(), "step"},
      {json{{"date", "2023-03-01"}}.dump(), "step"},
      {json{{"step", "入户核查"}, {"date", "2023-02-30"}}.dump(), "date"},
      {json{{"step", "入户核查"}, {"date", "9999-03-01"}}.dump(), "date"},
      {json{{"step", "入户核查"}, {"date", "1999-12-31"}}.dump(), "date"},
      {json{{"step", "入户核查"}, {"date", 20230301}}.dump(), "date"},
      {json{{"step", "入户核查"}, {"date", "2023-3-1"}}.dump(), "date"},
      {json{{"step", "入户核查"}, {"date", "2023-03-01"}, {"note", long_note}}.dump(), "note"},
      {json{{"step", "入户核查"}, {"date", "2023-03-01"}, {"type", "贫困户"}}.dump(), "type"},
      {json{{"step", "入户核查"}, {"date", "2023-03-01"}, {"reasons", {"因穷"}}}.dump(), "reasons"},
      {json{{"step", "入户核查"}, {"date", "2023-03-01"}, {"reasons", "因病"}}.dump(), "reasons"},
      {json{{"step", "入户核查"}, {"date", "2023-03-01"}, {"rollback", "yes"}}.dump(), "rollback"},
      {json{{"step", "入户核查"}, {"date", "2023-03-01"}, {"documents", {std::string(64, 'a')}}}.dump(), "documents"},
      {json{{"step", "入户核查"}, {"date", "2023-03-01"}, {"documents", {"../../etc/passwd"}}}.dump(), "documents"},
      {json{{"step", "入户核查"}, {"date", "2023-03-01"}, {"documents", "abc"}}.dump(), "documents"},
      {std::string("{\"step\":\"\xE5\x85\xA5\xFF\xFE\",\"date\":\"2023-03-01\"}"), "body"},  // not UTF-8
      {"[\"入户核查\"]", "body"},
      {"step=入户核查", "body"},
      {"", "body"},
  };
  for (const Bad& b : bad) {
    auto r = post_raw(path, b.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << b.body.substr(0, 120) << " → " << r->body;
    EXPECT_EQ(field_of(r), b.field) << b.body.substr(0, 120) << " → " << r->body;
  }
  auto unknown = post_raw(path, json{{"step", "入户核实"}, {"date", "2023-03-01"}}.dump());
  EXPECT_NE(body(unknown)["error"]["message"].get<std::string>().find("未知的步骤：入户核实"), std::string::npos);
  EXPECT_EQ(seed_->version(id), v);

  auto bad_id = step(0, Role::Village, "入户核查", "2023-03-01");
  auto text_id = post("/api/v1/cases/abc/steps", {{"step", "入户核查"}, {"date", "2023-03-01"}});
  auto no_case = step(999999, Role::Village, "入户核查", "2023-03-01");
  ASSERT_TRUE(bad_id && text_id && no_case);
  EXPECT_EQ(bad_id->status, 400);
  EXPECT_EQ(text_id->status, 400);
  EXPECT_EQ(no_case->status, 404);
}

TEST_F(CasesApi, BadAssistanceInputIsRefusedNamingTheField) {
  const std::int64_t id = seed_->monitored(kHouseholdA);
  const std::int64_t v = seed_->version(id);
  struct Bad {
    std::string path;
    json body;
    std::string field;
  };
  const std::vector<Bad> bad{
      {"/caseworker", {{"date", "2023-03-21"}}, "caseworker"},
      {"/caseworker", {{"caseworker", "王帮扶"}, {"date", "2023-13-01"}}, "date"},
      {"/plan", {{"date", "2023-03-21"}}, "text"},
      {"/plan", {{"text", "计划"}, {"date", "2023-03-21"}, {"documents", {std::string(64, 'f')}}}, "documents"},
      {"/measures", {{"category", "发钱"}, {"start", "2023-03-21"}, {"unit", "县"}}, "category"},
      {"/measures", {{"category", "健康帮扶"}, {"start", "2023-03-21"}, {"unit", "县"}, {"amount", -1}}, "amount"},
      {"/measures", {{"category", "健康帮扶"}, {"start", "2023-03-21"}, {"unit", "县"}, {"amount", "12.345"}}, "amount"},
      {"/measures", {{"category", "健康帮扶"}, {"start", "2023-03-21"}, {"unit", "县"}, {"amount", 1e30}}, "amount"},
      {"/measures", {{"category", "健康帮扶"}, {"start", "2023-03-21"}, {"unit", "县"}, {"amount", true}}, "amount"},
      {"/measures", {{"category", "健康帮扶"}, {"start", "2023-03-21"}}, "unit"},
      {"/measures", {{"category", "健康帮扶"}, {"start", "2023-03-21"}, {"unit", "县"}, {"evidence", {"x"}}}, "evidence"},
  };
  for (const Bad& b : bad) {
    auto r = post(case_path(id) + b.path, b.body, Role::Township);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << b.path << " " << b.body.dump() << " → " << r->body;
    EXPECT_EQ(field_of(r), b.field) << b.path << " " << b.body.dump() << " → " << r->body;
  }
  // A measure before 县级审定 is the rule's refusal, not bad input.
  auto early = post(case_path(id) + "/measures", {{"category", "健康帮扶"}, {"start", "2023-03-01"}, {"unit", "县"}},
                    Role::Township);
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, 409) << early->body;
  EXPECT_EQ(seed_->version(id), v);
}

// ---- 帮扶责任人 ------------------------------------------------------------------------------

TEST_F(CasesApi, CaseworkerSeesAndActsOnlyOnAssignedCases) {
  seed_->household("HA0002", kVillageA, "王五");
  const std::int64_t mine = seed_->monitored(kHouseholdA);
  const std::int64_t other = seed_->monitored("HA0002", "王帮扶");

  // Not yet assigned: exactly like a missing case, and absent from lists and reports.
  auto hidden = get(case_path(mine), Role::Caseworker);
  auto missing = get(case_path(999999), Role::Caseworker);
  ASSERT_TRUE(hidden && missing);
  EXPECT_EQ(hidden->status, 404);
  EXPECT_EQ(body(hidden)["error"], body(missing)["error"]);
  EXPECT_EQ(body(get("/api/v1/cases", Role::Caseworker))["total"], 0);
  auto plan = post(case_path(mine) + "/plan", {{"text", "计划"}, {"date", "2023-03-22"}}, Role::Caseworker);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->status, 404);
  EXPECT_EQ(body(get("/api/v1/reports/quality?as_of=2023-06-01", Role::Caseworker))["items"].size(), 0u);

  auto assigned = post(case_path(mine) + "/caseworker", {{"caseworker", "u_helper"}, {"date", "2023-03-21"}});
  ASSERT_TRUE(assigned);
  ASSERT_EQ(assigned->status, 200) << assigned->body;

  auto seen = get(case_path(mine), Role::Caseworker);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->status, 200);
  EXPECT_EQ(get(case_path(other), Role::Caseworker)->status, 404);
  // Whatever the filters, only the assigned case.
  for (const std::string q : {"", "?mine=false", "?region=532923", "?status=监测中", "?q=王"}) {
    json list = body(get("/api/v1/cases" + q, Role::Caseworker));
    const auto expected = q == "?q=王" ? std::vector<std::int64_t>{} : std::vector<std::int64_t>{mine};
    EXPECT_EQ(ids_of(list), expected) << q;
  }
  json list = body(get("/api/v1/cases", Role::Caseworker));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["caseworker"], "u_helper");
  EXPECT_EQ(list["items"][0]["head_name"], "张三");
  // Reports: the caseworker's rows only; a cadre sees both cases.
  std::set<std::int64_t> helper_rows, cadre_rows;
  const json helper_report = body(get("/api/v1/reports/quality?as_of=2023-06-01", Role::Caseworker));
  const json cadre_report = body(get("/api/v1/reports/quality?as_of=2023-06-01", Role::Village));
  for (const auto& r : helper_report["items"]) helper_rows.insert(r["case_id"].get<std::int64_t>());
  for (const auto& r : cadre_report["items"]) cadre_rows.insert(r["case_id"].get<std::int64_t>());
  EXPECT_EQ(helper_rows, (std::set<std::int64_t>{mine}));
  EXPECT_EQ(cadre_rows, (std::set<std::int64_t>{mine, other}));

  plan = post(case_path(mine) + "/plan", {{"text", "产业帮扶"}, {"date", "2023-03-22"}}, Role::Caseworker);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->status, 200) << plan->body;
  // Steps are cadres' work: a 帮扶责任人 may take none.
  auto step_by_helper = step(mine, Role::Caseworker, "消除提名", "2023-10-01");
  ASSERT_TRUE(step_by_helper);
  EXPECT_EQ(step_by_helper->status, 403);
}

// ---- the list ----------------------------------------------------------------------------

class CaseList : public CasesApi {
 protected:
  void SetUp() override {
    CasesApi::SetUp();
    seed_->household("HA0002", kVillageA, "王五");
    seed_->household("HA0003", kVillageA, "王六");
    seed_->household("HA0004", kVillageA, "赵七");
    c1_ = seed_->open(kHouseholdA);                           // 待入户核查, 干部排查 (入户核查 due the same day)
    c2_ = seed_->monitored("HA0002", "u_village");            // 监测中, no plan yet
    c3_ = seed_->open("HA0003", "2023-03-01", workflow::Channel::SelfApplication);
    seed_->step(c3_, Role::Village, Step::Reject, "2023-03-02", "不属实");  // 已驳回
    c4_ = seed_->compared("HA0004", "2023-03-25");            // 待村级评议
    cb_ = seed_->open(kHouseholdB);                           // outside every account's scope
  }
  std::vector<std::int64_t> ids(const std::string& query, Role r = Role::Village) {
    auto res = get("/api/v1/cases" + query, r);
    EXPECT_TRUE(res && res->status == 200) << query << " → " << (res ? res->body : "");
    return ids_of(body(res));
  }
  std::int64_t c1_ = 0, c2_ = 0, c3_ = 0, c4_ = 0, cb_ = 0;
};

TEST_F(CaseList, FiltersIntersectTheScope) {
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(ids(""), (V{c1_, c2_, c3_, c4_}));
  EXPECT_EQ(ids("?status=监测中"), (V{c2_}));
  EXPECT_EQ(ids("?status=已驳回"), (V{c3_}));
  EXPECT_EQ(ids("?state=待入户核查"), (V{c1_}));
  EXPECT_EQ(ids("?state=待村级评议"), (V{c4_}));
  EXPECT_EQ(ids("?channel=自主申报"), (V{c3_}));
  EXPECT_EQ(ids("?channel=干部排查&status=识别中"), (V{c1_, c4_}));
  EXPECT_EQ(ids("?q=王"), (V{c2_, c3_}));
  EXPECT_EQ(ids("?q=张三"), (V{c1_}));
  EXPECT_EQ(ids("?q=李四"), V{});  // the household outside the scope
  EXPECT_EQ(ids("?mine=true"), (V{c2_}));
  EXPECT_EQ(ids("?mine=true", Role::Township), V{});
  EXPECT_EQ(ids("?region=532923101"), (V{c1_, c2_, c3_, c4_}));
  EXPECT_EQ(ids("?region=532923102"), V{});
  EXPECT_EQ(ids("?region=532923102001"), V{});

  json list = body(get("/api/v1/cases?state=监测中"));
  ASSERT_EQ(list["items"].size(), 1u);
  json item = list["items"][0];
  EXPECT_EQ(item["case_id"], c2_);
  EXPECT_EQ(item["household_id"], "HA0002");
  EXPECT_EQ(item["region_code"], kVillageA);
  EXPECT_EQ(item["status"], "监测中");
  EXPECT_EQ(item["head_name"], "王五");
  EXPECT_EQ(item["caseworker"], "u_village");
  EXPECT_EQ(item["next_step"], nullptr);
  EXPECT_EQ(item["version"], seed_->version(c2_));
  EXPECT_TRUE(item.contains("overdue"));
}

TEST_F(CaseList, OverdueFollowsTheDueReport) {
  using V = std::vector<std::int64_t>;
  // As of 2023-04-01: c1's 入户核查 (due 03-01) and c2's plan (due 03-30) are overdue; c4's
  // 县级审定 is due 04-09 (15 days from its 03-25 clue).
  EXPECT_EQ(ids("?overdue=true&as_of=2023-04-01"), (V{c1_, c2_}));
  std::set<std::int64_t> from_report;
  const json due = body(get("/api/v1/reports/due?as_of=2023-04-01&within=0"));
  for (const auto& r : due["items"])
    if (r["overdue"] == true) from_report.insert(r["case_id"].get<std::int64_t>());
  EXPECT_EQ(from_report, (std::set<std::int64_t>{c1_, c2_}));
  // Before c1's clue date nothing of it is due.
  EXPECT_EQ(ids("?overdue=true&as_of=2023-02-01"), V{});
  json all = body(get("/api/v1/cases?as_of=2023-04-01"));
  EXPECT_EQ(all["as_of"], "2023-04-01");
  for (const auto& it : all["items"])
    EXPECT_EQ(it["overdue"], it["case_id"] == c1_ || it["case_id"] == c2_) << it.dump();
  EXPECT_EQ(ids("?overdue=false&as_of=2023-04-01").size(), 4u);  // false = no filter
}

TEST_F(CaseList, TextFiltersThatAreNotUtf8MatchNothing) {
  EXPECT_EQ(ids("?q=%FF%FE"), std::vector<std::int64_t>{});
  EXPECT_EQ(ids("?state=%E5%BE"), std::vector<std::int64_t>{});  // half a character
}

TEST_F(CaseList, PagingKeepsTheTotal) {
  json page = body(get("/api/v1/cases?limit=2"));
  EXPECT_EQ(page["total"], 4);
  EXPECT_EQ(page["limit"], 2);
  EXPECT_EQ(page["offset"], 0);
  EXPECT_EQ(ids_of(page), (std::vector<std::int64_t>{c1_, c2_}));
  page = body(get("/api/v1/cases?limit=2&offset=2"));
  EXPECT_EQ(page["total"], 4);
  EXPECT_EQ(ids_of(page), (std::vector<std::int64_t>{c3_, c4_}));
  page = body(get("/api/v1/cases?limit=2&offset=10&q=王"));
  EXPECT_EQ(page["total"], 2);
  EXPECT_TRUE(page["items"].empty());
}

TEST_F(CaseList, BadFiltersAnswer400NamingTheParameter) {
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"status=在办", "status"},
           {"channel=路边", "channel"},
           {"limit=0", "limit"},
           {"limit=501", "limit"},
           {"offset=-1", "offset"},
           {"mine=yes", "mine"},
           {"overdue=2", "overdue"},
           {"as_of=2023-02-30", "as_of"},
           {"as_of=9999-01-01", "as_of"},
           {"as_of=", "as_of"},
           {"region=53x", "region"},
           {"status=%FF%FE", "status"},
       }) {
    auto r = get("/api/v1/cases?" + query);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << query << " → " << r->body;
    EXPECT_EQ(field_of(r), field) << query;
  }
}

// ---- reports -----------------------------------------------------------------------------

TEST_F(CaseList, ReportsAreTheUseCasesRowsInsideTheScope) {
  auto env = seed_->env();
  const Date as_of = *Date::parse("2023-10-01");
  // Each report: the items are exactly the use case's rows under the caller's scope, rendered
  // by the CLI's views; the row of the household outside the scope never appears.
  auto check = [&](const std::string& path, const json& expected) {
    auto r = get(path);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << path << " → " << r->body;
    json b = body(r);
    EXPECT_EQ(b["as_of"], "2023-10-01") << path;
    EXPECT_EQ(b["region"], kVillageA) << path;
    EXPECT_EQ(b["items"].dump(), expected.dump()) << path;
    for (const auto& row : b["items"]) EXPECT_NE(row["case_id"], cb_) << path;
  };
  auto rows = [](const auto& list, auto view) {
    json a = json::array();
    for (const auto& r : list) a.push_back(json::parse(view(r).dump()));
    return a;
  };
  const json due = rows(*app::due_list(env, as_of, 30, kVillageA), app::due_view);
  EXPECT_FALSE(due.empty());
  check("/api/v1/reports/due?as_of=2023-10-01&within=30", due);
  const json elim = rows(*app::eliminate_check(env, as_of, kVillageA), app::eligibility_view);
  ASSERT_EQ(elim.size(), 1u);  // c2, the only monitored case
  EXPECT_EQ(elim[0]["eligible"], false);
  check("/api/v1/reports/eliminate-check?as_of=2023-10-01", elim);
  check("/api/v1/reports/backcheck?as_of=2023-10-01", rows(*app::backcheck_list(env, as_of, kVillageA), app::backcheck_view));
  const json quality = rows(*app::quality_list(env, as_of, kVillageA), app::quality_view);
  bool late = false;
  for (const auto& q : quality) late = late || (q["case_id"] == c2_ && q["flag"] == "不及时");
  EXPECT_TRUE(late) << quality.dump();  // c2 has no plan
  check("/api/v1/reports/quality?as_of=2023-10-01", quality);

  // The household outside the scope does have due items (so the filter is what hides them).
  EXPECT_FALSE(app::due_list(env, as_of, 30, kVillageB)->empty());
  json disjoint = body(get("/api/v1/reports/due?as_of=2023-10-01&region=532923102"));
  EXPECT_EQ(disjoint["region"], nullptr);
  EXPECT_TRUE(disjoint["items"].empty());
  json narrowed = body(get("/api/v1/reports/due?as_of=2023-10-01&region=5329"));
  EXPECT_EQ(narrowed["region"], kVillageA);

  // as_of defaults to today; bad dates and ranges are 400.
  json today = body(get("/api/v1/reports/quality"));
  EXPECT_EQ(today["as_of"].get<std::string>().size(), 10u);
  for (const std::string q : {"/api/v1/reports/due?as_of=2023-02-30", "/api/v1/reports/quality?as_of=2101-01-01",
                              "/api/v1/reports/backcheck?as_of=yesterday", "/api/v1/reports/due?within=-1",
                              "/api/v1/reports/eliminate-check?region=abc"}) {
    auto r = get(q);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << q << " → " << r->body;
  }
}

TEST_F(CaseList, AuditVerifyIsForCountyAndAdmin) {
  auto ok = get("/api/v1/audit/verify", Role::County);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  json b = body(ok);
  EXPECT_EQ(b["ok"], true);
  auto env = seed_->env();
  EXPECT_EQ(b["events"], app::verify_audit(env)->events);
  EXPECT_GT(b["events"].get<int>(), 10);
  EXPECT_EQ(b["first_broken"], nullptr);
  EXPECT_EQ(get("/api/v1/audit/verify", Role::Admin)->status, 200);
  EXPECT_EQ(get("/api/v1/audit/verify", Role::Township)->status, 403);
  EXPECT_EQ(get("/api/v1/audit/verify", Role::Supervisor)->status, 403);
}

TEST_F(CaseList, OpenApiDocumentsEveryCaseRoute) {
  json doc = body(client_->Get("/api/openapi.json"));
  for (const auto& [path, method] : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/cases", "get"},
           {"/api/v1/cases", "post"},
           {"/api/v1/cases/{id}", "get"},
           {"/api/v1/cases/{id}/steps", "post"},
           {"/api/v1/cases/{id}/caseworker", "post"},
           {"/api/v1/cases/{id}/plan", "post"},
           {"/api/v1/cases/{id}/measures", "post"},
           {"/api/v1/reports/due", "get"},
           {"/api/v1/reports/eliminate-check", "get"},
           {"/api/v1/reports/backcheck", "get"},
           {"/api/v1/reports/quality", "get"},
           {"/api/v1/audit/verify", "get"},
       }) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    ASSERT_TRUE(doc["paths"][path].contains(method)) << method << " " << path;
    const json& op = doc["paths"][path][method];
    const std::string success = path == "/api/v1/cases" && method == "post" ? "201" : "200";  // openCase creates
    EXPECT_TRUE(op["responses"][success].contains("content")) << path;
    if (method == "post") {
      EXPECT_TRUE(op.contains("requestBody")) << path;
    }
  }
}

}  // namespace
}  // namespace fangpin::testing
