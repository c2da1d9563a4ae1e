#pragma once
// The server process: opens the database, starts the listeners, and shuts everything down in
// order on SIGINT/SIGTERM.

#include "config/config.hpp"
#include "core/server_embedding.hpp"

namespace duckwire {

// Runs until shutdown; returns the process exit status.
int run_server(Config config, const ServerEmbedding& embedding = {});

}  // namespace duckwire
