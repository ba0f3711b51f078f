// Documents (四级档案, SPEC §13): upload, download, the household dossier.
#include "server/impl.h"

namespace fangpin::server::detail {

std::vector<RouteSpec> document_routes() { return {}; }

}  // namespace fangpin::server::detail
