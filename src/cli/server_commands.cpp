// Server and account commands: serve, user add|list|disable|passwd (README: HTTP API server).
#include <arpa/inet.h>
#include <filesystem>
#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/common.h"
#include "app/accounts.h"
#include "server/server.h"
#include "store/database.h"

namespace fangpin::cli {

namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  int threads = 32;
  std::string policy;
  std::string calendar;
  std::string files;
  std::string web;
  bool no_web = false;
  std::string log_level = "info";
  int session_hours = 8;
  bool secure_cookies = false;
  std::vector<std::string> trusted_proxies;
  int max_body_mb = 32;
};

// The built front end next to the program (build/../web/dist) or under the working
// directory; "" when neither has been built.
std::string default_web_root() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "web" / "dist");
  candidates.push_back(fs::current_path(ec) / "web" / "dist");
  for (const auto& c : candidates)
    if (fs::is_regular_file(c / "index.html", ec)) return c.string();
  return {};
}

int cmd_serve(const Context& g, const ServeArgs& a) {
  // 主机:端口 with the whole port numeric (1–65535, or 0 for any free port): "18559x" is a
  // usage error, not port 18559.
  const auto colon = a.listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    const std::string text = a.listen.substr(colon + 1);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) port = -1;
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    std::cerr << "错误: --listen 应为 主机:端口（端口 0–65535 的整数），例如 127.0.0.1:8080\n";
    return kExitUsage;
  }
  for (const auto& proxy : a.trusted_proxies) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, proxy.c_str(), buf) != 1 && inet_pton(AF_INET6, proxy.c_str(), buf) != 1) {
      std::cerr << fmt::format("错误: --trusted-proxy {} 不是 IP 地址\n", proxy);
      return kExitUsage;
    }
  }
  {
    auto s = open_store(g, false);  // checks the file and brings the schema up to date
    if (!s) return fail(s.error());
  }
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
  spdlog::set_level(spdlog::level::from_str(a.log_level));

  // SIGTERM/SIGINT are taken by sigwait below; blocked before any thread starts so every
  // worker inherits the mask and the signal never interrupts a request.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  server::ServerOptions opt;
  opt.db_path = g.db;
  opt.policy_path = a.policy;
  opt.calendar_path = a.calendar;
  opt.files_dir = a.files;
  opt.web_root = a.no_web ? std::string() : a.web.empty() ? default_web_root() : a.web;
  opt.host = a.listen.substr(0, colon);
  opt.port = port;
  opt.threads = a.threads;
  opt.session_ttl = std::chrono::hours(a.session_hours);
  opt.secure_cookies = a.secure_cookies;
  opt.trusted_proxies = a.trusted_proxies;
  opt.payload_limit = static_cast<std::size_t>(a.max_body_mb) << 20;
  server::ApiServer srv(opt);
  if (auto s = srv.bind(); !s) return fail(s.error());
  std::cout << fmt::format("fangpin API 已启动: http://{}:{}/  （接口文档 /api/openapi.json，Ctrl-C 停止）\n", opt.host,
                           srv.port())
            << std::flush;
  Status served = Ok{};
  std::thread t([&] {
    served = srv.serve();
    kill(getpid(), SIGTERM);  // wake sigwait if the server ends on its own
  });
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {}: finishing in-flight requests", sig);
  srv.stop();
  t.join();
  if (!served) return fail(served.error());
  return kExitOk;
}

// The database whose accounts() the user commands work on.
Result<std::unique_ptr<store::Database>> open_accounts(const Context& g) { return open_store(g, false); }

// --password-stdin reads one line; otherwise a random password is generated and printed.
Result<std::string> password_input(bool from_stdin, bool* generated) {
  *generated = !from_stdin;
  if (!from_stdin) return app::random_hex(8);
  std::string pw;
  if (!std::getline(std::cin, pw)) return invalid("没有从标准输入读到密码", "password");
  if (!pw.empty() && pw.back() == '\r') pw.pop_back();
  return pw;
}

struct UserArgs {
  std::string name, role, scope, department;
  bool password_stdin = false;
  bool enable = false;
};

int cmd_user_add(const Context& g, const UserArgs& a) {
  auto acc = open_accounts(g);
  if (!acc) return fail(acc.error());
  bool generated = false;
  auto pw = password_input(a.password_stdin, &generated);
  if (!pw) return fail(pw.error());
  app::NewUser u{a.name, a.role, a.scope, a.department, *pw};
  if (auto s = app::add_user((*acc)->accounts(), u, current_user(), now_utc()); !s) {
    const int rc = fail(s.error());
    return s.error().kind == ErrorKind::Invalid ? kExitUsage : rc;
  }
  std::cout << fmt::format("已创建用户 {}（{}，管辖范围 {}）\n", a.name, label(*parse_role(a.role)),
                           a.scope.empty() ? "全部" : a.scope);
  if (generated) std::cout << "初始密码: " << *pw << '\n';
  return kExitOk;
}

int cmd_user_list(const Context& g) {
  auto acc = open_accounts(g);
  if (!acc) return fail(acc.error());
  auto users = app::list_users((*acc)->accounts(), RegionPrefix{});
  if (!users) return fail(users.error());
  std::cout << "用户名\t角色\t管辖范围\t部门\t状态\t创建时间\t创建人\n";
  for (const auto& u : *users)
    std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", u.username, u.role, u.region_scope.empty() ? "全部" : u.region_scope,
                             u.department.empty() ? "-" : u.department, u.disabled ? "停用" : "启用", u.created_at,
                             u.created_by);
  return kExitOk;
}

int cmd_user_disable(const Context& g, const UserArgs& a) {
  auto acc = open_accounts(g);
  if (!acc) return fail(acc.error());
  if (auto s = app::set_user_disabled((*acc)->accounts(), a.name, !a.enable, current_user(), now_utc()); !s) return fail(s.error());
  std::cout << fmt::format("用户 {} 已{}\n", a.name, a.enable ? "启用" : "停用（会话已全部失效）");
  return kExitOk;
}

int cmd_user_passwd(const Context& g, const UserArgs& a) {
  auto acc = open_accounts(g);
  if (!acc) return fail(acc.error());
  bool generated = false;
  auto pw = password_input(a.password_stdin, &generated);
  if (!pw) return fail(pw.error());
  if (auto s = app::change_password((*acc)->accounts(), a.name, *pw, current_user(), now_utc()); !s) return fail(s.error());
  std::cout << fmt::format("用户 {} 的密码已更改（会话已全部失效）\n", a.name);
  if (generated) std::cout << "新密码: " << *pw << '\n';
  return kExitOk;
}

}  // namespace

void register_server_commands(CLI::App& app, Context& g, Commands& out) {
  static ServeArgs sa;
  static UserArgs ua;

  auto* serve = app.add_subcommand("serve", "启动 HTTP API 服务（SIGTERM/Ctrl-C 优雅停止）");
  serve->add_option("--listen", sa.listen, "监听地址 主机:端口（默认 127.0.0.1:8080）");
  serve->add_option("--threads", sa.threads, "工作线程数（每个保持连接占一个）")->check(CLI::Range(1, 1024));
  serve->add_option("--policy", sa.policy, "政策文件（TOML），默认内置");
  serve->add_option("--calendar", sa.calendar, "工作日历 CSV（默认内置 2021–2026）");
  serve->add_option("--files", sa.files, "档案文件目录（默认 DB.files）");
  serve->add_option("--web", sa.web, "网页前端目录（web/dist；默认程序旁的 ../web/dist 或当前目录的 web/dist）");
  serve->add_flag("--no-web", sa.no_web, "只提供 API，不提供网页");
  serve->add_option("--log-level", sa.log_level, "日志级别")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  serve->add_option("--session-hours", sa.session_hours, "会话有效期（小时）")->check(CLI::Range(1, 24 * 30));
  serve->add_flag("--secure-cookies", sa.secure_cookies, "Cookie 加 Secure 属性（经 HTTPS 反向代理提供服务时使用）");
  serve->add_option("--trusted-proxy", sa.trusted_proxies,
                    "可信反向代理的 IP（可重复）：只采信这些地址发来的 X-Forwarded-For");
  serve->add_option("--max-body-mb", sa.max_body_mb, "请求体（上传）上限，MiB（默认 32）")->check(CLI::Range(1, 1024));

  auto* user = app.add_subcommand("user", "账号管理");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "新增用户（默认生成并打印随机密码）");
  add->add_option("name", ua.name, "用户名")->required();
  add->add_option("--role", ua.role, "村级|乡级|县级|部门数据员|帮扶责任人|督导|系统管理员")->required();
  add->add_option("--scope", ua.scope, "管辖范围：区划代码前缀（系统管理员可省略表示全部）");
  add->add_option("--department", ua.department, "部门（仅部门数据员）");
  add->add_flag("--password-stdin", ua.password_stdin, "从标准输入读取密码");
  auto* list = user->add_subcommand("list", "列出用户");
  auto* disable = user->add_subcommand("disable", "停用用户（--enable 重新启用）");
  disable->add_option("name", ua.name, "用户名")->required();
  disable->add_flag("--enable", ua.enable, "重新启用");
  auto* passwd = user->add_subcommand("passwd", "更改密码（默认生成并打印随机密码）");
  passwd->add_option("name", ua.name, "用户名")->required();
  passwd->add_flag("--password-stdin", ua.password_stdin, "从标准输入读取密码");

  out.push_back({serve, [&g] { return cmd_serve(g, sa); }});
  out.push_back({add, [&g] { return cmd_user_add(g, ua); }});
  out.push_back({list, [&g] { return cmd_user_list(g); }});
  out.push_back({disable, [&g] { return cmd_user_disable(g, ua); }});
  out.push_back({passwd, [&g] { return cmd_user_passwd(g, ua); }});
}

}  // namespace fangpin::cli
