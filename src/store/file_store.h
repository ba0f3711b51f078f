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
  std::string media_type;  // application/pdf, image/jpeg, image/png, the OOXML types (docx/xlsx/pptx), application/zip
  std::int64_t size = 0;
};

// PDF, JPEG, PNG or ZIP-based Office documents; nullopt for anything else. A ZIP is named
// by its Office part (word/, xl/, ppt/) when it has one, else application/zip.
std::optional<std::string> sniff_media_type(std::string_view bytes);
// The file name extension for a media type above ("pdf", "docx" …; "bin" for others).
std::string_view extension_of(std::string_view media_type);
// 64 lowercase hex digits.
bool is_sha256_name(std::string_view s);

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
  // Removes a file (an expired upload). Ok if it was not there.
  Status remove(std::string_view sha256);
  const std::string& root() const { return root_; }
  std::int64_t max_bytes() const { return max_bytes_; }

 private:
  std::string path_of(std::string_view sha256) const;
  std::string root_;
  std::int64_t max_bytes_;
};

}  // namespace fangpin::store
