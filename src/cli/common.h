// Shared pieces of the fangpin command line: exit codes, error printing, opening the store.
// Each command group lives in its own file and registers itself with register_*().
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "domain/result.h"
#include "store/database.h"

namespace fangpin::cli {

// exit 0 ok · 1 runtime error · 2 usage error · 3 rows rejected by an import
constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitRejected = 3;

struct Context {
  std::string db;  // --db PATH
};

// A subcommand and what runs when it was the one parsed.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};
using Commands = std::vector<Command>;

// The exit code of an error, from its kind alone: Invalid (usage, bad input) 2, any other 1.
constexpr int exit_code(ErrorKind kind) { return kind == ErrorKind::Invalid ? kExitUsage : kExitError; }
// Prints "错误: message（--flag）（字段: field）" to stderr (the flag hint for bad input whose
// field a command-line option supplies); returns exit_code(e.kind).
int fail(const Error& e);
std::string now_utc();
std::string current_user();
// Opens the database (--db, store::open_database) for a command; `create` (init) migrates a
// new file, other commands refuse a missing (NotFound) or uninitialised
// (FailedPrecondition) database.
Result<std::unique_ptr<store::Database>> open_store(const Context& ctx, bool create);

// Command groups.
void register_registry_commands(CLI::App& app, Context& ctx, Commands& out);
void register_server_commands(CLI::App& app, Context& ctx, Commands& out);
void register_screening_commands(CLI::App& app, Context& ctx, Commands& out);
void register_workflow_commands(CLI::App& app, Context& ctx, Commands& out);
void register_finding_commands(CLI::App& app, Context& ctx, Commands& out);

}  // namespace fangpin::cli
