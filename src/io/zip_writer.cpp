#include "io/zip_writer.h"

#include <zip.h>

#include <cstdio>
#include <memory>

namespace fangpin::io {

namespace {

Error zip_failure(std::string_view what, const std::string& why) {
  return Error{ErrorKind::Internal, "生成 zip 失败（" + std::string(what) + "）：" + why, {}};
}

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

}  // namespace

Status ZipWriter::add(std::string name, std::string data, bool compress) {
  if (name.empty()) return invalid("zip 条目名为空", "name");
  for (const Entry& e : entries_)
    if (e.name == name) return invalid("zip 条目重名：" + name, "name");
  entries_.push_back({std::move(name), std::move(data), compress});
  return Ok{};
}

std::vector<std::string> ZipWriter::names() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.name);
  return out;
}

Result<std::string> ZipWriter::finish() {
  zip_error_t err;
  zip_error_init(&err);
  std::unique_ptr<zip_source_t, SourceFree> buffer(zip_source_buffer_create(nullptr, 0, 0, &err));
  if (!buffer) {
    std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    return zip_failure("buffer", why);
  }
  // Two references: the archive releases one when closed or discarded, `buffer` the other.
  zip_source_keep(buffer.get());
  zip_t* z = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &err);
  if (z == nullptr) {
    std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    zip_source_free(buffer.get());  // drop the extra reference taken above
    return zip_failure("open", why);
  }
  zip_error_fini(&err);
  for (const Entry& e : entries_) {
    // The entries outlive zip_close, so libzip reads them in place.
    zip_source_t* src = zip_source_buffer(z, e.data.data(), e.data.size(), 0);
    if (src == nullptr) {
      std::string why = zip_strerror(z);
      zip_discard(z);
      return zip_failure(e.name, why);
    }
    const zip_int64_t idx = zip_file_add(z, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      std::string why = zip_strerror(z);
      zip_source_free(src);
      zip_discard(z);
      return zip_failure(e.name, why);
    }
    if (zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), e.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 0) < 0) {
      std::string why = zip_strerror(z);
      zip_discard(z);
      return zip_failure(e.name, why);
    }
  }
  if (zip_close(z) != 0) {
    std::string why = zip_strerror(z);
    zip_discard(z);
    return zip_failure("close", why);
  }
  zip_source_t* src = buffer.get();
  if (zip_source_open(src) < 0) return zip_failure("read", zip_error_strerror(zip_source_error(src)));
  std::string out;
  if (zip_source_seek(src, 0, SEEK_END) == 0) {
    const zip_int64_t n = zip_source_tell(src);
    if (n > 0 && zip_source_seek(src, 0, SEEK_SET) == 0) {
      out.resize(static_cast<std::size_t>(n));
      const zip_int64_t got = zip_source_read(src, out.data(), static_cast<zip_uint64_t>(n));
      if (got != n) out.clear();
    }
  }
  zip_source_close(src);
  if (out.empty()) return zip_failure("read", "archive is empty");
  return out;
}

}  // namespace fangpin::io
