// Issue 10 "Done when": the whole procedure driven through HTTP only — no CLI, no direct
// database access once the server runs (the fixture's accounts are the only seed). A
// 自主申报 clue accepted → identification with a photo (the 4-day 公示 refused, the 5-day
// accepted) → caseworker, plan, measures with evidence → elimination refused before six
// months, then eliminated → back-check rollback; a 医保 feed uploaded by a 部门数据员 → a
// warning verified 纳入 → a case; the household dossier zip holds every document.
#include <zip.h>

#include <set>

#include "app/accounts.h"
#include "domain/workflow/sha256.h"
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;

// A tiny valid PNG (signature + IHDR + IDAT + IEND) whose bytes differ per `tag`.
std::string png(char tag) {
  std::string p("\x89PNG\r\n\x1a\n", 8);
  p += std::string("\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90\x77\x53\xde", 25);
  p += std::string("\0\0\0\x0cIDAT\x08\xd7\x63\xf8\xcf\xc0\0\0\x03\x01\x01\0\x18\xdd\x8d\xb0", 24);
  p += std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12);
  p += std::string(1, tag);  // trailing byte: still sniffed as PNG, a different SHA-256
  return p;
}

class ProcedureOverHttp : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    // A 医保 data officer (the fixture's 部门数据员 is 民政局).
    app::NewUser u{"u_medical", "部门数据员", "532923", "医保", kPassword};
    ASSERT_TRUE(app::add_user(*accounts_, u, "tester", "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly).ok());
    // The fixture's test connection is not used again: everything below is HTTP.
  }

  std::string token(Role r) {
    auto& t = tokens_[user_of(r)];
    if (t.empty()) t = token_of(r);
    return t;
  }
  std::string medical_token() {
    auto& t = tokens_["u_medical"];
    if (t.empty()) t = login("u_medical").value("token", "");
    return t;
  }

  json call(const std::string& method, const std::string& path, const std::string& tok, const json& b, int expect,
            const std::string& what) {
    httplib::Headers h = tok.empty() ? httplib::Headers{} : bearer(tok);
    auto r = method == "GET" ? client_->Get(path, h) : client_->Post(path, h, b.dump(), "application/json");
    EXPECT_TRUE(r) << what;
    if (!r) return json();
    EXPECT_EQ(r->status, expect) << what << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  json get(const std::string& path, Role r, const std::string& what) { return call("GET", path, token(r), {}, 200, what); }
  json post(const std::string& path, Role r, const json& b, const std::string& what, int expect = 200) {
    return call("POST", path, token(r), b, expect, what);
  }
  json upload(const std::string& path, const std::string& tok, httplib::MultipartFormDataItems items, int expect,
              const std::string& what) {
    auto r = client_->Post(path, bearer(tok), items);
    EXPECT_TRUE(r) << what;
    if (!r) return json();
    EXPECT_EQ(r->status, expect) << what << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  std::string document(const std::string& bytes, const std::string& name, Role r = Role::Village) {
    json d = upload("/api/v1/documents", token(r), {{"file", bytes, name, "image/png"}}, 201, "upload " + name);
    EXPECT_EQ(d.value("sha256", ""), workflow::sha256_hex(bytes));
    return d.value("sha256", "");
  }
  void import(const std::string& table, const std::string& csv) {
    json j = upload("/api/v1/imports/" + table, token(Role::Village), {{"file", csv, table + ".csv", "text/csv"}}, 200,
                    "import " + table);
    EXPECT_EQ(j.value("rejected", -1), 0) << j.dump();
  }
  json step(std::int64_t id, Role r, const std::string& name, const std::string& date, json more = json::object(),
            int expect = 200) {
    more["step"] = name;
    more["date"] = date;
    return post("/api/v1/cases/" + std::to_string(id) + "/steps", r, more, name + " " + date, expect);
  }

  std::map<std::string, std::string> tokens_;
};

TEST_F(ProcedureOverHttp, FromSelfApplicationToRollbackAndFromFeedToCase) {
  // --- the households, imported through the API -----------------------------------------
  const std::string head = make_resident_id("532923", "19800101", 101);
  const std::string spouse = make_resident_id("532923", "19820202", 102);
  const std::string sick = make_resident_id("532923", "19750303", 201);
  const std::string sick_spouse = make_resident_id("532923", "19760404", 202);
  import("households",
         "户编号,区划代码,户主姓名,联系电话,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿\n"
         "HA0100," + std::string(kVillageA) + ",王大,13700000100,否,,是,是,是,是,是\n"
         "HA0200," + std::string(kVillageA) + ",赵二,13700000200,否,,是,是,是,是,是\n");
  import("members", "户编号,姓名,证件号码,与户主关系,健康状况,劳动技能\n"
                    "HA0100,王大," + head + ",户主,健康,普通劳动力\n"
                    "HA0100,钱氏," + spouse + ",配偶,健康,普通劳动力\n"
                    "HA0200,赵二," + sick + ",户主,健康,普通劳动力\n"
                    "HA0200,孙氏," + sick_spouse + ",配偶,健康,普通劳动力\n");
  import("finances", "户编号,年度,工资性收入,生产经营性收入,财产性收入,转移性收入,生产经营性支出\n"
                     "HA0100,2022,30000,0,0,0,0\n"
                     "HA0100,2023,32000,0,0,0,0\n"
                     "HA0200,2023,30000,0,0,0,0\n");

  // --- 农户自主申报: public, no account ------------------------------------------------------
  json ch = call("POST", "/api/v1/applications/challenge", "", json::object(), 200, "challenge");
  const std::string challenge = ch.value("challenge", "");
  const int bits = ch.value("difficulty", 0);
  ASSERT_FALSE(challenge.empty());
  std::string nonce;
  for (long n = 0; nonce.empty() && n < 50'000'000; ++n) {
    const std::string hex = workflow::sha256_hex(challenge + ":" + std::to_string(n));
    int zeros = 0;
    for (char c : hex) {
      const int v = c <= '9' ? c - '0' : c - 'a' + 10;
      if (v == 0) { zeros += 4; continue; }
      zeros += v < 2 ? 3 : v < 4 ? 2 : v < 8 ? 1 : 0;
      break;
    }
    if (zeros >= bits) nonce = std::to_string(n);
  }
  ASSERT_FALSE(nonce.empty());
  json applied = call("POST", "/api/v1/applications", "",
                      json{{"name", "王大"}, {"resident_id", head}, {"phone", "13700000100"},
                           {"village_code", kVillageA}, {"description", "家人突发重病，住院花费大"},
                           {"challenge", challenge}, {"nonce", nonce}},
                      201, "apply");
  const std::string receipt = applied.value("receipt", "");
  ASSERT_FALSE(receipt.empty());
  EXPECT_EQ(call("GET", "/api/v1/applications/receipt/" + receipt, "", {}, 200, "receipt")["status"], "已收到");

  json clues = get("/api/v1/applications?status=已收到", Role::Village, "clues");
  ASSERT_EQ(clues.value("total", 0), 1) << clues.dump();
  const std::int64_t clue = clues["items"][0]["id"];
  EXPECT_EQ(clues["items"][0]["household_id"], "HA0100");  // matched by the ID, shown to the cadre only
  json accepted = post("/api/v1/applications/" + std::to_string(clue) + "/accept", Role::Village,
                       json{{"clue_date", "2023-03-01"}, {"note", "入户前电话核实"}}, "accept", 201);
  const std::int64_t id = accepted["case"]["id"];
  EXPECT_EQ(accepted["case"]["channel"], "自主申报");
  EXPECT_EQ(call("GET", "/api/v1/applications/receipt/" + receipt, "", {}, 200, "receipt")["status"], "已受理");

  // --- identification, with a photo; 4 days of 公示 refused, 5 accepted -------------------
  const std::string photo = document(png('a'), "入户照片.png");
  step(id, Role::Village, "入户核查", "2023-03-01", {{"documents", {photo}}, {"note", "属实"}});
  step(id, Role::Village, "承诺授权书", "2023-03-01");
  step(id, Role::Township, "信息比对", "2023-03-01");
  step(id, Role::Village, "村级评议", "2023-03-02");
  step(id, Role::Village, "村级公示", "2023-03-02");
  json refused = step(id, Role::Village, "村级公示结束", "2023-03-06", json::object(), 422);
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("仅 4 天"), std::string::npos) << refused.dump();
  step(id, Role::Village, "村级公示结束", "2023-03-07");
  step(id, Role::Township, "乡镇审核", "2023-03-08");
  step(id, Role::Township, "乡镇公示", "2023-03-08");
  step(id, Role::Township, "乡镇公示结束", "2023-03-13");
  json approved = step(id, Role::County, "县级审定", "2023-03-20",
                       {{"type", "突发严重困难户"}, {"reasons", {"因病"}}, {"note", "大病支出"}});
  EXPECT_EQ(approved["status"], "监测中");

  // --- assistance: caseworker, plan, a measure with evidence --------------------------------
  const std::string path = "/api/v1/cases/" + std::to_string(id);
  post(path + "/caseworker", Role::Village, {{"caseworker", user_of(Role::Caseworker)}, {"date", "2023-03-21"}},
       "caseworker");
  json mine = get("/api/v1/cases?mine=true", Role::Caseworker, "mine");
  ASSERT_EQ(mine.value("total", 0), 1) << mine.dump();
  const std::string plan_doc = document(png('b'), "帮扶计划.png", Role::Caseworker);
  post(path + "/plan", Role::Caseworker, {{"text", "医疗救助 + 务工"}, {"date", "2023-03-22"}, {"documents", {plan_doc}}},
       "plan");
  const std::string evidence = document(png('c'), "报销单.png", Role::Caseworker);
  json with_measure = post(path + "/measures", Role::Caseworker,
                           {{"category", "健康帮扶"}, {"start", "2023-03-25"}, {"amount", "2000"}, {"unit", "县医保局"},
                            {"note", "大病二次报销"}, {"evidence", {evidence}}},
                           "measure");
  ASSERT_EQ(with_measure["measures"].size(), 1u) << with_measure.dump();

  // --- elimination: refused before six months, then through every step -----------------------
  json early = step(id, Role::Village, "消除提名", "2023-08-01", json::object(), 422);
  EXPECT_NE(early["error"]["message"].get<std::string>().find("稳定半年以上"), std::string::npos) << early.dump();
  step(id, Role::Village, "消除提名", "2023-10-09");
  const std::string form = document(png('d'), "风险消除评估表.png");
  step(id, Role::Village, "消除入户评估", "2023-10-10", {{"documents", {form}}});
  step(id, Role::Village, "消除村级评议", "2023-10-11");
  step(id, Role::Village, "消除村级公示", "2023-10-11");
  step(id, Role::Village, "消除村级公示结束", "2023-10-16");
  step(id, Role::Township, "消除乡镇审核", "2023-10-17");
  step(id, Role::Township, "消除乡镇公示", "2023-10-17");
  step(id, Role::Township, "消除乡镇公示结束", "2023-10-23");
  json eliminated = step(id, Role::County, "消除县级审定", "2023-10-30");
  EXPECT_EQ(eliminated["status"], "已消除");

  // --- back-check: rolled back ---------------------------------------------------------------
  json rolled = step(id, Role::Township, "回头看", "2023-12-15", {{"rollback", true}, {"note", "复查发现新增大额医疗支出"}});
  EXPECT_EQ(rolled["status"], "监测中");
  json shown = get(path, Role::Supervisor, "case show");
  EXPECT_EQ(shown["channel"], "自主申报");
  EXPECT_GE(shown["audit"].size(), 24u);
  std::set<std::string> actors;
  for (const auto& e : shown["audit"]) actors.insert(e["actor"].get<std::string>());
  for (Role r : {Role::Village, Role::Township, Role::County, Role::Caseworker}) EXPECT_TRUE(actors.count(user_of(r)));
  EXPECT_EQ(get("/api/v1/audit/verify", Role::County, "audit")["ok"], true);

  // --- a 医保 feed → a warning → verified 纳入 → a 部门预警 case ---------------------------------
  const std::string feed = "证件号码,日期,医疗总费用,合规自付费用,是否大病,是否参保\n" + sick + ",2023-03-01,20000,16000,否,\n";
  json screened = upload("/api/v1/screening/医保", medical_token(),
                         {{"file", feed, "医保.csv", "text/csv"}, {"month", "2023-03", "", ""},
                          {"received", "2023-03-03", "", ""}},
                         200, "screen");
  EXPECT_EQ(screened.dump().find(sick), std::string::npos);  // IDs masked
  json warnings = get("/api/v1/warnings?open=true", Role::Village, "warnings");
  ASSERT_GE(warnings.value("total", 0), 1) << warnings.dump();
  std::int64_t warning = 0;
  for (const auto& w : warnings["items"])
    if (w.value("household_id", "") == "HA0200") warning = w["warning_id"].is_number() ? w["warning_id"].get<std::int64_t>() : w.value("id", 0);
  ASSERT_GT(warning, 0) << warnings.dump();
  json verified = post("/api/v1/warnings/" + std::to_string(warning) + "/verify", Role::Village,
                       {{"result", "纳入"}, {"date", "2023-03-06"}, {"note", "入户核实，住院属实"}}, "verify");
  ASSERT_TRUE(verified["case_id"].is_number()) << verified.dump();
  json from_feed = get("/api/v1/cases/" + std::to_string(verified["case_id"].get<std::int64_t>()), Role::Village, "case");
  EXPECT_EQ(from_feed["channel"], "部门预警");
  EXPECT_EQ(from_feed["household_id"], "HA0200");
  EXPECT_EQ(from_feed["audit"][0]["actor"], user_of(Role::Village));

  // --- the dossier holds every document --------------------------------------------------------
  auto zip_res = client_->Get("/api/v1/households/HA0100/dossier", bearer(token(Role::County)));
  ASSERT_TRUE(zip_res);
  ASSERT_EQ(zip_res->status, 200) << zip_res->body;
  EXPECT_EQ(zip_res->get_header_value("Content-Type"), "application/zip");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(zip_res->body.data(), zip_res->body.size(), 0, &err);
  ASSERT_NE(src, nullptr);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  ASSERT_NE(z, nullptr);
  std::set<std::string> in_zip;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, i, 0, &st) != 0) continue;
    std::string bytes(st.size, '\0');
    zip_file_t* f = zip_fopen_index(z, i, 0);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(zip_fread(f, bytes.data(), st.size), static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    in_zip.insert(workflow::sha256_hex(bytes));
  }
  zip_close(z);
  for (const std::string& sha : {photo, plan_doc, evidence, form}) EXPECT_TRUE(in_zip.count(sha)) << sha;
}

}  // namespace
}  // namespace fangpin::testing
