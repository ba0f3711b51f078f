#include "screening/registry_index.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
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
  idx.own_directory_.assign(buckets + 1, 0);
  for (const IndexPerson& p : persons_) ++idx.own_directory_[bucket_of(p.key) + 1];
  for (std::size_t b = 0; b < buckets; ++b) idx.own_directory_[b + 1] += idx.own_directory_[b];
  idx.own_persons_.resize(n);
  {
    std::vector<std::uint32_t> fill(idx.own_directory_.begin(), idx.own_directory_.end() - 1);
    for (const IndexPerson& p : persons_) idx.own_persons_[fill[bucket_of(p.key)]++] = p;
  }
  persons_.clear();
  persons_.shrink_to_fit();
  idx.own_households_ = std::move(households_);
  idx.own_households_.shrink_to_fit();
  idx.own_arena_ = std::move(arena_);
  idx.own_arena_.shrink_to_fit();
  idx.stamp_ = stamp;
  idx.view_owned();
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
  if (mapping_) return mapped_bytes_;
  return own_persons_.capacity() * sizeof(IndexPerson) + own_directory_.capacity() * sizeof(std::uint32_t) +
         own_households_.capacity() * sizeof(IndexHousehold) + own_arena_.capacity();
}

void RegistryIndex::view_owned() {
  persons_ = own_persons_;
  directory_ = own_directory_;
  households_ = own_households_;
  arena_ = own_arena_;
}

RegistryIndex& RegistryIndex::operator=(RegistryIndex&& o) noexcept {
  if (this == &o) return *this;
  own_persons_ = std::move(o.own_persons_);
  own_directory_ = std::move(o.own_directory_);
  own_households_ = std::move(o.own_households_);
  own_arena_ = std::move(o.own_arena_);
  mapping_ = std::move(o.mapping_);
  mapped_bytes_ = o.mapped_bytes_;
  shift_ = o.shift_;
  stamp_ = o.stamp_;
  if (mapping_) {
    persons_ = o.persons_;
    directory_ = o.directory_;
    households_ = o.households_;
    arena_ = o.arena_;
  } else {
    view_owned();  // a moved short string changes address
  }
  o.persons_ = {};
  o.directory_ = {};
  o.households_ = {};
  o.arena_ = {};
  return *this;
}

namespace {

constexpr char kMagic[8] = {'F', 'P', 'S', 'C', 'I', 'D', 'X', '2'};
constexpr std::size_t kAlign = 64;

struct FileHeader {
  char magic[8];
  std::int64_t stamp;
  std::uint64_t persons, directory, households, arena;
  std::int64_t shift;
  std::uint64_t reserved;
};
static_assert(sizeof(FileHeader) == kAlign);

std::size_t aligned(std::size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

bool write_padded(std::FILE* f, const void* p, std::size_t bytes) {
  static const char zeros[kAlign] = {};
  if (bytes != 0 && std::fwrite(p, 1, bytes, f) != bytes) return false;
  const std::size_t pad = aligned(bytes) - bytes;
  return pad == 0 || std::fwrite(zeros, 1, pad, f) == pad;
}

}  // namespace

Status RegistryIndex::save(const std::string& path) const {
  // Per-process temporary name: two runs refreshing the snapshot at once never share a file.
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(tmp.c_str(), "wb"));
    if (!f) return internal_error("无法写入索引快照: " + tmp, "index");
    FileHeader h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.stamp = stamp_;
    h.persons = persons_.size();
    h.directory = directory_.size();
    h.households = households_.size();
    h.arena = arena_.size();
    h.shift = shift_;
    bool ok = write_padded(f.get(), &h, sizeof h) && write_padded(f.get(), persons_.data(), persons_.size_bytes()) &&
              write_padded(f.get(), directory_.data(), directory_.size_bytes()) &&
              write_padded(f.get(), households_.data(), households_.size_bytes()) &&
              write_padded(f.get(), arena_.data(), arena_.size());
    ok = ok && std::fflush(f.get()) == 0;
    if (!ok) {
      f.reset();
      std::remove(tmp.c_str());
      return internal_error("写入索引快照失败: " + tmp, "index");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return internal_error("无法替换索引快照: " + path, "index");
  }
  return Ok{};
}

Result<RegistryIndex> RegistryIndex::load(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return not_found("索引快照不存在: " + path, "index");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < sizeof(FileHeader)) {
    ::close(fd);
    return failed_precondition("索引快照格式不符: " + path, "index");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* base = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (base == MAP_FAILED) return internal_error("无法映射索引快照: " + path, "index");
  ::madvise(base, size, MADV_WILLNEED);
  std::shared_ptr<const void> mapping(base, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  const char* bytes = static_cast<const char*>(base);
  FileHeader h{};
  std::memcpy(&h, bytes, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return failed_precondition("索引快照格式不符: " + path, "index");
  const std::uint64_t limit = 1ULL << 33;
  if (h.persons > limit || h.directory > limit || h.households > limit || h.arena > limit || h.shift < 1 ||
      h.shift > 64 || h.directory == 0)
    return failed_precondition("索引快照已损坏: " + path, "index");
  const std::size_t persons_at = sizeof(FileHeader);
  const std::size_t directory_at = persons_at + aligned(h.persons * sizeof(IndexPerson));
  const std::size_t households_at = directory_at + aligned(h.directory * sizeof(std::uint32_t));
  const std::size_t arena_at = households_at + aligned(h.households * sizeof(IndexHousehold));
  if (arena_at + h.arena > size) return failed_precondition("索引快照不完整: " + path, "index");
  RegistryIndex idx;
  idx.stamp_ = h.stamp;
  idx.shift_ = static_cast<int>(h.shift);
  idx.persons_ = {reinterpret_cast<const IndexPerson*>(bytes + persons_at), h.persons};
  idx.directory_ = {reinterpret_cast<const std::uint32_t*>(bytes + directory_at), h.directory};
  idx.households_ = {reinterpret_cast<const IndexHousehold*>(bytes + households_at), h.households};
  idx.arena_ = std::string_view(bytes + arena_at, h.arena);
  idx.mapping_ = std::move(mapping);
  idx.mapped_bytes_ = size;
  // Structural checks so a damaged file can never index out of bounds.
  if (idx.directory_.front() != 0 || idx.directory_.back() != idx.persons_.size() ||
      (idx.shift_ < 64 && idx.directory_.size() != (std::size_t{1} << (64 - idx.shift_)) + 1) ||
      (idx.shift_ == 64 && idx.directory_.size() != 2))
    return failed_precondition("索引快照已损坏: " + path, "index");
  for (std::size_t b = 0; b + 1 < idx.directory_.size(); ++b)
    if (idx.directory_[b] > idx.directory_[b + 1]) return failed_precondition("索引快照已损坏: " + path, "index");
  for (const IndexPerson& p : idx.persons_)
    if (p.household >= idx.households_.size()) return failed_precondition("索引快照已损坏: " + path, "index");
  std::uint32_t prev = 0;
  for (const IndexHousehold& hh : idx.households_) {
    if (hh.id_offset < prev || hh.id_offset > idx.arena_.size()) return failed_precondition("索引快照已损坏: " + path, "index");
    prev = hh.id_offset;
  }
  return idx;
}

}  // namespace fangpin::screening
