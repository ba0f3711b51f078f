// Cases over HTTP (SPEC §7–§9): list, detail, open, steps, caseworker, plan, measures.
#include "server/impl.h"

namespace fangpin::server::detail {

std::vector<RouteSpec> case_routes() { return {}; }

}  // namespace fangpin::server::detail
