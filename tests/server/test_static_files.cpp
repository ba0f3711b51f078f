// The web front end served by the API server: files, SPA fallback, caching and the CSP;
// API paths never fall back to the page.
#include <fstream>

#include "server_fixture.h"

namespace fangpin::testing {
namespace {

class StaticFiles : public ServerTest {
 protected:
  void configure(server::ServerOptions& opt) override {
    web_ = dir_ / "dist";
    std::filesystem::create_directories(web_ / "assets");
    std::ofstream(web_ / "index.html") << "<!doctype html><title>防贫</title><script type=module src=/assets/app-1a2b.js></script>";
    std::ofstream(web_ / "assets" / "app-1a2b.js") << "console.log('fangpin')";
    std::ofstream(web_ / "assets" / "app-1a2b.css") << "body{}";
    std::ofstream(dir_ / "secret.txt") << "outside the web root";
    opt.web_root = web_.string();
  }
  std::filesystem::path web_;
};

TEST_F(StaticFiles, IndexWithCspAndNoCache) {
  auto r = client_->Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("<title>防贫</title>"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
  const std::string csp = r->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("style-src 'self' 'unsafe-inline'"), std::string::npos);
  EXPECT_EQ(csp.find("script-src 'self' 'unsafe"), std::string::npos);  // no inline script
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticFiles, HashedAssetsAreCachedForAYear) {
  auto r = client_->Get("/assets/app-1a2b.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "console.log('fangpin')");
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  auto css = client_->Get("/assets/app-1a2b.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(StaticFiles, ClientRoutesFallBackToTheApp) {
  for (const char* path : {"/login", "/households/HA0001", "/cases/12/steps"}) {
    auto r = client_->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_NE(r->body.find("<title>防贫</title>"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticFiles, MissingAssetsAndEscapesAre404) {
  for (const char* path : {"/assets/app-0000.js", "/../secret.txt", "/assets/../../secret.txt", "/.hidden",
                           "/%2e%2e/secret.txt"}) {
    auto r = client_->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("outside the web root"), std::string::npos) << path;
  }
}

TEST_F(StaticFiles, ApiPathsNeverGetThePage) {
  auto r = client_->Get("/api/v1/nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(body(r)["error"]["code"], "not_found");
  auto h = client_->Get("/healthz");
  ASSERT_TRUE(h);
  EXPECT_EQ(body(h)["status"], "ok");
  auto m = client_->Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("fangpin_http_requests_total"), std::string::npos);
}

TEST_F(ServerTest, WithoutAWebRootTheRootIsAJson404) {
  auto r = client_->Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(body(r)["error"]["code"], "not_found");
}

}  // namespace
}  // namespace fangpin::testing
