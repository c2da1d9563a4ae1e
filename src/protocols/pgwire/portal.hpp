#pragma once
// Prepared statements and portals of a PostgreSQL session. A portal streams its statement's result
// from the engine and hands out DataRow messages a row limit at a time; when something else must
// run on the session while it is suspended (DuckDB keeps one streaming result per connection), its
// remaining rows are materialised into a spool (memory, then a temporary file) and handed out from
// there. The blocking calls here run on a worker.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"
#include "core/result_spool.hpp"
#include "encode/pg_row_encoder.hpp"
#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/query_plans.hpp"
#include "protocols/pgwire/statement_words.hpp"

namespace duckwire::pgwire {

// A statement of the extended protocol (named or unnamed), or one statement of a Query message.
struct PreparedSql {
  std::string text;  // as the client sent it
  // What the engine runs: almost always one statement; several for the PostgreSQL forms that take
  // more than one in DuckDB (DROP TABLE a, b), run as one transaction.
  std::vector<std::string> rewritten;
  TransactionVerb verb = TransactionVerb::kNone;
  std::shared_ptr<Command> command;             // a statement the front door runs itself
  std::shared_ptr<PreparedStatement> prepared;  // null for commands and empty statements
  std::vector<uint32_t> parameter_types;        // as ParameterDescription reports them
  // Parameters declared void that the engine's statement leaves out (drop_void_parameters): their
  // values in Bind are skipped.
  std::vector<bool> dropped_parameters;
  std::optional<std::vector<Column>> columns;   // nullopt: no rows (NoData)
  std::optional<PlanFormat> plan;               // EXPLAIN: its rows are PostgreSQL's (query_plans.hpp)
  bool client_text = false;  // runs as the client sent it on the backend's session (EngineSessions)
  bool empty() const { return !command && rewritten.empty(); }
};

struct Portal {
  std::shared_ptr<PreparedSql> statement;
  Parameters parameters;
  std::vector<encode::pg::Format> formats;  // as Bind gave them
  CursorOptions cursor;                     // for SQL cursors

  // Running state.
  bool started = false;
  bool finished = false;
  std::chrono::steady_clock::time_point started_at;  // when its first Execute began
  std::unique_ptr<ResultStream> stream;  // live while the result streams from the engine
  std::optional<encode::pg::RowEncoder> encoder;
  std::optional<Chunk> chunk;  // the chunk being handed out
  int64_t chunk_offset = 0;
  int64_t rows = 0;  // rows handed out so far
  StatementKind kind = StatementKind::kOther;
  bool returns_rows = false;
  std::optional<int64_t> rows_changed;
  std::optional<std::string> engine_tag;  // ResultStream::command_tag
  std::string tag;
  // Materialised remaining rows: DataRow messages, read a message at a time.
  std::unique_ptr<ResultSpool> spool;
  std::string spooled;  // bytes read from the spool, not yet handed out
  bool spool_drained = false;

  bool streaming() const { return stream != nullptr; }
  // The format of each of `count` columns (Bind's codes applied); RowDescription reports them.
  std::vector<int16_t> format_codes(size_t count) const;
};

// What one round of handing out rows produced.
struct RowsStep {
  int64_t rows = 0;
  bool exhausted = false;
};

// Appends DataRows of the live stream to `out`: at most `limit` rows (0: no limit), stopping early
// once `out` holds about `max_bytes`. On a worker.
Result<RowsStep> stream_rows(Portal& portal, int64_t limit, size_t max_bytes, std::string& out);

// Runs the statements of one rewritten PostgreSQL statement on `session` (on a worker); the last one's
// result is the answer. Several run in one transaction unless `in_transaction` says one is open.
Result<std::unique_ptr<ResultStream>> run_rewritten(Session& session,
                                                    const std::vector<std::string>& statements,
                                                    bool in_transaction);

// Takes up to `limit` (0: all) DataRow messages from `portal.spooled`; `exhausted` when the spool is
// drained and nothing is left.
RowsStep take_spooled_rows(Portal& portal, int64_t limit, std::string& out);

// `columns` named as PostgreSQL names the result of `sql`, the client's text
// (catalog/pg_column_names.hpp).
std::vector<Column> with_postgres_names(std::string_view sql, std::vector<Column> columns);

// The RowDescription fields of `columns` with their format codes.
std::vector<FieldDescription> describe_fields(const std::vector<Column>& columns,
                                              const std::vector<int16_t>& formats);

}  // namespace duckwire::pgwire
