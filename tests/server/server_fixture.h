// A real server on a free loopback port over a real SQLite file in a temp dir, with one
// account per role (all scoped to village A), and an httplib client to talk to it.
#pragma once
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/resident_id.h"
#include "app/accounts.h"
#include "server/server.h"
#include "store/account_store.h"
#include "store/database.h"
#include "store/store.h"

namespace fangpin::testing {

using nlohmann::json;

inline std::string make_resident_id(const std::string& region6, const std::string& birth8, int seq) {
  std::string s = std::to_string(1000 + seq % 1000).substr(1);
  std::string first17 = region6 + birth8 + s;
  return first17 + gb11643_check_char(first17);
}

inline json body(const httplib::Result& r) {
  if (!r) return json();
  return json::parse(r->body, nullptr, false);
}

class ServerTest : public ::testing::Test {
 protected:
  // 祥云县 祥城镇 (532923101) village 001, and 沙龙镇 (532923102) village 001.
  static constexpr const char* kVillageA = "532923101001";
  static constexpr const char* kVillageB = "532923102001";
  static constexpr const char* kHouseholdA = "HA0001";
  static constexpr const char* kHouseholdB = "HB0001";
  static constexpr const char* kPhoneA = "13812345678";
  static constexpr const char* kPassword = "correct-horse-42";

  virtual void configure(server::ServerOptions&) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fangpin-srv-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
    seed_registry();
    ASSERT_TRUE(database_);
    accounts_ = &database_->accounts();
    for (server::Role r : server::kAllRoles) {
      app::NewUser u{user_of(r), std::string(server::label(r)), kVillageA,
                        r == server::Role::DeptData ? "民政局" : "", kPassword};
      auto s = app::add_user(*accounts_, u, "tester", "2026-01-01T00:00:00Z", app::HashStrength::FastForTestsOnly);
      ASSERT_TRUE(s.ok()) << s.error().message;
    }

    log_ = std::make_shared<std::ostringstream>();
    auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(*log_));
    logger->set_level(spdlog::level::info);
    previous_logger_ = spdlog::default_logger();
    spdlog::set_default_logger(logger);

    server::ServerOptions opt;
    opt.db_path = db_;
    opt.port = 0;
    opt.threads = 8;
    opt.max_failures_per_user = 3;
    opt.max_failures_per_address = 6;
    opt.session_ttl = std::chrono::seconds(3600);
    // A frozen clock moved only by clock_offset_, so expiry tests do not race the wall clock.
    opt.clock = [this] { return clock_base_ + std::chrono::seconds(clock_offset_.load()); };
    configure(opt);
    server_ = std::make_unique<server::ApiServer>(opt);
    auto b = server_->bind();
    ASSERT_TRUE(b.ok()) << b.error().message;
    thread_ = std::thread([this] { (void)server_->serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(30, 0);
    for (int i = 0; i < 200; ++i) {  // until the accept loop runs
      if (auto r = client_->Get("/healthz"); r && r->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    client_.reset();
    server_.reset();
    accounts_ = nullptr;
    database_.reset();
    spdlog::set_default_logger(previous_logger_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static std::string user_of(server::Role r) { return std::string("u_") + std::string(server::key(r)); }

  void seed_registry() {
    auto opened = store::open_database(db_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    database_ = std::move(*opened);
    ASSERT_TRUE(database_->migrate().ok());
    store::Store* s = &database_->registry();
    store::ImportRun run{"households", "fixture", "tester", "2026-01-01T00:00:00Z", 0, 0};
    std::vector<Household> hs(2);
    hs[0].household_id = kHouseholdA;
    hs[0].region_code = kVillageA;
    hs[0].head_name = "张三";
    hs[0].phone = kPhoneA;
    hs[1].household_id = kHouseholdB;
    hs[1].region_code = kVillageB;
    hs[1].head_name = "李四";
    hs[1].phone = "13900001111";
    ASSERT_TRUE(s->write_households(hs, run).ok());
    std::vector<Member> ms(2);
    for (int i = 0; i < 2; ++i) {
      ms[i].household_id = i == 0 ? kHouseholdA : kHouseholdB;
      ms[i].name = i == 0 ? "张三" : "李四";
      ms[i].id_number = make_resident_id("532923", "19700101", 11 + i);
      ms[i].birth = parse_resident_id(ms[i].id_number)->birth;
      ms[i].relation = Relation::Head;
    }
    run.kind = "members";
    ASSERT_TRUE(s->write_members(ms, run).ok());
    std::vector<Finance> fs(2);
    for (int i = 0; i < 2; ++i) {
      fs[i].household_id = i == 0 ? kHouseholdA : kHouseholdB;
      fs[i].year = 2023;
      fs[i].wage_income = 300000;  // 3000 yuan for one person: below the line, a candidate
    }
    run.kind = "finances";
    ASSERT_TRUE(s->write_finances(fs, run).ok());
    member_id_a_ = ms[0].id_number;
  }

  // Logs in; returns the JSON body (token, csrf_token, ...) or an empty object.
  json login(const std::string& user, const std::string& password = kPassword, int* status = nullptr) {
    auto r = client_->Post("/api/v1/auth/login", json{{"username", user}, {"password", password}}.dump(),
                           "application/json");
    if (status) *status = r ? r->status : -1;
    if (!r || r->status != 200) return json::object();
    return json::parse(r->body);
  }
  std::string token_of(server::Role r) { return login(user_of(r)).value("token", ""); }
  static httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }


  std::filesystem::path dir_;
  std::string db_;
  std::string member_id_a_;
  std::unique_ptr<store::Database> database_;  // the test's own connection (seeding, checks)
  store::AccountStore* accounts_ = nullptr;
  std::unique_ptr<server::ApiServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  const std::chrono::system_clock::time_point clock_base_ =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::atomic<long> clock_offset_{0};
  std::shared_ptr<std::ostringstream> log_;
  std::shared_ptr<spdlog::logger> previous_logger_;
  static inline int counter_ = 0;
};

}  // namespace fangpin::testing
