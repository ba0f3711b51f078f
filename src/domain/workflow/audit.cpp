#include "domain/workflow/audit.h"

#include <fmt/format.h>

#include "domain/workflow/sha256.h"

namespace fangpin::workflow {

std::string chain_hash(const AuditEvent& e) {
  std::string buf;
  auto put = [&buf](std::string_view v) {
    buf += std::to_string(v.size());
    buf += ':';
    buf += v;
    buf += ';';
  };
  put(e.prev_hash);
  put(std::to_string(e.seq));
  put(std::to_string(e.case_id));
  put(e.actor);
  put(e.role);
  put(e.region);
  put(e.at);
  put(e.on);
  put(e.action);
  put(e.before);
  put(e.after);
  return sha256_hex(buf);
}

ChainCheck verify_chain(std::span<const AuditEvent> events) {
  ChainCheck r;
  std::string prev(kGenesisHash);
  std::int64_t expect_seq = 1;
  for (const AuditEvent& e : events) {
    ++r.events;
    if (e.seq != expect_seq) {
      r.first_broken = e.seq;
      r.problem = fmt::format("事件序号不连续：应为 {}，实为 {}（有事件被删除或插入）", expect_seq, e.seq);
      return r;
    }
    if (e.prev_hash != prev) {
      r.first_broken = e.seq;
      r.problem = "前一事件哈希不符（前序事件被改动、删除或插入）";
      return r;
    }
    if (chain_hash(e) != e.hash) {
      r.first_broken = e.seq;
      r.problem = "事件内容与其哈希不符（事件被改动）";
      return r;
    }
    prev = e.hash;
    ++expect_seq;
  }
  return r;
}

}  // namespace fangpin::workflow
