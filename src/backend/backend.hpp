#pragma once
// The backend interface: every front door reaches the database engine only through these classes.
// All calls block and run on the worker pool, except interrupt() and progress(), which any thread
// may call while another thread executes.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arrow/c_data.hpp"
#include "backend/column_type.hpp"
#include "backend/table_appender.hpp"
#include "backend/value.hpp"
#include "backend/vector_chunk.hpp"
#include "util/error.hpp"

namespace duckwire {

// kQuery is SELECT alone (EXPLAIN and PRAGMA are kOther: EXPLAIN ANALYZE runs its statement).
enum class StatementKind { kQuery, kInsert, kUpdate, kDelete, kDdl, kTransaction, kOther };

// Which statements a call may run.
enum class StatementAccess {
  kAny,
  kQueriesOnly,  // SELECT alone; anything else fails with ErrorKind::kPermission before it runs
};

// The columns of a result, described both ways: logical types and the Arrow schema of its chunks.
struct ResultSchema {
  std::vector<Column> columns;
  arrow::OwnedSchema arrow;  // a struct schema with one child per column
};

// The UTC offset, in seconds, of each row of a TIMETZ column: its Arrow form (time64) has the time of
// day alone. Text formats put the offset back; Arrow formats cannot carry it.
struct TimeZoneOffsets {
  size_t column;  // a top-level column of the chunk
  std::vector<int32_t> seconds;
};

// One chunk of rows as an Arrow struct array with one child per column.
struct Chunk {
  arrow::OwnedArray array;
  std::vector<TimeZoneOffsets> time_zone_offsets;  // one entry per top-level TIMETZ column
  int64_t rows() const { return array->length; }
};

struct Progress {
  double percentage = -1;  // -1 when unknown
  uint64_t rows_processed = 0;
  uint64_t total_rows = 0;
};

// The result of one executed statement, read chunk by chunk. Holds its session busy until
// exhausted or destroyed.
class ResultStream {
 public:
  virtual ~ResultStream() = default;
  virtual const ResultSchema& schema() const = 0;
  // True when the statement produces rows (SELECT, RETURNING, SHOW ...), false for DML and DDL.
  virtual bool returns_rows() const = 0;
  virtual StatementKind kind() const = 0;
  // The changed-row count of a statement that reports one (INSERT, UPDATE, DELETE, COPY, MERGE).
  virtual std::optional<int64_t> rows_changed() const = 0;
  // The next chunk, or nullopt when the result is exhausted.
  virtual Result<std::optional<Chunk>> next() = 0;
  // The command tag the engine chose itself (an engine of a program's own, "INSERT 0 1"); nullopt:
  // the front door names the statement.
  virtual std::optional<std::string> command_tag() const { return std::nullopt; }
  // The next chunk in DuckDB's vector layout (vector_chunk.hpp), or nullopt when the result is exhausted;
  // never a chunk of 0 rows. Read a result either with next() or with this, not both. Engines that do
  // not hold their data so answer an Error.
  virtual Result<std::optional<VectorChunk>> next_vectors() {
    return Error{ErrorKind::kInvalidInput, "this engine's results are not in DuckDB's vector layout"};
  }
};

class PreparedStatement {
 public:
  virtual ~PreparedStatement() = default;
  virtual size_t parameter_count() const = 0;
  virtual std::vector<std::string> parameter_names() const = 0;
  virtual StatementKind kind() const = 0;
  // The type the engine inferred for each parameter, in order; TypeId::kNull where it could not tell
  // (e.g. `SELECT $1`).
  virtual std::vector<ColumnType> parameter_types() const = 0;
  // The columns the statement's result will have; empty for a statement that returns no rows.
  virtual std::vector<Column> result_columns() const = 0;
};

// The statements of one SQL text, each prepared only when its turn comes, so that a statement may
// use what an earlier one created. Belongs to the session that split the text.
class StatementList {
 public:
  virtual ~StatementList() = default;
  virtual size_t size() const = 0;
  // Prepares statement `index` (from 0) on the session.
  virtual Result<std::unique_ptr<PreparedStatement>> prepare(size_t index) = 0;
};

// One engine connection: its own transaction state, temp objects and settings.
class Session {
 public:
  virtual ~Session() = default;
  // Runs SQL that may hold several statements; streams the last statement's result.
  virtual Result<std::unique_ptr<ResultStream>> execute(std::string_view sql, StatementAccess access) = 0;
  Result<std::unique_ptr<ResultStream>> execute(std::string_view sql) {
    return execute(sql, StatementAccess::kAny);
  }
  virtual Result<std::unique_ptr<PreparedStatement>> prepare(std::string_view sql) = 0;
  // The statements of `sql`, in order; none for text without a statement.
  virtual Result<std::unique_ptr<StatementList>> split(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<ResultStream>> execute(PreparedStatement& statement,
                                                        const Parameters& parameters) = 0;
  // Whether an explicit transaction (BEGIN) is open, aborted or not.
  virtual Result<bool> in_transaction() = 0;
  // False once a statement may have left state behind in the session (a transaction, settings,
  // variables, temporary objects, attached databases): it must not serve another client then.
  virtual bool reusable() const = 0;
  // How many statements that may have changed data (DML, DDL, COPY, MERGE) ran on this session.
  virtual uint64_t data_changing_statements() const = 0;
  // Stops the statement running on this session and every later one until clear_interrupt(): they
  // fail with ErrorKind::kInterrupted (so a call of several statements stops as a whole).
  virtual void interrupt() = 0;
  virtual void clear_interrupt() = 0;
  // How far the running statement got; percentage -1 when unknown. Engines that count progress only when
  // asked report it for statements that start after report_progress().
  virtual Progress progress() = 0;
  // Makes progress() report this session's later statements from their start (DuckDB: its progress
  // bar, never printed). Errors when the engine cannot.
  virtual Result<void> report_progress() {
    return Error{ErrorKind::kInvalidInput, "this engine does not report progress"};
  }
  // Creates or replaces table `table_name` from Arrow data in one transaction and returns its rows.
  // The name is `table`, `schema.table` or `catalog.schema.table`: dots always separate parts and
  // each part is quoted as an identifier, never read as SQL. `schema` is a struct schema with one
  // child per column, `batches` struct arrays of it; the batches are consumed.
  virtual Result<int64_t> create_table_from_arrow(const std::string& table_name, const ArrowSchema& schema,
                                                  std::vector<arrow::OwnedArray>& batches) = 0;
  // Reads a result a program made itself (an Arrow C stream, taken over) as this engine's result: its
  // columns in the engine's types, its chunks in the engine's layout, streamed as the engine reads it.
  virtual Result<std::unique_ptr<ResultStream>> read_arrow_stream(arrow::OwnedStream stream) = 0;
  // Appends rows to `columns` (all of them when empty) of the table named by `table` (its name parts,
  // each an identifier, resolved as a query would resolve them); other columns get their defaults.
  virtual Result<std::unique_ptr<TableAppender>> append_to(const std::vector<std::string>& table,
                                                           const std::vector<std::string>& columns) = 0;
  // An appender taking whole chunks of columns of `input_types`, in DuckDB's vector layout
  // (TableAppender::append_vectors), one per table column in table order, each value cast to its column
  // as an INSERT would. Engines that do not hold data so refuse.
  virtual Result<std::unique_ptr<TableAppender>> append_vectors_to(const std::vector<std::string>& table,
                                                                   const std::vector<ColumnType>& input_types) {
    (void)table;
    (void)input_types;
    return Error{ErrorKind::kInvalidInput, "this engine does not take appended vectors"};
  }
};

struct ExtensionRequest {
  std::string name;
  std::string repository;  // empty: the default repository
};

// Who connects through a front door with sessions of its own (PostgreSQL), for the backend's hooks.
struct ClientInfo {
  std::string address;  // the client's IP address
  std::string user;
  std::string database;
  std::string application_name;
  uint16_t port = 0;            // the client's TCP port
  uint64_t connection_id = 0;   // unique in the process, the same in every hook of one connection
};

// A statement a client is about to run, for Backend::authorize.
struct StatementToAuthorize {
  std::string_view sql;  // the text the client sent, all of its statements
  size_t index = 0;      // which of them, from 0
  StatementKind kind = StatementKind::kOther;
};

// Whose SQL a backend's sessions take. kDuckDb: DuckDB's, the front door translating the client's
// dialect. kClientText: the client's statements as they were sent (an engine of the program's own,
// such as a Python handler); the front door then runs its own session statements (SET, transactions)
// and, where the backend emulates it, the PostgreSQL catalog on the backend's catalog engine.
enum class SqlDialect { kDuckDb, kClientText };

// A named DuckDB type that result columns report by its name (ColumnType::alias): `base` is a DuckDB
// type in SQL ("UINTEGER", "SMALLINT[]"), to which a value of the alias casts implicitly, so that
// functions of the base type accept it.
struct TypeAlias {
  std::string name;
  std::string base;
};

struct BackendOptions {
  std::string path = ":memory:";
  bool read_only = false;  // also refuses every SQL statement that would write a file or a table
  std::optional<int> threads;
  // Extensions installed and loaded while opening; a failure is a warning, not an error.
  std::vector<ExtensionRequest> extensions;
  // When true, SQL may touch files only under allowed_directories, and clients cannot change that.
  bool restrict_file_access = true;
  std::vector<std::string> allowed_directories;
  // Logged at open when file access is restricted to no directory at all: why, and how to allow one.
  std::string file_access_note = "SQL has no file access: give --file-access DIR to allow a directory";
  // Where DuckDB spills; empty: DuckDB's default ("<database>.tmp", or ".tmp" for :memory:). With
  // restricted file access DuckDB does not spill (SQL could reach the directory); the path then only
  // anchors the extension directory, which is never created.
  std::string temp_directory;
  // Networks (CIDR) whose clients on_connect admits; empty: every address.
  std::vector<std::string> allowed_client_networks;
  // Set up while the backend opens, with full rights, before file access is restricted and the
  // configuration locked: the aliases are registered, then the statements run in order (the
  // PostgreSQL front door's emulated catalog). A failure fails the open.
  std::vector<TypeAlias> type_aliases;
  std::vector<std::string> setup_statements;
  // Files the setup statements create: removed before they run and after the backend closes.
  std::vector<std::string> scratch_files;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual Result<std::unique_ptr<Session>> connect() = 0;
  // e.g. "DuckDB", "v1.5.6"
  virtual std::string engine_name() const = 0;
  virtual std::string engine_version() const = 0;
  // Makes all committed data durable (used at shutdown).
  virtual Result<void> checkpoint() = 0;
  // Called when an authenticated client opens a session, before its first statement: an Error refuses
  // it, its message telling the client why. Any thread.
  virtual Result<void> on_connect(const ClientInfo& client) = 0;
  // Called when a session that on_connect admitted ends.
  virtual void on_disconnect(const ClientInfo& client) = 0;

  // A session for the client on_connect admitted (its hooks see the same connection_id).
  virtual Result<std::unique_ptr<Session>> connect_client(const ClientInfo& client) {
    (void)client;
    return connect();
  }
  // Whether the backend checks clients' passwords itself (the front door then asks for the password
  // and calls check_password instead of checking the server's users).
  virtual bool checks_passwords() const { return false; }
  // Error::message tells the client why; Error::code, when set, is the SQLSTATE. Any thread.
  virtual Result<void> check_password(const ClientInfo& client, const std::string& password) {
    (void)client;
    (void)password;
    return Error{ErrorKind::kPermission, "this backend does not check passwords"};
  }
  virtual SqlDialect dialect() const { return SqlDialect::kDuckDb; }
  // kClientText backends: the DuckDB engine that runs the front door's session statements and holds the
  // emulated catalog; nullptr for a DuckDB backend (it does both itself).
  virtual Backend* catalog_engine() { return nullptr; }
  // kClientText backends: whether statements reading the PostgreSQL catalog go to catalog_engine()
  // (true) or to the backend like any other statement.
  virtual bool emulates_catalog() const { return false; }

  // Per-statement authorization, for a program that decides who may run what. When
  // authorizes_statements() is true, a front door that offers the hook (Quack) splits each request's
  // SQL and calls authorize() with every statement, prepared, before it runs: an Error refuses it, its
  // message telling the client why. A DuckDB backend needs none: its sessions already refuse what
  // --read-only and the SQL sandbox forbid. Any thread.
  virtual bool authorizes_statements() const { return false; }
  virtual Result<void> authorize(const ClientInfo& client, const StatementToAuthorize& statement) {
    (void)client;
    (void)statement;
    return {};
  }
};

}  // namespace duckwire
