// Real files for tests: a fresh temporary directory and a migrated database in it.
#pragma once
#include <cstdlib>  // mkdtemp
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store/database.h"

namespace fangpin::testing {

// A new, empty directory under the system temp directory (the caller removes it).
inline std::filesystem::path make_temp_dir(std::string_view prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (std::string(prefix) + "_XXXXXX")).string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + tmpl);
  return tmpl;
}

// Opens `path` (creating it) and migrates it to the latest schema.
inline Result<std::unique_ptr<store::Database>> open_migrated_database(const std::string& path) {
  auto d = store::open_database(path);
  if (!d) return d.error();
  if (auto m = (*d)->migrate(); !m) return m.error();
  return d;
}

}  // namespace fangpin::testing
