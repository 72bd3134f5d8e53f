// The symkit command line: one file per subcommand (cmd_*.cpp) registers itself here.
// A subcommand parses its options with CLI11, calls the library, and writes its output.
// symkit::InputError / UsageError become one line on stderr and exit code 2.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "symkit/error.hpp"
#include "symkit/scalar.hpp"

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

/// Adds `--precision {double,long,50,100}` (double, long double, 50 or 100 decimal digits).
inline CLI::Option* add_precision_option(CLI::App* sub, std::string& target,
                                         const std::string& help) {
  return sub->add_option("--precision", target, help)
      ->check(CLI::IsMember({"double", "long", "50", "100"}));
}

/// The scalar type chosen by a --precision value, as a tag: f(ScalarTag<T>{}).
template <class T>
struct ScalarTag {
  using type = T;
};

/// Calls f with the ScalarTag of the --precision value `name`.
template <class F>
void with_precision(const std::string& name, F&& f) {
  if (name == "double") {
    f(ScalarTag<double>{});
  } else if (name == "long") {
    f(ScalarTag<long double>{});
  } else if (name == "50") {
    f(ScalarTag<mp50>{});
  } else if (name == "100") {
    f(ScalarTag<mp100>{});
  } else {
    throw UsageError(msg("--precision: '", name, "' is not double, long, 50 or 100"));
  }
}

}  // namespace symkit::cli
