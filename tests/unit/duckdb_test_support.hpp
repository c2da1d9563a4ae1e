#pragma once
// An in-memory DuckDB backend and a session on it, for tests of what runs on the engine.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "backend/duckdb/duckdb_backend.hpp"

namespace duckwire {

struct TestEngine {
  std::unique_ptr<Backend> backend;
  std::unique_ptr<Session> session;

  TestEngine() {
    std::vector<std::string> warnings;
    backend = std::move(open_duckdb_backend(BackendOptions{}, warnings)).value();
    session = std::move(backend->connect()).value();
  }
  std::unique_ptr<Session> another_session() { return std::move(backend->connect()).value(); }
};

}  // namespace duckwire
