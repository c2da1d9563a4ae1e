#pragma once
// Runs a query on a real DuckDB session and encodes its rows as PostgreSQL DataRow messages, then reads
// the messages back into cells, for the PostgreSQL encoder tests.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "encode/pg_binary.hpp"
#include "encode/pg_row_encoder.hpp"

namespace duckwire::encode::pg {

using Cells = std::vector<std::optional<std::string>>;

inline std::string to_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (char c : bytes) {
    hex.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
    hex.push_back(kHex[static_cast<unsigned char>(c) & 15]);
  }
  return hex;
}

// The cells of each DataRow message in `messages`; fails the test on anything malformed.
inline std::vector<Cells> parse_data_rows(std::string_view messages) {
  std::vector<Cells> rows;
  while (!messages.empty()) {
    EXPECT_EQ(messages[0], 'D');
    const auto length = load_big_endian<int32_t>(messages.data() + 1);
    std::string_view body = messages.substr(5, static_cast<size_t>(length) - 4);
    messages.remove_prefix(1 + static_cast<size_t>(length));
    const auto columns = load_big_endian<int16_t>(body.data());
    body.remove_prefix(2);
    Cells cells;
    for (int16_t c = 0; c < columns; ++c) {
      const auto size = load_big_endian<int32_t>(body.data());
      body.remove_prefix(4);
      if (size < 0) {
        cells.emplace_back(std::nullopt);
        continue;
      }
      cells.emplace_back(std::string(body.substr(0, static_cast<size_t>(size))));
      body.remove_prefix(static_cast<size_t>(size));
    }
    EXPECT_TRUE(body.empty());
    rows.push_back(std::move(cells));
  }
  return rows;
}

// Every row of `stream` as DataRow cells in `formats` (Bind's result format codes).
inline std::vector<Cells> stream_cells(ResultStream& stream, const std::vector<Format>& formats,
                                       const TextSettings& settings = {}) {
  auto encoder = RowEncoder::make(stream.schema(), formats, settings);
  EXPECT_TRUE(encoder.ok()) << (encoder.ok() ? "" : encoder.error().message);
  if (!encoder.ok()) return {};
  std::string out;
  while (true) {
    auto chunk = stream.next();
    EXPECT_TRUE(chunk.ok());
    if (!chunk.ok() || !chunk.value()) break;
    auto appended = encoder->append_data_rows(*chunk.value(), out);
    EXPECT_TRUE(appended.ok()) << (appended.ok() ? "" : appended.error().message);
  }
  return parse_data_rows(out);
}

// Every row of `sql` as DataRow cells in `formats`.
inline std::vector<Cells> query_cells(Session& session, const std::string& sql,
                                      const std::vector<Format>& formats, const TextSettings& settings = {}) {
  auto stream = session.execute(sql);
  EXPECT_TRUE(stream.ok()) << sql << ": " << (stream.ok() ? "" : stream.error().message);
  if (!stream.ok()) return {};
  return stream_cells(*stream.value(), formats, settings);
}

inline std::string from_hex(std::string_view hex) {
  std::string bytes;
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  return bytes;
}

}  // namespace duckwire::encode::pg
