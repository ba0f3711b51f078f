// Clues: 农户自主申报 (public) and 舆情信访, their handling and the receipt lookup.
#include "server/impl.h"

namespace fangpin::server::detail {

std::vector<RouteSpec> application_routes() { return {}; }

}  // namespace fangpin::server::detail
