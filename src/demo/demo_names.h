// Name material for the demo county: surnames with rough frequencies (national list with
// the surnames common in 大理州 weighted up), given-name characters, and village and
// township name stems. All UTF-8 string literals; no allocation.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace fangpin::demo::names {

struct Surname {
  std::string_view text;
  std::uint32_t weight;  // relative frequency
};

std::span<const Surname> surnames();
std::span<const std::uint32_t> surname_cumulative();  // running sum of weights, same order
std::span<const std::string_view> male_given_chars();
std::span<const std::string_view> female_given_chars();
std::span<const std::string_view> village_stems();   // "和平" → "和平村"
std::span<const std::string_view> town_stems();      // "城关" → "城关镇" / "城关乡"

}  // namespace fangpin::demo::names
