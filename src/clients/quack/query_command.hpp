#pragma once
// `duckwire query TARGET [SQL]`: runs SQL on a Quack server and prints each statement's result, or with
// `--append TABLE` loads CSV from standard input into a table. docs/protocols/quack.md ("Client") describes
// the options. Exit status: 0 on success, 1 when the server or the connection fails (the message on
// `err` as "Error: ..."), 2 for a wrong command line.

#include <iosfwd>

namespace duckwire::quack_client {

// `argv[0]` is the subcommand's name ("query"); SQL comes from `in` when the command line has none, as
// does the CSV of --append.
int run_query_command(int argc, const char* const argv[], std::istream& in, std::ostream& out,
                      std::ostream& err);

}  // namespace duckwire::quack_client
