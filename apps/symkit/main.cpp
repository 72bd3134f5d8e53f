#include <algorithm>
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "symkit/error.hpp"

namespace symkit::cli {

std::vector<Command>& commands() {
  static std::vector<Command> all;
  return all;
}

bool add_command(Command c) {
  commands().push_back(std::move(c));
  return true;
}

}  // namespace symkit::cli

int main(int argc, char** argv) {
  using symkit::cli::commands;
  CLI::App app{
      "symkit: neural-kernel theory of symmetry learning (Perin & Deny 2024), checked and fast.\n"
      "Run 'symkit COMMAND --help' for the conventions and options of each command."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "symkit " SYMKIT_VERSION);
  auto& cmds = commands();
  std::sort(cmds.begin(), cmds.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& c : cmds) {
    CLI::App* sub = app.add_subcommand(c.name, c.description);
    c.setup(sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "symkit: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const symkit::UsageError& e) {
    std::cerr << "symkit: usage error: " << e.what() << "\n";
    return 2;
  } catch (const symkit::InputError& e) {
    std::cerr << "symkit: input error: " << e.what() << "\n";
    return 2;
  } catch (const symkit::NumericalError& e) {
    std::cerr << "symkit: numerical error: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "symkit: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "symkit: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
