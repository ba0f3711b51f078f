// A valid hash chain of n audit events, each field distinct per event so that any edit of
// any hashed field changes the hash.
#pragma once
#include <string>
#include <vector>

#include "domain/workflow/audit.h"

namespace fangpin::workflow::testing {

inline std::vector<AuditEvent> audit_chain(int n) {
  std::vector<AuditEvent> out;
  std::string prev(kGenesisHash);
  for (int i = 1; i <= n; ++i) {
    AuditEvent e;
    e.seq = i;
    e.case_id = 7;
    e.actor = "村干部甲";
    e.role = "村级";
    e.region = "532923101001";
    e.at = "2023-03-01T08:00:0" + std::to_string(i % 10) + "Z";
    e.on = "2023-03-01";
    e.action = "入户核查";
    e.before = "{\"n\":" + std::to_string(i - 1) + "}";
    e.after = "{\"n\":" + std::to_string(i) + "}";
    e.prev_hash = prev;
    e.hash = chain_hash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

}  // namespace fangpin::workflow::testing
