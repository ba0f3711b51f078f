// Hash-chained audit trail (SPEC §14).
#include <gtest/gtest.h>

#include <vector>

#include "domain/workflow/audit.h"
#include "audit_chain.h"
#include "domain/workflow/sha256.h"

namespace fangpin::workflow {
namespace {


TEST(Sha256, KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Audit, IntactChainVerifies) {
  auto events = testing::audit_chain(5);
  auto r = verify_chain(events);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.events, 5);
}

TEST(Audit, EditedEventNamed) {
  auto events = testing::audit_chain(5);
  events[2].after = "{\"n\":99}";
  auto r = verify_chain(events);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.first_broken, 3);
  EXPECT_NE(r.problem.find("被改动"), std::string::npos);
}

TEST(Audit, RehashedEditBreaksTheNextLink) {
  auto events = testing::audit_chain(5);
  events[1].actor = "他人";
  events[1].hash = chain_hash(events[1]);  // a forger recomputes this event's hash
  auto r = verify_chain(events);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.first_broken, 3);
}

TEST(Audit, DeletedEventNamed) {
  auto events = testing::audit_chain(5);
  events.erase(events.begin() + 3);
  auto r = verify_chain(events);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.first_broken, 5);
}

TEST(Audit, FieldBoundariesAreUnambiguous) {
  auto a = testing::audit_chain(1)[0];
  auto b = a;
  a.actor = "ab";
  a.role = "c";
  b.actor = "a";
  b.role = "bc";
  EXPECT_NE(chain_hash(a), chain_hash(b));
}

}  // namespace
}  // namespace fangpin::workflow
