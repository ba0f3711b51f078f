#include "io/mapped_csv.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "io/io_internal.h"
#include "io/table.h"

namespace fangpin::io {

namespace {

bool ends_with_csv(const std::string& path) {
  if (path.size() < 4) return false;
  std::string ext = path.substr(path.size() - 4);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".csv";
}

}  // namespace

Result<std::optional<MappedCsv>> MappedCsv::open(const std::string& path) {
  // An unlinked upload has no extension; an xlsx fails the UTF-8 header check below.
  if (!ends_with_csv(path) && !path.starts_with(detail::kUnnamedFilePrefix)) return std::optional<MappedCsv>{};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return not_found("文件不存在: " + path, "file");
    return failed_precondition("无法打开文件 " + path + ": " + detail::errno_text());
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
    ::close(fd);
    return std::optional<MappedCsv>{};  // empty, a pipe, a directory: the general reader explains
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return std::optional<MappedCsv>{};
  ::madvise(p, size, MADV_SEQUENTIAL);
  MappedCsv m;
  m.data_ = static_cast<const char*>(p);
  m.size_ = size;
  m.encoding_ = "UTF-8";
  std::string_view all(m.data_, m.size_);
  if (all.starts_with("\xEF\xBB\xBF")) {
    m.pos_ = 3;
    m.encoding_ = "UTF-8 BOM";
  }
  // Header: the first non-blank line.
  m.next_row_ = 1;
  while (m.pos_ < m.size_) {
    const std::size_t nl = all.find('\n', m.pos_);
    const std::size_t end = nl == std::string_view::npos ? m.size_ : nl;
    std::string_view line = all.substr(m.pos_, end - m.pos_);
    m.pos_ = nl == std::string_view::npos ? m.size_ : nl + 1;
    ++m.next_row_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_of("\"\r") != std::string_view::npos || !is_valid_utf8(line)) return std::optional<MappedCsv>{};
    std::vector<std::string_view> cells;
    split_line(line, cells);
    if (all_blank(cells)) continue;
    for (auto c : cells) m.header_.push_back(detail::trim_header_cell(c));
    return std::optional<MappedCsv>(std::move(m));
  }
  return std::optional<MappedCsv>{};  // no header: the general reader reports it
}

MappedCsv::MappedCsv(MappedCsv&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)),
      size_(std::exchange(o.size_, 0)),
      pos_(o.pos_),
      next_row_(o.next_row_),
      header_(std::move(o.header_)),
      encoding_(std::move(o.encoding_)) {}

MappedCsv& MappedCsv::operator=(MappedCsv&& o) noexcept {
  if (this != &o) {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
    pos_ = o.pos_;
    next_row_ = o.next_row_;
    header_ = std::move(o.header_);
    encoding_ = std::move(o.encoding_);
  }
  return *this;
}

MappedCsv::~MappedCsv() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
}

MappedCsv::Chunk MappedCsv::next_chunk(std::size_t bytes) {
  Chunk c;
  if (pos_ >= size_) return c;
  std::size_t end = std::min(size_, pos_ + std::max<std::size_t>(bytes, 1));
  if (end < size_) {
    const void* nl = std::memchr(data_ + end, '\n', size_ - end);
    end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data_) + 1 : size_;
  }
  c.text = std::string_view(data_ + pos_, end - pos_);
  c.first_row = next_row_;
  next_row_ += static_cast<std::size_t>(std::count(c.text.begin(), c.text.end(), '\n'));
  if (!c.text.empty() && c.text.back() != '\n') ++next_row_;
  pos_ = end;
  return c;
}

bool MappedCsv::chunk_is_plain(std::string_view text) {
  if (std::memchr(text.data(), '"', text.size()) != nullptr) return false;
  for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1))
    if (i + 1 >= text.size() || text[i + 1] != '\n') return false;
  return is_valid_utf8(text);
}

void MappedCsv::split_line(std::string_view line, std::vector<std::string_view>& cells) {
  cells.clear();
  std::size_t b = 0;
  while (true) {
    const std::size_t c = line.find(',', b);
    if (c == std::string_view::npos) {
      cells.push_back(line.substr(b));
      return;
    }
    cells.push_back(line.substr(b, c - b));
    b = c + 1;
  }
}

bool MappedCsv::all_blank(const std::vector<std::string_view>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](std::string_view s) { return detail::is_blank(s); });
}

}  // namespace fangpin::io
