#include "app/workflow/case_json.h"

#include <fmt/format.h>

namespace fangpin::app {

using namespace workflow;

namespace {

Json opt_date(const std::optional<Date>& d) { return d ? Json(d->iso()) : Json(nullptr); }

Json docs_json(const std::vector<std::string>& docs) {
  Json a = Json::array();
  for (const auto& d : docs) a.push_back(d);
  return a;
}

// Decoding helpers: throw std::runtime_error naming the field; case_from_text catches.
struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const Json& at(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw Bad(key);
  return *it;
}
std::string str(const Json& j, const char* key) {
  const Json& v = at(j, key);
  if (!v.is_string()) throw Bad(key);
  return v.get<std::string>();
}
Date date(const Json& j, const char* key) {
  auto d = Date::parse(str(j, key));
  if (!d) throw Bad(key);
  return *d;
}
std::optional<Date> opt_date_of(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return date(j, key);
}
template <class E>
E enum_of(const Json& j, const char* key, std::optional<E> (*parse)(std::string_view)) {
  auto v = parse(str(j, key));
  if (!v) throw Bad(key);
  return *v;
}
std::optional<MonitoredType> opt_type(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return enum_of<MonitoredType>(j, key, parse_monitored_type);
}
EnumSet<RiskReason> reasons_of(const Json& j, const char* key) {
  EnumSet<RiskReason> r;
  const Json& a = at(j, key);
  if (!a.is_array()) throw Bad(key);
  for (const Json& v : a) {
    auto p = v.is_string() ? parse_risk_reason(v.get<std::string>()) : std::nullopt;
    if (!p) throw Bad(key);
    r.add(*p);
  }
  return r;
}
std::vector<std::string> docs_of(const Json& j, const char* key) {
  std::vector<std::string> out;
  const Json& a = at(j, key);
  if (!a.is_array()) throw Bad(key);
  for (const Json& v : a) {
    if (!v.is_string()) throw Bad(key);
    out.push_back(v.get<std::string>());
  }
  return out;
}
std::int64_t int_of(const Json& j, const char* key) {
  const Json& v = at(j, key);
  if (!v.is_number_integer()) throw Bad(key);
  return v.get<std::int64_t>();
}
bool bool_of(const Json& j, const char* key) {
  const Json& v = at(j, key);
  if (!v.is_boolean()) throw Bad(key);
  return v.get<bool>();
}

}  // namespace

Json reasons_json(EnumSet<RiskReason> r) {
  Json a = Json::array();
  for (int i = 0; i < kRiskReasonCount; ++i)
    if (r.has(static_cast<RiskReason>(i))) a.push_back(std::string(label(static_cast<RiskReason>(i))));
  return a;
}

Json case_to_json(const Case& c) {
  Json j;
  j["household_id"] = c.household_id;
  j["region_code"] = c.region_code;
  j["channel"] = std::string(label(c.channel));
  j["clue_date"] = c.clue_date.iso();
  j["clue_note"] = c.clue_note;
  j["status"] = std::string(label(c.status));
  j["progress"] = c.progress;
  j["notice_start"] = opt_date(c.notice_start);
  j["notice_suspended"] = c.notice_suspended;
  j["suggested_type"] = c.suggested_type ? Json(std::string(label(*c.suggested_type))) : Json(nullptr);
  j["suggested_reasons"] = reasons_json(c.suggested_reasons);
  j["type"] = c.type ? Json(std::string(label(*c.type))) : Json(nullptr);
  j["reasons"] = reasons_json(c.reasons);
  j["approved_on"] = opt_date(c.approved_on);
  j["eliminated_on"] = opt_date(c.eliminated_on);
  j["last_backcheck"] = opt_date(c.last_backcheck);
  j["closed_on"] = opt_date(c.closed_on);
  j["closed_reason"] = c.closed_reason;
  j["rollbacks"] = c.rollbacks;
  j["caseworker"] = c.caseworker;
  j["caseworker_on"] = opt_date(c.caseworker_on);
  if (c.plan) {
    Json p;
    p["on"] = c.plan->on.iso();
    p["text"] = c.plan->text;
    p["documents"] = docs_json(c.plan->documents);
    p["revised_on"] = opt_date(c.plan->revised_on);
    j["plan"] = p;
  } else {
    j["plan"] = nullptr;
  }
  Json ms = Json::array();
  for (const Measure& m : c.measures) {
    Json mj;
    mj["id"] = m.id;
    mj["category"] = std::string(label(m.category));
    mj["start"] = m.start.iso();
    mj["amount_fen"] = m.amount;
    mj["unit"] = m.unit;
    mj["note"] = m.note;
    mj["evidence"] = docs_json(m.evidence);
    ms.push_back(mj);
  }
  j["measures"] = ms;
  Json hs = Json::array();
  for (const StepRecord& r : c.history) {
    Json hj;
    hj["step"] = std::string(label(r.step));
    hj["on"] = r.on.iso();
    hj["actor"] = r.actor;
    hj["role"] = std::string(label(r.role));
    hj["note"] = r.note;
    hj["documents"] = docs_json(r.documents);
    hs.push_back(hj);
  }
  j["history"] = hs;
  return j;
}

std::string case_to_text(const Case& c) { return case_to_json(c).dump(); }

ChangeJson change_json(const Case& before, const Case& after) {
  const Json b = case_to_json(before);
  const Json a = case_to_json(after);
  Json bo = Json::object();
  Json ao = Json::object();
  for (const auto& [key, value] : a.items()) {
    const Json& old = b[key];
    if (old == value) continue;
    if (old.is_array() && value.is_array() && old.size() < value.size() &&
        std::equal(old.begin(), old.end(), value.begin())) {
      Json added = Json::array();
      for (std::size_t i = old.size(); i < value.size(); ++i) added.push_back(value[i]);
      ao[key + "+"] = added;
      continue;
    }
    bo[key] = old;
    ao[key] = value;
  }
  return {bo.dump(), ao.dump()};
}

Result<Case> case_from_text(std::string_view text) {
  try {
    const Json j = Json::parse(text);
    Case c;
    c.household_id = str(j, "household_id");
    c.region_code = str(j, "region_code");
    c.channel = enum_of<Channel>(j, "channel", parse_channel);
    c.clue_date = date(j, "clue_date");
    c.clue_note = str(j, "clue_note");
    c.status = enum_of<CaseStatus>(j, "status", parse_case_status);
    c.progress = static_cast<int>(int_of(j, "progress"));
    c.notice_start = opt_date_of(j, "notice_start");
    c.notice_suspended = bool_of(j, "notice_suspended");
    c.suggested_type = opt_type(j, "suggested_type");
    c.suggested_reasons = reasons_of(j, "suggested_reasons");
    c.type = opt_type(j, "type");
    c.reasons = reasons_of(j, "reasons");
    c.approved_on = opt_date_of(j, "approved_on");
    c.eliminated_on = opt_date_of(j, "eliminated_on");
    c.last_backcheck = opt_date_of(j, "last_backcheck");
    c.closed_on = opt_date_of(j, "closed_on");
    c.closed_reason = str(j, "closed_reason");
    c.rollbacks = static_cast<int>(int_of(j, "rollbacks"));
    c.caseworker = str(j, "caseworker");
    c.caseworker_on = opt_date_of(j, "caseworker_on");
    if (const Json& p = at(j, "plan"); !p.is_null())
      c.plan = Plan{date(p, "on"), str(p, "text"), docs_of(p, "documents"), opt_date_of(p, "revised_on")};
    const Json& ms = at(j, "measures");
    if (!ms.is_array()) throw Bad("measures");
    for (const Json& mj : ms) {
      Measure m;
      m.id = static_cast<int>(int_of(mj, "id"));
      m.category = enum_of<MeasureCategory>(mj, "category", parse_measure_category);
      m.start = date(mj, "start");
      m.amount = int_of(mj, "amount_fen");
      m.unit = str(mj, "unit");
      m.note = str(mj, "note");
      m.evidence = docs_of(mj, "evidence");
      c.measures.push_back(std::move(m));
    }
    const Json& hs = at(j, "history");
    if (!hs.is_array()) throw Bad("history");
    for (const Json& hj : hs) {
      StepRecord r;
      r.step = enum_of<Step>(hj, "step", parse_step);
      r.on = date(hj, "on");
      r.actor = str(hj, "actor");
      r.role = enum_of<Role>(hj, "role", parse_role);
      r.note = str(hj, "note");
      r.documents = docs_of(hj, "documents");
      c.history.push_back(std::move(r));
    }
    return c;
  } catch (const Bad& e) {
    return Error{ErrorKind::Internal, fmt::format("案件数据损坏：字段 {} 无效", e.what()), e.what()};
  } catch (const std::exception& e) {
    return Error{ErrorKind::Internal, fmt::format("案件数据损坏：{}", e.what()), "data"};
  }
}

}  // namespace fangpin::app
