// Bit-for-bit reproducibility across compilers and platforms:
// - no fused multiply-add contraction of the double arithmetic (clang contracts by default
//   on FMA targets; GCC in ISO mode does not);
// - never two Rng draws in one call's arguments or one operator's operands (their order is
//   unspecified: GCC and clang differ). Draw into a named variable first.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#include "demo/demo_county.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <string_view>
#include <utility>

#include "demo/demo_names.h"
#include "demo/demo_random.h"
#include "domain/resident_id.h"
#include "io/policy_loader.h"

namespace fangpin::demo {

namespace {

// ---- Calibration (one place) -------------------------------------------------------
// Shares are of all households unless stated otherwise.
constexpr double kAtRiskShare = 0.05;             // SPEC §3: monitored ≈ 5%
constexpr double kPublicEmployeeShare = 0.003;    // negative list (SPEC §5)
constexpr double kPublicEmployeeLowIncome = 0.4;  // …of which would otherwise be candidates
constexpr double kFormerlyPoorOrdinary = 0.265;   // 建档立卡脱贫户; overall ≈ 27%
constexpr double kFormerlyPoorAtRisk = 0.45;      // → 脱贫不稳定户 vs 边缘易致贫户
constexpr double kRelocatedOfFormerlyPoor = 0.12; // 易地搬迁户
constexpr double kMigratedShare = 0.01;           // at-risk households already carrying a type
constexpr int kWrongTypeEvery = 8;                // migrated case 1, 9, 17, … is wrongly typed
constexpr double kDepartedShare = 0.04;           // a member died / moved out / married out
constexpr double kUninsuredShare = 0.002;         // 基本医疗保障 = 否 (ordinary households)
constexpr double kNoPhoneShare = 0.02;

enum class Scenario : std::uint8_t {
  Ordinary, PublicEmployee, Illness, Employment, Disability, Education, LabourShortage,
  Accident, Industry, Disaster, Housing, Other
};

struct AtRisk {
  Scenario scenario;
  RiskReason reason;
  double sudden_share;  // share built as 突发严重困难户 (pc ≥ line, large rigid expenditure)
};
// Primary reasons of 大理州's 11,100 monitored households (seed 004), in that order.
constexpr std::array<AtRisk, 10> kAtRisk{{
    {Scenario::Illness, RiskReason::Illness, 0.15},
    {Scenario::Employment, RiskReason::UnstableEmployment, 0.0},
    {Scenario::Disability, RiskReason::Disability, 0.0},
    {Scenario::Education, RiskReason::Education, 0.10},
    {Scenario::LabourShortage, RiskReason::LabourShortage, 0.0},
    {Scenario::Accident, RiskReason::Accident, 0.5},
    {Scenario::Industry, RiskReason::IndustryFailure, 0.0},
    {Scenario::Disaster, RiskReason::Disaster, 0.4},
    {Scenario::Housing, RiskReason::HousingSafety, 0.0},
    {Scenario::Other, RiskReason::Other, 0.10},
}};
constexpr std::array<std::uint32_t, 10> kAtRiskWeights{3715, 2691, 1498, 1190, 858, 370, 361, 161, 81, 165};

// Household shapes. Ordinary mix tuned to ≈ 4.24 people per household (seed county:
// 168,079 people / 39,675 households).
enum class Shape : std::uint8_t {
  SingleElderly, ElderlyCouple, Couple, Nuclear, ThreeGenMid, ThreeGenOld, SingleParent,
  SkippedGeneration, CollegeFamily, DropoutFamily
};
constexpr std::array<std::uint32_t, 8> kOrdinaryShapes{5, 8, 2, 26, 34, 21, 2, 2};
constexpr std::array<std::uint32_t, 8> kWorkingShapes{0, 0, 4, 45, 33, 18, 0, 0};
constexpr std::array<std::uint32_t, 8> kElderlyShapes{35, 45, 0, 0, 0, 0, 0, 20};

constexpr std::array<std::uint32_t, 7> kExitYearWeights{5, 10, 18, 20, 22, 20, 5};  // 2014..2020

constexpr std::array<std::string_view, 36> kPhonePrefixes{
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177",
    "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"};

// ---- People ---------------------------------------------------------------------------

struct Person {
  Relation relation = Relation::Other;
  bool male = true;
  int age = 0;               // on Y-12-31
  bool own_surname = false;  // spouse, mother, 儿媳: not the household surname
  Health health = Health::Healthy;
  int grade = 0;
  Labour labour = Labour::None;
  Schooling schooling = Schooling::NotInSchool;
  Employment employment = Employment::Unknown;
  bool public_employee = false;
  MemberStatus status = MemberStatus::Present;
  Date status_date;

  bool present() const { return status == MemberStatus::Present; }  // on Y-12-31
  bool capable() const { return labour == Labour::Ordinary || labour == Labour::Skilled; }
  bool student() const { return schooling != Schooling::NotInSchool && schooling != Schooling::Dropout; }
  bool college() const {
    return schooling == Schooling::HigherVocational || schooling == Schooling::BachelorOrAbove;
  }
};

struct Family {
  std::array<Person, 14> p;
  int n = 0;
  Person& add(Relation relation, bool male, int age) {
    Person& x = p[static_cast<std::size_t>(n++)];
    x = Person{};
    x.relation = relation;
    x.male = male;
    x.age = age;
    return x;
  }
  Person* begin() { return p.data(); }
  Person* end() { return p.data() + n; }
  Person& head() { return p[0]; }
};

// Counted in the household at the end of `y` (Y = the generation year): SPEC §4a people.
bool present_in(const Person& x, int y, int year) {
  if (year - x.age > y) return false;  // born after y
  return x.status == MemberStatus::Present || x.status_date.year > y;
}

int clamp_age(int a) { return std::clamp(a, 0, 100); }

void add_children(Rng& r, Family& f, int parent_age, int count, Relation son, Relation daughter) {
  int age = std::min(parent_age - r.range(21, 30), 24);
  for (int i = 0; i < count && age >= 0 && f.n < 11; ++i) {
    const bool male = r.chance(0.52);
    f.add(male ? son : daughter, male, age);
    age -= r.range(1, 6);
  }
}

void add_spouse(Rng& r, Family& f, int delta_lo, int delta_hi) {
  const Person& h = f.head();
  Person& s = f.add(Relation::Spouse, !h.male, clamp_age(h.male ? h.age - r.range(delta_lo, delta_hi)
                                                                : h.age + r.range(delta_lo, delta_hi)));
  s.age = std::max(s.age, 18);
  s.own_surname = true;  // own surname, drawn later
}

void compose(Rng& r, Shape shape, Family& f) {
  static constexpr std::array<std::uint32_t, 3> kKids{30, 50, 20};
  static constexpr std::array<std::uint32_t, 3> kKidsMid{35, 50, 15};
  f.n = 0;
  switch (shape) {
    case Shape::SingleElderly: {
      const bool male = r.chance(0.45);
      f.add(Relation::Head, male, r.range(62, 90));
      break;
    }
    case Shape::ElderlyCouple:
      f.add(Relation::Head, true, r.range(60, 85));
      add_spouse(r, f, 0, 6);
      break;
    case Shape::Couple:
      f.add(Relation::Head, true, r.range(24, 59));
      add_spouse(r, f, -2, 5);
      break;
    case Shape::Nuclear: {
      const int age = r.range(26, 55);
      f.add(Relation::Head, r.chance(0.94), age);
      if (r.chance(0.97)) add_spouse(r, f, -2, 5);
      add_children(r, f, age, 1 + static_cast<int>(r.weighted(kKids)), Relation::Son, Relation::Daughter);
      break;
    }
    case Shape::ThreeGenMid: {
      const int age = r.range(28, 55);
      f.add(Relation::Head, true, age);
      if (r.chance(0.95)) add_spouse(r, f, -2, 5);
      const int father = std::min(age + r.range(22, 32), 95);
      if (r.chance(0.45)) {
        f.add(Relation::Parent, true, father);
        f.add(Relation::Parent, false, clamp_age(father - r.range(0, 5))).own_surname = true;
      } else if (r.chance(0.65)) {
        f.add(Relation::Parent, false, clamp_age(father - r.range(0, 5))).own_surname = true;
      } else {
        f.add(Relation::Parent, true, father);
      }
      add_children(r, f, age, 1 + static_cast<int>(r.weighted(kKidsMid)), Relation::Son, Relation::Daughter);
      break;
    }
    case Shape::ThreeGenOld: {
      const int age = r.range(55, 75);
      f.add(Relation::Head, true, age);
      if (r.chance(0.85)) add_spouse(r, f, 0, 5);
      const int son = age - r.range(22, 30);
      f.add(Relation::Son, true, son);
      if (r.chance(0.85)) f.add(Relation::Other, false, std::max(20, son - r.range(-2, 4))).own_surname = true;  // 儿媳
      add_children(r, f, son, 1 + static_cast<int>(r.weighted(kKidsMid)), Relation::Grandchild, Relation::Grandchild);
      if (r.chance(0.12) && son - 6 >= 16) f.add(Relation::Daughter, false, son - r.range(1, 6));
      break;
    }
    case Shape::SingleParent: {
      const int age = r.range(30, 60);
      f.add(Relation::Head, r.chance(0.4), age);
      add_children(r, f, age, r.range(1, 2), Relation::Son, Relation::Daughter);
      if (r.chance(0.3)) f.add(Relation::Parent, false, std::min(age + r.range(22, 30), 95)).own_surname = true;
      break;
    }
    case Shape::SkippedGeneration: {  // 隔代: grandparents raising left-behind grandchildren
      f.add(Relation::Head, true, r.range(60, 78));
      if (r.chance(0.7)) add_spouse(r, f, 0, 5);
      const int kids = r.range(1, 2);
      for (int i = 0; i < kids; ++i) {
        const bool male = r.chance(0.52);
        f.add(Relation::Grandchild, male, r.range(3, 15));
      }
      break;
    }
    case Shape::CollegeFamily: {  // two children of college age
      const int age = r.range(43, 56);
      f.add(Relation::Head, r.chance(0.94), age);
      if (r.chance(0.97)) add_spouse(r, f, -2, 5);
      const int first = std::min(r.range(19, 22), age - 21);
      const int second = std::max(18, first - r.range(0, 2));
      for (int a : {first, second}) {
        const bool male = r.chance(0.52);
        f.add(male ? Relation::Son : Relation::Daughter, male, a);
      }
      if (r.chance(0.25)) {
        const bool male = r.chance(0.52);
        f.add(male ? Relation::Son : Relation::Daughter, male, r.range(8, 16));
      }
      if (r.chance(0.3)) f.add(Relation::Parent, false, std::min(age + r.range(22, 30), 95)).own_surname = true;
      break;
    }
    case Shape::DropoutFamily: {  // a child of compulsory-school age
      const int age = r.range(34, 50);
      f.add(Relation::Head, true, age);
      if (r.chance(0.9)) add_spouse(r, f, -2, 5);
      const bool male = r.chance(0.6);
      f.add(male ? Relation::Son : Relation::Daughter, male, r.range(12, 15));
      if (r.chance(0.5)) {
        const bool m2 = r.chance(0.52);
        f.add(m2 ? Relation::Son : Relation::Daughter, m2, r.range(5, 11));
      }
      break;
    }
  }
}

Date random_day_in(Rng& r, int year) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int month = r.range(1, 12);
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return Date{year, month, r.range(1, days)};
}

// A member who left during year-1 or year (natural change, SPEC §2).
void add_departed(Rng& r, Family& f, int year) {
  const Person& h = f.head();
  const int head_age = h.age;
  bool has_spouse = false;
  for (const Person& x : f)
    if (x.relation == Relation::Spouse) has_spouse = true;
  Person* d = nullptr;
  const int kind = r.range(0, 99);
  if (kind < 45) {  // 死亡
    if (head_age <= 68) {
      const bool male = r.chance(0.5);
      d = &f.add(Relation::Parent, male, std::clamp(head_age + r.range(22, 30), 70, 99));
      d->own_surname = !d->male;
    } else if (!has_spouse) {
      d = &f.add(Relation::Spouse, !h.male, head_age + r.range(-3, 3));
      d->own_surname = true;
    }
    if (d) d->status = MemberStatus::Dead;
  } else if (kind < 80) {  // 婚出
    if (head_age >= 42) {
      d = &f.add(Relation::Daughter, false, std::min(r.range(20, 30), head_age - 20));
      d->status = MemberStatus::MarriedOut;
    }
  } else if (head_age >= 38) {  // 迁出
    d = &f.add(Relation::Son, true, std::min(r.range(18, 40), head_age - 20));
    d->status = MemberStatus::MovedOut;
  }
  if (d) d->status_date = random_day_in(r, r.chance(0.6) ? year : year - 1);
}

void fill_attributes(Rng& r, Person& x) {
  const int a = x.age;
  // 在校生状况
  if (a >= 3 && a <= 5) x.schooling = r.chance(0.85) ? Schooling::Preschool : Schooling::NotInSchool;
  else if (a >= 6 && a <= 11) x.schooling = Schooling::Primary;
  else if (a >= 12 && a <= 14) x.schooling = Schooling::JuniorHigh;
  else if (a == 15) x.schooling = r.chance(0.6) ? Schooling::JuniorHigh : Schooling::SeniorHigh;
  else if (a >= 16 && a <= 17) {
    const int k = r.range(0, 99);
    x.schooling = k < 55 ? Schooling::SeniorHigh : k < 88 ? Schooling::SecondaryVocational : Schooling::NotInSchool;
  } else if (a >= 18 && a <= 22) {
    const int k = r.range(0, 99);
    x.schooling = k < 14 ? Schooling::HigherVocational : k < 30 ? Schooling::BachelorOrAbove : Schooling::NotInSchool;
  }
  // 健康状况
  const double serious = a < 60 ? 0.003 : 0.012;
  const double chronic = a < 40 ? 0.02 : a < 60 ? 0.08 : 0.25;
  const double disabled = a < 18 ? 0.01 : a < 60 ? 0.025 : 0.05;
  const double u = r.unit();
  if (u < serious) x.health = Health::SeriousIllness;
  else if (u < serious + disabled) {
    x.health = Health::Disabled;
    static constexpr std::array<std::uint32_t, 4> kGrades{12, 18, 35, 35};
    x.grade = 1 + static_cast<int>(r.weighted(kGrades));
  } else if (u < serious + disabled + chronic) x.health = Health::ChronicIllness;
  // 劳动技能
  if (a < 16 || x.student()) x.labour = Labour::None;
  else if (x.health == Health::Disabled)
    x.labour = x.grade <= 2 ? (a < 60 ? Labour::Lost : Labour::None) : (r.chance(0.5) ? Labour::Weak : Labour::Ordinary);
  else if (x.health == Health::SeriousIllness) x.labour = r.chance(0.5) ? Labour::Lost : Labour::Weak;
  else if (x.health == Health::ChronicIllness && a < 60) x.labour = r.chance(0.4) ? Labour::Weak : Labour::Ordinary;
  else if (x.health == Health::ChronicIllness) x.labour = r.chance(0.6) ? Labour::Weak : Labour::None;
  else if (a < 60) x.labour = r.chance(0.22) ? Labour::Skilled : Labour::Ordinary;
  else if (a < 65) x.labour = r.chance(0.6) ? Labour::Ordinary : Labour::Weak;
  else if (a < 75) {
    const int k = r.range(0, 99);
    x.labour = k < 25 ? Labour::Ordinary : k < 80 ? Labour::Weak : Labour::None;
  } else x.labour = r.chance(0.3) ? Labour::Weak : Labour::None;
  // 务工状况
  if (a < 16 || x.student()) x.employment = Employment::Unknown;
  else if (x.capable() && a < 60) {
    const int k = r.range(0, 99);
    x.employment = k < 28   ? Employment::OutOfProvince
                   : k < 46 ? Employment::InProvinceOutOfCounty
                   : k < 70 ? Employment::InCounty
                   : k < 72 ? Employment::PublicWelfareJob
                            : Employment::NotWorking;
  } else if (x.capable()) {
    const int k = r.range(0, 99);
    x.employment = k < 10 ? Employment::InCounty : k < 15 ? Employment::PublicWelfareJob : Employment::NotWorking;
  } else x.employment = Employment::NotWorking;
}

// ---- Scenario shaping: make the intended primary reason the only one of its rank ----

template <class Pred>
Person* pick(Rng& r, Family& f, Pred pred) {
  std::array<Person*, 14> c{};
  std::size_t n = 0;
  for (Person& x : f)
    if (x.present() && pred(x)) c[n++] = &x;
  return n == 0 ? nullptr : c[r.below(n)];
}

void make_working(Person& x) {  // a healthy ordinary labourer
  x.health = Health::Healthy;
  x.grade = 0;
  x.labour = Labour::Ordinary;
  x.schooling = Schooling::NotInSchool;
  if (x.employment == Employment::Unknown) x.employment = Employment::NotWorking;
}

// No 因病 trigger: 大病 becomes chronic (the chronic self-pay is kept under 5,000 元).
void no_illness(Family& f) {
  for (Person& x : f)
    if (x.health == Health::SeriousIllness) x.health = Health::ChronicIllness;
}
// No 因残 trigger: no grade 1–2, no working-age disabled member with weak/lost labour.
void no_disability(Family& f) {
  for (Person& x : f) {
    if (x.health != Health::Disabled) continue;
    if (x.grade <= 2) x.grade = 3;
    if (x.age >= 16 && x.age <= 59 && (x.labour == Labour::Weak || x.labour == Labour::Lost)) {
      x.labour = Labour::Ordinary;
      if (x.employment == Employment::Unknown) x.employment = Employment::NotWorking;
    }
  }
}
// No 因学 trigger: at most one college student, no dropout (expense kept under 10,000 元).
void no_education(Family& f) {
  int college = 0;
  for (Person& x : f) {
    if (x.schooling == Schooling::Dropout) x.schooling = Schooling::JuniorHigh;
    if (x.present() && x.college() && ++college > 1) {
      x.schooling = Schooling::NotInSchool;
      x.labour = Labour::Ordinary;
      x.employment = Employment::InCounty;
    }
  }
}
// A capable labourer present (so no 缺劳力).
void ensure_capable(Rng& r, Family& f) {
  for (const Person& x : f)
    if (x.present() && x.capable()) return;
  Person* w = pick(r, f, [](const Person& x) { return x.age >= 18 && x.age <= 59; });
  if (!w) w = &f.head();
  make_working(*w);
}
bool is_worker(Employment e) {
  return e == Employment::OutOfProvince || e == Employment::InProvinceOutOfCounty || e == Employment::InCounty ||
         e == Employment::PublicWelfareJob;
}

// What the scenario asks of the finances.
enum class WageMode : std::uint8_t { Keep, Drop, Loss };
struct MoneyPlan {
  double pc_factor = 0;       // year pc as a multiple of the line
  double prev_pc_factor = 0;  // year-1 pc as a multiple of year-1's line
  WageMode wage = WageMode::Keep;
  double wage_share = -1;     // year-1 wage share of earned income; -1: from employment
  double drop = 0;            // Drop: this year's wage as a share of last year's
  Fen medical = 0, education = 0, disaster = 0, accident = 0, loss = 0;
  bool cap_medical = true;    // self-pay below the chronic threshold (no 因病)
  bool cap_education = true;  // education expense below the 因学 threshold
  bool dibao = false;         // 低保 among transfers
};

// What a household is built to show, drawn first from its own random stream.
struct Draw {
  Scenario scenario = Scenario::Ordinary;
  std::optional<RiskReason> reason;  // at risk for this primary reason
  bool sudden = false;               // 突发严重困难户
  bool two_students = false, dropout = false;  // 因学: which kind (set with the family)
  bool at_risk() const { return reason.has_value(); }
};

// A household's finances of year-1 and year, with the people present in each.
struct Incomes {
  Finance prev, cur;
  int people = 0, prev_people = 0;
};

double draw_low_pc(Rng& r) { return 0.45 + 0.52 * std::sqrt(r.unit()); }  // < 0.97 × line

Fen whole_yuan(double yuan_amount) { return static_cast<Fen>(yuan_amount) * 100; }
Fen yuan_range(Rng& r, int lo, int hi) { return yuan(r.range(lo, hi)); }

// Amount the scenario's primary reason needs: for 突发严重困难户 the whole rigid gap.
Fen sudden_amount(Rng& r, Fen net, Fen line, int people) {
  const Fen gap = net - line * people;  // ≥ 0
  return gap + whole_yuan(static_cast<double>(line * people) / 100.0 * r.uniform(0.1, 0.8)) + yuan(100);
}

}  // namespace

std::vector<Township> synthesise_townships(const std::string& county_code) {
  std::vector<Township> out;
  const auto stems = names::town_stems();
  for (int i = 0; i < 10; ++i) {
    const bool town = i < 8;
    const int number = town ? 101 + i : 201 + (i - 8);
    out.push_back({county_code + std::to_string(number),
                   std::string(stems[static_cast<std::size_t>(i)]) + (town ? "镇" : "乡")});
  }
  return out;
}

namespace {

// Resident IDs (GB 11643): county prefix + birth date + 3-digit sequence (odd = male) +
// check character; unique across the county by counting per (date, sex).
class IdIssuer {
 public:
  IdIssuer(std::string_view county, int last_year)
      : base_(Date{last_year - 110, 1, 1}.to_days()),
        counts_(static_cast<std::size_t>((Date{last_year + 1, 12, 31}.to_days() - base_).count() + 1) * 2, 0) {
    for (std::size_t i = 0; i < 6; ++i) prefix_[i] = i < county.size() ? county[i] : '0';
  }

  // Issues an ID for someone born on `birth`. In the unlikely case that 500 IDs of that
  // sex were already issued for the date, moves the birth to a later day of the same year,
  // and only when the whole year is taken (183,000 per sex: counties far beyond 5M
  // households) to an earlier year.
  std::string issue(Date& birth, bool male) {
    for (int shift = 0; shift < 10; ++shift) {
      Date d{birth.year - shift, birth.month, shift == 0 ? birth.day : std::min(birth.day, 28)};
      for (int tries = 0; tries < 366; ++tries) {
        const auto day = static_cast<std::size_t>((d.to_days() - base_).count());
        std::uint16_t& count = counts_[day * 2 + (male ? 1 : 0)];
        if (count < 500) {
          birth = d;
          return make(d, count++, day, male);
        }
        const Date next = d.plus_days(1);
        d = next.year == d.year ? next : Date{d.year, 1, 1};
      }
    }
    return {};  // ten full birth years: not a county
  }

 private:
  std::string make(const Date& birth, std::size_t k, std::size_t day, bool male) const {
    // The k-th ID of a (date, sex): a permutation of the 500 sequence numbers of that sex.
    const std::size_t seq = ((k * 337 + day * 97) % 500) * 2 + (male ? 1 : 0);
    char buf[18];
    std::copy(prefix_.begin(), prefix_.end(), buf);
    put(buf + 6, static_cast<std::size_t>(birth.year), 4);
    put(buf + 10, static_cast<std::size_t>(birth.month), 2);
    put(buf + 12, static_cast<std::size_t>(birth.day), 2);
    put(buf + 14, seq, 3);
    buf[17] = gb11643_check_char(std::string_view(buf, 17));
    return std::string(buf, 18);
  }
  static void put(char* out, std::size_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      out[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  }
  std::chrono::sys_days base_;
  std::array<char, 6> prefix_{};
  std::vector<std::uint16_t> counts_;
};

void append_given_name(Rng& r, std::string& out, bool male) {
  const auto chars = male ? names::male_given_chars() : names::female_given_chars();
  out += chars[r.below(chars.size())];
  if (r.chance(0.72)) out += chars[r.below(chars.size())];
}

struct Generator {
  const DemoOptions& opt;
  // The policy's §4a thresholds the scenarios are built around (因病 self-pay, 因学 expense).
  const AssessmentParams& rules;
  int year;
  Fen line, prev_line;
  DemoCounty& out;
  std::vector<HouseholdPlan>* plans;
  IdIssuer ids;
  int migrated = 0;

  Generator(const DemoOptions& o, const Policy& policy, Fen year_line, Fen previous_year_line, DemoCounty& c,
            std::vector<HouseholdPlan>* p)
      : opt(o),
        rules(policy.assessment),
        year(o.year),
        line(year_line),
        prev_line(previous_year_line),
        out(c),
        plans(p),
        ids(o.county_code, o.year) {}

  // Builds household `index` of the county in `village_code` and appends it to `out`.
  void household(std::uint64_t index, const std::string& village_code);

 private:
  Draw draw_scenario(Rng& r) const;
  Family compose_family(Rng& r, Draw& d) const;
  MoneyPlan shape_scenario(Rng& r, const Draw& draw, Family& f, Household& h) const;
  void plan_income_or_public_employee(Rng& r, const Draw& draw, Family& f, Household& h, MoneyPlan& m) const;
  void shape_illness(Rng& r, const Draw& draw, Family& f, Household& h, MoneyPlan& m) const;
  void shape_employment(Rng& r, const Draw& draw, Family& f, Household& h, MoneyPlan& m) const;
  void shape_disability(Rng& r, const Draw& draw, Family& f, Household& h, MoneyPlan& m) const;
  void shape_education(Rng& r, const Draw& draw, Family& f, Household& h, MoneyPlan& m) const;
  void shape_labour_shortage(Rng& r, const Draw& draw, Family& f, Household& h, MoneyPlan& m) const;
  void fill_record(Rng& r, std::uint64_t index, const std::string& village_code, Household& h) const;
  void add_members(Rng& r, Family& f, Household& h);
  Incomes incomes(Rng& r, Family& f, const MoneyPlan& m, const std::string& household_id) const;
  void rigid_expenditure(Rng& r, const Draw& d, Family& f, const MoneyPlan& m, Incomes& in) const;
  void record_type_and_plan(Rng& r, const Draw& d, Household& h);
};

void Generator::household(std::uint64_t index, const std::string& village_code) {
  Rng r(mix_seed(opt.seed, index));  // every draw below comes from the household's own stream, in this order
  Draw d = draw_scenario(r);
  Family f = compose_family(r, d);
  Household h;
  const MoneyPlan m = shape_scenario(r, d, f, h);
  fill_record(r, index, village_code, h);
  add_members(r, f, h);
  Incomes in = incomes(r, f, m, h.household_id);
  rigid_expenditure(r, d, f, m, in);
  out.finances.push_back(std::move(in.prev));
  out.finances.push_back(std::move(in.cur));
  record_type_and_plan(r, d, h);
  out.households.push_back(std::move(h));
}

// Which scenario (at risk for which reason, 突发 or not; public employee; ordinary).
Draw Generator::draw_scenario(Rng& r) const {
  Draw d;
  if (const double u = r.unit(); u < kAtRiskShare) {
    const AtRisk& a = kAtRisk[r.weighted(kAtRiskWeights)];
    d.scenario = a.scenario;
    d.reason = a.reason;
    d.sudden = r.chance(a.sudden_share);
  } else if (u < kAtRiskShare + kPublicEmployeeShare) {
    d.scenario = Scenario::PublicEmployee;
  }

  return d;
}

// The family's shape suits the scenario (elderly for 缺劳力, students for 因学, ...).
Family Generator::compose_family(Rng& r, Draw& d) const {
  Shape shape;
  switch (d.scenario) {
    case Scenario::LabourShortage:
      shape = static_cast<Shape>(r.weighted(kElderlyShapes));
      break;
    case Scenario::Education: {
      const int k = r.range(0, 99);
      d.two_students = k < 60;
      d.dropout = k >= 92;
      shape = d.dropout ? Shape::DropoutFamily : Shape::CollegeFamily;
      break;
    }
    case Scenario::Employment:
    case Scenario::Housing:
    case Scenario::Other:
    case Scenario::Industry:
    case Scenario::PublicEmployee:
      shape = static_cast<Shape>(r.weighted(kWorkingShapes));
      break;
    default:
      shape = static_cast<Shape>(r.weighted(kOrdinaryShapes));
      break;
  }
  Family f;
  compose(r, shape, f);
  if (r.chance(kDepartedShare)) add_departed(r, f, year);
  for (Person& x : f) fill_attributes(r, x);

  return f;
}

// Shapes members and household to the scenario and plans the money that makes SPEC §4a
// find it (or, for ordinary households, stay clear of it).
// Ordinary or public employee: incomes well above the line (a few public employees low).
void Generator::plan_income_or_public_employee(Rng& r, const Draw& draw, Family& f, Household&, MoneyPlan& m) const {
  const auto scenario = draw.scenario;
  if (scenario == Scenario::PublicEmployee) {
    Person* pe = pick(r, f, [](const Person& x) {
      return x.age >= 22 && x.age <= 55 &&
             (x.relation == Relation::Head || x.relation == Relation::Spouse || x.relation == Relation::Son ||
              x.relation == Relation::Daughter);
    });
    if (!pe) pe = &f.head();
    make_working(*pe);
    pe->labour = Labour::Skilled;
    pe->employment = Employment::InCounty;
    pe->public_employee = true;
  }
  if (scenario == Scenario::PublicEmployee && r.chance(kPublicEmployeeLowIncome)) {
    m.pc_factor = draw_low_pc(r);
    m.prev_pc_factor = r.uniform(0.9, 1.5);
  } else {
    // Lognormal-ish around 2.2 × line (≈ 14.5k 元 in 2022), at least 1.35 × line.
    m.prev_pc_factor = std::max(1.35, 2.2 * portable_exp(0.38 * r.normal()));
    m.pc_factor = std::max(1.35, m.prev_pc_factor * static_cast<double>(prev_line) / static_cast<double>(line) *
                                     r.uniform(1.0, 1.14));
  }
}

// 因病: a member seriously or chronically ill, with self-pay.
void Generator::shape_illness(Rng& r, const Draw& draw, Family& f, Household&, MoneyPlan& m) const {
  const auto sudden = draw.sudden;
  no_education(f);
  Person* sick = pick(r, f, [](const Person& x) { return x.age >= 18; });
  if (!sick) sick = &f.head();
  const bool serious = r.chance(0.75);
  sick->health = serious ? Health::SeriousIllness : Health::ChronicIllness;
  sick->grade = 0;
  sick->schooling = Schooling::NotInSchool;
  sick->labour = sick->age < 60 ? (r.chance(0.4) ? Labour::Lost : Labour::Weak) : Labour::None;
  sick->employment = Employment::NotWorking;
  m.cap_medical = false;
  m.medical = sudden ? 0 : serious ? yuan_range(r, 3000, 30000) : rules.chronic_selfpay_min + yuan_range(r, 0, 11000);
}

// 因务工就业不稳: last year's migrant workers came home or found only local work.
void Generator::shape_employment(Rng& r, const Draw&, Family& f, Household&, MoneyPlan& m) const {
  no_illness(f);
  no_education(f);
  ensure_capable(r, f);
  // Last year's migrant workers came home or found only local work.
  bool all_home = true;
  int workers = 0;
  for (Person& x : f) {
    if (!x.present() || !x.capable() || x.age < 18 || x.age > 59) continue;
    if (workers == 0 || r.chance(0.5)) {
      ++workers;
      const bool home = r.chance(0.65);
      x.employment = home ? Employment::NotWorking : Employment::InCounty;
      all_home = all_home && home;
    }
  }
  m.wage = WageMode::Drop;
  m.prev_pc_factor = r.uniform(1.3, 2.4);
  m.wage_share = r.uniform(0.7, 0.9);
  m.drop = all_home ? r.uniform(0.0, 0.3) : r.uniform(0.15, 0.45);
}

// 因残: a working-age member disabled (or a child / elder severely).
void Generator::shape_disability(Rng& r, const Draw&, Family& f, Household&, MoneyPlan&) const {
  no_illness(f);
  no_education(f);
  Person* d = r.chance(0.6) ? pick(r, f, [](const Person& x) { return x.age >= 18 && x.age <= 59; }) : nullptr;
  if (d) {
    d->grade = r.range(1, 4);
    d->labour = d->grade <= 2 ? Labour::Lost : Labour::Weak;
  } else {
    d = pick(r, f, [](const Person&) { return true; });
    d->grade = r.range(1, 2);
    d->labour = d->age >= 16 && d->age <= 59 ? Labour::Lost : Labour::None;
  }
  d->health = Health::Disabled;
  if (d->age >= 16) d->schooling = Schooling::NotInSchool;
  d->employment = d->age >= 16 ? Employment::NotWorking : Employment::Unknown;
}

// 因学: a dropout, or one or two college students and their costs.
void Generator::shape_education(Rng& r, const Draw& draw, Family& f, Household& h, MoneyPlan& m) const {
  const auto sudden = draw.sudden;
  const auto two_students = draw.two_students;
  const auto dropout = draw.dropout;
  no_illness(f);
  m.cap_education = false;
  if (dropout) {
    Person* c = pick(r, f, [](const Person& x) { return x.age >= 12 && x.age <= 15; });
    if (c) c->schooling = Schooling::Dropout;
    h.education_ok = false;
    m.education = sudden ? 0 : yuan_range(r, 0, 3000);
  } else {
    int made = 0;
    for (Person& x : f) {
      if (!x.present() || x.age < 18 || x.age > 22 ||
          (x.relation != Relation::Son && x.relation != Relation::Daughter))
        continue;
      x.schooling = made >= (two_students ? 2 : 1)
                        ? Schooling::NotInSchool
                        : (r.chance(0.45) ? Schooling::HigherVocational : Schooling::BachelorOrAbove);
      x.labour = x.student() ? Labour::None : Labour::Ordinary;
      x.employment = x.student() ? Employment::Unknown : Employment::InProvinceOutOfCounty;
      if (x.student()) ++made;
    }
    if (sudden) m.education = 0;
    else if (made >= 2) m.education = yuan_range(r, 8000, 24000);
    else m.education = rules.education_expense_min + yuan_range(r, 0, 8000);
  }
}

// 缺劳力: nobody able to work beyond weak labour.
void Generator::shape_labour_shortage(Rng& r, const Draw&, Family& f, Household&, MoneyPlan& m) const {
  no_illness(f);
  no_disability(f);
  no_education(f);
  for (Person& x : f) {
    if (x.health == Health::Disabled && x.age >= 16 && x.age <= 59) {  // keep 因残 out
      x.health = Health::ChronicIllness;
      x.grade = 0;
    }
    if (!x.capable()) continue;
    x.labour = x.age >= 16 ? Labour::Weak : Labour::None;
    if (x.employment != Employment::Unknown) x.employment = Employment::NotWorking;
  }
  m.wage_share = 0;
  m.prev_pc_factor = r.uniform(0.85, 1.3);
}

MoneyPlan Generator::shape_scenario(Rng& r, const Draw& draw, Family& f, Household& h) const {
  const Scenario scenario = draw.scenario;
  const bool sudden = draw.sudden;
  const bool at_risk = draw.at_risk();
  MoneyPlan m;
  h.formerly_poor = r.chance(at_risk ? kFormerlyPoorAtRisk : kFormerlyPoorOrdinary);
  const auto draw_sudden_pc = [&] { return r.uniform(1.03, 1.7); };
  if (at_risk) {
    m.pc_factor = sudden ? draw_sudden_pc() : draw_low_pc(r);
    m.prev_pc_factor = r.uniform(0.9, 1.5);
    m.dibao = !sudden && r.chance(0.35);
  }
  switch (scenario) {
    case Scenario::Ordinary:
    case Scenario::PublicEmployee:
      plan_income_or_public_employee(r, draw, f, h, m);
      break;
    case Scenario::Illness:
      shape_illness(r, draw, f, h, m);
      break;
    case Scenario::Employment:
      shape_employment(r, draw, f, h, m);
      break;
    case Scenario::Disability:
      shape_disability(r, draw, f, h, m);
      break;
    case Scenario::Education:
      shape_education(r, draw, f, h, m);
      break;
    case Scenario::LabourShortage:
      shape_labour_shortage(r, draw, f, h, m);
      break;
    case Scenario::Accident:
      no_illness(f);
      no_education(f);
      m.accident = sudden ? 0 : yuan_range(r, 3000, 40000);
      break;
    case Scenario::Industry:
      no_illness(f);
      no_education(f);
      ensure_capable(r, f);
      m.wage = WageMode::Loss;
      m.loss = yuan_range(r, 3000, 30000);
      m.prev_pc_factor = r.uniform(1.2, 2.0);
      break;
    case Scenario::Disaster:
      no_illness(f);
      no_education(f);
      m.disaster = sudden ? 0 : yuan_range(r, 3000, 50000);
      break;
    case Scenario::Housing:
      no_illness(f);
      no_disability(f);
      no_education(f);
      ensure_capable(r, f);
      h.housing_safe = false;
      h.water_safe = !r.chance(0.3);
      break;
    case Scenario::Other:
      no_illness(f);
      no_disability(f);
      no_education(f);
      ensure_capable(r, f);
      break;
  }
  if (scenario == Scenario::Ordinary && r.chance(kUninsuredShare)) h.medical_ok = false;
  return m;
}

// 户编号 (county code + sequence), village, 脱贫 history, phone.
void Generator::fill_record(Rng& r, std::uint64_t index, const std::string& village_code, Household& h) const {
  const auto hh_seq = static_cast<std::size_t>(index) + 1;
  {
    char buf[24];
    const int width = opt.households >= 10'000'000 ? 10 : 7;
    std::size_t v = hh_seq;
    for (int i = width - 1; i >= 0; --i) {
      buf[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    h.household_id.reserve(opt.county_code.size() + static_cast<std::size_t>(width));
    h.household_id = opt.county_code;
    h.household_id.append(buf, static_cast<std::size_t>(width));
  }
  h.region_code = village_code;
  if (h.formerly_poor) {
    h.exit_year = 2014 + static_cast<int>(r.weighted(kExitYearWeights));
    h.relocated = r.chance(kRelocatedOfFormerlyPoor);
  }
  if (!r.chance(kNoPhoneShare)) {
    char buf[11];
    const std::string_view p = kPhonePrefixes[r.below(kPhonePrefixes.size())];
    std::copy(p.begin(), p.end(), buf);
    std::uint64_t digits = r.below(100'000'000);
    for (int i = 10; i >= 3; --i) {
      buf[i] = static_cast<char>('0' + digits % 10);
      digits /= 10;
    }
    h.phone.assign(buf, 11);
  }
}

// Members with names and resident IDs; the head's name is the household's 户主姓名.
void Generator::add_members(Rng& r, Family& f, Household& h) {
  const std::size_t surname = r.from_cumulative(names::surname_cumulative());
  const auto surnames = names::surnames();
  const std::size_t first_member = out.members.size();
  for (Person& x : f) {
    Member& mem = out.members.emplace_back();
    mem.household_id = h.household_id;
    const std::size_t s = x.own_surname ? r.from_cumulative(names::surname_cumulative()) : surname;
    mem.name = surnames[s].text;
    append_given_name(r, mem.name, x.male);
    Date birth = random_day_in(r, year - x.age);
    mem.id_number = ids.issue(birth, x.male);
    mem.birth = birth;
    mem.relation = x.relation;
    mem.health = x.health;
    mem.disability_grade = x.health == Health::Disabled ? x.grade : 0;
    mem.labour = x.labour;
    mem.schooling = x.schooling;
    mem.employment = x.employment;
    mem.public_employee = x.public_employee;
    mem.status = x.status;
    if (x.status != MemberStatus::Present) mem.status_date = x.status_date;
  }
  h.head_name = out.members[first_member].name;
}

// Incomes of year-1 and year: net income from the planned per-capita factors, split into
// transfers, property, wages and business as the scenario needs.
Incomes Generator::incomes(Rng& r, Family& f, const MoneyPlan& m, const std::string& household_id) const {
  int people = 0, prev_people = 0, workers = 0;
  Fen pension = 0, prev_pension = 0;
  for (const Person& x : f) {
    if (present_in(x, year, year)) {
      ++people;
      if (is_worker(x.employment)) ++workers;
      if (x.age >= 60) pension += yuan_range(r, 1300, 2100);
      if (x.health == Health::Disabled) pension += yuan_range(r, 600, 1300);  // 残疾人两项补贴
    }
    if (present_in(x, year - 1, year)) {
      ++prev_people;
      if (x.age - 1 >= 60) prev_pension += yuan_range(r, 1300, 2000);
      if (x.health == Health::Disabled) prev_pension += yuan_range(r, 600, 1200);
    }
  }
  const Fen eco = r.chance(0.5) ? yuan_range(r, 200, 900) : 0;  // 生态补偿
  Fen dibao = 0;
  if (m.dibao) {
    const Fen per_person = yuan_range(r, 3000, 4600);
    dibao = per_person * std::min(people, r.range(1, 2));
  }
  const Fen property = r.chance(0.2) ? yuan_range(r, 200, 3000) : 0;

  Finance prev, cur;
  prev.household_id = household_id;
  prev.year = year - 1;
  cur.household_id = household_id;
  cur.year = year;

  const Fen prev_net = whole_yuan(static_cast<double>(prev_line) / 100.0 * m.prev_pc_factor * prev_people);
  Fen net = whole_yuan(static_cast<double>(line) / 100.0 * m.pc_factor * people);
  if (m.pc_factor >= 1.0) net = std::max(net, line * people + yuan(1));
  // Transfers and property cannot exceed a (low) net income.
  auto split_fixed = [](Fen total, Fen transfer, Fen prop, Finance& fin) {
    if (transfer + prop > total) {
      prop = 0;
      transfer = std::min(transfer, total);
    }
    fin.transfer_income = transfer;
    fin.property_income = prop;
    return total - transfer - prop;  // earned: wage + business net
  };
  const Fen earned_prev = split_fixed(prev_net, prev_pension + eco, property, prev);  // 低保 newly granted
  const Fen earned = split_fixed(net, pension + eco + dibao, property * r.range(90, 110) / 100 / 100 * 100, cur);

  double share = m.wage_share;
  if (share < 0) share = workers == 0 ? 0.0 : std::min(0.85, 0.35 + 0.2 * workers) * r.uniform(0.85, 1.05);
  Fen wage_prev = whole_yuan(static_cast<double>(earned_prev) / 100.0 * share);
  if (wage_prev < yuan(500)) wage_prev = 0;
  Fen wage = 0, business_net = 0;
  switch (m.wage) {
    case WageMode::Keep: {
      // Wages keep at least 60% of last year's (no 因务工就业不稳) and leave some farm income.
      const Fen cap = whole_yuan(static_cast<double>(earned) / 100.0 * r.uniform(0.7, 0.92));
      wage_prev = std::min(wage_prev, cap * 100 / 60 / 100 * 100);
      if (wage_prev < yuan(500)) wage_prev = 0;  // no rounding games with tiny wages
      wage = std::min(whole_yuan(static_cast<double>(wage_prev) / 100.0 * r.uniform(0.95, 1.12)), cap);
      business_net = earned - wage;
      break;
    }
    case WageMode::Loss:
      // The business lost m.loss; wages (about last year's) carried the household.
      wage = earned + m.loss;
      wage_prev = std::min(whole_yuan(static_cast<double>(wage) / 100.0 / r.uniform(0.95, 1.1)), earned_prev);
      business_net = -m.loss;
      break;
    case WageMode::Drop:
      wage_prev = std::max(wage_prev, yuan(1000));
      wage_prev = std::min(wage_prev, earned_prev);
      wage = std::min(whole_yuan(static_cast<double>(wage_prev) / 100.0 * m.drop), earned);
      business_net = earned - wage;
      break;
  }
  auto set_business = [&](Fen b, Finance& fin) {
    if (b >= 0) {
      const double ratio = r.uniform(0.25, 0.55);
      fin.business_expense = whole_yuan(static_cast<double>(b) / 100.0 * ratio / (1.0 - ratio));
      fin.business_income = b + fin.business_expense;
    } else {
      fin.business_income = whole_yuan(static_cast<double>(-b) / 100.0 * r.uniform(0.3, 1.5));
      fin.business_expense = fin.business_income - b;
    }
  };
  prev.wage_income = wage_prev;
  set_business(earned_prev - wage_prev, prev);
  cur.wage_income = wage;
  set_business(business_net, cur);

  return Incomes{std::move(prev), std::move(cur), people, prev_people};
}

// Rigid expenditure: everyday items, kept clear of §4a for ordinary households; for an
// at-risk one the scenario's item (and, for 突发严重困难户, the amount that makes it one).
void Generator::rigid_expenditure(Rng& r, const Draw& d, Family& f, const MoneyPlan& m, Incomes& in) const {
  const Scenario scenario = d.scenario;
  const bool sudden = d.sudden;
  const bool at_risk = d.at_risk();
  Finance& prev = in.prev;
  Finance& cur = in.cur;
  const int people = in.people, prev_people = in.prev_people;
  // Everyday rigid expenditure (self-pay for chronic illness, school costs, small losses).
  auto everyday = [&](Finance& fin, bool current) {
    for (const Person& x : f) {
      if (!present_in(x, fin.year, year)) continue;
      switch (x.health) {
        case Health::ChronicIllness: fin.medical_selfpay += yuan_range(r, 300, 3000); break;
        case Health::SeriousIllness: fin.medical_selfpay += yuan_range(r, 2000, 12000); break;
        case Health::Disabled: fin.medical_selfpay += yuan_range(r, 100, 1200); break;
        default: break;
      }
      switch (current ? x.schooling : Schooling::NotInSchool) {
        case Schooling::Preschool: fin.education_expense += yuan_range(r, 500, 1500); break;
        case Schooling::Primary: fin.education_expense += yuan_range(r, 200, 800); break;
        case Schooling::JuniorHigh: fin.education_expense += yuan_range(r, 300, 1000); break;
        case Schooling::SeniorHigh: fin.education_expense += yuan_range(r, 2000, 4500); break;
        case Schooling::SecondaryVocational: fin.education_expense += yuan_range(r, 1000, 3000); break;
        case Schooling::HigherVocational: fin.education_expense += yuan_range(r, 4000, 8000); break;
        case Schooling::BachelorOrAbove: fin.education_expense += yuan_range(r, 5000, 9000); break;
        default: break;
      }
    }
    if (r.chance(0.005)) fin.disaster_loss = yuan_range(r, 500, 3000);
    if (r.chance(0.003)) fin.accident_expense = yuan_range(r, 500, 3000);
  };
  everyday(prev, false);
  everyday(cur, true);
  // Scale a finance's rigid items down to at most `cap` (never below zero).
  auto cap_rigid = [](Finance& fin, Fen cap) {
    const Fen total = fin.rigid_expenditure();
    if (total <= 0 || total <= cap) return;
    cap = std::max<Fen>(cap, 0);
    for (Fen* item : {&fin.medical_selfpay, &fin.education_expense, &fin.disaster_loss, &fin.accident_expense,
                      &fin.other_rigid})
      *item = *item * cap / total / 100 * 100;
  };
  if (!at_risk) {
    // Comfortably clear of SPEC §4a (3) in both years: adj ≥ line, rigid ≤ last year's net.
    cap_rigid(prev, (prev.net_income() - prev_line * prev_people) * 6 / 10);
    cap_rigid(cur, std::min((cur.net_income() - line * people) * 6 / 10, prev.net_income() / 2));
  } else {
    cap_rigid(prev, prev.net_income() * 3 / 10);
    // Secondary everyday items never outrank or add a monetary reason.
    cur.disaster_loss = cur.accident_expense = 0;
    if (m.cap_medical) cur.medical_selfpay = std::min(cur.medical_selfpay, rules.chronic_selfpay_min - yuan(500));
    if (m.cap_education) cur.education_expense = std::min(cur.education_expense, rules.education_expense_min - yuan(1000));
    if (m.medical > 0) cur.medical_selfpay = m.medical;
    if (m.education > 0 || !m.cap_education) cur.education_expense = std::max(cur.education_expense, m.education);
    cur.disaster_loss = m.disaster;
    cur.accident_expense = m.accident;
    if (sudden) {
      // 突发严重困难户: pc ≥ line but 扣除刚性支出后人均收入 < line because of the primary item.
      const Fen amount = sudden_amount(r, cur.net_income(), line, people);
      switch (scenario) {
        case Scenario::Illness: cur.medical_selfpay = std::max(amount, rules.chronic_selfpay_min); break;
        case Scenario::Education: cur.education_expense = std::max(amount, rules.education_expense_min); break;
        case Scenario::Disaster: cur.disaster_loss = amount; break;
        case Scenario::Accident: cur.accident_expense = amount; break;
        default: cur.other_rigid = amount; break;  // 其他
      }
    }
  }
}

// Migrated cases: a few at-risk households already carry a type; every kWrongTypeEvery-th
// of those is wrongly typed (SPEC §4 consistency rule).
void Generator::record_type_and_plan(Rng& r, const Draw& d, Household& h) {
  const bool sudden = d.sudden;
  const bool at_risk = d.at_risk();
  std::optional<MonitoredType> type;
  if (at_risk) type = sudden ? MonitoredType::SuddenHardship : h.formerly_poor ? MonitoredType::Unstable : MonitoredType::Marginal;
  if (at_risk && r.chance(kMigratedShare)) {
    h.monitored_type = type;
    if (migrated++ % kWrongTypeEvery == 0)
      h.monitored_type = sudden ? MonitoredType::Marginal : MonitoredType::SuddenHardship;
  }
  if (plans) plans->push_back(HouseholdPlan{at_risk, d.reason, type, d.scenario == Scenario::PublicEmployee});
}

}  // namespace

Result<DemoCounty> generate_demo_county(const DemoOptions& options, std::vector<HouseholdPlan>* plans) {
  const Policy* policy = options.policy;
  if (policy == nullptr) {
    static const Result<io::PolicyBundle> shipped = io::load_policy_bundle("");
    if (!shipped) return shipped.error();
    policy = &shipped->policy;
  }
  auto line = policy->line_for(options.year, options.county_code);
  if (!line) return line.error();
  auto previous_line = policy->line_for(options.year - 1, options.county_code);
  if (!previous_line) return previous_line.error();

  DemoCounty county;
  const std::vector<Township> townships =
      options.townships.empty() ? synthesise_townships(options.county_code) : options.townships;
  const int per_township = std::max(1, options.villages_per_township);

  // Villages: names unique within a township, drawn from the stems in a seeded order.
  const auto stems = names::village_stems();
  static constexpr std::array<std::string_view, 9> kRound{"", "二", "三", "四", "五", "六", "七", "八", "九"};
  for (std::size_t t = 0; t < townships.size(); ++t) {
    Rng r(mix_seed(options.seed, 0x5649'4C4C'0000'0000ull + t));
    std::vector<std::size_t> order(stems.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[r.below(i + 1)]);
    for (int v = 0; v < per_township; ++v) {
      const auto uv = static_cast<std::size_t>(v);
      char code[4];
      code[0] = static_cast<char>('0' + (v + 1) / 100 % 10);
      code[1] = static_cast<char>('0' + (v + 1) / 10 % 10);
      code[2] = static_cast<char>('0' + (v + 1) % 10);
      code[3] = '\0';
      const std::size_t round = uv / stems.size();
      std::string name(stems[order[uv % stems.size()]]);
      name += round < kRound.size() ? std::string(kRound[round]) : std::to_string(round + 1);
      name += "村";
      county.villages.push_back({townships[t].code9 + code, std::move(name)});
    }
  }

  // Households per village: proportional to a seeded weight (0.6–1.4), summing exactly.
  const int total = std::max(0, options.households);
  std::vector<std::uint64_t> cumulative(county.villages.size());
  {
    Rng r(mix_seed(options.seed, 0x5349'5A45'0000'0000ull));
    std::uint64_t acc = 0;
    for (auto& c : cumulative) c = acc += static_cast<std::uint64_t>(r.range(60, 140));
  }
  const auto n = static_cast<std::size_t>(total);
  county.households.reserve(n);
  county.members.reserve(n * 9 / 2);
  county.finances.reserve(n * 2);
  if (plans) {
    plans->clear();
    plans->reserve(n);
  }

  Generator g(options, *policy, *line, *previous_line, county, plans);
  std::uint64_t index = 0;
  for (std::size_t v = 0; v < county.villages.size(); ++v) {
    const std::uint64_t upto = static_cast<std::uint64_t>(total) * cumulative[v] / cumulative.back();
    for (; index < upto; ++index) g.household(index, county.villages[v].code12);
  }
  return county;
}

RegistrySnapshot to_registry_snapshot(DemoCounty county) {
  RegistrySnapshot s;
  s.households = std::move(county.households);
  s.members = std::move(county.members);
  s.finances = std::move(county.finances);
  s.member_offsets.reserve(s.households.size() + 1);
  std::size_t m = 0;
  for (const Household& h : s.households) {
    s.member_offsets.push_back(static_cast<std::uint32_t>(m));
    while (m < s.members.size() && s.members[m].household_id == h.household_id) ++m;
  }
  s.member_offsets.push_back(static_cast<std::uint32_t>(m));
  return s;
}

}  // namespace fangpin::demo
