#include "screening/registry_index.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include <unistd.h>

#include "domain/resident_id.h"

namespace fangpin::screening {

namespace {

std::uint64_t pack_region(std::string_view code) {
  std::uint64_t r = 0;
  for (char c : code.substr(0, 12)) r = r * 10 + (c >= '0' && c <= '9' ? static_cast<std::uint64_t>(c - '0') : 0);
  for (std::size_t i = code.size(); i < 12; ++i) r *= 10;
  return r;
}

}  // namespace

std::string_view RegistryIndex::Builder::id_at(std::uint32_t i) const {
  const std::size_t b = households_[i].id_offset;
  const std::size_t e = i + 1 < households_.size() ? households_[i + 1].id_offset : arena_.size();
  return std::string_view(arena_).substr(b, e - b);
}

void RegistryIndex::Builder::add_household(std::string_view household_id, std::string_view region_code,
                                           int finance_year, Fen net, Fen rigid) {
  IndexHousehold h;
  h.region = pack_region(region_code);
  h.net = net;
  h.rigid = rigid;
  h.finance_year = static_cast<std::int16_t>(finance_year);
  h.id_offset = static_cast<std::uint32_t>(arena_.size());
  arena_.append(household_id);
  households_.push_back(h);
  order_.clear();
}

std::optional<std::uint32_t> RegistryIndex::Builder::household_of(std::string_view id) {
  if (last_ < households_.size() && id_at(last_) == id) return last_;
  if (order_.size() != households_.size()) {
    order_.resize(households_.size());
    for (std::uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return id_at(a) < id_at(b); });
  }
  auto it = std::lower_bound(order_.begin(), order_.end(), id,
                             [&](std::uint32_t a, std::string_view v) { return id_at(a) < v; });
  if (it == order_.end() || id_at(*it) != id) return std::nullopt;
  last_ = *it;
  return *it;
}

void RegistryIndex::Builder::add_member(std::string_view id_number, std::string_view household_id, bool present,
                                        bool labourer) {
  auto key = pack_resident_id(id_number);
  auto h = household_of(household_id);
  if (!key || !h) return;
  IndexPerson p;
  p.key = *key;
  p.household = *h;
  p.flags = static_cast<std::uint8_t>((present ? kPersonPresent : 0) | (labourer ? kPersonLabourer : 0));
  persons_.push_back(p);
  if (present) {
    IndexHousehold& hh = households_[*h];
    if (hh.people < UINT16_MAX) ++hh.people;
    if (labourer && hh.labourers < UINT8_MAX) ++hh.labourers;
  }
}

RegistryIndex RegistryIndex::Builder::finish(std::int64_t stamp) {
  RegistryIndex idx;
  const std::size_t n = persons_.size();
  // ~4 persons per bucket: the directory costs ~1 byte per person.
  std::size_t buckets = std::bit_ceil(std::max<std::size_t>(1, n / 4));
  const int bits = std::countr_zero(buckets);
  idx.shift_ = 64 - bits;
  auto bucket_of = [&](std::uint64_t key) -> std::size_t {
    return bits == 0 ? 0 : static_cast<std::size_t>(mix64(key) >> idx.shift_);
  };
  idx.directory_.assign(buckets + 1, 0);
  for (const IndexPerson& p : persons_) ++idx.directory_[bucket_of(p.key) + 1];
  for (std::size_t b = 0; b < buckets; ++b) idx.directory_[b + 1] += idx.directory_[b];
  idx.persons_.resize(n);
  {
    std::vector<std::uint32_t> fill(idx.directory_.begin(), idx.directory_.end() - 1);
    for (const IndexPerson& p : persons_) idx.persons_[fill[bucket_of(p.key)]++] = p;
  }
  persons_.clear();
  persons_.shrink_to_fit();
  idx.households_ = std::move(households_);
  idx.households_.shrink_to_fit();
  idx.arena_ = std::move(arena_);
  idx.arena_.shrink_to_fit();
  idx.stamp_ = stamp;
  order_.clear();
  last_ = UINT32_MAX;
  return idx;
}

const IndexPerson* RegistryIndex::find(std::uint64_t key) const {
  if (persons_.empty()) return nullptr;
  const std::size_t b = bucket(key);
  for (std::uint32_t i = directory_[b], e = directory_[b + 1]; i < e; ++i)
    if (persons_[i].key == key) return &persons_[i];
  return nullptr;
}

std::string_view RegistryIndex::household_id(std::uint32_t i) const {
  const std::size_t b = households_[i].id_offset;
  const std::size_t e = i + 1 < households_.size() ? households_[i + 1].id_offset : arena_.size();
  return std::string_view(arena_).substr(b, e - b);
}

std::string RegistryIndex::region_code(std::uint32_t i) const {
  std::uint64_t r = households_[i].region;
  std::string s(12, '0');
  for (int k = 11; k >= 0; --k) {
    s[static_cast<std::size_t>(k)] = static_cast<char>('0' + r % 10);
    r /= 10;
  }
  return s;
}

std::size_t RegistryIndex::bytes() const {
  return persons_.capacity() * sizeof(IndexPerson) + directory_.capacity() * sizeof(std::uint32_t) +
         households_.capacity() * sizeof(IndexHousehold) + arena_.capacity();
}

namespace {

constexpr char kMagic[8] = {'F', 'P', 'S', 'C', 'I', 'D', 'X', '1'};

struct FileHeader {
  char magic[8];
  std::int64_t stamp;
  std::uint64_t persons, directory, households, arena;
  std::int64_t shift;
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

template <class T>
bool write_all(std::FILE* f, const T* p, std::size_t n) {
  return n == 0 || std::fwrite(p, sizeof(T), n, f) == n;
}
template <class T>
bool read_all(std::FILE* f, T* p, std::size_t n) {
  return n == 0 || std::fread(p, sizeof(T), n, f) == n;
}

}  // namespace

Status RegistryIndex::save(const std::string& path) const {
  // Per-process temporary name: two runs refreshing the snapshot at once never share a file.
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(tmp.c_str(), "wb"));
    if (!f) return invalid("无法写入索引快照: " + tmp, "index");
    FileHeader h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.stamp = stamp_;
    h.persons = persons_.size();
    h.directory = directory_.size();
    h.households = households_.size();
    h.arena = arena_.size();
    h.shift = shift_;
    bool ok = write_all(f.get(), &h, 1) && write_all(f.get(), persons_.data(), persons_.size()) &&
              write_all(f.get(), directory_.data(), directory_.size()) &&
              write_all(f.get(), households_.data(), households_.size()) &&
              write_all(f.get(), arena_.data(), arena_.size());
    ok = ok && std::fflush(f.get()) == 0;
    if (!ok) {
      f.reset();
      std::remove(tmp.c_str());
      return invalid("写入索引快照失败: " + tmp, "index");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return invalid("无法替换索引快照: " + path, "index");
  }
  return Ok{};
}

Result<RegistryIndex> RegistryIndex::load(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) return not_found("索引快照不存在: " + path, "index");
  FileHeader h{};
  if (!read_all(f.get(), &h, 1) || std::memcmp(h.magic, kMagic, sizeof kMagic) != 0)
    return invalid("索引快照格式不符: " + path, "index");
  const std::uint64_t limit = 1ULL << 33;
  if (h.persons > limit || h.directory > limit || h.households > limit || h.arena > limit || h.shift < 1 ||
      h.shift > 64 || h.directory == 0)
    return invalid("索引快照已损坏: " + path, "index");
  RegistryIndex idx;
  idx.stamp_ = h.stamp;
  idx.shift_ = static_cast<int>(h.shift);
  idx.persons_.resize(h.persons);
  idx.directory_.resize(h.directory);
  idx.households_.resize(h.households);
  idx.arena_.resize(h.arena);
  if (!read_all(f.get(), idx.persons_.data(), idx.persons_.size()) ||
      !read_all(f.get(), idx.directory_.data(), idx.directory_.size()) ||
      !read_all(f.get(), idx.households_.data(), idx.households_.size()) ||
      !read_all(f.get(), idx.arena_.data(), idx.arena_.size()))
    return invalid("索引快照不完整: " + path, "index");
  // Structural checks so a damaged file can never index out of bounds.
  if (idx.directory_.front() != 0 || idx.directory_.back() != idx.persons_.size() ||
      (idx.shift_ < 64 && idx.directory_.size() != (std::size_t{1} << (64 - idx.shift_)) + 1) ||
      (idx.shift_ == 64 && idx.directory_.size() != 2))
    return invalid("索引快照已损坏: " + path, "index");
  for (std::size_t b = 0; b + 1 < idx.directory_.size(); ++b)
    if (idx.directory_[b] > idx.directory_[b + 1]) return invalid("索引快照已损坏: " + path, "index");
  for (const IndexPerson& p : idx.persons_)
    if (p.household >= idx.households_.size()) return invalid("索引快照已损坏: " + path, "index");
  std::uint32_t prev = 0;
  for (const IndexHousehold& hh : idx.households_) {
    if (hh.id_offset < prev || hh.id_offset > idx.arena_.size()) return invalid("索引快照已损坏: " + path, "index");
    prev = hh.id_offset;
  }
  return idx;
}

}  // namespace fangpin::screening
