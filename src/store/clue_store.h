// Clues (SPEC §6.1): 农户自主申报 from the public form and 舆情信访 recorded by cadres, kept
// apart from cases until a cadre accepts one (受理 → a case) or closes it. Also the abuse
// controls of the public form: single-use proof-of-work challenges and attempt counters,
// stored so they survive a restart. Schema: migration v8.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace fangpin::store {

struct ClueRecord {
  std::int64_t id = 0;             // assigned by add_clue
  std::string channel;             // 自主申报 | 舆情信访
  std::string status;              // 已收到 | 已受理 | 已关闭
  std::string village_code;        // as given by the applicant / recording cadre
  std::string region_code;         // where it is handled (scope): the household's region when matched
  std::string household_id;        // "" when not matched to a registered household
  std::string applicant_name;
  std::string resident_id;         // "" when not given (petitions)
  std::string phone;               // "" when not given
  std::string description;
  std::string source;              // 网上申报 | 信访 | 媒体 | 热线 …
  std::string photo_sha256;        // "" without a photo (FileStore name)
  std::string received_date;       // YYYY-MM-DD
  std::string received_at;         // ISO timestamp
  std::string recorded_by;         // user name; "" for the public form
  std::int64_t case_id = 0;        // set when accepted
  std::string handled_by, handled_at;
  std::string close_reason;        // set when closed
  std::string handle_note;
};

struct ClueQuery {
  std::string region_prefix;       // "" = everywhere
  std::string status;              // "" = any
  std::string channel;             // "" = any
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

struct CluePage {
  std::int64_t total = 0;
  std::vector<ClueRecord> items;   // newest first
};

struct AttemptCount {
  int count = 0;
  std::string oldest;              // ISO timestamp of the oldest counted attempt ("" if none)
};

class ClueStore {
 public:
  virtual ~ClueStore() = default;

  // Proof-of-work challenges: stored until used or expired.
  virtual Status add_challenge(std::string_view challenge, std::string_view address, std::string_view expires_at) = 0;
  // Unexpired challenges handed to `address`.
  virtual Result<int> live_challenges(std::string_view address, std::string_view now) = 0;
  // Deletes the challenge; true if it existed and had not expired (single use).
  virtual Result<bool> take_challenge(std::string_view challenge, std::string_view now) = 0;

  // Rate-limit counters keyed by e.g. "addr:IP" or "id:<hash>".
  virtual Status record_attempt(std::string_view key, std::string_view at) = 0;
  virtual Result<AttemptCount> attempts_since(std::string_view key, std::string_view since) = 0;
  // Housekeeping: drops expired challenges and attempts at or before `attempts_before`.
  virtual Status purge(std::string_view now, std::string_view attempts_before) = 0;

  // Stores a new clue with the hash of its receipt code (unique); returns its id.
  virtual Result<std::int64_t> add_clue(const ClueRecord& clue, std::string_view receipt_hash) = 0;
  virtual Result<std::optional<ClueRecord>> find_clue(std::int64_t id) = 0;
  virtual Result<std::optional<ClueRecord>> find_by_receipt(std::string_view receipt_hash) = 0;
  virtual Result<CluePage> list_clues(const ClueQuery& query) = 0;
  // 已收到 → `status` (已受理 with case_id, or 已关闭 with close_reason). Conflict if the clue
  // is no longer 已收到 (handled by someone else meanwhile); NotFound if it does not exist.
  virtual Status mark_handled(const ClueRecord& handled) = 0;
};

}  // namespace fangpin::store
