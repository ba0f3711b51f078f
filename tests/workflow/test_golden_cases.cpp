// Golden case scripts (tests/data/workflow/*.case): a household, then the steps cadres take
// with their dates and roles, and reports as of a date. The run prints what happened after
// each line (the state and next step, or the refusal with its kind) and is compared with
// the .reference next to the script. FANGPIN_REGEN_GOLDEN=1 rewrites the references
// instead (scripts/regen-golden.sh); review the diff before committing it.
//
// Script lines (tokens separated by spaces, so key=value values have none; a line starting
// with `#` is a comment, echoed):
//   household ID REGION [脱贫户] [住房不安全] [饮水不安全]
//   member NAME BIRTH [劳动技能] [健康状况] [公职人员]
//   finance YEAR key=元 … (wage business property transfer business_expense medical
//                         education disaster accident other_rigid)
//   negative KIND                           a negative-list fact (商品房, 消费型车辆 …)
//   open DATE CHANNEL [NOTE…]
//   step DATE ROLE[:NAME] STEP [note=…] [type=…] [reasons=因病,因学] [doc=NAME] [rollback]
//   assign DATE ROLE[:NAME] CASEWORKER
//   plan DATE ROLE[:NAME] TEXT
//   measure DATE ROLE[:NAME] CATEGORY [amount=元] [unit=…]
//   report DATE                             state, deadlines, elimination/back-check checks
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/workflow/workflow_service.h"
#include "domain/workflow/monitoring.h"
#include "io/policy_loader.h"
#include "wf_fixtures.h"

namespace fangpin::workflow {
namespace {

namespace fs = std::filesystem;
using namespace testing;

const fs::path kDir = fs::path(FANGPIN_TEST_DATA_DIR) / "workflow";

std::string_view kind_name(ErrorKind k) {
  static constexpr std::string_view kNames[] = {"invalid",          "not_found", "conflict",    "permission_denied",
                                                "refused",          "failed_precondition", "unsupported", "internal"};
  return kNames[static_cast<int>(k)];
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

std::string join_from(const std::vector<std::string>& t, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < t.size(); ++i) out += (out.empty() ? "" : " ") + t[i];
  return out;
}

// "key=value" options after the positional tokens.
struct Options {
  std::vector<std::pair<std::string, std::string>> kv;
  std::vector<std::string> flags;
  std::string get(std::string_view k) const {
    for (const auto& [key, v] : kv)
      if (key == k) return v;
    return {};
  }
  bool has(std::string_view f) const { return std::find(flags.begin(), flags.end(), f) != flags.end(); }
};
Options options_from(const std::vector<std::string>& t, std::size_t from) {
  Options o;
  for (std::size_t i = from; i < t.size(); ++i) {
    const auto eq = t[i].find('=');
    if (eq == std::string::npos) o.flags.push_back(t[i]);
    else o.kv.emplace_back(t[i].substr(0, eq), t[i].substr(eq + 1));
  }
  return o;
}

class Runner {
 public:
  Runner() {
    auto p = io::load_policy("");
    EXPECT_TRUE(p.ok());
    if (p.ok()) policy_ = *p;
  }

  // One script line → the lines it prints (without the echo). A bad script line throws:
  // it is the script's author who must fix it, not a case outcome.
  std::string run(const std::string& line) {
    auto t = split(line);
    const std::string& cmd = t[0];
    if (cmd == "household") return household(t);
    if (cmd == "member") return member(t);
    if (cmd == "finance") return finance(t);
    if (cmd == "negative") {
      detail_.negative_facts.push_back(NegativeFact{detail_.household.household_id, t.at(1), "", "登记信息"});
      return {};
    }
    if (cmd == "open") return open(t);
    if (cmd == "step") return step_line(t);
    if (cmd == "assign") return assist(t, 'a');
    if (cmd == "plan") return assist(t, 'p');
    if (cmd == "measure") return assist(t, 'm');
    if (cmd == "report") return report(date(t.at(1)));
    throw std::runtime_error("未知的脚本命令：" + cmd);
  }

 private:
  static Date date(const std::string& s) {
    auto d = Date::parse(s);
    if (!d) throw std::runtime_error("日期无效：" + s);
    return *d;
  }
  static Fen money(const std::string& s) {
    auto f = parse_yuan(s);
    if (!f) throw std::runtime_error("金额无效：" + s);
    return *f;
  }
  Actor actor(const std::string& token) const {
    const auto colon = token.find(':');
    const std::string role_text = token.substr(0, colon);
    auto role = parse_role(role_text);
    if (!role) throw std::runtime_error("未知角色：" + role_text);
    std::string name = colon == std::string::npos ? std::string(label(*role)) + "干部" : token.substr(colon + 1);
    return Actor{name, *role, ""};
  }

  std::string household(const std::vector<std::string>& t) {
    detail_.household.household_id = t.at(1);
    detail_.household.region_code = t.at(2);
    for (std::size_t i = 3; i < t.size(); ++i) {
      if (t[i] == "脱贫户") detail_.household.formerly_poor = true;
      else if (t[i] == "住房不安全") detail_.household.housing_safe = false;
      else if (t[i] == "饮水不安全") detail_.household.water_safe = false;
      else throw std::runtime_error("未知的户属性：" + t[i]);
    }
    return {};
  }
  std::string member(const std::vector<std::string>& t) {
    Member m;
    m.household_id = detail_.household.household_id;
    m.name = t.at(1);
    m.birth = date(t.at(2));
    m.relation = detail_.members.empty() ? Relation::Head : Relation::Other;
    for (std::size_t i = 3; i < t.size(); ++i) {
      if (auto l = parse_labour(t[i])) m.labour = *l;
      else if (auto h = parse_health(t[i])) m.health = *h;
      else if (t[i] == "公职人员") m.public_employee = true;
      else throw std::runtime_error("未知的成员属性：" + t[i]);
    }
    detail_.members.push_back(m);
    return {};
  }
  std::string finance(const std::vector<std::string>& t) {
    Finance f;
    f.household_id = detail_.household.household_id;
    f.year = std::stoi(t.at(1));
    const Options o = options_from(t, 2);
    for (const auto& [k, v] : o.kv) {
      Fen* field = k == "wage"               ? &f.wage_income
                   : k == "business"         ? &f.business_income
                   : k == "property"         ? &f.property_income
                   : k == "transfer"         ? &f.transfer_income
                   : k == "business_expense" ? &f.business_expense
                   : k == "medical"          ? &f.medical_selfpay
                   : k == "education"        ? &f.education_expense
                   : k == "disaster"         ? &f.disaster_loss
                   : k == "accident"         ? &f.accident_expense
                   : k == "other_rigid"      ? &f.other_rigid
                                             : nullptr;
      if (field == nullptr) throw std::runtime_error("未知的收支项：" + k);
      *field = money(v);
    }
    detail_.finances.push_back(f);
    return {};
  }

  std::string open(const std::vector<std::string>& t) {
    auto ch = parse_channel(t.at(2));
    if (!ch) throw std::runtime_error("未知渠道：" + t.at(2));
    auto c = open_case(OpenInput{detail_.household.household_id, detail_.household.region_code, *ch, date(t.at(1)),
                                 join_from(t, 3)},
                       Actor{"村级干部", Role::Village, ""});
    return outcome(c);
  }

  std::string step_line(const std::vector<std::string>& t) {
    StepInput in;
    in.on = date(t.at(1));
    const Actor a = actor(t.at(2));
    auto s = parse_step(t.at(3));
    if (!s) throw std::runtime_error("未知步骤：" + t.at(3));
    in.step = *s;
    const Options o = options_from(t, 4);
    in.note = o.get("note");
    if (auto d = o.get("doc"); !d.empty()) in.documents.push_back(d);
    in.rollback = o.has("rollback");
    if (auto ty = o.get("type"); !ty.empty()) in.type = parse_monitored_type(ty);
    if (auto rs = o.get("reasons"); !rs.empty()) {
      EnumSet<RiskReason> set;
      std::istringstream list(rs);
      for (std::string r; std::getline(list, r, ',');) {
        auto reason = parse_risk_reason(r);
        if (!reason) throw std::runtime_error("未知风险原因：" + r);
        set.add(*reason);
      }
      in.reasons = set;
    }
    // The facts the application fills from the registry (app::take_step does the same).
    if (in.step == Step::Comparison && case_.next_step() == Step::Comparison) {
      app::fill_comparison(detail_, policy_, in);
    } else if (in.step == Step::ElimNominate && case_.status == CaseStatus::Monitored) {
      auto h = app::loaded_household(detail_, policy_);
      in.eligibility_failures = check_elimination(case_, h->state, in.on, params()).failures();
    }
    return outcome(apply(case_, a, in));
  }

  std::string assist(const std::vector<std::string>& t, char what) {
    const Date on = date(t.at(1));
    const Actor a = actor(t.at(2));
    if (what == 'a') return outcome(assign_caseworker(case_, a, t.at(3), on));
    if (what == 'p') return outcome(set_plan(case_, a, Plan{on, join_from(t, 3), {}, std::nullopt}));
    auto cat = parse_measure_category(t.at(3));
    if (!cat) throw std::runtime_error("未知措施类别：" + t.at(3));
    const Options o = options_from(t, 4);
    const std::string amount = o.get("amount");
    return outcome(
        add_measure(case_, a, Measure{0, *cat, on, amount.empty() ? 0 : money(amount), o.get("unit"), "", {}}));
  }

  std::string outcome(const Result<Case>& r) {
    if (!r) {
      const Error& e = r.error();
      return fmt::format("  ✗ {}（{}）：{}\n", kind_name(e.kind), e.field, e.message);
    }
    const bool new_record = r->history.size() > case_.history.size();
    case_ = *r;
    std::string out = fmt::format("  = {}\n", case_.state_label());
    if (new_record && !case_.history.back().note.empty())
      out += fmt::format("    记录：{}\n", case_.history.back().note);
    return out;
  }

  std::string report(const Date& as_of) {
    std::string out = fmt::format("  状态：{}（{}）\n", case_.state_label(), label(case_.status));
    auto due = due_items(case_, as_of, params(), calendar());
    if (!due) return out + fmt::format("  ✗ {}：{}\n", kind_name(due.error().kind), due.error().message);
    for (const DueItem& d : *due) {
      const auto left = (d.due.to_days() - as_of.to_days()).count();
      out += fmt::format("  到期：{} {}（{}）{}\n", d.what, d.due.iso(), d.rule,
                         left < 0 ? fmt::format("已超 {} 天", -left) : fmt::format("剩 {} 天", left));
    }
    auto h = app::loaded_household(detail_, policy_);
    if (case_.status == CaseStatus::Monitored && case_.approved_on) {
      const Eligibility e = check_elimination(case_, h->state, as_of, params());
      if (e.eligible()) out += "  风险消除：符合条件\n";
      for (const auto& f : e.failures()) out += "  风险消除 ✗ " + f + "\n";
    }
    if (case_.status == CaseStatus::Eliminated) {
      const auto findings = backcheck_findings(case_, h->state, as_of, params());
      if (findings.empty()) out += "  回头看：建议保持\n";
      for (const auto& f : findings) out += "  回头看 ! " + f + "\n";
    }
    return out;
  }

  Policy policy_;
  store::HouseholdDetail detail_;
  Case case_;
};

// Runs a script: each non-blank line echoed ("> line"), then what it printed.
std::string run_script(const fs::path& path) {
  std::ifstream in(path);
  Runner runner;
  std::string out;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty()) {
      out += '\n';
      continue;
    }
    if (line[0] == '#') {
      out += line + '\n';
      continue;
    }
    out += "> " + line + '\n';
    try {
      out += runner.run(line);
    } catch (const std::exception& e) {
      ADD_FAILURE() << path.filename() << " line " << n << ": " << e.what();
      out += fmt::format("  !! 脚本错误：{}\n", e.what());
    }
  }
  return out;
}

std::vector<std::string> scripts() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kDir))
    if (e.path().extension() == ".case") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Compares (or, with FANGPIN_REGEN_GOLDEN=1, rewrites) one script's reference. Returns
// false when it rewrote instead of comparing.
bool check_script(const std::string& name) {
  const fs::path script = kDir / (name + ".case");
  const fs::path reference = kDir / (name + ".reference");
  const std::string got = run_script(script);
  if (const char* regen = std::getenv("FANGPIN_REGEN_GOLDEN"); regen && std::string(regen) == "1") {
    std::ofstream(reference, std::ios::binary) << got;
    return false;
  }
  std::ifstream in(reference, std::ios::binary);
  EXPECT_TRUE(in) << "no reference " << reference << " (FANGPIN_REGEN_GOLDEN=1 writes it)";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(got, want.str()) << "golden output of " << script.filename()
                             << " differs; after a deliberate change run scripts/regen-golden.sh";
  return true;
}

class GoldenCase : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenCase, MatchesReference) {
  if (!check_script(GetParam())) GTEST_SKIP() << "rewrote the reference of " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenCase, ::testing::ValuesIn(scripts()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

// The parameterised tests are listed when the binary is built; this one also covers a script
// added since (ctest lists it only after the next build).
TEST(GoldenScripts, EveryScriptInTheDirectory) {
  const auto s = scripts();
  for (const char* name : {"full_identification", "objection", "elimination", "backcheck_rollback",
                           "spring_festival_deadlines"})
    EXPECT_NE(std::find(s.begin(), s.end(), name), s.end()) << name;
  for (const auto& name : s) {
    SCOPED_TRACE(name);
    check_script(name);
  }
}

}  // namespace
}  // namespace fangpin::workflow
