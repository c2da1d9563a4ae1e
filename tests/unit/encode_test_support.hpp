#pragma once
// Runs a query on a real DuckDB session and encodes its whole result with a streaming writer
// (begin / write per chunk / finish), for the encoder tests.

#include <gtest/gtest.h>

#include <string>

#include "backend/backend.hpp"

namespace duckwire::encode {

// `make_writer(schema)` builds the writer; `chunks` receives the number of chunks written.
template <class MakeWriter>
std::string encode_query(Session& session, const std::string& sql, MakeWriter make_writer, int* chunks = nullptr) {
  auto stream = session.execute(sql);
  EXPECT_TRUE(stream.ok()) << sql << ": " << (stream.ok() ? "" : stream.error().message);
  if (!stream.ok()) return "<error>";
  auto writer = make_writer(stream.value()->schema());
  std::string out;
  writer.begin(out);
  int count = 0;
  while (true) {
    auto chunk = stream.value()->next();
    EXPECT_TRUE(chunk.ok());
    if (!chunk.ok() || !chunk.value()) break;
    writer.write(*chunk.value()->array.get(), out, chunk.value()->time_zone_offsets);
    ++count;
  }
  writer.finish(out);
  if (chunks != nullptr) *chunks = count;
  return out;
}

}  // namespace duckwire::encode
