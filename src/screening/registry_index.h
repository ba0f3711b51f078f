// The in-memory registry index screening matches against (SPEC §6 部门筛查预警 at province
// scale): resident ID → person → household with the figures the rules need.
//
// Layout (16 bytes per person + 40 per household, ≈ 28 bytes per registered person at
// 3–4 people per household): resident IDs are packed as their first 17 digits in a
// uint64 (the check digit is implied), persons are grouped by a hash of that key into
// buckets of ~4 with a directory of bucket starts, so a lookup is one directory read
// plus a short contiguous scan — two cache misses, no pointers, no per-person allocation.
// Households keep their 户编号 in one character arena. The whole index is a handful of flat
// arrays, saved to and loaded from a snapshot file as they are.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/money.h"
#include "domain/resident_id.h"
#include "screening/huge_pages.h"
#include "domain/result.h"

namespace fangpin::screening {

enum PersonFlags : std::uint8_t {
  kPersonPresent = 1,   // 在户 (not dead / moved / married out)
  kPersonLabourer = 2,  // 劳动技能 普通劳动力 or 技能劳动力
};

struct IndexPerson {
  std::uint64_t key = 0;
  std::uint32_t household = 0;
  std::uint8_t flags = 0;
  std::uint8_t pad[3] = {0, 0, 0};
};
static_assert(sizeof(IndexPerson) == 16);

struct IndexHousehold {
  std::uint64_t region = 0;       // 12-digit 区划代码 as an integer
  Fen net = 0;                    // 纯收入 of finance_year
  Fen rigid = 0;                  // 刚性支出 of finance_year
  std::uint32_t id_offset = 0;    // 户编号 in the arena: [id_offset, next household's id_offset)
  std::uint16_t people = 0;       // members 在户
  std::int16_t finance_year = 0;  // latest 年度 with finance; 0 = none
  std::uint8_t labourers = 0;     // present members with labour 普通/技能 (saturating)
  std::uint8_t pad[7] = {0, 0, 0, 0, 0, 0, 0};
};
static_assert(sizeof(IndexHousehold) == 40);

class RegistryIndex {
 public:
  // Incremental construction; finish() sorts into the lookup layout. Members naming an
  // unknown household are skipped (the store's foreign keys prevent them).
  class Builder {
   public:
    void add_household(std::string_view household_id, std::string_view region_code, int finance_year, Fen net,
                       Fen rigid);
    void add_member(std::string_view id_number, std::string_view household_id, bool present, bool labourer);
    RegistryIndex finish(std::int64_t stamp);

   private:
    HugeVector<IndexHousehold> households_;
    std::string arena_;
    std::vector<IndexPerson> persons_;
    std::vector<std::uint32_t> order_;  // household indexes by 户编号, built at the first member
    std::uint32_t last_ = UINT32_MAX;   // members arrive grouped by household: try the last one first
    std::string_view id_at(std::uint32_t i) const;
    std::optional<std::uint32_t> household_of(std::string_view id);
  };

  // The person with this packed ID, or nullptr. Thread-safe (read-only).
  const IndexPerson* find(std::uint64_t key) const;
  // Hints for batched lookups (a lookup is three dependent memory reads: bucket, person,
  // household). Issue each stage for a group of keys before the next, then find().
  void prefetch_bucket(std::uint64_t key) const {
    if (!persons_.empty()) __builtin_prefetch(&directory_[bucket(key)]);
  }
  void prefetch_person(std::uint64_t key) const {
    if (!persons_.empty()) __builtin_prefetch(persons_.data() + directory_[bucket(key)]);
  }
  void prefetch_household(const IndexPerson& p) const { __builtin_prefetch(&households_[p.household]); }
  const IndexHousehold& household(std::uint32_t i) const { return households_[i]; }
  std::string_view household_id(std::uint32_t i) const;
  std::string region_code(std::uint32_t i) const;
  std::size_t person_count() const { return persons_.size(); }
  std::size_t household_count() const { return households_.size(); }
  std::int64_t stamp() const { return stamp_; }
  // Bytes of the arrays and arena (heap, or the mapped snapshot).
  std::size_t bytes() const;
  bool mapped() const { return mapping_ != nullptr; }

  // Snapshot file: a header carrying the registry stamp, then the arrays verbatim, each
  // 64-byte aligned. load() maps it read-only instead of copying: the pages come straight
  // from the page cache (nothing to allocate or zero), are shared by every process using
  // the same snapshot, and only the structure is checked before use.
  Status save(const std::string& path) const;
  static Result<RegistryIndex> load(const std::string& path);

  RegistryIndex() = default;
  RegistryIndex(RegistryIndex&& o) noexcept { *this = std::move(o); }
  RegistryIndex& operator=(RegistryIndex&& o) noexcept;
  RegistryIndex(const RegistryIndex&) = delete;
  RegistryIndex& operator=(const RegistryIndex&) = delete;

 private:
  // Views used by lookups, over either the owned arrays (built) or the mapping (loaded).
  std::span<const IndexPerson> persons_;        // grouped by bucket
  std::span<const std::uint32_t> directory_;    // bucket b: persons_[dir[b], dir[b+1])
  std::span<const IndexHousehold> households_;  // sorted by 户编号
  std::string_view arena_;
  HugeVector<IndexPerson> own_persons_;
  HugeVector<std::uint32_t> own_directory_;
  HugeVector<IndexHousehold> own_households_;
  std::string own_arena_;
  std::shared_ptr<const void> mapping_;
  std::size_t mapped_bytes_ = 0;
  void view_owned();
  std::size_t bucket(std::uint64_t key) const;
  int shift_ = 63;
  std::int64_t stamp_ = 0;
};

inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline std::size_t RegistryIndex::bucket(std::uint64_t key) const {
  return shift_ >= 64 ? 0 : static_cast<std::size_t>(mix64(key) >> shift_);
}

}  // namespace fangpin::screening
