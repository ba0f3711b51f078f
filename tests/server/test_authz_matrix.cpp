// The full authorization matrix: every registered route × every role × in scope / out of
// scope (+ anonymous), each cell's expected status derived from the declarative policy
// below — written independently of the server's route table, which it is checked against.
#include <functional>
#include <set>

#include "case_seed.h"
#include "app/clues.h"
#include "store/file_store.h"
#include "server_fixture.h"
#include "../support/document_seed.h"

namespace fangpin::testing {
namespace {

using server::Role;
using server::RoleSet;

constexpr RoleSet kReaders{Role::Village, Role::Township, Role::County, Role::Caseworker, Role::Supervisor, Role::Admin};
constexpr RoleSet kAssessors{Role::Village, Role::Township, Role::County, Role::Supervisor, Role::Admin};
constexpr RoleSet kImporters{Role::Village, Role::Township, Role::County, Role::Admin};

// The policy (README "HTTP API server" roles). public: no login. allowed: roles that may call it.
// in/out: status for an allowed role on in-scope / out-of-scope data. 督导 (supervisor) is
// read-only: it appears in no writing route's set.
struct Policy {
  bool is_public;
  RoleSet allowed;
  int in, out;
  // out-of-scope lists answer 200 but must contain nothing
  bool out_is_empty_list;
};
const std::map<std::string, Policy>& policy_table() {
  static const std::map<std::string, Policy> t{
      {"healthz", {true, {}, 200, 200, false}},
      {"metrics", {true, {}, 200, 200, false}},
      {"openapi", {true, {}, 200, 200, false}},
      {"login", {true, {}, 200, 200, false}},
      {"logout", {false, RoleSet::all(), 200, 200, false}},
      {"me", {false, RoleSet::all(), 200, 200, false}},
      {"listUsers", {false, {Role::Admin}, 200, 200, false}},
      {"listHouseholds", {false, kReaders, 200, 200, true}},
      {"getHousehold", {false, kReaders, 200, 404, false}},
      {"listAssessments", {false, kAssessors, 200, 200, true}},
      {"importRegistry", {false, kImporters, 200, 422, false}},
      // --- screening (issue 10) ---
      // uploadFeed out of scope: an unknown department (404 for every uploader; another
      // department's 403 for a 部门数据员 is in test_screening_api.cpp).
      {"uploadFeed", {false, {Role::DeptData, Role::County, Role::Admin}, 200, 404, false}},
      {"listScreeningRuns", {false, {Role::DeptData, Role::County, Role::Supervisor, Role::Admin}, 200, 200, false}},
      {"listRunIssues", {false, {Role::DeptData, Role::County, Role::Supervisor, Role::Admin}, 200, 404, false}},
      {"listWarnings", {false, kAssessors, 200, 200, true}},
      {"verifyWarning", {false, {Role::Village, Role::Township, Role::County}, 200, 404, false}},
      // --- end screening ---
      // --- cases and procedure reports (issue 10) ---
      {"listCases", {false, kReaders, 200, 200, true}},
      {"getCase", {false, kReaders, 200, 404, false}},
      {"openCase", {false, {Role::Village, Role::Township, Role::County}, 201, 404, false}},
      {"takeStep", {false, {Role::Village, Role::Township, Role::County}, 200, 404, false}},
      {"assignCaseworker", {false, {Role::Village, Role::Township, Role::County}, 200, 404, false}},
      {"setPlan", {false, {Role::Caseworker, Role::Village, Role::Township}, 200, 404, false}},
      {"addMeasure", {false, {Role::Caseworker, Role::Village, Role::Township, Role::County}, 200, 404, false}},
      {"reportDue", {false, kReaders, 200, 200, false}},
      {"reportEliminateCheck", {false, kReaders, 200, 200, false}},
      {"reportBackcheck", {false, kReaders, 200, 200, false}},
      {"reportQuality", {false, kReaders, 200, 200, false}},
      {"verifyAudit", {false, {Role::County, Role::Admin}, 200, 200, false}},
      // --- end cases and procedure reports ---
      // --- documents (issue 10) ---
      {"uploadDocument", {false, {Role::Village, Role::Township, Role::County, Role::Caseworker}, 201, 201, false}},
      {"getDocument", {false, kReaders, 200, 404, false}},
      {"getHouseholdDossier", {false, kReaders, 200, 404, false}},
      // --- clues (issue 10) ---
      {"applicationChallenge", {true, {}, 200, 200, false}},
      {"submitApplication", {true, {}, 201, 201, false}},
      {"applicationReceipt", {true, {}, 200, 200, false}},
      {"listClues", {false, kAssessors, 200, 200, true}},
      {"acceptClue", {false, {Role::Village, Role::Township, Role::County}, 201, 404, false}},
      {"closeClue", {false, {Role::Village, Role::Township, Role::County}, 200, 404, false}},
      {"recordPetition", {false, {Role::Township, Role::County}, 201, 404, false}},
      {"clueAttachment", {false, kAssessors, 200, 404, false}},
      // --- password (issue 11) ---
      // Every signed-in user changes its own password; there is no out-of-scope object.
      {"changePassword", {false, RoleSet::all(), 200, 200, false}},
      // --- end password ---
      // --- existing cases and batch steps (issue 14) ---
      // Out of scope is not an error of the request: the row (or case) is reported unknown.
      {"importCases", {false, {Role::County}, 200, 200, false}},
      {"importMeasures", {false, {Role::County}, 200, 200, false}},
      {"takeBatchStep", {false, {Role::Village, Role::Township, Role::County}, 200, 200, false}},
      // --- end existing cases and batch steps ---
      // --- negative-list findings (issue 14) ---
      {"listFindings", {false, kReaders, 200, 404, false}},
      {"addFinding", {false, {Role::Village, Role::Township, Role::County}, 201, 404, false}},
      {"withdrawFinding", {false, {Role::Village, Role::Township, Role::County}, 201, 404, false}},
      // --- end negative-list findings ---
      // --- dashboard (issue 11) ---
      // Out of scope: another village's region filter, disjoint with every account's scope
      // (all in village A): 200 with nothing counted (test_dashboard_api.cpp checks the numbers).
      {"getDashboard", {false, {Role::Township, Role::County, Role::Supervisor, Role::Admin}, 200, 200, false}},
      // --- end dashboard ---
      // --- users (issue 11) ---
      // Out of scope: an account (or a new account's scope) in village B, outside every
      // fixture admin's village A scope, answers 404 as if missing.
      {"addUser", {false, {Role::Admin}, 201, 404, false}},
      {"disableUser", {false, {Role::Admin}, 200, 404, false}},
      {"enableUser", {false, {Role::Admin}, 200, 404, false}},
      {"resetUserPassword", {false, {Role::Admin}, 200, 404, false}},
      // --- end users ---
  };
  return t;
}

// --- screening (issue 10) ---
// A screening run of `department` with one open warning for `household` (merged into the
// open one if there is one); returns {run id, warning id}.
std::pair<std::int64_t, std::int64_t> seed_screening(store::Database& db, const std::string& department,
                                                     const std::string& household) {
  store::ScreeningWrite w;
  w.run.department = department;
  w.run.month = "2023-03";
  w.run.source_file = "seed.csv";
  w.run.user = "tester";
  w.run.at = "2026-01-01T00:00:00Z";
  w.run.received_on = "2023-03-03";
  w.run.dispatch_by = "2023-03-07";
  w.run.verify_by = "2023-03-10";
  store::WarningUpsert x;
  x.household_id = household;
  x.department = department;
  x.reason = "因病";
  x.grade_rank = 3;
  x.signals = 1;
  w.warnings.push_back(x);
  auto r = db.screening().write_screening(w);
  EXPECT_TRUE(r.ok()) << r.error().message;
  if (!r.ok()) return {0, 0};
  return {r->run_id, r->warnings.at(0).id};
}
// --- end screening ---

class AuthzMatrix : public ServerTest {
 protected:
  // --- clues (issue 10) ---
  // A fresh 舆情信访 clue for HA0001 (in scope) or HB0001; returns its id and receipt.
  std::pair<std::int64_t, std::string> seed_clue(bool in_scope) {
    app::PetitionInput in;
    in.household_id = in_scope ? kHouseholdA : kHouseholdB;
    in.name = "赵六";
    in.description = "信访反映家中突发困难";
    in.source = "信访";
    in.received_date = *Date::parse("2026-03-01");
    auto r = app::record_petition(*database_, app_policy_, {"tester", Role::County, ""}, in, std::chrono::system_clock::now());
    EXPECT_TRUE(r.ok()) << (r ? "" : r.error().message);
    return r ? std::pair{r->clue.id, r->receipt} : std::pair{std::int64_t{0}, std::string()};
  }
  // A solved public application; the counters are cleared first so the matrix's many
  // anonymous submissions from one address are not throttled.
  httplib::Result submit_application(const std::string& village, const httplib::Headers& h) {
    EXPECT_TRUE(database_->clues().purge("9999-12-31T00:00:00Z", "9999-12-31T00:00:00Z").ok());
    auto ch = body(client_->Post("/api/v1/applications/challenge", "", "application/json"));
    const std::string challenge = ch.value("challenge", "");
    const int bits = ch.value("difficulty", 0);
    std::string nonce;
    for (long n = 0;; ++n) {
      nonce = std::to_string(n);
      if (app::pow_zero_bits(challenge, nonce) >= bits) break;
    }
    return client_->Post("/api/v1/applications", h,
                         json{{"name", "孙七"}, {"resident_id", make_resident_id("532923", "19800101", 500)},
                              {"phone", "13700001234"}, {"village_code", village}, {"description", "家人重病，医疗费用高"},
                              {"challenge", challenge}, {"nonce", nonce}}.dump(),
                         "application/json");
  }
  fangpin::Policy app_policy_;

  // One request per route, in or out of scope. `token` empty = anonymous.
  httplib::Result call(const std::string& op, Role role, const std::string& token, bool in_scope) {
    httplib::Headers h = token.empty() ? httplib::Headers{} : bearer(token);
    const std::string village = in_scope ? kVillageA : kVillageB;
    const std::string hh = in_scope ? kHouseholdA : kHouseholdB;
    if (op == "healthz") return client_->Get("/healthz", h);
    if (op == "metrics") return client_->Get("/metrics", h);
    if (op == "openapi") return client_->Get("/api/openapi.json", h);
    if (op == "login")
      return client_->Post("/api/v1/auth/login", json{{"username", user_of(role)}, {"password", kPassword}}.dump(),
                           "application/json");
    if (op == "logout") {
      // A fresh session: logging out must not end the one the other cells use.
      if (!token.empty()) h = bearer(token_of(role));
      return client_->Post("/api/v1/auth/logout", h, "", "application/json");
    }
    if (op == "me") return client_->Get("/api/v1/auth/me", h);
    if (op == "listUsers") return client_->Get("/api/v1/users", h);
    if (op == "listHouseholds") return client_->Get("/api/v1/households?region=" + village, h);
    if (op == "getHousehold") return client_->Get("/api/v1/households/" + hh, h);
    if (op == "listAssessments") return client_->Get("/api/v1/assessments?all=1&year=2023&region=" + village, h);
    if (op == "importRegistry") {
      std::string csv = "户编号,区划代码,户主姓名,联系电话,是否脱贫户,脱贫年度,住房安全,饮水安全,义务教育保障,基本医疗保障,不愁吃穿\n";
      csv += hh + "," + village + "," + (in_scope ? "张三" : "李四") + "," + (in_scope ? kPhoneA : "13900001111") +
             ",否,,是,是,是,是,是\n";
      httplib::MultipartFormDataItems items{{"file", csv, "households.csv", "text/csv"}};
      return client_->Post("/api/v1/imports/households", h, items);
    }
    // --- screening (issue 10) ---
    // The fixture's 部门数据员 is 民政局, i.e. the 民政 clerk.
    if (op == "uploadFeed") {
      const std::string csv = "证件号码,日期,事项\n" + member_id_a_ + ",2023-03-01,临时救助\n";
      httplib::MultipartFormDataItems items{{"file", csv, "civil.csv", "text/csv"}, {"month", "2023-03", "", ""},
                                            {"received", "2023-03-03", "", ""}};
      return client_->Post(in_scope ? "/api/v1/screening/民政" : "/api/v1/screening/外交", h, items);
    }
    if (op == "listScreeningRuns") return client_->Get("/api/v1/screening/runs", h);
    if (op == "listRunIssues") {
      // Out of scope: another department's run for a 部门数据员; a missing run for the others.
      const auto run = seed_screening(*database_, in_scope ? "民政" : "医保", hh).first;
      const bool missing = !in_scope && role != Role::DeptData;
      return client_->Get("/api/v1/screening/runs/" + std::to_string(missing ? run + 1000 : run) + "/issues", h);
    }
    if (op == "listWarnings") {
      seed_screening(*database_, "医保", hh);
      return client_->Get("/api/v1/warnings?region=" + village, h);
    }
    if (op == "verifyWarning") {
      const auto warning = seed_screening(*database_, "医保", hh).second;
      return client_->Post("/api/v1/warnings/" + std::to_string(warning) + "/verify", h,
                           R"({"result":"不纳入","date":"2023-03-05"})", "application/json");
    }
    // --- end screening ---
    // --- existing cases and batch steps (issue 14) ---
    if (op == "importCases" || op == "importMeasures" || op == "takeBatchStep") {
      seed_cases();  // the seeded cases first: an imported case would take household A's place
      if (op == "takeBatchStep")
        return client_->Post("/api/v1/cases/batch-steps", h,
                             json{{"cases", {in_scope ? case_in_ : case_out_}}, {"step", "入户核查"},
                                  {"date", "2024-06-01"}}.dump(),
                             "application/json");
      const std::string csv = op == "importCases"
                                  ? "户编号,监测对象类型,风险类型,审定日期,状态\n" + hh + ",边缘易致贫户,因病,2024-01-10,监测中\n"
                                  : "户编号,措施类别,开始日期,责任单位\n" + hh + ",健康帮扶,2024-06-01,县医保局\n";
      httplib::MultipartFormDataItems items{{"file", csv, "x.csv", "text/csv"}};
      return client_->Post(op == "importCases" ? "/api/v1/imports/cases" : "/api/v1/imports/measures", h, items);
    }
    // --- end existing cases and batch steps ---
    // --- cases and procedure reports (issue 10) ---
    if (auto r = case_call(op, role, h, in_scope)) return std::move(*r);
    // --- end cases and procedure reports ---
    // --- documents (issue 10) ---
    if (op == "uploadDocument") {
      httplib::MultipartFormDataItems items{{"file", pdf_bytes("matrix"), "a.pdf", "application/pdf"}};
      return client_->Post("/api/v1/documents", h, items);
    }
    if (op == "getDocument") {
      // A document referenced by a case of HA0001 (caseworker: the 帮扶责任人 account) and one
      // referenced only by a case of HB0001, outside every account's scope.
      // Households of their own: other blocks keep an active case of HA0001/HB0001.
      const std::string doc_hh = in_scope ? "HA0009" : "HB0009";
      const std::string sha = put_file(db_ + ".files", pdf_bytes(doc_hh));
      if (database_->cases().cases_with_document(sha)->empty()) {
        Household extra;
        extra.household_id = doc_hh;
        extra.region_code = village;
        extra.head_name = "档案户";
        store::ImportRun run{"households", "matrix", "tester", "2026-01-01T00:00:00Z", 0, 0};
        const std::vector<Household> rows{extra};
        EXPECT_TRUE(database_->registry().write_households(rows, run).ok());
        SeedCase sc{doc_hh, village, user_of(Role::Caseworker)};
        sc.visit_docs = {sha};
        seed_case(*database_, sc);
      }
      return client_->Get("/api/v1/documents/" + sha, h);
    }
    if (op == "getHouseholdDossier") return client_->Get("/api/v1/households/" + hh + "/dossier", h);
    // --- clues (issue 10) ---
    if (op == "applicationChallenge") return client_->Post("/api/v1/applications/challenge", h, "", "application/json");
    if (op == "submitApplication") return submit_application(in_scope ? kVillageA : kVillageB, h);
    if (op == "applicationReceipt") return client_->Get("/api/v1/applications/receipt/" + seed_clue(in_scope).second, h);
    if (op == "listClues") {
      seed_clue(true);
      return client_->Get("/api/v1/applications?region=" + village, h);
    }
    if (op == "acceptClue")
      return client_->Post("/api/v1/applications/" + std::to_string(seed_clue(in_scope).first) + "/accept", h,
                           json{{"note", "受理"}}.dump(), "application/json");
    if (op == "closeClue")
      return client_->Post("/api/v1/applications/" + std::to_string(seed_clue(in_scope).first) + "/close", h,
                           json{{"reason", "经核实不属于监测范围"}}.dump(), "application/json");
    if (op == "clueAttachment") {
      // A clue with a photo, stored the way the public form stores it.
      const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "matrix";
      auto kept = store::FileStore(db_ + ".files").put(png);
      EXPECT_TRUE(kept.ok());
      const std::int64_t id = seed_clue(in_scope).first;
      auto clue = database_->clues().find_clue(id);
      EXPECT_TRUE(clue.ok() && clue->has_value());
      store::ClueRecord with_photo = **clue;
      with_photo.photo_sha256 = kept ? kept->sha256 : "";
      auto added = database_->clues().add_clue(with_photo, "matrix-photo-" + std::to_string(id));
      EXPECT_TRUE(added.ok());
      return client_->Get("/api/v1/applications/" + std::to_string(added ? *added : 0) + "/photo", h);
    }
    if (op == "recordPetition")
      return client_->Post("/api/v1/petitions", h,
                           json{{"village_code", village}, {"name", "王五"}, {"description", "网络反映因病生活困难"},
                                {"source", "网络媒体"}, {"received_date", "2026-03-02"}}.dump(),
                           "application/json");
    // --- password (issue 11) ---
    // Changes the password with the cell's own session (which the change keeps) and puts
    // the fixture's password back at once, so later logins and tokens keep working.
    if (op == "changePassword") {
      auto res = client_->Post("/api/v1/auth/password", h,
                               json{{"old_password", kPassword}, {"new_password", "matrix-temporary-pw"}}.dump(),
                               "application/json");
      if (res && res->status == 200) {
        auto back = client_->Post("/api/v1/auth/password", h,
                                  json{{"old_password", "matrix-temporary-pw"}, {"new_password", kPassword}}.dump(),
                                  "application/json");
        EXPECT_TRUE(back && back->status == 200) << (back ? back->body : "no answer");
      }
      return res;
    }
    // --- end password ---
    // --- negative-list findings (issue 14) ---
    // In scope: a household of its own (findings exclude it from assessments other cells read).
    if (op == "listFindings" || op == "addFinding" || op == "withdrawFinding") {
      const std::string fhh = in_scope ? finding_household() : kHouseholdB;
      const std::string base = "/api/v1/households/" + fhh + "/findings";
      const std::string sha = put_file(db_ + ".files", pdf_bytes("finding"));
      if (op == "listFindings") return client_->Get(base, h);
      if (op == "addFinding")
        return client_->Post(base, h,
                             json{{"kind", "种养大户"}, {"date", "2024-05-01"}, {"note", "养殖生猪 300 头"},
                                  {"evidence", {sha}}}.dump(),
                             "application/json");
      NegativeFinding f;
      f.household_id = in_scope ? fhh : kHouseholdB;
      f.kind = "种养大户";
      f.found_on = *Date::parse("2024-05-01");
      f.found_by = "seed";
      f.role = "村级";
      f.note = "养殖";
      f.evidence = {sha};
      auto added = database_->registry().add_negative_finding(f);
      EXPECT_TRUE(added.ok());
      return client_->Post(base + "/" + std::to_string(added.ok() ? added->id : 0) + "/withdraw", h,
                           json{{"date", "2024-05-02"}, {"reason", "复核不属实"}}.dump(), "application/json");
    }
    // --- end negative-list findings ---
    // --- dashboard (issue 11) ---
    if (op == "getDashboard") return client_->Get("/api/v1/dashboard?as_of=2024-06-01&region=" + village, h);
    // --- end dashboard ---
    // --- users (issue 11) ---
    // Writes touch only accounts made for the matrix (one per village), never the fixture's.
    if (op == "addUser") {
      static int n = 0;
      return client_->Post("/api/v1/users", h,
                           json{{"username", "mx_new_" + std::to_string(++n)}, {"role", "村级"}, {"scope", village}}.dump(),
                           "application/json");
    }
    if (op == "disableUser" || op == "enableUser" || op == "resetUserPassword") {
      const std::string target = std::string("mx_target_") + (in_scope ? "a" : "b");
      auto found = accounts_->find_user(target);
      EXPECT_TRUE(found.ok());
      if (found.ok() && !found->has_value()) {
        app::NewUser u{target, "村级", village, "", kPassword};
        EXPECT_TRUE(app::add_user(*accounts_, u, "tester", "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly).ok());
      }
      const char* action = op == "disableUser" ? "disable" : op == "enableUser" ? "enable" : "password";
      return client_->Post("/api/v1/users/" + target + "/" + action, h, "{}", "application/json");
    }
    // --- end users ---
    ADD_FAILURE() << "no request for route " << op;
    return client_->Get("/nope");
  }

  // --- negative-list findings (issue 14) ---
  std::string finding_household() {
    const std::string id = "HA0008";
    if (!database_->registry().find_household(id)->has_value()) {
      Household extra;
      extra.household_id = id;
      extra.region_code = kVillageA;
      extra.head_name = "核查户";
      store::ImportRun run{"households", "matrix", "tester", "2026-01-01T00:00:00Z", 0, 0};
      const std::vector<Household> rows{extra};
      EXPECT_TRUE(database_->registry().write_households(rows, run).ok());
    }
    return id;
  }
  // --- end negative-list findings ---

  // --- cases and procedure reports (issue 10) ---
  // A monitored case in each village, both with u_helper as caseworker (so out of scope is
  // the region, not the assignment); a fresh household per case-opening or step cell.
  std::unique_ptr<CaseSeed> cases_;
  std::int64_t case_in_ = 0, case_out_ = 0;
  int fresh_ = 0;
  void seed_cases() {
    if (cases_) return;
    cases_ = std::make_unique<CaseSeed>(*database_);
    case_in_ = cases_->monitored(kHouseholdA, user_of(Role::Caseworker));
    case_out_ = cases_->monitored(kHouseholdB, user_of(Role::Caseworker));
  }
  std::string fresh_household() {
    const std::string id = "HM" + std::to_string(1000 + fresh_++);
    cases_->household(id, kVillageA, "新户");
    return id;
  }
  std::optional<httplib::Result> case_call(const std::string& op, Role role, const httplib::Headers& h, bool in_scope) {
    seed_cases();
    const std::string village = in_scope ? kVillageA : kVillageB;
    const std::string monitored = "/api/v1/cases/" + std::to_string(in_scope ? case_in_ : case_out_);
    auto post = [&](const std::string& path, const json& b) { return client_->Post(path, h, b.dump(), "application/json"); };
    if (op == "listCases") return client_->Get("/api/v1/cases?region=" + village, h);
    if (op == "getCase") return client_->Get(monitored, h);
    if (op == "openCase") {
      // Only allowed roles write: the others are refused before the body is read.
      const std::string hh = in_scope && h.size() && permission(Action::OpenCase).roles.has(role) ? fresh_household() : kHouseholdB;
      return post("/api/v1/cases", {{"household_id", hh}, {"channel", "干部排查"}, {"clue_date", "2024-06-01"}});
    }
    if (op == "takeStep") {
      if (!in_scope || h.empty() || !permission(Action::TakeStep).roles.has(role))
        return post(monitored + "/steps", {{"step", "类型变更"}, {"date", "2024-06-01"}, {"note", "x"}, {"type", "脱贫不稳定户"}});
      // A step of the role's own in the step table: 入户核查 (村级) or 信息比对 (乡级, 县级).
      if (role == Role::Village) {
        const std::int64_t id = cases_->open(fresh_household(), "2024-06-01");
        return post("/api/v1/cases/" + std::to_string(id) + "/steps", {{"step", "入户核查"}, {"date", "2024-06-01"}});
      }
      const std::int64_t id = cases_->open(fresh_household(), "2024-06-01");
      cases_->step(id, Role::Village, workflow::Step::Visit, "2024-06-01");
      cases_->step(id, Role::Village, workflow::Step::Commitment, "2024-06-01");
      return post("/api/v1/cases/" + std::to_string(id) + "/steps", {{"step", "信息比对"}, {"date", "2024-06-01"}});
    }
    if (op == "assignCaseworker")
      return post(monitored + "/caseworker", {{"caseworker", user_of(Role::Caseworker)}, {"date", "2024-06-01"}});
    if (op == "setPlan") return post(monitored + "/plan", {{"text", "帮扶计划"}, {"date", "2024-06-01"}});
    if (op == "addMeasure")
      return post(monitored + "/measures", {{"category", "健康帮扶"}, {"start", "2024-06-01"}, {"unit", "县医保局"}});
    if (op == "reportDue") return client_->Get("/api/v1/reports/due?as_of=2024-06-01&region=" + village, h);
    if (op == "reportEliminateCheck")
      return client_->Get("/api/v1/reports/eliminate-check?as_of=2024-06-01&region=" + village, h);
    if (op == "reportBackcheck") return client_->Get("/api/v1/reports/backcheck?as_of=2024-06-01&region=" + village, h);
    if (op == "reportQuality") return client_->Get("/api/v1/reports/quality?as_of=2024-06-01&region=" + village, h);
    if (op == "verifyAudit") return client_->Get("/api/v1/audit/verify", h);
    return std::nullopt;
  }
  // --- end cases and procedure reports ---
};

TEST_F(AuthzMatrix, EveryRouteIsInThePolicyTable) {
  std::set<std::string> registered;
  for (const auto& r : server::ApiServer::routes()) {
    registered.insert(r.operation_id);
    auto it = policy_table().find(r.operation_id);
    ASSERT_NE(it, policy_table().end()) << "route " << r.method << " " << r.path << " has no policy row";
    EXPECT_EQ(it->second.is_public, !r.authenticated) << r.operation_id;
    if (r.authenticated) {
      EXPECT_EQ(it->second.allowed.bits, r.roles.bits) << r.operation_id;
    }
    if (r.writes) {  // 督导 is read-only
      EXPECT_FALSE(r.roles.has(Role::Supervisor)) << r.operation_id;
    }
  }
  for (const auto& [op, p] : policy_table()) {
    EXPECT_TRUE(registered.count(op)) << "policy row without route: " << op;
  }
}

TEST_F(AuthzMatrix, EveryCell) {
  std::map<Role, std::string> tokens;
  for (Role r : server::kAllRoles) {
    tokens[r] = token_of(r);
    ASSERT_FALSE(tokens[r].empty()) << server::label(r);
  }
  int cells = 0;
  for (const auto& route : server::ApiServer::routes()) {
    const Policy& p = policy_table().at(route.operation_id);
    // Anonymous.
    for (bool in_scope : {true, false}) {
      if (route.operation_id == "login") continue;  // login is the anonymous call itself
      auto res = call(route.operation_id, Role::Village, "", in_scope);
      ASSERT_TRUE(res) << route.operation_id;
      EXPECT_EQ(res->status, p.is_public ? p.in : 401) << route.operation_id << " anonymous";
      ++cells;
    }
    for (Role role : server::kAllRoles) {
      for (bool in_scope : {true, false}) {
        int expected = p.is_public || p.allowed.has(role) ? (in_scope ? p.in : p.out) : 403;
        auto res = call(route.operation_id, role, tokens[role], in_scope);
        ASSERT_TRUE(res) << route.operation_id;
        EXPECT_EQ(res->status, expected) << route.operation_id << " × " << server::label(role) << " × "
                                         << (in_scope ? "in scope" : "out of scope") << ": " << res->body;
        ++cells;
        if (res->status != 200 || !p.allowed.has(role)) {
          if (res->status >= 400) {
            auto b = body(res);
            EXPECT_TRUE(b.contains("error") && b["error"].contains("code")) << res->body;
          }
          continue;
        }
        if (p.out_is_empty_list) {
          auto b = body(res);
          if (in_scope) {
            EXPECT_GT(b["total"].get<int>(), 0) << route.operation_id << " " << server::label(role);
          } else {
            EXPECT_EQ(b["total"].get<int>(), 0) << route.operation_id << " leaks outside the scope";
          }
        }
      }
    }
  }
  EXPECT_EQ(cells, static_cast<int>(server::ApiServer::routes().size()) * 16 - 2);
}

// The 帮扶责任人 dimension: every route a 帮扶责任人 may call on one case (or on a document of
// it) answers the assigned caseworker and is 404 for another 帮扶责任人 of the same village;
// the work list is empty for the other one.
TEST_F(AuthzMatrix, CaseworkerSeesOnlyAssignedCases) {
  app::NewUser u{"u_helper2", "帮扶责任人", kVillageA, "", kPassword};
  ASSERT_TRUE(app::add_user(*accounts_, u, "tester", "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly).ok());
  const std::string assigned = token_of(Role::Caseworker);
  const std::string other = login("u_helper2").value("token", "");
  ASSERT_FALSE(other.empty());
  int cells = 0;
  for (const auto& route : server::ApiServer::routes()) {
    if (!route.authenticated || !route.roles.has(Role::Caseworker)) continue;
    const Policy& p = policy_table().at(route.operation_id);
    if (route.scope == server::ScopeCheck::Case || route.scope == server::ScopeCheck::Document) {
      auto mine = call(route.operation_id, Role::Caseworker, assigned, true);
      ASSERT_TRUE(mine) << route.operation_id;
      EXPECT_EQ(mine->status, p.in) << route.operation_id << " × assigned 帮扶责任人: " << mine->body;
      auto theirs = call(route.operation_id, Role::Caseworker, other, true);
      ASSERT_TRUE(theirs) << route.operation_id;
      EXPECT_EQ(theirs->status, 404) << route.operation_id << " × unassigned 帮扶责任人: " << theirs->body;
      cells += 2;
    } else if (route.operation_id == "listCases") {
      auto mine = call(route.operation_id, Role::Caseworker, assigned, true);
      auto theirs = call(route.operation_id, Role::Caseworker, other, true);
      ASSERT_TRUE(mine && theirs);
      EXPECT_GT(body(mine)["total"].get<int>(), 0);
      EXPECT_EQ(body(theirs)["total"].get<int>(), 0) << theirs->body;
      cells += 2;
    }
  }
  EXPECT_GE(cells, 8);  // getCase, setPlan, addMeasure, getDocument, listCases
}

}  // namespace
}  // namespace fangpin::testing
