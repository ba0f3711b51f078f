// The registry read model behind the HTTP lists and assessments: the whole registry held in
// memory and assessed once per year (SPEC §4a). Same behaviour as the server's former
// RegistryCache; indexed SQL replaces it in a later issue.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/assess_service.h"
#include "domain/policy.h"
#include "domain/registry.h"
#include "domain/result.h"
#include "store/store.h"

namespace fangpin::app {

struct LoadedRegistry {
  RegistrySnapshot reg;
  std::unordered_map<std::string, std::size_t> by_id;  // household id → index in reg.households
  int latest_year = 0;                                 // latest year with finance rows

  // The region code of a known household, nullptr when unknown.
  const std::string* region_of(const std::string& household_id) const {
    auto it = by_id.find(household_id);
    return it == by_id.end() ? nullptr : &reg.households[it->second].region_code;
  }
};

struct YearAssessed {
  std::shared_ptr<const LoadedRegistry> source;  // the snapshot the indices below refer to
  AssessResult result;
  std::vector<int> of_household;  // per snapshot household: index into result.records or -1
};

// Imports through the API invalidate it; changes made by other processes (CLI imports) are
// picked up after kMaxAge. A refresh is loaded by one caller while the others keep answering
// from the previous snapshot (only the very first load makes them wait). Thread-safe.
class RegistryView {
 public:
  static constexpr auto kMaxAge = std::chrono::seconds(60);

  Result<std::shared_ptr<const LoadedRegistry>> registry(store::Store& st);
  Result<std::shared_ptr<const YearAssessed>> assessed(store::Store& st, const Policy& policy, int year);
  // The next read loads the registry again.
  void invalidate();

 private:
  Result<std::shared_ptr<const LoadedRegistry>> load(store::Store& st, std::unique_lock<std::mutex>& lock);
  static Result<std::shared_ptr<const LoadedRegistry>> build(store::Store& st);

  std::mutex mutex_;
  std::condition_variable refreshed_;
  bool refreshing_ = false;
  std::uint64_t generation_ = 0;
  std::shared_ptr<const LoadedRegistry> loaded_;
  std::chrono::steady_clock::time_point loaded_at_;
  std::map<int, std::shared_ptr<const YearAssessed>> years_;
};

}  // namespace fangpin::app
