// Reports of the procedure: due, eliminate-check, backcheck, quality, audit verify.
#include "server/impl.h"

namespace fangpin::server::detail {

std::vector<RouteSpec> report_routes() { return {}; }

}  // namespace fangpin::server::detail
