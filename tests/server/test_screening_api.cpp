// Department screening and warnings over HTTP (README "Department screening and warnings"):
// feed uploads by department, runs and their row issues per role, the warning list with its
// filters and paging, 核实结论 and the 部门预警 case a 纳入 opens — and no resident ID in clear
// in any answer.
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;

class ScreeningApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    member_id_b_ = make_resident_id("532923", "19700101", 12);
    outsider_id_ = make_resident_id("110101", "19900101", 99);
    // 部门数据员 of real departments (the fixture's is 民政局, i.e. 民政).
    add_account("u_med", Role::DeptData, "532923", "医保");
    add_account("u_dis", Role::DeptData, "532923", "残联");
  }

  void add_account(const std::string& name, Role role, const std::string& scope, const std::string& dept) {
    app::NewUser u{name, std::string(server::label(role)), scope, dept, kPassword};
    auto s = app::add_user(*accounts_, u, "tester", "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  std::string token(const std::string& user) {
    auto it = tokens_.find(user);
    if (it != tokens_.end()) return it->second;
    return tokens_[user] = login(user).value("token", "");
  }
  std::string token(Role r) { return token(user_of(r)); }

  // 医保 feed: A and B red (self-pay far above the households' income), an outsider
  // (unmatched) and a malformed amount.
  std::string medical_feed() const {
    return "证件号码,日期,医疗总费用,合规自付费用,是否大病\n" + member_id_a_ + ",2023-03-01,20000,15800.01,否\n" +
           member_id_b_ + ",2023-03-02,6000,5000,否\n" + outsider_id_ + ",2023-03-02,6000,5000,否\n" + member_id_a_ +
           ",2023-03-02,abc,5000,否\n";
  }
  std::string housing_feed() const { return "证件号码,日期,房屋鉴定等级\n" + member_id_a_ + ",2023-03-01,D\n"; }
  std::string civil_feed() const { return "证件号码,日期,事项\n" + member_id_a_ + ",2023-03-01,临时救助\n"; }

  httplib::Result upload(const std::string& who, const std::string& dept, const std::string& csv,
                         const std::string& month = "2023-03", const std::string& received = "2023-03-03",
                         const std::string& filename = "feed.csv") {
    httplib::MultipartFormDataItems items{{"file", csv, filename, "text/csv"}};
    if (!month.empty()) items.push_back({"month", month, "", ""});
    if (!received.empty()) items.push_back({"received", received, "", ""});
    return client_->Post("/api/v1/screening/" + dept, bearer(token(who)), items);
  }
  json upload_ok(const std::string& who, const std::string& dept, const std::string& csv) {
    auto r = upload(who, dept, csv);
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 200) << r->body;
    expect_masked(r->body);
    return body(r);
  }
  httplib::Result get(const std::string& who, const std::string& path) {
    auto r = client_->Get(path, bearer(token(who)));
    if (r) expect_masked(r->body);
    return r;
  }
  httplib::Result verify(const std::string& who, std::int64_t id, const std::string& payload) {
    auto r = client_->Post("/api/v1/warnings/" + std::to_string(id) + "/verify", bearer(token(who)), payload,
                           "application/json");
    if (r) expect_masked(r->body);
    return r;
  }
  // No resident ID appears in clear in any answer.
  void expect_masked(const std::string& raw) const {
    for (const auto& id : {member_id_a_, member_id_b_, outsider_id_})
      EXPECT_EQ(raw.find(id), std::string::npos) << "unmasked resident ID in " << raw;
  }
  static std::string error_field(const httplib::Result& r) {
    auto b = body(r);
    return b.contains("error") ? b["error"].value("field", "") : "";
  }
  std::int64_t warning_of(const std::string& who, const std::string& query) {
    auto r = get(who, "/api/v1/warnings?" + query);
    if (!r || r->status != 200 || body(r)["items"].empty()) return 0;
    return body(r)["items"][0]["warning_id"].get<std::int64_t>();
  }
  std::size_t runs_in_db() { return database_->screening().screening_runs()->size(); }

  std::string member_id_b_, outsider_id_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(ScreeningApi, OwnDepartmentUploadAnswersTheSummaryAndMaskedRowIssues) {
  auto b = upload_ok("u_med", "医保", medical_feed());
  const auto& s = b["summary"];
  EXPECT_EQ(s["department"], "医保");
  EXPECT_EQ(s["month"], "2023-03");
  EXPECT_GT(s["run_id"].get<int>(), 0);
  EXPECT_EQ(s["rows"], 4);
  EXPECT_EQ(s["matched"], 2);
  EXPECT_EQ(s["unmatched"], 1);
  EXPECT_EQ(s["rejected"], 1);
  EXPECT_EQ(s["warnings_new"], 2);
  EXPECT_EQ(s["grades"]["红"], 2);  // both households' income is far below the line
  EXPECT_EQ(s["grades"]["黄"], 0);
  EXPECT_EQ(s["zero_report"], false);
  ASSERT_EQ(b["issues_total"], 2);
  ASSERT_EQ(b["issues"].size(), 2u);
  EXPECT_EQ(b["issues"][0]["row"], 4);
  EXPECT_EQ(b["issues"][0]["kind"], "未匹配");
  // The unmatched ID is shown masked: region + birth hidden.
  EXPECT_NE(b["issues"][0]["reason"].get<std::string>().find(mask_resident_id(outsider_id_)), std::string::npos)
      << b["issues"][0];
  EXPECT_EQ(b["issues"][1]["row"], 5);
  EXPECT_EQ(b["issues"][1]["kind"], "格式错误");
  EXPECT_EQ(b["issues"][1]["column"], "医疗总费用");
  // No household details for a 部门数据员.
  const std::string raw = b.dump();
  EXPECT_EQ(raw.find(kHouseholdA), std::string::npos) << raw;
  EXPECT_EQ(raw.find(kHouseholdB), std::string::npos) << raw;
  // Stored as one run, attributed to the account, under the client's file name.
  auto runs = database_->screening().screening_runs();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().user, "u_med");
  EXPECT_EQ(runs->front().source_file, "feed.csv");
  EXPECT_EQ(runs->front().received_on, "2023-03-03");
}

TEST_F(ScreeningApi, DepartmentByKeyOrNameAndAgencyAccounts) {
  auto b = upload_ok("u_med", "medical", medical_feed());
  EXPECT_EQ(b["summary"]["department"], "医保");
  // The fixture's 民政局 account is the 民政 clerk: by name or key, not another department.
  auto r = upload(user_of(Role::DeptData), "民政", civil_feed());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(body(r)["summary"]["zero_report"], true);  // 民政 is context only
  r = upload(user_of(Role::DeptData), "civil_affairs", civil_feed());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  r = upload(user_of(Role::DeptData), "医保", medical_feed());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
}

TEST_F(ScreeningApi, OtherDepartmentsAndRolesAreRefused) {
  auto r = upload("u_dis", "医保", medical_feed());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_EQ(body(r)["error"]["code"], "forbidden");
  for (Role role : {Role::Village, Role::Township, Role::Caseworker, Role::Supervisor}) {
    r = upload(user_of(role), "医保", medical_feed());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << server::label(role) << " " << r->body;
  }
  // 县级 and 系统管理员: any department.
  for (Role role : {Role::County, Role::Admin}) {
    r = upload(user_of(role), "住建", housing_feed());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << server::label(role) << " " << r->body;
  }
  // Unknown department: 404, for every uploader.
  for (const std::string& who : {std::string("u_med"), user_of(Role::County)}) {
    r = upload(who, "外交", medical_feed());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << r->body;
    EXPECT_EQ(error_field(r), "department");
  }
  EXPECT_EQ(runs_in_db(), 2u);
}

TEST_F(ScreeningApi, BadMonthDateOrFileIsRefusedAndStoresNothing) {
  struct Case {
    std::string month, received, filename, csv, field;
  };
  const std::string feed = medical_feed();
  const std::vector<Case> cases{
      {"2023-3", "2023-03-03", "f.csv", feed, "month"},
      {"2023-13", "2023-03-03", "f.csv", feed, "month"},
      {"", "2023-03-03", "f.csv", feed, "month"},
      {"1990-01", "2023-03-03", "f.csv", feed, "month"},  // no monitoring line for 1990
      {"2023-\xff\xfe", "2023-03-03", "f.csv", feed, "month"},
      {"2023-03", "2023-02-30", "f.csv", feed, "received"},
      {"2023-03", "1899-03-01", "f.csv", feed, "received"},
      {"2023-03", "2023-03-03", "f.txt", feed, "file"},
      {"2023-03", "2023-03-03", "f.csv", "证件号码,日期\n" + member_id_a_ + ",2023-03-01\n", "file"},  // columns missing
      {"2023-03", "2023-03-03", "f.csv", "", "file"},                                            // empty
      {"2023-03", "2023-03-03", "f.xlsx", "PK\x03\x04 not a workbook", "file"},
  };
  for (const auto& c : cases) {
    auto r = upload("u_med", "医保", c.csv, c.month, c.received, c.filename);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.month << " " << c.received << " " << c.filename << ": " << r->body;
    EXPECT_EQ(error_field(r), c.field) << r->body;
    expect_masked(r->body);
    EXPECT_EQ(r->body.find("fangpin-feed-"), std::string::npos) << "staging path leaked: " << r->body;
  }
  // No file part at all; a JSON body instead of multipart.
  httplib::MultipartFormDataItems only_month{{"month", "2023-03", "", ""}};
  auto r = client_->Post("/api/v1/screening/医保", bearer(token("u_med")), only_month);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_field(r), "file");
  r = client_->Post("/api/v1/screening/医保", bearer(token("u_med")), "{}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(runs_in_db(), 0u);
}

TEST_F(ScreeningApi, RunsAndTheirIssuesPerRole) {
  const auto med = upload_ok("u_med", "医保", medical_feed())["summary"]["run_id"].get<std::int64_t>();
  const auto civ = upload_ok(user_of(Role::County), "民政", civil_feed())["summary"]["run_id"].get<std::int64_t>();

  // A 部门数据员 sees its own department's runs only.
  auto r = get("u_med", "/api/v1/screening/runs");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto b = body(r);
  EXPECT_EQ(b["total"], 1);
  ASSERT_EQ(b["items"].size(), 1u);
  EXPECT_EQ(b["items"][0]["id"], med);
  EXPECT_EQ(b["items"][0]["department"], "医保");
  EXPECT_EQ(b["items"][0]["rows"], 4);
  EXPECT_EQ(b["items"][0]["user"], "u_med");
  // ... and asking for another department's gives nothing.
  r = get("u_med", "/api/v1/screening/runs?department=民政");
  ASSERT_TRUE(r);
  EXPECT_EQ(body(r)["total"], 0);
  r = get("u_dis", "/api/v1/screening/runs");
  ASSERT_TRUE(r);
  EXPECT_EQ(body(r)["total"], 0);
  for (Role role : {Role::County, Role::Supervisor, Role::Admin}) {
    r = get(user_of(role), "/api/v1/screening/runs");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    b = body(r);
    EXPECT_EQ(b["total"], 2);
    EXPECT_EQ(b["items"][0]["id"], civ);  // newest first
  }
  r = get(user_of(Role::County), "/api/v1/screening/runs?department=medical&limit=1");
  ASSERT_TRUE(r);
  b = body(r);
  EXPECT_EQ(b["total"], 1);
  EXPECT_EQ(b["items"][0]["id"], med);
  r = get(user_of(Role::County), "/api/v1/screening/runs?department=外交");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  for (Role role : {Role::Village, Role::Township, Role::Caseworker}) {
    r = get(user_of(role), "/api/v1/screening/runs");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << server::label(role);
  }

  // Row issues: the run's department (or every run for 县级/督导/管理员), masked, paged.
  const std::string med_issues = "/api/v1/screening/runs/" + std::to_string(med) + "/issues";
  r = get("u_med", med_issues);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  b = body(r);
  EXPECT_EQ(b["run_id"], med);
  EXPECT_EQ(b["total"], 2);
  ASSERT_EQ(b["items"].size(), 2u);
  EXPECT_EQ(b["items"][0]["row"], 4);
  EXPECT_EQ(b["items"][0]["kind"], "未匹配");
  EXPECT_EQ(b["items"][1]["row"], 5);
  EXPECT_EQ(b["items"][1]["kind"], "格式错误");
  r = get(user_of(Role::Supervisor), med_issues + "?offset=1&limit=1");
  ASSERT_TRUE(r);
  b = body(r);
  EXPECT_EQ(b["total"], 2);
  ASSERT_EQ(b["items"].size(), 1u);
  EXPECT_EQ(b["items"][0]["row"], 5);
  // Another department's run looks exactly like a missing one.
  auto other = get("u_med", "/api/v1/screening/runs/" + std::to_string(civ) + "/issues");
  auto missing = get("u_med", "/api/v1/screening/runs/9999/issues");
  ASSERT_TRUE(other && missing);
  EXPECT_EQ(other->status, 404);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(body(other)["error"], body(missing)["error"]);
  r = get(user_of(Role::County), "/api/v1/screening/runs/abc/issues");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(ScreeningApi, WarningsAreScopedFilteredAndPaged) {
  const auto med = upload_ok("u_med", "医保", medical_feed())["summary"]["run_id"].get<std::int64_t>();
  upload_ok(user_of(Role::County), "住建", housing_feed());
  const std::string county = user_of(Role::County);  // scoped to village A: HA0001 only

  auto r = get(county, "/api/v1/warnings");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto b = body(r);
  EXPECT_EQ(b["total"], 2);
  ASSERT_EQ(b["items"].size(), 2u);
  for (const auto& w : b["items"]) {
    EXPECT_EQ(w["household_id"], kHouseholdA);
    EXPECT_EQ(w["status"], "待核实");
    EXPECT_EQ(w["member"], mask_resident_id(member_id_a_));
  }
  const auto& red = b["items"][0];
  EXPECT_EQ(red["department"], "医保");
  EXPECT_EQ(red["reason"], "因病");
  EXPECT_EQ(red["grade"], "红");
  EXPECT_EQ(red["signals"], 1);
  EXPECT_EQ(red["dispatch_by"], "2023-03-07");
  EXPECT_EQ(red["verify_by"], "2023-03-10");
  EXPECT_EQ(red["facts"].size(), 1u);

  struct Filter {
    std::string query;
    int total;
  };
  for (const auto& f : std::vector<Filter>{{"grade=红", 2},  // 住建 D is 红 too
                                           {"grade=黄", 0},
                                           {"grade=red", 2},
                                           {"department=住建", 1},
                                           {"department=housing", 1},
                                           {"run=" + std::to_string(med), 1},
                                           {"open=true", 2},
                                           {"region=532923101", 2},
                                           {"region=532923102001", 0},  // village B: outside the scope
                                           {"region=53", 2}}) {
    r = get(county, "/api/v1/warnings?" + f.query);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << f.query << ": " << r->body;
    EXPECT_EQ(body(r)["total"], f.total) << f.query;
    EXPECT_EQ(body(r)["items"].size(), static_cast<std::size_t>(f.total)) << f.query;
  }
  // Paging: total stays, items move.
  r = get(county, "/api/v1/warnings?limit=1&offset=1");
  ASSERT_TRUE(r);
  b = body(r);
  EXPECT_EQ(b["total"], 2);
  EXPECT_EQ(b["limit"], 1);
  EXPECT_EQ(b["offset"], 1);
  ASSERT_EQ(b["items"].size(), 1u);
  EXPECT_EQ(b["items"][0]["department"], "住建");
  r = get(county, "/api/v1/warnings?offset=5");
  ASSERT_TRUE(r);
  EXPECT_EQ(body(r)["total"], 2);
  EXPECT_TRUE(body(r)["items"].empty());
  // An account scoped to the whole county sees village B's warning too.
  add_account("u_county_all", Role::County, "532923", "");
  r = get("u_county_all", "/api/v1/warnings?department=医保");
  ASSERT_TRUE(r);
  EXPECT_EQ(body(r)["total"], 2);

  for (const std::string q : {"grade=紫", "department=外交", "region=abc", "open=maybe", "run=x", "limit=0", "limit=501"}) {
    r = get(county, "/api/v1/warnings?" + q);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << q << ": " << r->body;
  }
  for (Role role : {Role::DeptData, Role::Caseworker}) {
    r = get(user_of(role), "/api/v1/warnings");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << server::label(role);
  }
  r = get("u_med", "/api/v1/warnings");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
}

TEST_F(ScreeningApi, VerifyIncludeOpensTheCaseAsTheCallerOnce) {
  upload_ok("u_med", "医保", medical_feed());
  const std::string township = user_of(Role::Township);
  const auto id = warning_of(township, "grade=红");
  ASSERT_GT(id, 0);

  auto r = verify(township, id, R"({"result":"纳入","date":"2023-03-05","note":"入户核实属实"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto b = body(r);
  EXPECT_EQ(b["warning_id"], id);
  EXPECT_EQ(b["status"], "已核实");
  EXPECT_EQ(b["verify_result"], "纳入");
  EXPECT_EQ(b["verified_by"], township);
  EXPECT_EQ(b["verified_on"], "2023-03-05");
  EXPECT_EQ(b["case_existing"], false);
  ASSERT_TRUE(b["case_id"].is_number_integer()) << r->body;

  // The case: a 部门预警 clue dated the warning's dispatch_by, opened by the caller as 乡级.
  auto c = database_->cases().find_case(b["case_id"].get<std::int64_t>());
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->household_id, kHouseholdA);
  EXPECT_EQ((*c)->clue_date, "2023-03-07");
  const auto data = json::parse((*c)->data);
  EXPECT_EQ(data["channel"], "部门预警");
  const std::string case_text = (*c)->data;
  EXPECT_NE(case_text.find("部门预警 #" + std::to_string(id)), std::string::npos) << case_text;
  EXPECT_NE(case_text.find("入户核实属实"), std::string::npos) << case_text;
  auto events = database_->cases().audit_events((*c)->id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().actor, township);
  EXPECT_EQ(events->front().role, "乡级");
  // The verification itself is in the access log.
  auto log = accounts_->access_events();
  ASSERT_TRUE(log.ok());
  bool logged = false;
  for (const auto& e : *log) logged |= e.action == "warning.verify" && e.username == township;
  EXPECT_TRUE(logged);

  // Twice: 409 with the CLI's message, nothing changes.
  r = verify(user_of(Role::Village), id, R"({"result":"不纳入","date":"2023-03-06"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409) << r->body;
  auto again = database_->screening().verify_warning(id, "不纳入", "x", "2023-03-06");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(body(r)["error"]["message"], again.error().message);
  EXPECT_EQ(database_->cases().list_cases("")->size(), 1u);
}

TEST_F(ScreeningApi, VerifyOtherResultsOpenNoCase) {
  upload_ok("u_med", "医保", medical_feed());
  upload_ok(user_of(Role::County), "住建", housing_feed());
  const std::string village = user_of(Role::Village);
  const auto id = warning_of(village, "department=住建");
  ASSERT_GT(id, 0);
  auto r = verify(village, id, R"({"result":"不纳入","date":"2023-03-05"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(body(r)["case_id"].is_null());
  EXPECT_TRUE(database_->cases().list_cases("")->empty());
  // It is closed: the open list no longer has it.
  r = get(village, "/api/v1/warnings?open=true");
  ASSERT_TRUE(r);
  EXPECT_EQ(body(r)["total"], 1);
}

TEST_F(ScreeningApi, VerifyOutOfScopeBadInputAndRoles) {
  upload_ok("u_med", "医保", medical_feed());
  add_account("u_county_all", Role::County, "532923", "");
  const auto in = warning_of(user_of(Role::County), "department=医保");
  const auto out = warning_of("u_county_all", "region=532923102");  // HB0001's
  ASSERT_GT(in, 0);
  ASSERT_GT(out, 0);
  const std::string ok = R"({"result":"纳入","date":"2023-03-05"})";
  const std::string village = user_of(Role::Village);

  // Outside the caller's scope looks exactly like a missing warning.
  auto outside = verify(village, out, ok);
  auto missing = verify(village, 999999, ok);
  ASSERT_TRUE(outside && missing);
  EXPECT_EQ(outside->status, 404) << outside->body;
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(body(outside)["error"], body(missing)["error"]);
  auto r = verify(village, 0, ok);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);

  struct Bad {
    std::string payload, field;
  };
  for (const auto& bad : std::vector<Bad>{{R"({"result":"也许","date":"2023-03-05"})", "result"},
                                          {R"({"date":"2023-03-05"})", "result"},
                                          {R"({"result":1,"date":"2023-03-05"})", "result"},
                                          {R"({"result":"纳入"})", "date"},
                                          {R"({"result":"纳入","date":"2023-02-30"})", "date"},
                                          {R"({"result":"纳入","date":20230305})", "date"},
                                          {R"({"result":"纳入","date":"2023-03-05","note":["x"]})", "note"},
                                          {"{\"result\":\"纳入\",\"date\":\"2023-03-05\",\"note\":\"\xff\"}", "body"},
                                          {"not json", "body"},
                                          {"[]", "body"}}) {
    r = verify(village, in, bad.payload);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad.payload << ": " << r->body;
    EXPECT_EQ(error_field(r), bad.field) << bad.payload << ": " << r->body;
  }
  for (Role role : {Role::Supervisor, Role::DeptData, Role::Caseworker, Role::Admin}) {
    r = verify(user_of(role), in, ok);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << server::label(role);
  }
  // Still open after all of that.
  auto w = database_->screening().find_warning(in);
  ASSERT_TRUE(w.ok() && w->has_value());
  EXPECT_EQ((*w)->status, "open");
  EXPECT_TRUE(database_->cases().list_cases("")->empty());
}

TEST_F(ScreeningApi, VerifyIncludeForAHouseholdWithAnActiveCaseOpensNoSecond) {
  upload_ok("u_med", "医保", medical_feed());
  upload_ok(user_of(Role::County), "住建", housing_feed());
  const std::string county = user_of(Role::County);
  const auto first = warning_of(county, "department=医保");
  const auto second = warning_of(county, "department=住建");
  ASSERT_GT(first, 0);
  ASSERT_GT(second, 0);
  auto r = verify(county, first, R"({"result":"纳入","date":"2023-03-05"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto case_id = body(r)["case_id"];
  r = verify(county, second, R"({"result":"纳入","date":"2023-03-06"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(body(r)["case_id"], case_id);
  EXPECT_EQ(body(r)["case_existing"], true);
  EXPECT_EQ(database_->cases().list_cases("")->size(), 1u);
}

TEST_F(ScreeningApi, ConcurrentUploadsAreOneRunEachAndMerge) {
  const std::string feed = medical_feed(), token_med = token("u_med");
  std::vector<int> statuses(2, 0);
  std::vector<json> answers(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", server_->port());
      client.set_read_timeout(30, 0);
      httplib::MultipartFormDataItems items{{"file", feed, "feed.csv", "text/csv"}, {"month", "2023-03", "", ""},
                                            {"received", "2023-03-03", "", ""}};
      auto r = client.Post("/api/v1/screening/医保", bearer(token_med), items);
      statuses[i] = r ? r->status : -1;
      if (r) answers[i] = body(r);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(statuses, (std::vector<int>{200, 200}));
  // One created both warnings, the other merged into them: never a second open warning.
  int created = 0, merged = 0;
  for (const auto& a : answers) {
    created += a["summary"]["warnings_new"].get<int>();
    merged += a["summary"]["warnings_merged"].get<int>();
  }
  EXPECT_EQ(created, 2);
  EXPECT_EQ(merged, 2);
  EXPECT_EQ(runs_in_db(), 2u);
}

class SmallPayloadScreeningApi : public ScreeningApi {
  void configure(server::ServerOptions& o) override { o.payload_limit = 4096; }
};

TEST_F(SmallPayloadScreeningApi, OversizeFeedIs413AndStoresNothing) {
  std::string big = medical_feed();
  while (big.size() < 20000) big += member_id_a_ + ",2023-03-01,20000,15800.01,否\n";
  auto r = upload("u_med", "医保", big);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(body(r)["error"]["code"], "payload_too_large");
  EXPECT_EQ(runs_in_db(), 0u);
}

}  // namespace
}  // namespace fangpin::testing
