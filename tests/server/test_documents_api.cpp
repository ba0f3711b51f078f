// Documents over HTTP (issue 10): upload, download, expiry of unreferenced uploads, and the
// household dossier zip (opened here with libzip).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>

#include "app/documents.h"
#include "domain/workflow/sha256.h"
#include "server_fixture.h"
#include "../support/document_seed.h"

namespace fangpin::testing {
namespace {

using server::Role;

// The entries of a zip held in memory: name -> bytes, in archive order.
std::vector<std::pair<std::string, std::string>> unzip(const std::string& bytes) {
  std::vector<std::pair<std::string, std::string>> out;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (src == nullptr) return out;
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  zip_error_fini(&err);
  if (z == nullptr) {
    zip_source_free(src);
    return out;
  }
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    std::string data(static_cast<std::size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr) continue;
    const zip_int64_t got = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (got != static_cast<zip_int64_t>(st.size)) data = "<short read>";
    out.emplace_back(st.name, std::move(data));
  }
  zip_close(z);
  return out;
}

class DocumentsApi : public ServerTest {
 protected:
  std::string files_root() const { return db_ + ".files"; }

  httplib::Result upload(const std::string& token, const std::string& bytes, const std::string& name = "a.pdf",
                         const std::string& type = "application/pdf") {
    httplib::MultipartFormDataItems items{{"file", bytes, name, type}};
    return client_->Post("/api/v1/documents", bearer(token), items);
  }
  httplib::Result download(const std::string& token, const std::string& sha) {
    return client_->Get("/api/v1/documents/" + sha, bearer(token));
  }
  // The response head exactly as sent (status line and headers).
  std::string raw_get(const std::string& path, const std::string& token) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return {};
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(server_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string out;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      const std::string req = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token +
                              "\r\nConnection: close\r\n\r\n";
      if (::send(fd, req.data(), req.size(), 0) == static_cast<ssize_t>(req.size())) {
        char buf[4096];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
      }
    }
    ::close(fd);
    return out.substr(0, out.find("\r\n\r\n") + 2);
  }
  std::size_t access_count(const std::string& action, const std::string& target) {
    auto ev = database_->accounts().access_events();
    std::size_t n = 0;
    for (const auto& e : *ev) n += e.action == action && e.target == target;
    return n;
  }
};

TEST_F(DocumentsApi, UploadStoresOnceAndAnswersTheName) {
  const std::string token = token_of(Role::Village);
  const std::string bytes = pdf_bytes("upload");
  auto r = upload(token, bytes, "照片.jpg", "image/jpeg");  // the name and client type are ignored
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto b = body(r);
  const std::string sha = workflow::sha256_hex(bytes);
  EXPECT_EQ(b["sha256"], sha);
  EXPECT_EQ(b["media_type"], "application/pdf");
  EXPECT_EQ(b["size"], bytes.size());
  EXPECT_TRUE(std::filesystem::exists(files_root() + "/" + sha.substr(0, 2) + "/" + sha));

  auto again = upload(token_of(Role::Caseworker), bytes);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(body(again)["sha256"], sha);
  auto rec = database_->cases().find_document(sha);
  ASSERT_TRUE(rec.ok() && rec->has_value());
  EXPECT_EQ((*rec)->uploaded_by, user_of(Role::Village));
  EXPECT_EQ(access_count("document.upload", sha), 2u);

  // An Office document is named by its part, not as a bare zip.
  std::string docx = std::string("PK\x03\x04", 4) + "....[Content_Types].xml....word/document.xml";
  auto d = upload(token, docx, "x.docx");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 201);
  EXPECT_EQ(body(d)["media_type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
}

TEST_F(DocumentsApi, ConcurrentUploadsOfTheSameContentAgree) {
  const std::string token = token_of(Role::County);
  const std::string bytes = pdf_bytes("concurrent");
  std::vector<std::thread> threads;
  std::vector<int> status(8, 0);
  std::vector<std::string> names(8);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      httplib::Client cl("127.0.0.1", server_->port());
      httplib::MultipartFormDataItems items{{"file", bytes, "\xff\xfe名.pdf", "application/pdf"}};
      auto r = cl.Post("/api/v1/documents", bearer(token), items);
      status[i] = r ? r->status : -1;
      if (r) names[i] = body(r).value("sha256", "");
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(status[i], 201);
    EXPECT_EQ(names[i], workflow::sha256_hex(bytes));
  }
  store::FileStore files(files_root());
  auto back = files.get(workflow::sha256_hex(bytes));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
  std::size_t leftovers = 0;  // no temporary files stay behind
  for (const auto& e : std::filesystem::recursive_directory_iterator(files_root()))
    leftovers += e.path().extension() == ".tmp";
  EXPECT_EQ(leftovers, 0u);
}

TEST_F(DocumentsApi, UploadRefusesBadFiles) {
  const std::string token = token_of(Role::Township);
  auto empty = upload(token, "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  EXPECT_EQ(body(empty)["error"]["field"], "file");

  auto text = upload(token, "#!/bin/sh\nrm -rf /\n", "evil.pdf", "application/pdf");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 400);
  EXPECT_EQ(body(text)["error"]["code"], "unsupported");
  EXPECT_EQ(body(text)["error"]["field"], "file");

  auto html = upload(token, "<html><script>alert(1)</script></html>", "a.png", "image/png");
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 400);

  std::string big = pdf_bytes("big");
  big.resize(20 * 1024 * 1024 + 1, 'x');
  auto large = upload(token, big);
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  EXPECT_EQ(body(large)["error"]["code"], "payload_too_large");

  auto no_file = client_->Post("/api/v1/documents", bearer(token), "{}", "application/json");
  ASSERT_TRUE(no_file);
  EXPECT_EQ(no_file->status, 400);
  httplib::MultipartFormDataItems wrong_field{{"doc", pdf_bytes("w"), "a.pdf", "application/pdf"}};
  auto wf = client_->Post("/api/v1/documents", bearer(token), wrong_field);
  ASSERT_TRUE(wf);
  EXPECT_EQ(wf->status, 400);

  // Nothing was kept from the refused uploads.
  auto log = database_->accounts().access_events();
  for (const auto& e : *log) EXPECT_NE(e.action, "document.upload");

  auto read_only = upload(token_of(Role::Supervisor), pdf_bytes("s"));
  ASSERT_TRUE(read_only);
  EXPECT_EQ(read_only->status, 403);
}

TEST_F(DocumentsApi, DownloadOnlyThroughAVisibleCase) {
  const std::string mine = workflow::sha256_hex(pdf_bytes("mine"));
  ASSERT_EQ(put_file(files_root(), pdf_bytes("mine")), mine);
  const std::string theirs = put_file(files_root(), png_bytes("theirs"));
  const std::string outside = put_file(files_root(), pdf_bytes("outside"));
  SeedCase a{kHouseholdA, kVillageA, user_of(Role::Caseworker)};
  a.visit_docs = {mine};
  ASSERT_GT(seed_case(*database_, a), 0);
  // Another household in village A whose caseworker is someone else.
  {
    std::vector<Household> hs(1);
    hs[0].household_id = "HA0002";
    hs[0].region_code = kVillageA;
    hs[0].head_name = "王五";
    ASSERT_TRUE(database_->registry().write_households(hs, {"households", "f", "t", "2026-01-01T00:00:00Z", 0, 0}).ok());
  }
  SeedCase other{"HA0002", kVillageA, "someone_else"};
  other.visit_docs = {theirs};
  ASSERT_GT(seed_case(*database_, other), 0);
  SeedCase b{kHouseholdB, kVillageB, user_of(Role::Caseworker)};
  b.visit_docs = {outside};
  ASSERT_GT(seed_case(*database_, b), 0);
  const std::string unreferenced = body(upload(token_of(Role::Village), pdf_bytes("loose")))["sha256"];

  const std::string village = token_of(Role::Village);
  auto r = download(village, mine);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, pdf_bytes("mine"));
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(r->get_header_value("Content-Disposition"), "attachment; filename=\"" + mine + ".pdf\"");
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(access_count("document", mine), 1u);

  auto png = download(village, theirs);
  ASSERT_TRUE(png);
  EXPECT_EQ(png->status, 200);
  EXPECT_EQ(png->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(png->get_header_value("Content-Disposition"), "attachment; filename=\"" + theirs + ".png\"");

  const std::string helper = token_of(Role::Caseworker);
  EXPECT_EQ(download(helper, mine)->status, 200);
  EXPECT_EQ(download(helper, theirs)->status, 404);  // not the helper's case
  EXPECT_EQ(download(village, outside)->status, 404);  // outside the scope
  EXPECT_EQ(download(village, unreferenced)->status, 404);
  EXPECT_EQ(download(village, workflow::sha256_hex("nothing"))->status, 404);
  auto bad = download(village, "not-a-hash");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(body(bad)["error"]["field"], "sha256");
  std::string upper = mine;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(download(village, upper)->status, 400);
  EXPECT_EQ(download(village, "%2e%2e%2f%2e%2e%2fetc%2fpasswd")->status, 404);  // no such route
  EXPECT_EQ(download(token_of(Role::DeptData), mine)->status, 403);
  EXPECT_EQ(client_->Get("/api/v1/documents/" + mine)->status, 401);
  // Denied reads are not logged as downloads.
  EXPECT_EQ(access_count("document", outside), 0u);
}

TEST_F(DocumentsApi, UnreferencedUploadsExpireAfterADay) {
  std::string token = token_of(Role::Village);
  const std::string loose = body(upload(token, pdf_bytes("loose")))["sha256"];
  const std::string kept = body(upload(token, pdf_bytes("kept")))["sha256"];
  SeedCase a{kHouseholdA, kVillageA, ""};
  a.visit_docs = {kept};
  ASSERT_GT(seed_case(*database_, a), 0);
  clock_offset_ = 2 * 3600;  // a sweep is due, but the uploads are young
  token = token_of(Role::Village);  // sessions last an hour here
  const std::string young = body(upload(token, pdf_bytes("young")))["sha256"];
  EXPECT_TRUE(std::filesystem::exists(files_root() + "/" + loose.substr(0, 2) + "/" + loose));

  clock_offset_ = 25 * 3600;
  token = token_of(Role::Village);
  auto trigger = upload(token, pdf_bytes("trigger"));
  ASSERT_TRUE(trigger);
  ASSERT_EQ(trigger->status, 201);
  EXPECT_FALSE(std::filesystem::exists(files_root() + "/" + loose.substr(0, 2) + "/" + loose));
  EXPECT_FALSE(database_->cases().find_document(loose)->has_value());
  EXPECT_TRUE(database_->cases().find_document(kept)->has_value());
  EXPECT_TRUE(database_->cases().find_document(young)->has_value());
  EXPECT_EQ(download(token, kept)->status, 200);
}

TEST_F(DocumentsApi, DossierZipHasTheCasesSummariesAndDocuments) {
  const std::string visit_pdf = pdf_bytes("入户核查表"), visit_png = png_bytes("photo"),
                    appraisal = pdf_bytes("评议记录"), plan = pdf_bytes("计划"), evidence = png_bytes("佐证");
  SeedCase live{kHouseholdA, kVillageA, user_of(Role::Caseworker)};
  live.visit_docs = {put_file(files_root(), visit_pdf), put_file(files_root(), visit_png)};
  live.appraisal_docs = {put_file(files_root(), appraisal)};
  live.plan_docs = {put_file(files_root(), plan)};
  live.evidence = {put_file(files_root(), evidence)};
  live.note = "核查户主身份证 " + member_id_a_ + " 与电话 " + kPhoneA + " 属实";
  // An earlier, rejected case of the same household handled by another caseworker.
  SeedCase old{kHouseholdA, kVillageA, "someone_else", false};
  old.visit_docs = {put_file(files_root(), pdf_bytes("旧案"))};
  const auto old_id = seed_case(*database_, old);
  const auto live_id = seed_case(*database_, live);
  ASSERT_GT(old_id, 0);
  ASSERT_GT(live_id, 0);

  auto r = client_->Get(std::string("/api/v1/households/") + kHouseholdA + "/dossier", bearer(token_of(Role::Village)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/zip");
  // httplib's client percent-decodes header values: read this one off the wire.
  EXPECT_NE(raw_get(std::string("/api/v1/households/") + kHouseholdA + "/dossier", token_of(Role::Village))
                .find("\r\nContent-Disposition: attachment; filename=\"HA0001-dossier.zip\"; "
                      "filename*=UTF-8''HA0001-%E6%A1%A3%E6%A1%88.zip\r\n"),
            std::string::npos);
  auto entries = unzip(r->body);
  std::map<std::string, std::string> by_name(entries.begin(), entries.end());
  const std::string dir = "案件/" + std::to_string(live_id) + "/";
  const std::string sha8 = workflow::sha256_hex(visit_pdf).substr(0, 8);
  auto expect_entry = [&](const std::string& name, const std::string& bytes) {
    auto it = by_name.find(name);
    ASSERT_NE(it, by_name.end()) << name << " missing; have " << entries.size() << " entries";
    EXPECT_EQ(it->second, bytes) << name;
  };
  expect_entry(dir + "材料/01-入户核查-" + sha8 + ".pdf", visit_pdf);
  expect_entry(dir + "材料/01-入户核查-" + workflow::sha256_hex(visit_png).substr(0, 8) + ".png", visit_png);
  expect_entry(dir + "材料/03-村级评议-" + workflow::sha256_hex(appraisal).substr(0, 8) + ".pdf", appraisal);
  expect_entry(dir + "材料/帮扶计划-" + workflow::sha256_hex(plan).substr(0, 8) + ".pdf", plan);
  expect_entry(dir + "材料/措施1-健康帮扶-" + workflow::sha256_hex(evidence).substr(0, 8) + ".png", evidence);
  ASSERT_TRUE(by_name.count(dir + "case.json"));
  ASSERT_TRUE(by_name.count(dir + "摘要.txt"));
  ASSERT_TRUE(by_name.count("户信息.txt"));
  ASSERT_TRUE(by_name.count("案件/" + std::to_string(old_id) + "/case.json"));

  auto cj = json::parse(by_name[dir + "case.json"], nullptr, false);
  ASSERT_FALSE(cj.is_discarded());
  EXPECT_EQ(cj["case_id"], live_id);
  EXPECT_EQ(cj["household_id"], kHouseholdA);
  ASSERT_TRUE(cj["audit"].is_array());
  EXPECT_EQ(cj["audit"][0]["action"], "立案");
  const std::string& summary = by_name[dir + "摘要.txt"];
  for (const char* want : {"户编号：HA0001", "户主：张三", "入户核查", "承诺授权书", "村级评议", "评议通过", "监测中",
                           "边缘易致贫户", "因病", "帮扶责任人：u_helper", "医疗救助与公益岗位", "健康帮扶", "1200.00"})
    EXPECT_NE(summary.find(want), std::string::npos) << want << "\n" << summary;
  EXPECT_NE(summary.find("01-入户核查-" + sha8 + ".pdf"), std::string::npos) << summary;
  // IDs and phones typed into notes are masked everywhere in the dossier.
  for (const auto& [name, bytes] : entries) {
    EXPECT_EQ(bytes.find(member_id_a_), std::string::npos) << name;
    EXPECT_EQ(bytes.find(kPhoneA), std::string::npos) << name;
  }
  EXPECT_NE(summary.find(mask_resident_id(member_id_a_)), std::string::npos);
  EXPECT_EQ(access_count("dossier", kHouseholdA), 2u);  // this read and the raw one

  // A 帮扶责任人 gets only its own case.
  auto mine = client_->Get(std::string("/api/v1/households/") + kHouseholdA + "/dossier",
                           bearer(token_of(Role::Caseworker)));
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200);
  bool saw_old = false, saw_live = false;
  for (const auto& [name, bytes] : unzip(mine->body)) {
    saw_old |= name.starts_with("案件/" + std::to_string(old_id) + "/");
    saw_live |= name.starts_with(dir);
  }
  EXPECT_TRUE(saw_live);
  EXPECT_FALSE(saw_old);

  // Outside the scope looks like a missing household.
  auto out = client_->Get(std::string("/api/v1/households/") + kHouseholdB + "/dossier", bearer(token_of(Role::Village)));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 404);
  EXPECT_EQ(client_->Get("/api/v1/households/NOPE/dossier", bearer(token_of(Role::Village)))->status, 404);
  EXPECT_EQ(client_->Get(std::string("/api/v1/households/") + kHouseholdA + "/dossier",
                         bearer(token_of(Role::DeptData)))->status, 403);
}

TEST_F(DocumentsApi, DossierOfAHouseholdWithoutCases) {
  auto r = client_->Get(std::string("/api/v1/households/") + kHouseholdA + "/dossier", bearer(token_of(Role::County)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto entries = unzip(r->body);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].first, "户信息.txt");
  EXPECT_NE(entries[0].second.find("案件 0 件"), std::string::npos);
}

TEST_F(DocumentsApi, OpenApiDescribesTheRoutes) {
  auto doc = body(client_->Get("/api/openapi.json"));
  ASSERT_TRUE(doc.contains("paths"));
  EXPECT_TRUE(doc["paths"]["/api/v1/documents"]["post"]["responses"].contains("201"));
  EXPECT_TRUE(doc["paths"]["/api/v1/documents"]["post"]["responses"].contains("413"));
  EXPECT_TRUE(doc["paths"]["/api/v1/documents/{sha256}"]["get"]["responses"].contains("404"));
  EXPECT_EQ(doc["paths"]["/api/v1/households/{id}/dossier"]["get"]["responses"]["200"]["content"].begin().key(),
            "application/zip");
}

}  // namespace
}  // namespace fangpin::testing
