// Registry commands: init, import, assess, household show, demo-data (README "Command line contract").
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "app/assess_service.h"
#include "app/assessment_format.h"
#include "app/import_service.h"
#include "cli/case_import_command.h"
#include "cli/common.h"
#include "demo/demo_county.h"
#include "demo/demo_existing_cases.h"
#include "io/policy_loader.h"
#include "io/registry_format.h"
#include "io/table.h"

namespace fs = std::filesystem;

namespace fangpin::cli {

namespace {

int cmd_init(const Context& g) {
  auto s = open_store(g, true);
  if (!s) return fail(s.error());
  auto version = (*s)->schema_version();
  if (!version) return fail(version.error());
  std::cout << fmt::format("数据库已就绪: {}（schema 版本 {}）\n", g.db, *version);
  return kExitOk;
}

struct ImportArgs {
  std::string table;
  std::string file;
  bool strict = false;
  std::string rejects;
  std::string policy;
};

int cmd_import(const Context& g, const ImportArgs& a) {
  // 存量监测对象 / 帮扶措施 (issue 14): cases, not registry rows.
  if (auto cases = io::parse_case_table(a.table)) return cmd_import_cases(g, *cases, a.file, a.strict, a.rejects);
  auto table = io::parse_registry_table(a.table);
  if (!table) {
    std::cerr << "错误: 未知的导入类型 " << a.table << "（households|members|finances|cases|measures）\n";
    return kExitUsage;
  }
  auto policy = io::load_policy_bundle(a.policy);
  if (!policy) return fail(policy.error());
  auto s = open_store(g, false);
  if (!s) return fail(s.error());
  app::ImportRequest req{*table, a.file, a.strict, current_user(), now_utc(), a.file};
  auto report = app::import_registry_file((*s)->registry(), policy->policy, req);
  if (!report) return fail(report.error());
  for (const auto& w : report->warnings) std::cerr << "警告: " << w << '\n';
  for (const auto& e : report->errors) std::cout << fmt::format("第 {} 行 [{}] {}\n", e.row, e.column, e.reason);
  if (!a.rejects.empty()) {
    if (auto st = app::write_rejects(a.rejects, report->errors); !st) return fail(st.error());
  }
  if (a.strict && report->rejected > 0)
    std::cout << "严格模式：存在错误行，本次未写入任何数据\n";
  else
    std::cout << fmt::format("{}（{}）：新增 {}，更新 {}，未变 {}\n", io::table_title(*table), report->encoding,
                             report->written.inserted, report->written.updated, report->written.unchanged);
  std::cout << fmt::format("imported {}, rejected {}\n", report->imported, report->rejected);
  return report->rejected > 0 ? kExitRejected : kExitOk;
}

struct AssessArgs {
  int year = 0;
  std::string region;
  bool all = false;
  std::string policy;
  std::string format = "table";
  std::size_t limit = 50;
};

int cmd_assess(const Context& g, const AssessArgs& a) {
  if (!a.region.empty() && !is_region_prefix(a.region)) {
    std::cerr << "错误: --region 应为区划代码前缀（1–12位数字）: " << a.region << '\n';
    return kExitUsage;
  }
  auto bundle = io::load_policy_bundle(a.policy);
  if (!bundle) return fail(bundle.error());
  const Policy* policy = &bundle->policy;
  // The line must exist for the year before anything else (an error naming the year).
  if (auto y = policy->require_year(a.year); !y) return fail(y.error());
  auto s = open_store(g, false);
  if (!s) return fail(s.error());
  auto reg = (*s)->registry().load_registry(store::RegistryQuery{a.region, {a.year, a.year - 1}});
  if (!reg) return fail(reg.error());
  auto result = app::assess_registry(*reg, *policy, app::AssessRequest{a.year, a.region, a.all});
  if (!result) return fail(result.error());
  if (a.format == "jsonl") {
    std::string buf;
    for (const auto& r : result->records) {
      buf = app::assessment_json(r).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      buf.push_back('\n');
      std::cout << buf;
    }
  } else if (a.format == "csv") {
    auto header = app::assessment_csv_header();
    std::string line;
    auto write = [&line](const std::vector<std::string>& cells) {  // the export's CSV rules (formula-safe)
      line.clear();
      io::append_csv_record(line, cells);
      line.push_back('\n');
      std::cout << line;
    };
    write(header);
    for (const auto& r : result->records) write(app::assessment_csv_row(r));
  } else {
    app::TableOptions opt{a.year, a.region, a.limit, &io::nbs_regions(), "--limit 0 列出全部，或用 --format jsonl/csv"};
    app::write_assessment_table(std::cout, *result, opt);
  }
  std::cout.flush();
  if (!result->unassessable.empty() && a.format != "table")
    std::cerr << fmt::format("注意: {} 户未能评估（如缺少 {} 年度收支或无在户成员）\n", result->unassessable.size(), a.year);
  return kExitOk;
}

int cmd_household_show(const Context& g, const std::string& id, const std::string& format) {
  auto s = open_store(g, false);
  if (!s) return fail(s.error());
  auto d = (*s)->registry().find_household(id);
  if (!d) return fail(d.error());
  if (!d->has_value()) return fail(not_found("户编号 " + id + " 不存在", "household_id"));
  // The CLI is an operator's tool, but personal IDs are still masked (DEVELOPERS.md).
  if (format == "json")
    std::cout << app::household_json(**d, false).dump(2) << '\n';
  else
    app::write_household_text(std::cout, **d, false);
  return kExitOk;
}

struct DemoArgs {
  int households = 40000;
  std::uint64_t seed = 1;
  std::string out;
  int year = 2023;
  std::string county = "532923";
};

int cmd_demo_data(const DemoArgs& a) {
  if (a.households <= 0) {
    std::cerr << "错误: --households 必须大于0\n";
    return kExitUsage;
  }
  auto townships = io::nbs_townships(a.county);
  if (townships.empty()) {
    std::cerr << "错误: 区划代码中没有县级代码 " << a.county << " 的乡镇\n";
    return kExitUsage;
  }
  demo::DemoOptions opt;
  opt.households = a.households;
  opt.seed = a.seed;
  opt.year = a.year;
  opt.county_code = a.county;
  for (const auto& t : townships) opt.townships.push_back({t.code, t.name});
  // Incomes are calibrated against the shipped policy's lines for the year and the one before.
  std::vector<demo::HouseholdPlan> plans;
  auto generated = demo::generate_demo_county(opt, &plans);
  if (!generated) return fail(generated.error());
  const demo::DemoCounty& county = *generated;

  std::error_code ec;
  fs::create_directories(a.out, ec);
  if (ec) {
    std::cerr << "错误: 无法创建目录 " << a.out << ": " << ec.message() << '\n';
    return kExitError;
  }
  auto write_all = [&](io::RegistryTable t, const auto& rows) -> Status {
    for (const char* ext : {".csv", ".xlsx"}) {
      auto path = (fs::path(a.out) / (std::string(io::table_name(t)) + ext)).string();
      auto w = io::create_table(path);
      if (!w) return w.error();
      auto header = io::header_row(t);
      if (auto s = (*w)->write_row(header); !s) return s;
      for (const auto& r : rows) {
        auto cells = io::to_row(r);
        if (auto s = (*w)->write_row(cells); !s) return s;
      }
      if (auto s = (*w)->close(); !s) return s;
    }
    return Ok{};
  };
  if (auto s = write_all(io::RegistryTable::Households, county.households); !s) return fail(s.error());
  if (auto s = write_all(io::RegistryTable::Members, county.members); !s) return fail(s.error());
  if (auto s = write_all(io::RegistryTable::Finances, county.finances); !s) return fail(s.error());
  // The existing cases (存量监测对象) and their measures, for `import cases` / `import measures`.
  const demo::DemoExistingCases existing = demo::generate_existing_cases(county, plans, a.year);
  auto write_cases = [&](const std::string& stem, io::CaseTable t, const auto& rows) -> Status {
    for (const char* ext : {".csv", ".xlsx"}) {
      auto w = io::create_table((fs::path(a.out) / (stem + ext)).string());
      if (!w) return w.error();
      auto header = io::header_row(t);
      if (auto s = (*w)->write_row(header); !s) return s;
      for (const auto& r : rows) {
        auto cells = io::to_row(r);
        if (auto s = (*w)->write_row(cells); !s) return s;
      }
      if (auto s = (*w)->close(); !s) return s;
    }
    return Ok{};
  };
  if (auto s = write_cases("existing_cases", io::CaseTable::Cases, existing.cases); !s) return fail(s.error());
  if (auto s = write_cases("measures", io::CaseTable::Measures, existing.measures); !s) return fail(s.error());
  {
    auto w = io::create_table((fs::path(a.out) / "villages.csv").string());
    if (!w) return fail(w.error());
    std::vector<std::string> cells{"区划代码", "名称"};
    (void)(*w)->write_row(cells);
    for (const auto& v : county.villages) {
      cells = {v.code12, v.name};
      if (auto s = (*w)->write_row(cells); !s) return fail(s.error());
    }
    if (auto s = (*w)->close(); !s) return fail(s.error());
  }
  std::cout << fmt::format("演示县 {} {}：{} 个乡镇，{} 个村，{} 户，{} 人，{}–{} 年收支，存量监测对象 {} 户（措施 {} 项） → {}\n",
                           a.county, io::nbs_regions().name(a.county), townships.size(), county.villages.size(),
                           county.households.size(), county.members.size(), a.year - 1, a.year, existing.cases.size(),
                           existing.measures.size(), a.out);
  return kExitOk;
}

}  // namespace

void register_registry_commands(CLI::App& app, Context& g, Commands& out) {
  // Option storage lives as long as the program (the parsed values are read after parse).
  static ImportArgs ia;
  static AssessArgs aa;
  static DemoArgs da;
  static std::string show_id, show_format = "text";

  auto* init_cmd = app.add_subcommand("init", "创建或升级数据库");

  auto* imp = app.add_subcommand("import", "导入户/家庭成员/年度收支，或存量监测对象/帮扶措施（CSV 或 xlsx）");
  imp->add_option("table", ia.table, "households|members|finances|cases|measures")->required();
  imp->add_option("file", ia.file, "CSV 或 .xlsx 文件")->required();
  imp->add_flag("--strict", ia.strict, "任何一行有错则不写入任何数据");
  imp->add_option("--rejects", ia.rejects, "把错误行写入 CSV（行号,列,原因）");
  imp->add_option("--policy", ia.policy, "政策文件（TOML），默认内置");

  auto* as = app.add_subcommand("assess", "按 SPEC §4a 评估");
  as->add_option("--year", aa.year, "年度")->required();
  as->add_option("--region", aa.region, "区划代码前缀");
  as->add_flag("--all", aa.all, "输出每一户（默认只输出纳入候选或排除的户）");
  as->add_option("--policy", aa.policy, "政策文件（TOML），默认内置");
  as->add_option("--format", aa.format, "table|jsonl|csv")->check(CLI::IsMember({"table", "jsonl", "csv"}));
  as->add_option("--limit", aa.limit, "table 格式列出的明细户数（0 = 全部）");

  auto* hh = app.add_subcommand("household", "户信息");
  hh->require_subcommand(1);
  auto* show = hh->add_subcommand("show", "显示一户（证件号码脱敏）");
  show->add_option("id", show_id, "户编号")->required();
  show->add_option("--format", show_format, "text|json")->check(CLI::IsMember({"text", "json"}));

  auto* demo_cmd = app.add_subcommand("demo-data", "生成演示县数据（CSV 与 xlsx）");
  demo_cmd->add_option("--households", da.households, "户数")->required();
  demo_cmd->add_option("--seed", da.seed, "随机种子（同一种子结果相同）")->required();
  demo_cmd->add_option("--out", da.out, "输出目录")->required();
  demo_cmd->add_option("--year", da.year, "评估年度（生成该年及上一年收支）");
  demo_cmd->add_option("--county", da.county, "县级区划代码（6位）");


  out.push_back({init_cmd, [&g] { return cmd_init(g); }});
  out.push_back({imp, [&g] { return cmd_import(g, ia); }});
  out.push_back({as, [&g] { return cmd_assess(g, aa); }});
  out.push_back({show, [&g] { return cmd_household_show(g, show_id, show_format); }});
  out.push_back({demo_cmd, [] { return cmd_demo_data(da); }});
}

}  // namespace fangpin::cli
