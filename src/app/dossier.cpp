#include "app/dossier.h"

#include <fmt/format.h>

#include <map>

#include "app/workflow/case_json.h"
#include "app/workflow/workflow_views.h"
#include "domain/money.h"
#include "domain/resident_id.h"
#include "io/zip_writer.h"

namespace fangpin::app {

using namespace workflow;

namespace {

struct Attachment {
  std::string sha256;
  std::string stem;  // entry name without extension, under 材料/
};

// Each referenced document once, named by where it first appears.
std::vector<Attachment> attachments_of(const Case& c) {
  std::vector<Attachment> out;
  auto add = [&](const std::string& sha, std::string stem) {
    for (const Attachment& a : out)
      if (a.sha256 == sha) return;
    out.push_back({sha, fmt::format("{}-{}", stem, sha.substr(0, 8))});
  };
  for (std::size_t i = 0; i < c.history.size(); ++i)
    for (const std::string& d : c.history[i].documents) add(d, fmt::format("{:02}-{}", i + 1, label(c.history[i].step)));
  if (c.plan)
    for (const std::string& d : c.plan->documents) add(d, "帮扶计划");
  for (const Measure& m : c.measures)
    for (const std::string& d : m.evidence) add(d, fmt::format("措施{}-{}", m.id, label(m.category)));
  return out;
}

std::string or_dash(const std::string& s) { return s.empty() ? "—" : s; }

std::string summary_text(const Case& c, const store::HouseholdDetail& h, const std::map<std::string, std::string>& names,
                         const std::vector<std::string>& missing) {
  std::string t;
  auto line = [&](std::string s) {
    t += s;
    t += '\n';
  };
  line(fmt::format("案件编号：{}", c.id));
  line(fmt::format("户编号：{}", c.household_id));
  line(fmt::format("户主：{}", or_dash(h.household.head_name)));
  line(fmt::format("区划代码：{}", c.region_code));
  line(fmt::format("发现渠道：{}（线索日期 {}）{}", label(c.channel), c.clue_date.iso(),
                   c.clue_note.empty() ? "" : "：" + c.clue_note));
  line(fmt::format("当前状态：{}（{}）", c.state_label(), label(c.status)));
  line(fmt::format("监测对象类型：{}", c.type ? std::string(label(*c.type)) : "—"));
  line(fmt::format("风险原因：{}", c.reasons.empty() ? std::string("—") : reasons_text(c.reasons)));
  if (c.suggested_type || !c.suggested_reasons.empty())
    line(fmt::format("信息比对建议：{}；{}", c.suggested_type ? std::string(label(*c.suggested_type)) : "—",
                     c.suggested_reasons.empty() ? std::string("—") : reasons_text(c.suggested_reasons)));
  if (c.approved_on) line(fmt::format("县级审定：{}", c.approved_on->iso()));
  if (c.eliminated_on) line(fmt::format("风险消除：{}", c.eliminated_on->iso()));
  if (c.closed_on) line(fmt::format("结案：{}（{}）", c.closed_on->iso(), or_dash(c.closed_reason)));
  line(fmt::format("帮扶责任人：{}{}", or_dash(c.caseworker),
                   c.caseworker_on ? fmt::format("（{} 确定）", c.caseworker_on->iso()) : ""));
  if (c.plan) {
    line(fmt::format("帮扶计划（{} 制定{}）：{}", c.plan->on.iso(),
                     c.plan->revised_on ? fmt::format("，{} 修订", c.plan->revised_on->iso()) : "", c.plan->text));
  } else {
    line("帮扶计划：—");
  }
  if (c.measures.empty()) {
    line("帮扶措施：—");
  } else {
    line("帮扶措施：");
    for (const Measure& m : c.measures)
      line(fmt::format("  {}. {}，{} 起{}，责任单位 {}{}", m.id, label(m.category), m.start.iso(),
                       m.amount != 0 ? fmt::format("，金额 {} 元", format_yuan(m.amount)) : "", or_dash(m.unit),
                       m.note.empty() ? "" : "；" + m.note));
  }
  line("办理过程：");
  if (c.history.empty()) line("  —");
  for (std::size_t i = 0; i < c.history.size(); ++i) {
    const StepRecord& r = c.history[i];
    line(fmt::format("  {:02}. {} {} {}（{}）{}", i + 1, r.on.iso(), label(r.step), r.actor, label(r.role),
                     r.note.empty() ? "" : "：" + r.note));
    for (const std::string& d : r.documents) {
      auto it = names.find(d);
      line(fmt::format("      材料 {}", it != names.end() ? it->second : d + "（缺失）"));
    }
  }
  if (!missing.empty()) {
    line("缺失的档案文件（被案件引用但不在档案库中）：");
    for (const std::string& m : missing) line("  " + m);
  }
  return t;
}

}  // namespace

Result<Dossier> household_dossier(store::Database& db, const store::FileStore& files,
                                  const store::HouseholdDetail& household, const Viewer& v,
                                  const std::string& now_iso) {
  const Household& hh = household.household;
  auto rows = db.cases().list_cases(hh.region_code);
  if (!rows) return rows.error();
  io::ZipWriter zip;
  Dossier out;
  out.file_name = hh.household_id + "-档案.zip";
  std::string index = fmt::format("户编号：{}\n户主：{}\n区划代码：{}\n生成时间：{}\n生成人：{}\n", hh.household_id,
                                  or_dash(hh.head_name), hh.region_code, now_iso, v.username);
  std::string listed;
  for (const store::CaseRow& row : *rows) {
    if (row.household_id != hh.household_id) continue;
    auto parsed = case_from_text(row.data);
    if (!parsed) return Error{ErrorKind::Internal, fmt::format("案件 {} 的记录无法读取：{}", row.id, parsed.error().message), {}};
    CaseRecord rec{std::move(*parsed), row.version};
    rec.c.id = row.id;
    if (!case_visible(rec.c, v)) continue;
    auto events = db.cases().audit_events(row.id);
    if (!events) return events.error();
    const std::string dir = fmt::format("案件/{}/", row.id);

    std::map<std::string, std::string> names;  // sha256 -> entry name
    std::vector<std::string> missing;
    std::vector<std::pair<std::string, std::string>> docs;  // entry name, bytes
    for (const Attachment& a : attachments_of(rec.c)) {
      auto bytes = files.get(a.sha256);
      if (!bytes) {
        if (bytes.error().kind == ErrorKind::Internal) return bytes.error();  // a changed file is a fault
        missing.push_back(a.sha256);
        continue;
      }
      const std::string type = store::sniff_media_type(*bytes).value_or("application/octet-stream");
      std::string name = fmt::format("{}材料/{}.{}", dir, a.stem, store::extension_of(type));
      names[a.sha256] = name.substr(dir.size());
      docs.emplace_back(std::move(name), std::move(*bytes));
    }

    Json j = case_view(rec);
    j["audit"] = audit_events_view(*events);
    if (auto s = zip.add(dir + "case.json", mask_personal_numbers(j.dump(2)) + "\n"); !s) return s.error();
    if (auto s = zip.add(dir + "摘要.txt", mask_personal_numbers(summary_text(rec.c, household, names, missing))); !s)
      return s.error();
    for (auto& [name, bytes] : docs)
      if (auto s = zip.add(name, std::move(bytes), false); !s) return s.error();
    listed += fmt::format("  案件 {}：{}（{}）\n", row.id, rec.c.state_label(), label(rec.c.status));
    ++out.cases;
  }
  index += fmt::format("案件 {} 件{}\n", out.cases, out.cases == 0 ? "（无可查看的案件）" : "：");
  index += listed;
  if (auto s = zip.add("户信息.txt", mask_personal_numbers(index)); !s) return s.error();
  out.entries = zip.names();
  auto bytes = zip.finish();
  if (!bytes) return bytes.error();
  if (auto s = db.accounts().record_access({v.username, now_iso, "dossier", hh.household_id}); !s) return s.error();
  out.bytes = std::move(*bytes);
  return out;
}

}  // namespace fangpin::app
