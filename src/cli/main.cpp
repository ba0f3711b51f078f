// fangpin command line. The contract (commands, options, output, exit codes) is
// documented in README.md; tests outside the project drive it.
#include <malloc.h>

#include <exception>
#include <iostream>

#include "cli/common.h"

int main(int argc, char** argv) {
  // Bulk commands (import, screen) allocate and free large per-batch buffers on several
  // threads; keep freed memory in the process instead of returning it to the kernel and
  // taking zero-filled pages again for the next batch.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  using namespace fangpin::cli;
  CLI::App app{"fangpin — 防止返贫动态监测和帮扶"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "fangpin 0.1.0");
  Context ctx;
  app.add_option("--db", ctx.db, "SQLite 数据库文件");

  Commands commands;
  register_registry_commands(app, ctx, commands);
  register_server_commands(app, ctx, commands);
  register_screening_commands(app, ctx, commands);
  register_workflow_commands(app, ctx, commands);
  register_finding_commands(app, ctx, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  try {
    for (const Command& c : commands)
      if (c.app->parsed()) return c.run();
  } catch (const std::exception& e) {
    // Internal fault: reported once here, never a crash.
    std::cerr << "内部错误: " << e.what() << '\n';
    return kExitError;
  }
  return kExitUsage;
}
