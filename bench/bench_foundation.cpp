// Foundation benchmarks, side by side in one run:
//  1. assessment throughput over an in-memory registry (default 1M households), parallel vs
//     one thread;
//  2. import of a members CSV into SQLite through fangpin's validating importer vs the
//     sqlite3 shell's raw `.import` of the same file (no validation) as a floor;
//  3. the year's decision computed by fangpin (load + assess) vs the same decision as one
//     SQL statement inside SQLite, on the imported database.
// Usage: bench_foundation [--households N] [--import-members N] [--runs K]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include "app/assess_service.h"
#include "app/import_service.h"
#include "demo/demo_county.h"
#include "io/policy_loader.h"
#include "io/registry_format.h"
#include "io/table.h"
#include "store/database.h"

using namespace fangpin;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

template <class F>
double median_seconds(int runs, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    f();
    t.push_back(seconds_since(t0));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

long peak_rss_mb() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
  std::fclose(f);
  return kb / 1024;
}

template <class Rows>
void write_table(const std::string& path, io::RegistryTable t, const Rows& rows) {
  auto w = io::create_table(path, io::CsvEncoding::Utf8);
  if (!w) throw std::runtime_error(w.error().message);
  auto header = io::header_row(t);
  (void)(*w)->write_row(header);
  for (const auto& r : rows) {
    auto cells = io::to_row(r);
    (void)(*w)->write_row(cells);
  }
  if (auto s = (*w)->close(); !s) throw std::runtime_error(s.error().message);
}

std::string sqlite_scalar(const std::string& db, const std::string& sql) {
  std::string cmd = "sqlite3 '" + db + "' \"" + sql + "\"";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {};
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int households = 1'000'000;
  int import_members = 1'000'000;
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--households") households = std::atoi(argv[i + 1]);
    else if (a == "--import-members") import_members = std::atoi(argv[i + 1]);
    else if (a == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
  }
  auto policy = io::load_policy("");
  if (!policy) { std::cerr << policy.error().message << '\n'; return 1; }
  std::cout << fmt::format("machine: {} hardware threads\n\n", std::thread::hardware_concurrency());

  // 1. Assessment throughput in memory.
  {
    auto t0 = Clock::now();
    demo::DemoOptions opt;
    opt.households = households;
    opt.seed = 42;
    auto snap = demo::to_registry_snapshot(demo::generate_demo_county(opt).value());
    double gen = seconds_since(t0);
    std::size_t candidates = 0;
    auto run = [&] {
      auto r = app::assess_registry(snap, *policy, {2023, "", false});
      if (!r) throw std::runtime_error(r.error().message);
      candidates = r->records.size();
    };
    run();  // warm-up
    double par = median_seconds(runs, run);
    double one;
    {
      tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
      one = median_seconds(std::max(1, runs / 2), run);
    }
    std::cout << fmt::format("[assess] {} households, {} members (generated in {:.2f} s); {} listed\n", households,
                             snap.members.size(), gen, candidates);
    std::cout << fmt::format("  parallel   : {:.3f} s  {:>12.0f} households/s\n", par, households / par);
    std::cout << fmt::format("  one thread : {:.3f} s  {:>12.0f} households/s   speed-up x{:.2f}\n", one,
                             households / one, one / par);
    std::cout << fmt::format("  peak RSS so far: {} MiB\n\n", peak_rss_mb());
  }

  // 2. Import into SQLite vs sqlite3 .import of the same CSV.
  auto dir = fs::temp_directory_path() / fmt::format("fangpin-bench-{}", ::getpid());
  fs::create_directories(dir);
  {
    demo::DemoOptions opt;
    opt.households = std::max(1, static_cast<int>(import_members / 4.2));
    opt.seed = 7;
    auto county = demo::generate_demo_county(opt).value();
    const auto h = (dir / "households.csv").string(), m = (dir / "members.csv").string(),
               f = (dir / "finances.csv").string();
    write_table(h, io::RegistryTable::Households, county.households);
    write_table(m, io::RegistryTable::Members, county.members);
    write_table(f, io::RegistryTable::Finances, county.finances);
    const auto db = (dir / "bench.db").string();
    auto st = store::open_database(db);
    if (!st || !(*st)->migrate()) { std::cerr << "cannot open bench db\n"; return 1; }
    auto import = [&](io::RegistryTable t, const std::string& path) {
      auto t0 = Clock::now();
      auto r = app::import_registry_file((*st)->registry(), *policy, {t, path, false, "bench", "2026-01-01T00:00:00Z", ""});
      if (!r || r->rejected) throw std::runtime_error("import failed");
      return std::pair{seconds_since(t0), r->imported};
    };
    auto [th, nh] = import(io::RegistryTable::Households, h);
    auto [tm, nm] = import(io::RegistryTable::Members, m);
    auto [tf, nf] = import(io::RegistryTable::Finances, f);
    // Floor: the sqlite3 shell loading the same members CSV into a bare table, no checks.
    const auto raw = (dir / "raw.db").string();
    auto t0 = Clock::now();
    int rc = std::system(("sqlite3 '" + raw + "' '.mode csv' '.import " + m + " members'").c_str());
    double traw = seconds_since(t0);
    std::cout << fmt::format("[import → SQLite] households {} in {:.2f} s ({:.0f} rows/s); finances {} in {:.2f} s ({:.0f} rows/s)\n",
                             nh, th, nh / th, nf, tf, nf / tf);
    std::cout << fmt::format("  members fangpin (parse, validate IDs, check households, upsert, 1 txn): {} rows in {:.2f} s  {:.0f} rows/s\n",
                             nm, tm, nm / tm);
    if (rc == 0)
      std::cout << fmt::format("  members sqlite3 .import (raw, no validation)                       : {:.2f} s  ratio fangpin/raw x{:.2f}\n",
                               traw, tm / traw);
    // Re-import of the same file: idempotent, nothing written.
    auto [tm2, nm2] = import(io::RegistryTable::Members, m);
    std::cout << fmt::format("  members re-import (all unchanged): {:.2f} s\n\n", tm2);
    (void)nm2;

    // 3. The decision in fangpin vs one SQL statement in SQLite (decision (2)/(3) only;
    //    fangpin also derives every reason, the primary reason, shortfalls, wrong type).
    std::size_t fp_candidates = 0;
    double tfp = median_seconds(std::max(1, runs / 2), [&] {
      auto snap = (*st)->registry().load_registry({"", {2022, 2023}});
      if (!snap) throw std::runtime_error(snap.error().message);
      auto r = app::assess_registry(*snap, *policy, {2023, "", false});
      fp_candidates = 0;
      for (const auto& a : r->records) fp_candidates += a.candidate;
    });
    const std::string sql =
        "WITH p AS (SELECT household_id, count(*) AS n FROM members WHERE birth_date <= '2023-12-31' AND "
        "(status = '在户' OR (status_date IS NOT NULL AND status_date > '2023-12-31')) GROUP BY household_id), "
        "y AS (SELECT household_id, wage_income+business_income+property_income+transfer_income-business_expense AS net, "
        "medical_selfpay+education_expense+disaster_loss+accident_expense+other_rigid AS rigid FROM finances WHERE year=2023 AND superseded_at IS NULL), "
        "py AS (SELECT household_id, wage_income+business_income+property_income+transfer_income-business_expense AS net FROM finances WHERE year=2022 AND superseded_at IS NULL), "
        "pe AS (SELECT DISTINCT household_id FROM members WHERE public_employee=1 AND birth_date <= '2023-12-31' AND "
        "(status = '在户' OR (status_date IS NOT NULL AND status_date > '2023-12-31'))) "
        "SELECT count(*) FROM y JOIN p USING(household_id) LEFT JOIN py ON py.household_id=y.household_id "
        "WHERE y.household_id NOT IN (SELECT household_id FROM pe) AND "
        "(y.net < 710000*p.n OR y.net - y.rigid < 710000*p.n OR (py.net IS NOT NULL AND y.rigid > py.net))";
    std::string sql_count;
    double tsql = median_seconds(std::max(1, runs / 2), [&] { sql_count = sqlite_scalar(db, sql); });
    std::cout << fmt::format("[decide 2023 on the imported DB, {} households] fangpin load+assess {:.3f} s ({} candidates) | SQLite SQL {:.3f} s ({} candidates) | ratio SQL/fangpin x{:.2f}{}\n",
                             nh, tfp, fp_candidates, tsql, sql_count, tsql / tfp,
                             sql_count == std::to_string(fp_candidates) ? "  [counts agree]" : "  [COUNTS DIFFER]");
    std::cout << fmt::format("  peak RSS: {} MiB\n", peak_rss_mb());
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
