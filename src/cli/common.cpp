#include "cli/common.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace fs = std::filesystem;

namespace fangpin::cli {

int fail(const Error& e) {
  std::cerr << "错误: " << e.message;
  if (!e.field.empty()) std::cerr << "（字段: " << e.field << "）";
  std::cerr << '\n';
  return e.kind == ErrorKind::Invalid && e.field == "usage" ? kExitUsage : kExitError;
}

std::string now_utc() {
  auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t);
}

std::string current_user() {
  if (const char* u = std::getenv("FANGPIN_USER")) return u;
  if (const char* u = std::getenv("USER")) return u;
  return "cli";
}

// Opens the database for a command; `create` is only for init.
Result<std::unique_ptr<store::Database>> open_store(const Context& g, bool create) {
  if (g.db.empty()) return invalid("需要 --db PATH 指定数据库文件", "usage");
  if (!create && !fs::exists(g.db))
    return not_found("数据库文件不存在: " + g.db + "（先运行 fangpin --db " + g.db + " init）", "db");
  auto s = store::open_database(g.db);  // brings an initialised database up to date
  if (!s) return s.error();
  if (create) {
    if (auto m = (*s)->migrate(); !m) return m.error();
    return s;
  }
  auto version = (*s)->schema_version();
  if (!version) return version.error();
  if (*version == 0)
    return failed_precondition("数据库尚未初始化: " + g.db + "（先运行 fangpin --db " + g.db + " init）", "db");
  return s;
}

}  // namespace fangpin::cli
