// Shared by the libFuzzer harnesses: the input as a file the readers can open (they read
// paths), in a per-process directory on tmpfs when there is one.
#pragma once
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fangpin::fuzz {

inline std::string input_file(const char* extension, const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    const char* base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(base) + "/fangpin-fuzz-" + std::to_string(getpid());
  }();
  static const bool made = std::filesystem::create_directories(dir) || std::filesystem::is_directory(dir);
  if (!made) std::abort();
  std::string path = dir + "/input" + extension;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
  return path;
}

}  // namespace fangpin::fuzz
