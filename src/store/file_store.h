// Content-addressed document store (四级档案, SPEC §13): each file is kept once under its
// SHA-256, checked for size and type (by magic bytes, never by the name) before it is kept.
// Files are written to a temporary name and renamed, so a reader never sees half a file.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace fangpin::store {

struct StoredFile {
  std::string sha256;      // 64 lowercase hex digits: the file's name
  std::string media_type;  // application/pdf, image/jpeg, image/png, application/zip (docx/xlsx)
  std::int64_t size = 0;
};

// PDF, JPEG, PNG or ZIP-based Office documents; nullopt for anything else.
std::optional<std::string> sniff_media_type(std::string_view bytes);

class FileStore {
 public:
  static constexpr std::int64_t kDefaultMaxBytes = 20 * 1024 * 1024;
  explicit FileStore(std::string root, std::int64_t max_bytes = kDefaultMaxBytes)
      : root_(std::move(root)), max_bytes_(max_bytes) {}

  // Keeps `bytes` (idempotent: the same content is stored once). Invalid if empty, larger
  // than the limit or of an unaccepted type.
  Result<StoredFile> put(std::string_view bytes);
  Result<StoredFile> put_file(const std::string& path);
  // The content, verified against its name (a changed file is an error, not data).
  Result<std::string> get(std::string_view sha256) const;
  bool contains(std::string_view sha256) const;
  const std::string& root() const { return root_; }

 private:
  std::string path_of(std::string_view sha256) const;
  std::string root_;
  std::int64_t max_bytes_;
};

}  // namespace fangpin::store
