// Department screening (SPEC §6): feed uploads, runs, warnings, verification.
#include "server/impl.h"

namespace fangpin::server::detail {

std::vector<RouteSpec> screening_routes() { return {}; }

}  // namespace fangpin::server::detail
