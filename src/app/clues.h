// Clues (SPEC §6.1): 农户自主申报 through the public form (no account) and 舆情信访 recorded by
// cadres. A clue is not a case: a cadre accepts it (受理: a case is opened through
// open_case, with the clue's channel) or closes it with a reason. Shared by every adapter.
//
// The public form must be easy for a farmer and hard to abuse: a proof-of-work challenge
// (single use, short-lived) instead of a captcha service, submission limits per client
// address and per resident ID counted in the database, and an answer that is the same
// whether or not the ID is registered (the household is resolved internally). The receipt
// code (80 random bits) only tells its holder the status.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/clock.h"
#include "app/workflow/workflow_service.h"
#include "domain/policy.h"
#include "domain/result.h"
#include "store/clue_store.h"
#include "store/database.h"
#include "store/file_store.h"

namespace fangpin::app {

inline constexpr std::string_view kClueReceived = "已收到";
inline constexpr std::string_view kClueAccepted = "已受理";
inline constexpr std::string_view kClueClosed = "已关闭";

using TimePoint = std::chrono::system_clock::time_point;

// Abuse controls of the public form.
struct ApplicationLimits {
  int pow_bits = 18;                                   // leading zero bits of SHA-256(challenge ":" nonce)
  std::chrono::seconds challenge_ttl{10 * 60};
  int live_challenges_per_address = 20;
  int per_address = 5;                                 // submissions per address …
  std::chrono::seconds address_window{3600};           // … per hour
  int per_resident_id = 3;                             // submissions per resident ID …
  std::chrono::seconds resident_id_window{24 * 3600};  // … per day
  std::size_t max_photo_bytes = 5u << 20;
};

// An answer the adapter renders as 429 with Retry-After.
struct Throttled {
  std::chrono::seconds retry_after{0};
};

struct Challenge {
  std::string challenge;  // "<difficulty>.<32 hex>"
  int difficulty = 0;
  std::string expires_at;
};
struct ChallengeOutcome {
  std::optional<Challenge> challenge;  // unset when throttled
  Throttled throttled;
};
Result<ChallengeOutcome> issue_challenge(store::ClueStore& clues, const ApplicationLimits& limits,
                                         std::string_view address, TimePoint now);

// Leading zero bits of SHA-256(challenge + ":" + nonce) (exposed for clients and tests).
int pow_zero_bits(std::string_view challenge, std::string_view nonce);

struct ApplicationInput {
  std::string name;
  std::string resident_id;
  std::string phone;
  std::string village_code;
  std::string description;
  std::string challenge;
  std::string nonce;
  std::string photo;  // bytes; empty = none
};
struct ApplicationOutcome {
  std::string receipt;  // empty when throttled
  Throttled throttled;
};
// Validates (each error names its field), checks the proof of work without touching the
// database (Invalid), then in one transaction: the challenge is used up (PermissionDenied
// when unknown, expired or used), the limits are checked and counted, the household is
// resolved from the resident ID, the photo is kept in `files` and the clue is stored.
Result<ApplicationOutcome> submit_application(store::Database& db, const Policy& policy, store::FileStore* files,
                                              const ApplicationLimits& limits, const ApplicationInput& in,
                                              std::string_view address, TimePoint now);

struct ReceiptStatus {
  std::string status;
  std::string close_reason;  // when closed
};
// NotFound for a malformed or unknown code (the same answer).
Result<ReceiptStatus> receipt_status(store::ClueStore& clues, std::string_view code);

// 舆情信访 recorded by a cadre (RecordClue): the village (or the household's) must be in the
// actor's scope, otherwise NotFound, like a village that does not exist.
struct PetitionInput {
  std::string village_code;  // may be empty when household_id is given
  std::string household_id;  // optional
  std::string name;
  std::string resident_id;   // optional
  std::string phone;         // optional
  std::string description;
  std::string source;        // 信访 / 媒体 / 热线 …
  Date received_date;
};
struct RecordedClue {
  store::ClueRecord clue;
  std::string receipt;
};
Result<RecordedClue> record_petition(store::Database& db, const Policy& policy, const workflow::Actor& actor,
                                     const PetitionInput& in, TimePoint now);

// A clue the actor may see: NotFound when missing or outside the actor's scope.
Result<store::ClueRecord> find_clue(store::ClueStore& clues, const workflow::Actor& actor, std::int64_t id);

struct AcceptInput {
  std::string household_id;      // required when the clue was not matched to a household
  std::optional<Date> clue_date;  // default the clue's received date
  std::string note;              // default the clue's description
};
struct AcceptedClue {
  store::ClueRecord clue;
  CaseRecord case_record;
  bool existing = false;  // the household already had an active case: the clue joins it
};
// 受理 (HandleClue) in one db transaction: opens a case with the clue's channel through
// open_case (attributed to the actor) — or joins the household's active case — and marks
// the clue 已受理 with the case id. Conflict when the clue was already handled.
Result<AcceptedClue> accept_clue(store::Database& db, WorkflowEnv& env, const workflow::Actor& actor,
                                 std::int64_t id, const AcceptInput& in);
// 关闭 (HandleClue) with a reason. Conflict when already handled.
Result<store::ClueRecord> close_clue(store::Database& db, const workflow::Actor& actor, std::int64_t id,
                                     std::string_view reason, TimePoint now);


}  // namespace fangpin::app
