// Clues over HTTP (issue 10 item 5): the public 农户自主申报 form (proof of work, limits,
// receipts), the cadres' list, 受理 → case and 关闭, and 舆情信访.
#include <sodium.h>

#include <array>

#include "app/clues.h"
#include "app/workflow/case_json.h"
#include "server_fixture.h"

namespace fangpin::testing {
namespace {

using server::Role;

// Leading zero bits of SHA-256(text), computed here independently of the server's code.
int zero_bits(const std::string& text) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
  int bits = 0;
  for (unsigned char b : h) {
    if (b == 0) {
      bits += 8;
      continue;
    }
    while (!(b & 0x80)) {
      ++bits;
      b = static_cast<unsigned char>(b << 1);
    }
    break;
  }
  return bits;
}

class ApplicationsApi : public ServerTest {
 protected:
  void configure(server::ServerOptions& o) override {
    o.application_pow_bits = 10;  // fast tests; the authz matrix runs the default
    o.application_body_limit = 1u << 20;
  }

  struct Solved {
    std::string challenge, nonce;
  };
  Solved solve() {
    auto r = client_->Post("/api/v1/applications/challenge", "", "application/json");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    auto j = body(r);
    Solved s{j.value("challenge", ""), ""};
    const int bits = j.value("difficulty", 99);
    EXPECT_EQ(bits, 10);
    for (long n = 0; n < 10'000'000; ++n) {
      s.nonce = std::to_string(n);
      if (zero_bits(s.challenge + ":" + s.nonce) >= bits) break;
    }
    return s;
  }

  json form(const std::string& resident_id, const std::string& village = kVillageA) {
    auto s = solve();
    return json{{"name", "张三"},        {"resident_id", resident_id}, {"phone", "13812340000"},
                {"village_code", village}, {"description", "今年家里有人住院，花了很多钱，生活困难。"},
                {"challenge", s.challenge}, {"nonce", s.nonce}};
  }

  httplib::Result post(const json& j) { return client_->Post("/api/v1/applications", j.dump(), "application/json"); }
  httplib::Result apply(const std::string& resident_id, const std::string& village = kVillageA) {
    return post(form(resident_id, village));
  }

  static std::string unregistered_id(int seq = 90) { return make_resident_id("532923", "19850203", seq); }

  std::vector<store::ClueRecord> stored() {
    auto page = database_->clues().list_clues({"", "", "", 500, 0});
    EXPECT_TRUE(page.ok());
    return page ? page->items : std::vector<store::ClueRecord>{};
  }

  httplib::Result cadre_post(Role r, const std::string& path, const json& j) {
    return client_->Post(path, bearer(token_of(r)), j.dump(), "application/json");
  }
};

TEST_F(ApplicationsApi, RegisteredAndUnregisteredIdsGetTheSameAnswer) {
  auto a = apply(member_id_a_);
  auto b = apply(unregistered_id());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->status, 201) << a->body;
  EXPECT_EQ(b->status, 201) << b->body;
  auto ja = body(a), jb = body(b);
  const std::string ra = ja["receipt"], rb = jb["receipt"];
  EXPECT_NE(ra, rb);
  EXPECT_EQ(ra.size(), 19u);  // XXXX-XXXX-XXXX-XXXX: 80 random bits
  // Byte-identical apart from the receipt.
  std::string ta = a->body, tb = b->body;
  ta.replace(ta.find(ra), ra.size(), "R");
  tb.replace(tb.find(rb), rb.size(), "R");
  EXPECT_EQ(ta, tb);
  EXPECT_EQ(ta, R"({"receipt":"R","status":"已收到"})");
  EXPECT_EQ(a->get_header_value("Content-Type"), b->get_header_value("Content-Type"));

  // Internally the registered ID was resolved to its household; the other was not.
  auto clues = stored();
  ASSERT_EQ(clues.size(), 2u);
  for (const auto& c : clues) {
    EXPECT_EQ(c.channel, "自主申报");
    EXPECT_EQ(c.status, "已收到");
    EXPECT_EQ(c.household_id, c.resident_id == member_id_a_ ? kHouseholdA : "");
    EXPECT_EQ(c.recorded_by, "");
  }
  // Attributable: the public submissions are in the access log.
  auto events = database_->accounts().access_events();
  ASSERT_TRUE(events.ok());
  int applied = 0;
  for (const auto& e : *events) applied += e.action == "clue.apply";
  EXPECT_EQ(applied, 2);

  // The receipt tells its status and nothing else.
  auto r = client_->Get("/api/v1/applications/receipt/" + ra);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"status":"已收到"})");
  // Typed loosely (lower case, no dashes) it is the same receipt.
  std::string loose;
  for (char ch : ra)
    if (ch != '-') loose += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  r = client_->Get("/api/v1/applications/receipt/" + loose);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  for (const std::string bad : {"0000-0000-0000-0000", "nonsense", "ZZZZ-ZZZZ-ZZZZ-ZZZU"}) {
    r = client_->Get("/api/v1/applications/receipt/" + bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << bad;
  }
}

TEST_F(ApplicationsApi, MultipartWithPhoto) {
  auto f = form(unregistered_id());
  httplib::MultipartFormDataItems items;
  for (auto& [k, v] : f.items()) items.push_back({k, v.get<std::string>(), "", ""});
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(100, 'x');
  items.push_back({"photo", png, "p.png", "image/png"});
  auto r = client_->Post("/api/v1/applications", items);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  auto clues = stored();
  ASSERT_EQ(clues.size(), 1u);
  EXPECT_EQ(clues[0].photo_sha256.size(), 64u);
  // Cadres in scope can see it (logged); a clue without a photo has none.
  auto got = client_->Get("/api/v1/applications/" + std::to_string(clues[0].id) + "/photo", bearer(token_of(Role::Township)));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, png);
  EXPECT_EQ(got->get_header_value("Content-Type"), "image/png");
  auto events = database_->accounts().access_events();
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->back().action, "clue.photo");
  EXPECT_EQ(events->back().username, user_of(Role::Township));

  // Not an image: refused before anything is stored.
  f = form(unregistered_id(91));
  items.clear();
  for (auto& [k, v] : f.items()) items.push_back({k, v.get<std::string>(), "", ""});
  items.push_back({"photo", "MZ\x90\x00 not a picture", "x.exe", "image/png"});
  r = client_->Post("/api/v1/applications", items);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "photo");

  // Non-UTF-8 text in a form field.
  f = form(unregistered_id(92));
  items.clear();
  for (auto& [k, v] : f.items())
    items.push_back({k, k == "description" ? std::string("\xC0\xAF\xFF bad") : v.get<std::string>(), "", ""});
  r = client_->Post("/api/v1/applications", items);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "description");
  EXPECT_EQ(stored().size(), 1u);

  ASSERT_EQ(apply(unregistered_id(95))->status, 201);
  got = client_->Get("/api/v1/applications/" + std::to_string(stored().front().id) + "/photo", bearer(token_of(Role::Village)));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 404);
}

TEST_F(ApplicationsApi, BadInputNamesTheField) {
  std::string bad_digit = member_id_a_;
  bad_digit.back() = bad_digit.back() == '0' ? '1' : '0';
  struct Case {
    std::string field;
    json value;
  };
  const std::vector<Case> cases{
      {"resident_id", bad_digit},
      {"resident_id", "12345"},
      {"phone", "1381234"},
      {"phone", "23812345678"},
      {"village_code", "532923101"},
      {"village_code", "999999999001"},  // township not in the NBS list
      {"description", std::string(2001, 'a')},
      {"description", ""},
      {"name", 5},
      {"name", json::array({"张三"})},
  };
  for (const auto& c : cases) {
    auto f = form(unregistered_id());
    f[c.field] = c.value;
    auto r = post(f);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.field << " " << c.value.dump() << " " << r->body;
    EXPECT_EQ(body(r)["error"]["field"], c.field) << r->body;
  }
  // Not JSON, or JSON that is not UTF-8.
  auto r = client_->Post("/api/v1/applications", "{not json", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = client_->Post("/api/v1/applications", "{\"name\":\"\xFF\xFE\"}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(stored().empty());
}

TEST_F(ApplicationsApi, ProofOfWorkIsCheckedUsedOnceAndExpires) {
  auto f = form(unregistered_id());
  // A nonce that does not meet the difficulty.
  json wrong = f;
  for (long n = 0;; ++n) {
    if (zero_bits(f["challenge"].get<std::string>() + ":x" + std::to_string(n)) < 10) {
      wrong["nonce"] = "x" + std::to_string(n);
      break;
    }
  }
  auto r = post(wrong);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "nonce");
  // A made-up challenge that claims no difficulty is unknown to the server.
  json forged = f;
  forged["challenge"] = "0.00000000000000000000000000000000";
  r = post(forged);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  for (const char* missing : {"challenge", "nonce"}) {
    json m = f;
    m.erase(missing);
    r = post(m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << missing;
  }
  // The solved one works once.
  r = post(f);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  f["resident_id"] = unregistered_id(93);
  r = post(f);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  // Expired after 10 minutes.
  auto late = form(unregistered_id(94));
  clock_offset_ += 601;
  r = post(late);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_EQ(stored().size(), 1u);
}

TEST_F(ApplicationsApi, LimitsPerAddressSurviveInTheDatabase) {
  for (int i = 0; i < 5; ++i) {
    auto r = apply(unregistered_id(100 + i));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 201) << i << r->body;
  }
  auto r = apply(unregistered_id(110));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(body(r)["error"]["code"], "too_many_attempts");
  const int wait = std::stoi(r->get_header_value("Retry-After"));
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 3601);
  EXPECT_EQ(stored().size(), 5u);
  // Counted in the database (a restarted server sees the same counts).
  auto n = database_->clues().attempts_since("addr:127.0.0.1", "2000-01-01T00:00:00Z");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->count, 5);
  // An hour later the address may apply again.
  clock_offset_ += 3601;
  r = apply(unregistered_id(111));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
}

TEST_F(ApplicationsApi, LimitsPerResidentId) {
  for (int i = 0; i < 3; ++i) {
    auto r = apply(member_id_a_);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 201) << r->body;
  }
  auto r = apply(member_id_a_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
  // The same for an unregistered ID: the limit says nothing about the registry.
  for (int i = 0; i < 2; ++i) {
    r = apply(unregistered_id());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 201) << r->body;
  }
  EXPECT_EQ(stored().size(), 5u);
}

TEST_F(ApplicationsApi, OversizedBodiesAre413) {
  auto f = form(unregistered_id());
  f["description"] = std::string((1u << 20) + 10, 'a');
  auto r = post(f);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(body(r)["error"]["code"], "payload_too_large");
  httplib::MultipartFormDataItems items;
  f = form(unregistered_id());
  for (auto& [k, v] : f.items()) items.push_back({k, v.get<std::string>(), "", ""});
  items.push_back({"photo", std::string("\xFF\xD8\xFF", 3) + std::string(1u << 20, 'j'), "p.jpg", "image/jpeg"});
  r = client_->Post("/api/v1/applications", items);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(stored().empty());
}

TEST_F(ApplicationsApi, CadresListTheirScopeMasked) {
  // Applicants type their numbers into the story too: masked there as well.
  json f = form(member_id_a_);
  f["description"] = "本人身份证 " + member_id_a_ + "，电话13812340000，家里有人住院。";
  ASSERT_EQ(post(f)->status, 201);
  ASSERT_EQ(apply(unregistered_id(), kVillageB)->status, 201);  // outside every test account's scope
  const std::string token = token_of(Role::Village);
  auto r = client_->Get("/api/v1/applications", bearer(token));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = body(r);
  EXPECT_EQ(j["total"], 1);
  ASSERT_EQ(j["items"].size(), 1u);
  const auto& it = j["items"][0];
  EXPECT_EQ(it["household_id"], kHouseholdA);
  EXPECT_EQ(it["region_code"], kVillageA);
  EXPECT_EQ(it["channel"], "自主申报");
  EXPECT_EQ(it["resident_id"], mask_resident_id(member_id_a_));
  EXPECT_EQ(it["phone"], "138****0000");
  EXPECT_EQ(r->body.find(member_id_a_), std::string::npos);
  EXPECT_EQ(r->body.find("13812340000"), std::string::npos);
  // A disjoint region filter is an empty list; filters by status and channel.
  j = body(client_->Get(std::string("/api/v1/applications?region=") + kVillageB, bearer(token)));
  EXPECT_EQ(j["total"], 0);
  j = body(client_->Get("/api/v1/applications?channel=舆情信访", bearer(token)));
  EXPECT_EQ(j["total"], 0);
  j = body(client_->Get("/api/v1/applications?status=已收到&channel=自主申报", bearer(token)));
  EXPECT_EQ(j["total"], 1);
  // The clue in village B does not exist for this account, whatever it tries.
  std::int64_t in_b = 0;
  for (const auto& c : stored())
    if (c.region_code == kVillageB) in_b = c.id;
  ASSERT_GT(in_b, 0);
  r = client_->Post("/api/v1/applications/" + std::to_string(in_b) + "/accept", bearer(token),
                    json{{"household_id", kHouseholdA}}.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = client_->Post("/api/v1/applications/" + std::to_string(in_b) + "/close", bearer(token),
                    json{{"reason", "不属实"}}.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(body(r)["error"]["message"], body(client_->Post("/api/v1/applications/999999/close", bearer(token),
                                                            json{{"reason", "x"}}.dump(), "application/json"))["error"]["message"]);
  for (const std::string bad : {"status=处理中", "channel=干部排查", "limit=0", "region=abc"}) {
    r = client_->Get("/api/v1/applications?" + bad, bearer(token));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
  }
}

TEST_F(ApplicationsApi, AcceptOpensACaseOnceAndCloseIsFinal) {
  ASSERT_EQ(apply(unregistered_id())->status, 201);
  ASSERT_EQ(apply(member_id_a_)->status, 201);
  auto clues = stored();  // newest first
  ASSERT_EQ(clues.size(), 2u);
  const std::int64_t matched = clues[0].id, unmatched = clues[1].id;
  const std::string base = "/api/v1/applications/";

  // The unmatched clue needs a household; one outside the scope looks missing.
  auto r = cadre_post(Role::Village, base + std::to_string(unmatched) + "/accept", json::object());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "household_id");
  r = cadre_post(Role::Village, base + std::to_string(unmatched) + "/accept", {{"household_id", kHouseholdB}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = cadre_post(Role::Village, base + std::to_string(unmatched) + "/accept", {{"clue_date", "2026-02-30"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "clue_date");

  // Accept the matched one: a 自主申报 case, registered by the caller.
  r = cadre_post(Role::Village, base + std::to_string(matched) + "/accept", {{"note", "村委受理"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto j = body(r);
  EXPECT_EQ(j["existing"], false);
  EXPECT_EQ(j["clue"]["status"], "已受理");
  EXPECT_EQ(j["clue"]["handled_by"], user_of(Role::Village));
  const std::int64_t case_id = j["case"]["id"];
  EXPECT_EQ(j["clue"]["case_id"], case_id);
  auto stored_case = database_->cases().find_case(case_id);
  ASSERT_TRUE(stored_case.ok() && stored_case->has_value());
  EXPECT_EQ((*stored_case)->household_id, kHouseholdA);
  auto parsed = app::case_from_text((*stored_case)->data);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(workflow::label(parsed->channel), "自主申报");
  EXPECT_EQ(parsed->clue_note, "村委受理");
  auto events = database_->cases().audit_events(case_id);
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->front().actor, user_of(Role::Village));

  // Twice → 409; closing a handled clue → 409.
  r = cadre_post(Role::Township, base + std::to_string(matched) + "/accept", json::object());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  r = cadre_post(Role::Township, base + std::to_string(matched) + "/close", {{"reason", "重复"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);

  // Close the other one: a reason is required; the receipt then shows it.
  r = cadre_post(Role::Township, base + std::to_string(unmatched) + "/close", json::object());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = cadre_post(Role::Township, base + std::to_string(unmatched) + "/close", {{"reason", "经入户核实，收入稳定"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(body(r)["status"], "已关闭");
  EXPECT_EQ(body(r)["close_reason"], "经入户核实，收入稳定");
  r = cadre_post(Role::Village, base + std::to_string(unmatched) + "/accept", {{"household_id", kHouseholdA}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  // Unknown and malformed ids.
  r = cadre_post(Role::Village, base + "999999/accept", json::object());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = cadre_post(Role::Village, base + "abc/close", {{"reason", "x"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(ApplicationsApi, ReceiptRevealsOnlyTheStatus) {
  auto a = body(apply(member_id_a_));
  auto b = body(apply(unregistered_id()));
  auto clues = stored();
  ASSERT_EQ(clues.size(), 2u);
  ASSERT_EQ(cadre_post(Role::Village, "/api/v1/applications/" + std::to_string(clues[1].id) + "/accept", json::object())
                ->status,
            201);
  ASSERT_EQ(cadre_post(Role::Village, "/api/v1/applications/" + std::to_string(clues[0].id) + "/close",
                       {{"reason", "申报人撤回"}})
                ->status,
            200);
  auto r = client_->Get("/api/v1/applications/receipt/" + a["receipt"].get<std::string>());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"status":"已受理"})");
  r = client_->Get("/api/v1/applications/receipt/" + b["receipt"].get<std::string>());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"status":"已关闭","close_reason":"申报人撤回"})");
}

TEST_F(ApplicationsApi, PetitionsBecomeCasesOfTheirChannel) {
  const json petition{{"village_code", kVillageA}, {"household_id", kHouseholdA}, {"name", "张三"},
                      {"description", "县信访局转来：反映因灾房屋受损"}, {"source", "信访"},
                      {"received_date", "2026-03-02"}};
  // 村级 may not record one; a bad date, a village outside the scope.
  auto r = cadre_post(Role::Village, "/api/v1/petitions", petition);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  json bad = petition;
  bad["received_date"] = "2026-02-30";
  r = cadre_post(Role::Township, "/api/v1/petitions", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "received_date");
  bad["received_date"] = "2099-01-01";  // not yet
  r = cadre_post(Role::Township, "/api/v1/petitions", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body(r)["error"]["field"], "received_date");
  bad = petition;
  bad["description"] = std::string(5000, 'a');
  r = cadre_post(Role::Township, "/api/v1/petitions", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(body(r)["error"]["message"].get<std::string>().find("2000"), std::string::npos);
  bad = petition;
  bad.erase("household_id");
  bad["village_code"] = kVillageB;
  r = cadre_post(Role::Township, "/api/v1/petitions", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  bad = petition;
  bad["village_code"] = kVillageB;  // the household is in A
  r = cadre_post(Role::Township, "/api/v1/petitions", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);

  r = cadre_post(Role::Township, "/api/v1/petitions", petition);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto j = body(r);
  EXPECT_EQ(j["clue"]["channel"], "舆情信访");
  EXPECT_EQ(j["clue"]["recorded_by"], user_of(Role::Township));
  EXPECT_EQ(j["clue"]["received_date"], "2026-03-02");
  EXPECT_EQ(j["receipt"].get<std::string>().size(), 19u);
  const std::int64_t id = j["clue"]["id"];

  auto list = body(client_->Get("/api/v1/applications?channel=舆情信访", bearer(token_of(Role::Supervisor))));
  EXPECT_EQ(list["total"], 1);

  r = cadre_post(Role::County, "/api/v1/applications/" + std::to_string(id) + "/accept", json::object());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  j = body(r);
  EXPECT_EQ(j["case"]["channel"], "舆情信访");
  EXPECT_EQ(j["case"]["clue_date"], "2026-03-02");  // the clue's received date
  auto events = database_->cases().audit_events(j["case"]["id"].get<std::int64_t>());
  ASSERT_TRUE(events.ok() && !events->empty());
  EXPECT_EQ(events->front().actor, user_of(Role::County));

  // A second clue for the same household joins the active case instead of opening another.
  r = cadre_post(Role::Township, "/api/v1/petitions", petition);
  ASSERT_EQ(r->status, 201);
  const std::int64_t second = body(r)["clue"]["id"];
  r = cadre_post(Role::Village, "/api/v1/applications/" + std::to_string(second) + "/accept", json::object());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(body(r)["existing"], true);
  EXPECT_EQ(body(r)["case"]["id"], j["case"]["id"]);
}

}  // namespace
}  // namespace fangpin::testing
