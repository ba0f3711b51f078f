// What the case routes (cases.cpp) and the procedure reports (reports.cpp) share: the
// business date "today", the as_of parameter, a 帮扶责任人's own-cases restriction and the
// case JSON schema. Internal to src/server/resources.
#pragma once
#include <chrono>
#include <string>

#include "app/clock.h"
#include "app/workflow/workflow_service.h"
#include "server/body.h"
#include "server/impl.h"

namespace fangpin::server::detail {

// Today in China Standard Time: the date a cadre's calendar shows.
inline Date business_today(std::chrono::system_clock::time_point now) { return app::china_date(now); }

// The `as_of` query parameter (a business date), today when absent.
inline Result<Date> as_of_param(const ApiServer::Impl& s, const Call& c) {
  const std::string text = c.text("as_of");
  if (text.empty() && !c.req.has_param("as_of")) return business_today(s.now());
  return parse_business_date(text, "as_of");
}

// A 帮扶责任人 sees and acts only on the cases assigned to it (README "Cases"): the
// caseworker every case list and report of the caller is restricted to, "" for other roles.
inline std::string own_cases_only(const Call& c) {
  return c.user && c.user->role == Role::Caseworker ? c.user->username : std::string();
}

// The JSON Schema of app::case_view (the answer of every case write and, with `audit`, of
// the detail).
inline json case_schema(bool with_audit) {
  const json nullable_text{{"type", {"string", "null"}}};
  json props{{"case_id", type_schema("integer")},
             {"version", type_schema("integer")},
             {"state", type_schema("string")},
             {"next_step", nullable_text},
             {"household_id", type_schema("string")},
             {"region_code", type_schema("string")},
             {"channel", type_schema("string")},
             {"clue_date", type_schema("string")},
             {"clue_note", type_schema("string")},
             {"status", type_schema("string")},
             {"progress", type_schema("integer")},
             {"notice_start", nullable_text},
             {"notice_suspended", type_schema("boolean")},
             {"suggested_type", nullable_text},
             {"suggested_reasons", array_of(type_schema("string"))},
             {"type", nullable_text},
             {"reasons", array_of(type_schema("string"))},
             {"approved_on", nullable_text},
             {"eliminated_on", nullable_text},
             {"last_backcheck", nullable_text},
             {"closed_on", nullable_text},
             {"closed_reason", type_schema("string")},
             {"rollbacks", type_schema("integer")},
             {"caseworker", type_schema("string")},
             {"caseworker_on", nullable_text},
             {"plan", {{"type", {"object", "null"}}}},
             {"measures", array_of(object_schema({{"addresses", array_of(type_schema("string"))}}))},
             {"allowed_steps", array_of(type_schema("string"))},
             {"notice_earliest_end", nullable_text},
             {"unaddressed_reasons", array_of(type_schema("string"))},
             {"history", array_of(object_schema({{"step", type_schema("string")},
                                                 {"on", type_schema("string")},
                                                 {"actor", type_schema("string")},
                                                 {"role", type_schema("string")},
                                                 {"note", type_schema("string")},
                                                 {"documents", array_of(type_schema("string"))}}))}};
  std::vector<std::string> required{"case_id", "version", "state", "next_step", "household_id", "status", "history",
                                    "allowed_steps", "notice_earliest_end", "unaddressed_reasons"};
  if (with_audit) {
    props["audit"] = array_of(object_schema({{"seq", type_schema("integer")},
                                             {"at", type_schema("string")},
                                             {"on", type_schema("string")},
                                             {"actor", type_schema("string")},
                                             {"role", type_schema("string")},
                                             {"action", type_schema("string")},
                                             {"hash", type_schema("string")}}));
    required.push_back("audit");
  }
  return object_schema(std::move(props), std::move(required));
}

}  // namespace fangpin::server::detail
