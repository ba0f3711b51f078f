// A ZIP archive built in memory (libzip), for downloads assembled on request (the household
// dossier). Entry names are UTF-8 (the archive marks them so).
#pragma once
#include <string>
#include <vector>

#include "domain/result.h"

namespace fangpin::io {

class ZipWriter {
 public:
  // Adds an entry. `compress` false stores it as is (PDF, JPEG, PNG and Office files are
  // compressed already). A name added twice is Invalid.
  Status add(std::string name, std::string data, bool compress = true);
  std::size_t size() const { return entries_.size(); }
  std::vector<std::string> names() const;
  // The archive's bytes; Internal if libzip fails.
  Result<std::string> finish();

 private:
  struct Entry {
    std::string name;
    std::string data;
    bool compress;
  };
  std::vector<Entry> entries_;
};

}  // namespace fangpin::io
