// Generator for the screening benchmark (bench/screening/run.sh): an N-person registry
// and an M-row 医保 feed with a known mix of hits, written
//  - into a fangpin SQLite database through the Store API (the registry as fangpin keeps it),
//    plus a set of already-open warnings (for the de-duplication path);
//  - as plain CSV for PostgreSQL / SQLite / pandas: members.csv (id_number, household_id),
//    households.csv (household_id, region_code, people, net, rigid, line — figures in 分,
//    the same ones fangpin's index derives), open_warnings.csv (household_id, reason, grade
//    rank, signals);
//  - feed.csv: the 医保 feed with FORMATS.md Chinese headers.
// Feed mix (of M rows): ~25% IDs outside the registry (unmatched); of the matched rows ~5%
// 大病, self-pay spread so each grade occurs; ~10% of matched rows hit a household twice.
// Usage: bench_screening_gen --persons N --feed M --out DIR [--seed S] [--no-db]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "domain/resident_id.h"
#include "store/screening_store.h"
#include "store/database.h"
#include "store/store.h"

using namespace fangpin;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr Fen kLine2023 = yuan(7100);

struct Person {
  std::string id;
  std::uint32_t household;
};

std::string person_id(std::uint64_t i, const char* region6) {
  // Unique for i < 29,000 days × 1000: birth date walks from 1940-01-01, sequence = i % 1000.
  const Date birth = Date{1940, 1, 1}.plus_days(static_cast<int>((i / 1000) % 29000));
  std::string s = fmt::format("{}{:04d}{:02d}{:02d}{:03d}", region6, birth.year, birth.month, birth.day, i % 1000);
  if (i >= 29'000'000ULL) s = fmt::format("{}{}", "532922", s.substr(6));
  return s + gb11643_check_char(s);
}

double secs(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t persons = 1'000'000, feed_rows = 300'000, seed = 42;
  std::string out;
  bool with_db = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--persons") persons = std::stoull(next());
    else if (a == "--feed") feed_rows = std::stoull(next());
    else if (a == "--out") out = next();
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--no-db") with_db = false;
    else {
      std::cerr << "usage: bench_screening_gen --persons N --feed M --out DIR [--seed S] [--no-db]\n";
      return 2;
    }
  }
  if (out.empty() || persons == 0 || persons > 58'000'000ULL) {
    std::cerr << "need --out DIR and 0 < --persons ≤ 58,000,000\n";
    return 2;
  }
  fs::create_directories(out);
  std::mt19937_64 rng(seed);
  auto uni = [&](std::uint64_t lo, std::uint64_t hi) { return lo + rng() % (hi - lo + 1); };

  // Households of 1–6 people (mean ≈ 3.5), villages of 532923 townships 101–110.
  std::vector<Household> households;
  std::vector<Member> members;
  std::vector<Finance> finances;
  std::vector<int> people;
  members.reserve(persons);
  std::uint64_t made = 0;
  while (made < persons) {
    const std::uint64_t size = std::min<std::uint64_t>(uni(1, 6), persons - made);
    Household h;
    h.household_id = fmt::format("H{:09d}", households.size());
    h.region_code = fmt::format("532923{:03d}{:03d}", 101 + households.size() % 10, 1 + (households.size() / 10) % 50);
    h.head_name = "户主";
    const auto hi = static_cast<std::uint32_t>(households.size());
    for (std::uint64_t k = 0; k < size; ++k) {
      Member m;
      m.household_id = h.household_id;
      m.name = "成员";
      m.id_number = person_id(made + k, "532923");
      auto rid = parse_resident_id(m.id_number);
      m.birth = rid->birth;
      m.relation = k == 0 ? Relation::Head : Relation::Other;
      m.labour = uni(0, 3) == 0 ? Labour::None : Labour::Ordinary;
      members.push_back(std::move(m));
    }
    made += size;
    Finance f;
    f.household_id = h.household_id;
    f.year = 2022;
    // Per-capita net 3,000–30,000 元 so every grade boundary is populated.
    f.wage_income = yuan(static_cast<std::int64_t>(uni(3000, 30000) * size));
    f.other_rigid = yuan(static_cast<std::int64_t>(uni(0, 5000)));
    finances.push_back(f);
    people.push_back(static_cast<int>(size));
    households.push_back(std::move(h));
    (void)hi;
  }
  std::cerr << fmt::format("registry: {} persons, {} households\n", members.size(), households.size());

  // Open warnings for 1% of households (因病 黄, 1 signal): the de-duplication path.
  std::vector<std::uint32_t> open;
  for (std::uint32_t h = 0; h < households.size(); h += 100) open.push_back(h);

  // Plain CSVs for the other systems.
  {
    std::FILE* fm = std::fopen((fs::path(out) / "members.csv").c_str(), "w");
    std::FILE* fh = std::fopen((fs::path(out) / "households.csv").c_str(), "w");
    std::FILE* fo = std::fopen((fs::path(out) / "open_warnings.csv").c_str(), "w");
    if (!fm || !fh || !fo) {
      std::cerr << "cannot write CSVs in " << out << '\n';
      return 1;
    }
    std::fputs("id_number,household_id\n", fm);
    for (const Member& m : members) std::fprintf(fm, "%s,%s\n", m.id_number.c_str(), m.household_id.c_str());
    std::fputs("household_id,region_code,people,net,rigid,line\n", fh);
    for (std::size_t i = 0; i < households.size(); ++i)
      std::fprintf(fh, "%s,%s,%d,%lld,%lld,%lld\n", households[i].household_id.c_str(), households[i].region_code.c_str(),
                   people[i], static_cast<long long>(finances[i].net_income()),
                   static_cast<long long>(finances[i].rigid_expenditure()), static_cast<long long>(kLine2023));
    std::fputs("household_id,reason,grade_rank,signals\n", fo);
    for (auto h : open) std::fprintf(fo, "%s,因病,1,1\n", households[h].household_id.c_str());
    std::fclose(fm);
    std::fclose(fh);
    std::fclose(fo);
  }

  // The feed.
  {
    std::FILE* ff = std::fopen((fs::path(out) / "feed.csv").c_str(), "w");
    if (!ff) return 1;
    std::fputs("证件号码,日期,医疗总费用,合规自付费用,是否大病\n", ff);
    for (std::uint64_t r = 0; r < feed_rows; ++r) {
      std::string id;
      if (uni(0, 3) == 0) {
        id = person_id(uni(0, 28'000'000), "110101");  // outside the registry
      } else {
        id = members[uni(0, members.size() - 1)].id_number;
      }
      const std::uint64_t bucket = uni(0, 9);
      const std::uint64_t selfpay_fen = bucket < 4 ? uni(0, 499'999) : bucket < 8 ? uni(500'000, 2'000'000) : uni(2'000'001, 8'000'000);
      const std::uint64_t total = selfpay_fen + uni(0, selfpay_fen);
      const bool serious = uni(0, 19) == 0;
      std::fprintf(ff, "%s,2023-03-%02d,%llu.%02llu,%llu.%02llu,%s\n", id.c_str(), static_cast<int>(uni(1, 28)),
                   static_cast<unsigned long long>(total / 100), static_cast<unsigned long long>(total % 100),
                   static_cast<unsigned long long>(selfpay_fen / 100), static_cast<unsigned long long>(selfpay_fen % 100),
                   serious ? "是" : "否");
    }
    std::fclose(ff);
  }

  if (with_db) {
    const auto t0 = Clock::now();
    const auto db = (fs::path(out) / "fangpin.db").string();
    fs::remove(db);
    auto opened = store::open_database(db);
    if (!opened || !(*opened)->migrate()) {
      std::cerr << "cannot create " << db << '\n';
      return 1;
    }
    store::Database& dbase = **opened;
    store::Store* s = &dbase.registry();
    store::ImportRun run{"households", "bench", "bench", "2026-01-01T00:00:00Z", 0, 0};
    if (!s->write_households(households, run)) return 1;
    run.kind = "members";
    if (auto w = s->write_members(members, run); !w) {
      std::cerr << w.error().message << '\n';
      return 1;
    }
    run.kind = "finances";
    if (!s->write_finances(finances, run)) return 1;
    store::ScreeningStore* ss = &dbase.screening();
    store::ScreeningWrite w;
    w.run.department = "医保";
    w.run.month = "2023-02";
    w.run.source_file = "bench-seed";
    w.run.user = "bench";
    w.run.received_on = w.run.dispatch_by = w.run.verify_by = "2023-03-01";
    const std::string facts = "基准：上月已有预警";
    const auto member = *pack_resident_id(members.front().id_number);
    for (auto h : open) {
      store::WarningUpsert r;
      r.household_id = households[h].household_id;
      r.member_key = member;
      r.department = "医保";
      r.reason = "因病";
      r.grade_rank = 1;
      r.facts = facts;
      r.signals = 1;
      w.warnings.push_back(r);
    }
    if (auto x = ss->write_screening(w); !x) {
      std::cerr << x.error().message << '\n';
      return 1;
    }
    std::cout << fmt::format("fangpin_registry_load_seconds {:.3f}\n", secs(t0));
  }
  return 0;
}
