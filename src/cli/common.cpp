#include "cli/common.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace fs = std::filesystem;

namespace fangpin::cli {

namespace {

// The option that supplies a field the domain or a use case found missing or wrong: their
// messages name the field ("note"), the command line names its own flag.
std::string_view flag_for(std::string_view field) {
  static constexpr std::pair<std::string_view, std::string_view> kFlags[] = {
      {"user", "--user"}, {"note", "--note"}, {"type", "--type"}, {"reasons", "--reasons"},
      {"documents", "--doc"}, {"text", "--text"}, {"unit", "--unit"}, {"by", "--by"},
  };
  for (const auto& [f, flag] : kFlags)
    if (f == field) return flag;
  return {};
}

}  // namespace

int fail(const Error& e) {
  std::cerr << "错误: " << e.message;
  if (auto flag = flag_for(e.field); e.kind == ErrorKind::Invalid && !flag.empty()) std::cerr << "（" << flag << "）";
  if (!e.field.empty()) std::cerr << "（字段: " << e.field << "）";
  std::cerr << '\n';
  return exit_code(e.kind);
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
  if (g.db.empty()) return invalid("需要 --db PATH 指定数据库文件", "db");
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
