// The symkit command line: one file per subcommand (cmd_*.cpp) registers itself here.
// A subcommand parses its options with CLI11, calls the library, and writes its output.
// symkit::InputError / UsageError become one line on stderr and exit code 2.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace symkit::cli {

/// A subcommand: `setup` adds its options to `sub` and sets `sub->callback(...)` to run it.
struct Command {
  std::string name;
  std::string description;
  std::function<void(CLI::App* sub)> setup;
};

/// Registers a subcommand; call from a static initialiser in the command's own file:
///   static const bool registered = symkit::cli::add_command({"kernel", "...", setup_kernel});
bool add_command(Command c);

/// All registered subcommands, sorted by name.
std::vector<Command>& commands();

}  // namespace symkit::cli
