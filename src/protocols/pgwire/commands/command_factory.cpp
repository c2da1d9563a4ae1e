#include "protocols/pgwire/commands/command_factory.hpp"

namespace duckwire::pgwire::commands {

std::unique_ptr<Command> make_command(std::string_view statement) {
  (void)statement;
  return nullptr;
}

}  // namespace duckwire::pgwire::commands
