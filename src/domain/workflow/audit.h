// Tamper-evident audit trail (SPEC §14): every change is an appended event carrying the
// SHA-256 of the previous one, so editing, deleting or reordering any stored event breaks
// the chain from that event on. Corrections are new events, never edits.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace fangpin::workflow {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEvent {
  std::int64_t seq = 0;      // 1, 2, … in append order (assigned by the store)
  std::int64_t case_id = 0;  // 0 for events not about one case
  std::string actor;         // who
  std::string role;          // 村级 / 乡级 / …
  std::string region;        // the case's region code
  std::string at;            // when recorded, ISO-8601 UTC
  std::string on;            // the business date given (--date), YYYY-MM-DD
  std::string action;        // 立案 / 入户核查 / 帮扶措施 / …
  std::string before;        // JSON of the case before ("" for a new case)
  std::string after;         // JSON of the case after
  std::string prev_hash;     // hash of event seq-1 (kGenesisHash for the first)
  std::string hash;          // chain_hash(*this)
};

// SHA-256 over prev_hash and every other field, each length-prefixed (unambiguous).
std::string chain_hash(const AuditEvent& e);

struct ChainCheck {
  std::int64_t events = 0;
  std::optional<std::int64_t> first_broken;  // seq of the first event that fails
  std::string problem;                       // why, in Chinese
  bool ok() const { return !first_broken; }
};

// Events must be in seq order. Checks seq continuity, prev_hash links and each hash.
ChainCheck verify_chain(std::span<const AuditEvent> events);

}  // namespace fangpin::workflow
