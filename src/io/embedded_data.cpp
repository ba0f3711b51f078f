// Shipped data compiled into the binary (.incbin keeps the build fast for the 1.6 MB
// township list and lets the program run from any directory).
#include <cstddef>
#include <string_view>

#include "io/embed.h"

FANGPIN_EMBED(fangpin_policy_toml, FANGPIN_DEFAULT_POLICY_PATH)
FANGPIN_EMBED(fangpin_provinces_csv, FANGPIN_REGIONS_DIR "/provinces.csv")
FANGPIN_EMBED(fangpin_cities_csv, FANGPIN_REGIONS_DIR "/cities.csv")
FANGPIN_EMBED(fangpin_areas_csv, FANGPIN_REGIONS_DIR "/areas.csv")
FANGPIN_EMBED(fangpin_streets_csv, FANGPIN_REGIONS_DIR "/streets.csv")

namespace fangpin::io::embedded {
std::string_view policy_toml() { return {fangpin_policy_toml_begin, static_cast<std::size_t>(fangpin_policy_toml_end - fangpin_policy_toml_begin)}; }
std::string_view provinces_csv() { return {fangpin_provinces_csv_begin, static_cast<std::size_t>(fangpin_provinces_csv_end - fangpin_provinces_csv_begin)}; }
std::string_view cities_csv() { return {fangpin_cities_csv_begin, static_cast<std::size_t>(fangpin_cities_csv_end - fangpin_cities_csv_begin)}; }
std::string_view areas_csv() { return {fangpin_areas_csv_begin, static_cast<std::size_t>(fangpin_areas_csv_end - fangpin_areas_csv_begin)}; }
std::string_view streets_csv() { return {fangpin_streets_csv_begin, static_cast<std::size_t>(fangpin_streets_csv_end - fangpin_streets_csv_begin)}; }
}  // namespace fangpin::io::embedded
