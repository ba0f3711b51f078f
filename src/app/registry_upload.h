// Registry uploads by a scoped account (README "HTTP API server", Scope): rows that touch
// households outside the account's region scope refuse the whole upload, and the row report
// of an accepted upload never names a household the account may not see.
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "app/import_service.h"
#include "app/registry_view.h"
#include "domain/policy.h"
#include "domain/region.h"
#include "domain/result.h"
#include "store/store.h"

namespace fangpin::app {

// Rows of `path` (a registry table) that touch households outside `scope`. Members and
// finances of unknown households are reported the same way, so a probe cannot tell them
// apart from households outside the scope.
Result<std::vector<io::RowError>> out_of_scope_rows(io::RegistryTable table, const std::string& path,
                                                    const RegionPrefix& scope, const LoadedRegistry& registry);

struct UploadScope {
  // The registry the rows were checked against; null for an account that sees everywhere.
  std::shared_ptr<const LoadedRegistry> checked_against;
  // Set when rows fall outside the scope: nothing was stored, the refused run is recorded.
  std::optional<ImportReport> refused;
};
// Checks an upload against the current registry (the view is refreshed first).
Result<UploadScope> check_upload_scope(store::Store& store, RegistryView& view, const ImportRequest& request,
                                       const RegionPrefix& scope);

// Rewrites each error naming an `other_household` that `scope` does not cover in
// `registry` (or that it does not know) so the household stays anonymous.
void redact_other_households(std::vector<io::RowError>& errors, const RegionPrefix& scope,
                             const LoadedRegistry& registry);

// Imports an upload that passed check_upload_scope: the import, the view invalidated (the
// registry changed) and the report redacted for the scope.
Result<ImportReport> import_upload(store::Store& store, const Policy& policy, RegistryView& view,
                                   const ImportRequest& request, const RegionPrefix& scope, const UploadScope& checked);

}  // namespace fangpin::app
