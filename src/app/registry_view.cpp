#include "app/registry_view.h"

#include <algorithm>

namespace fangpin::app {

Result<std::shared_ptr<const LoadedRegistry>> RegistryView::registry(store::Store& st) {
  std::unique_lock lock(mutex_);
  return load(st, lock);
}

Result<std::shared_ptr<const YearAssessed>> RegistryView::assessed(store::Store& st, const Policy& policy, int year) {
  std::unique_lock lock(mutex_);
  auto loaded = load(st, lock);
  if (!loaded) return loaded.error();
  if (auto it = years_.find(year); it != years_.end() && it->second->source == *loaded) return it->second;
  auto r = assess_registry((*loaded)->reg, policy, AssessRequest{year, "", true});
  if (!r) return r.error();
  auto ya = std::make_shared<YearAssessed>();
  ya->source = *loaded;
  ya->result = std::move(*r);
  ya->of_household.assign((*loaded)->reg.households.size(), -1);
  for (std::size_t i = 0; i < ya->result.records.size(); ++i) {
    auto it = (*loaded)->by_id.find(ya->result.records[i].household_id);
    if (it != (*loaded)->by_id.end()) ya->of_household[it->second] = static_cast<int>(i);
  }
  if (ya->source == loaded_) years_[year] = ya;
  return std::shared_ptr<const YearAssessed>(ya);
}

void RegistryView::invalidate() {
  std::lock_guard lock(mutex_);
  ++generation_;
  loaded_.reset();
  years_.clear();
}

Result<std::shared_ptr<const LoadedRegistry>> RegistryView::load(store::Store& st, std::unique_lock<std::mutex>& lock) {
  const auto now = std::chrono::steady_clock::now();
  while (!loaded_ && refreshing_) refreshed_.wait(lock);
  if (loaded_ && (now - loaded_at_ < kMaxAge || refreshing_)) return loaded_;
  refreshing_ = true;
  const std::uint64_t generation = generation_;
  lock.unlock();
  auto fresh = build(st);
  lock.lock();
  refreshing_ = false;
  refreshed_.notify_all();
  if (!fresh) return fresh.error();
  if (generation == generation_) {  // not invalidated meanwhile (an import may postdate the read)
    loaded_ = *fresh;
    loaded_at_ = now;
    years_.clear();
  }
  return *fresh;
}

Result<std::shared_ptr<const LoadedRegistry>> RegistryView::build(store::Store& st) {
  auto reg = st.load_registry(store::RegistryQuery{});
  if (!reg) return reg.error();
  auto l = std::make_shared<LoadedRegistry>();
  l->reg = std::move(*reg);
  l->by_id.reserve(l->reg.households.size());
  for (std::size_t i = 0; i < l->reg.households.size(); ++i) l->by_id.emplace(l->reg.households[i].household_id, i);
  for (const auto& f : l->reg.finances) l->latest_year = std::max(l->latest_year, f.year);
  return std::shared_ptr<const LoadedRegistry>(std::move(l));
}

}  // namespace fangpin::app
