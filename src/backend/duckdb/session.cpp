#include "backend/duckdb/session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/result_stream.hpp"

namespace duckwire::duckdb {

namespace {

Error interrupted_error() {
  return Error{ErrorKind::kInterrupted, "INTERRUPT Error: Interrupted!"};
}

using ArrowConvertedSchema = Handle<duckdb_arrow_converted_schema, duckdb_destroy_arrow_converted_schema>;

// The error DuckDB reports for an Arrow schema it cannot take, if any. Its message may be a JSON
// object ({"exception_type":...,"exception_message":...}); it is turned into the usual text.
std::optional<Error> arrow_schema_error(duckdb_connection connection, arrow::OwnedSchema schema) {
  ArrowConvertedSchema converted;
  ErrorData error(duckdb_schema_from_arrow(connection, schema.get(), converted.out()));
  if (!error || !duckdb_error_data_has_error(error.get())) return std::nullopt;
  std::string message = duckdb_error_data_message(error.get());
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(message, ec);
  if (!ec && parsed.is_object()) {
    const auto* type = parsed.get_object().if_contains("exception_type");
    const auto* text = parsed.get_object().if_contains("exception_message");
    if (type != nullptr && type->is_string() && text != nullptr && text->is_string()) {
      message = std::string(type->get_string()) + " Error: " + std::string(text->get_string());
    }
  }
  return make_error(duckdb_error_data_error_type(error.get()), message.c_str());
}

// DuckDB's verdict on an Arrow schema, naming the first column whose type it cannot take.
Result<void> check_arrow_schema(duckdb_connection connection, const ArrowSchema& schema) {
  auto error = arrow_schema_error(connection, copy_schema(schema));
  if (!error) return {};
  for (int64_t i = 0; i < schema.n_children; ++i) {
    if (auto column_error = arrow_schema_error(connection, copy_column_schema(schema, i))) {
      const char* name = schema.children[i]->name != nullptr ? schema.children[i]->name : "";
      column_error->message = "cannot import column \"" + std::string(name) + "\": " + column_error->message;
      return *column_error;
    }
  }
  return *error;
}

__extension__ using Int128 = __int128;

LogicalType make_type(duckdb_type id) {
  return LogicalType(duckdb_create_logical_type(id));
}

LogicalType make_list_type(const LogicalType& child) {
  return LogicalType(duckdb_create_list_type(child.get()));
}

LogicalType make_struct_type(std::vector<LogicalType>& member_types, const std::vector<std::string>& names) {
  std::vector<duckdb_logical_type> raw_types;
  std::vector<const char*> raw_names;
  for (size_t i = 0; i < names.size(); ++i) {
    raw_types.push_back(member_types[i].get());
    raw_names.push_back(names[i].c_str());
  }
  return LogicalType(duckdb_create_struct_type(raw_types.data(), raw_names.data(), names.size()));
}

std::vector<std::string> struct_member_names(duckdb_logical_type type) {
  std::vector<std::string> names;
  for (idx_t i = 0; i < duckdb_struct_type_child_count(type); ++i) {
    DuckString name(duckdb_struct_type_child_name(type, i));
    names.emplace_back(name ? name.get() : "");
  }
  return names;
}

// The integer types parameter values produce.
bool is_integer(duckdb_type id) {
  return id == DUCKDB_TYPE_BIGINT || id == DUCKDB_TYPE_UBIGINT || id == DUCKDB_TYPE_HUGEINT;
}

int integer_digits(duckdb_type id) {
  switch (id) {
    case DUCKDB_TYPE_BIGINT:
      return 19;
    case DUCKDB_TYPE_UBIGINT:
      return 20;
    default:
      return 39;
  }
}

bool is_numeric(duckdb_type id) {
  return is_integer(id) || id == DUCKDB_TYPE_DECIMAL || id == DUCKDB_TYPE_DOUBLE;
}

constexpr int kMaxDecimalWidth = 38;

// A DECIMAL wide enough for the integer digits and the scale of both sides, capped at 38 digits; a
// value that still does not fit makes building the list fail.
LogicalType common_decimal_type(int integer_digits, int scale) {
  const int width = std::min(kMaxDecimalWidth, integer_digits + scale);
  return LogicalType(duckdb_create_decimal_type(static_cast<uint8_t>(width), static_cast<uint8_t>(scale)));
}

std::optional<LogicalType> common_type(duckdb_logical_type a, duckdb_logical_type b);

// A new, owned copy of a type borrowed from a value.
LogicalType copy_type(duckdb_logical_type type) {
  return std::move(common_type(type, type).value());
}

std::optional<LogicalType> common_numeric_type(duckdb_logical_type a, duckdb_logical_type b) {
  const duckdb_type a_id = duckdb_get_type_id(a);
  const duckdb_type b_id = duckdb_get_type_id(b);
  if (a_id == DUCKDB_TYPE_DOUBLE || b_id == DUCKDB_TYPE_DOUBLE) return make_type(DUCKDB_TYPE_DOUBLE);
  if (is_integer(a_id) && is_integer(b_id)) {
    if (a_id == b_id) return make_type(a_id);
    const bool needs_hugeint = a_id == DUCKDB_TYPE_HUGEINT || b_id == DUCKDB_TYPE_HUGEINT ||
                               a_id == DUCKDB_TYPE_UBIGINT || b_id == DUCKDB_TYPE_UBIGINT;
    return make_type(needs_hugeint ? DUCKDB_TYPE_HUGEINT : DUCKDB_TYPE_BIGINT);
  }
  auto digits_and_scale = [](duckdb_logical_type type, duckdb_type id) {
    if (id != DUCKDB_TYPE_DECIMAL) return std::pair{integer_digits(id), 0};
    const int scale = duckdb_decimal_scale(type);
    return std::pair{duckdb_decimal_width(type) - scale, scale};
  };
  const auto [a_digits, a_scale] = digits_and_scale(a, a_id);
  const auto [b_digits, b_scale] = digits_and_scale(b, b_id);
  return common_decimal_type(std::max(a_digits, b_digits), std::max(a_scale, b_scale));
}

std::optional<LogicalType> common_struct_type(duckdb_logical_type a, duckdb_logical_type b) {
  const std::vector<std::string> names = struct_member_names(a);
  if (names != struct_member_names(b)) return std::nullopt;
  std::vector<LogicalType> member_types;
  for (idx_t i = 0; i < names.size(); ++i) {
    LogicalType a_member(duckdb_struct_type_child_type(a, i));
    LogicalType b_member(duckdb_struct_type_child_type(b, i));
    auto common = common_type(a_member.get(), b_member.get());
    if (!common) return std::nullopt;
    member_types.push_back(std::move(*common));
  }
  return make_struct_type(member_types, names);
}

// The type list items of types `a` and `b` are cast to, or nullopt when there is none. NULL goes
// with anything; numbers widen (BIGINT with UBIGINT to HUGEINT, integers and decimals to a DECIMAL
// with room for both, anything with DOUBLE to DOUBLE); lists, and structs with the same member
// names, combine member by member; other types only match themselves.
std::optional<LogicalType> common_type(duckdb_logical_type a, duckdb_logical_type b) {
  const duckdb_type a_id = duckdb_get_type_id(a);
  const duckdb_type b_id = duckdb_get_type_id(b);
  if (a_id == DUCKDB_TYPE_SQLNULL) return b_id == DUCKDB_TYPE_SQLNULL ? make_type(a_id) : copy_type(b);
  if (b_id == DUCKDB_TYPE_SQLNULL) return copy_type(a);
  if (is_numeric(a_id) && is_numeric(b_id)) return common_numeric_type(a, b);
  if (a_id != b_id) return std::nullopt;
  if (a_id == DUCKDB_TYPE_LIST) {
    LogicalType a_child(duckdb_list_type_child_type(a));
    LogicalType b_child(duckdb_list_type_child_type(b));
    auto child = common_type(a_child.get(), b_child.get());
    if (!child) return std::nullopt;
    return make_list_type(*child);
  }
  if (a_id == DUCKDB_TYPE_STRUCT) return common_struct_type(a, b);
  return make_type(a_id);
}

Int128 to_int128(int64_t upper, uint64_t lower) {
  return static_cast<Int128>(upper) * (Int128{1} << 64) + static_cast<Int128>(lower);
}

bool fits_decimal_width(const DecimalValue& decimal) {
  Int128 limit = 1;
  for (int i = 0; i < decimal.width; ++i) limit *= 10;
  const Int128 unscaled = to_int128(decimal.upper, decimal.lower);
  return unscaled < limit && unscaled > -limit;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

Error invalid_value(std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message)};
}

constexpr int64_t kMicrosPerDay = 86'400'000'000;

Result<ValueHandle> to_duckdb_value(const Value& value);

// Owned DuckDB values, and the raw array of them that DuckDB's list and struct constructors take.
struct ConvertedValues {
  std::vector<ValueHandle> handles;
  std::vector<duckdb_value> values;
};

Result<ConvertedValues> convert_all(const std::vector<const Value*>& items) {
  ConvertedValues converted;
  for (const Value* item : items) {
    auto handle = to_duckdb_value(*item);
    if (!handle) return handle.error();
    converted.values.push_back(handle->get());
    converted.handles.push_back(std::move(handle).value());
  }
  return converted;
}

// The element type is the common type of the items. An empty or all-NULL list gets DuckDB's NULL
// element type, as the literal [] does: it casts implicitly to any list type.
Result<ValueHandle> to_duckdb_list(const ListValue& list) {
  std::vector<const Value*> items;
  for (const Value& item : list.items) items.push_back(&item);
  auto converted = convert_all(items);
  if (!converted) return converted.error();
  LogicalType element_type = make_type(DUCKDB_TYPE_SQLNULL);
  for (duckdb_value item : converted->values) {
    auto common = common_type(element_type.get(), duckdb_get_value_type(item));
    if (!common) return invalid_value("list items have different types");
    element_type = std::move(*common);
  }
  // DuckDB refuses a null array pointer even for an empty list.
  duckdb_value no_items = nullptr;
  duckdb_value* values = converted->values.empty() ? &no_items : converted->values.data();
  ValueHandle result(duckdb_create_list_value(element_type.get(), values, converted->values.size()));
  if (!result) return invalid_value("list items cannot be converted to a common type");
  return result;
}

Result<ValueHandle> to_duckdb_struct(const StructValue& record) {
  if (record.members.empty()) return invalid_value("a struct needs at least one member");
  std::vector<std::string> names;
  std::vector<const Value*> members;
  for (const auto& [name, member] : record.members) {
    if (name.empty()) return invalid_value("struct member names cannot be empty");
    for (const std::string& earlier : names) {
      if (equal_ignoring_ascii_case(earlier, name)) {
        return invalid_value("duplicate struct member \"" + name + "\"");
      }
    }
    names.push_back(name);
    members.push_back(&member);
  }
  auto converted = convert_all(members);
  if (!converted) return converted.error();
  std::vector<LogicalType> member_types;
  for (duckdb_value member : converted->values) {
    member_types.push_back(copy_type(duckdb_get_value_type(member)));
  }
  LogicalType type = make_struct_type(member_types, names);
  ValueHandle result(duckdb_create_struct_value(type.get(), converted->values.data()));
  if (!result) return invalid_value("cannot build a struct from these members");
  return result;
}

Result<ValueHandle> to_duckdb_value(const Value& value) {
  struct Visitor {
    Result<ValueHandle> operator()(const NullValue&) const { return ValueHandle(duckdb_create_null_value()); }
    Result<ValueHandle> operator()(bool v) const { return ValueHandle(duckdb_create_bool(v)); }
    Result<ValueHandle> operator()(int64_t v) const { return ValueHandle(duckdb_create_int64(v)); }
    Result<ValueHandle> operator()(uint64_t v) const { return ValueHandle(duckdb_create_uint64(v)); }
    Result<ValueHandle> operator()(double v) const { return ValueHandle(duckdb_create_double(v)); }
    Result<ValueHandle> operator()(const std::string& v) const {
      return ValueHandle(duckdb_create_varchar_length(v.data(), v.size()));
    }
    Result<ValueHandle> operator()(const BlobValue& v) const {
      const auto* bytes = reinterpret_cast<const uint8_t*>(v.bytes.data());
      return ValueHandle(duckdb_create_blob(bytes, v.bytes.size()));
    }
    Result<ValueHandle> operator()(const DateValue& v) const {
      return ValueHandle(duckdb_create_date(duckdb_date{v.days}));
    }
    Result<ValueHandle> operator()(const TimeValue& v) const {
      if (v.micros < 0 || v.micros > kMicrosPerDay) return invalid_value("time of day out of range");
      return ValueHandle(duckdb_create_time(duckdb_time{v.micros}));
    }
    Result<ValueHandle> operator()(const TimestampValue& v) const {
      const duckdb_timestamp timestamp{v.micros};
      return ValueHandle(v.with_time_zone ? duckdb_create_timestamp_tz(timestamp)
                                          : duckdb_create_timestamp(timestamp));
    }
    Result<ValueHandle> operator()(const IntervalValue& v) const {
      return ValueHandle(duckdb_create_interval(duckdb_interval{v.months, v.days, v.micros}));
    }
    Result<ValueHandle> operator()(const HugeIntValue& v) const {
      return ValueHandle(duckdb_create_hugeint(duckdb_hugeint{v.lower, v.upper}));
    }
    Result<ValueHandle> operator()(const DecimalValue& v) const {
      // DuckDB aborts on widths it cannot represent and on values wider than their width.
      const std::string type = "DECIMAL(" + std::to_string(v.width) + "," + std::to_string(v.scale) + ")";
      if (v.width < 1 || v.width > kMaxDecimalWidth || v.scale > v.width) {
        return invalid_value("invalid " + type);
      }
      if (!fits_decimal_width(v)) return invalid_value("value does not fit " + type);
      const duckdb_hugeint unscaled{v.lower, v.upper};
      return ValueHandle(duckdb_create_decimal(duckdb_decimal{v.width, v.scale, unscaled}));
    }
    Result<ValueHandle> operator()(const ListValue& v) const { return to_duckdb_list(v); }
    Result<ValueHandle> operator()(const StructValue& v) const { return to_duckdb_struct(v); }
  };
  return std::visit(Visitor{}, value.v);
}

Result<void> bind_one(duckdb_prepared_statement statement, idx_t index, const Value& raw,
                      const std::string& parameter) {
  auto value = to_duckdb_value(raw);
  if (!value) return Error{ErrorKind::kInvalidInput, parameter + ": " + value.error().message};
  if (duckdb_bind_value(statement, index, value->get()) == DuckDBError) {
    return Error{ErrorKind::kInvalidInput, "cannot bind " + parameter};
  }
  return {};
}

Result<void> bind(duckdb_prepared_statement statement, const Parameters& parameters) {
  duckdb_clear_bindings(statement);
  const idx_t expected = duckdb_nparams(statement);
  if (!parameters.positional.empty() && parameters.positional.size() != expected) {
    return Error{ErrorKind::kInvalidInput, "expected " + std::to_string(expected) + " parameters, got " +
                                               std::to_string(parameters.positional.size())};
  }
  for (idx_t i = 0; i < parameters.positional.size(); ++i) {
    const std::string parameter = "parameter " + std::to_string(i + 1);
    if (auto bound = bind_one(statement, i + 1, parameters.positional[i], parameter); !bound) return bound;
  }
  for (const auto& [name, raw] : parameters.named) {
    idx_t index = 0;
    if (duckdb_bind_parameter_index(statement, &index, name.c_str()) == DuckDBError) {
      return Error{ErrorKind::kInvalidInput, "unknown parameter: " + name};
    }
    if (auto bound = bind_one(statement, index, raw, "parameter \"" + name + "\""); !bound) return bound;
  }
  return {};
}

}  // namespace

StatementKind statement_kind_of(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_SELECT:
    case DUCKDB_STATEMENT_TYPE_EXPLAIN:
    case DUCKDB_STATEMENT_TYPE_PRAGMA:
      return StatementKind::kQuery;
    case DUCKDB_STATEMENT_TYPE_INSERT:
      return StatementKind::kInsert;
    case DUCKDB_STATEMENT_TYPE_UPDATE:
      return StatementKind::kUpdate;
    case DUCKDB_STATEMENT_TYPE_DELETE:
      return StatementKind::kDelete;
    case DUCKDB_STATEMENT_TYPE_CREATE:
    case DUCKDB_STATEMENT_TYPE_DROP:
    case DUCKDB_STATEMENT_TYPE_ALTER:
      return StatementKind::kDdl;
    case DUCKDB_STATEMENT_TYPE_TRANSACTION:
      return StatementKind::kTransaction;
    default:
      return StatementKind::kOther;
  }
}

size_t DuckPreparedStatement::parameter_count() const {
  return duckdb_nparams(handle_.get());
}

std::vector<std::string> DuckPreparedStatement::parameter_names() const {
  std::vector<std::string> names;
  for (idx_t i = 1; i <= duckdb_nparams(handle_.get()); ++i) {
    DuckString name(const_cast<char*>(duckdb_parameter_name(handle_.get(), i)));
    names.emplace_back(name ? name.get() : "");
  }
  return names;
}

StatementKind DuckPreparedStatement::kind() const {
  return statement_kind_of(duckdb_prepared_statement_type(handle_.get()));
}

Result<std::unique_ptr<ResultStream>> DuckSession::execute(std::string_view sql) {
  interrupted_ = false;
  if (duckdb_prepared_statement cached = statements_.find(sql)) return run(cached);
  const std::string text(sql);
  ExtractedStatements extracted;
  const idx_t count = duckdb_extract_statements(connection_.get(), text.c_str(), extracted.out());
  if (count == 0) {
    const char* message = duckdb_extract_statements_error(extracted.get());
    if (message != nullptr) return make_error_from_message(message);
    return Error{ErrorKind::kInvalidInput, "no statement to execute"};
  }
  for (idx_t i = 0; i < count; ++i) {
    Prepared statement;
    if (duckdb_prepare_extracted_statement(connection_.get(), extracted.get(), i, statement.out()) ==
        DuckDBError) {
      return make_error_from_message(duckdb_prepare_error(statement.get()));
    }
    if (count == 1) return run(statements_.keep(sql, std::move(statement)));
    auto result = run(statement.get());
    if (!result || i + 1 == count) return result;
    // Earlier statements run to completion; only the last one streams to the caller.
    while (true) {
      auto chunk = result.value()->next();
      if (!chunk) return chunk.error();
      if (!chunk.value()) break;
    }
  }
  return Error{ErrorKind::kInternal, "unreachable"};
}

Result<std::unique_ptr<PreparedStatement>> DuckSession::prepare(std::string_view sql) {
  const std::string text(sql);
  Prepared statement;
  if (duckdb_prepare(connection_.get(), text.c_str(), statement.out()) == DuckDBError) {
    return make_error_from_message(duckdb_prepare_error(statement.get()));
  }
  return std::unique_ptr<PreparedStatement>(std::make_unique<DuckPreparedStatement>(std::move(statement)));
}

Result<std::unique_ptr<ResultStream>> DuckSession::execute(PreparedStatement& statement,
                                                           const Parameters& parameters) {
  interrupted_ = false;
  auto& prepared = dynamic_cast<DuckPreparedStatement&>(statement);
  if (auto bound = bind(prepared.get(), parameters); !bound) return bound.error();
  return run(prepared.get());
}

Result<std::unique_ptr<ResultStream>> DuckSession::run(duckdb_prepared_statement statement) {
  Pending pending;
  if (duckdb_pending_prepared_streaming(statement, pending.out()) == DuckDBError) {
    return make_error_from_message(duckdb_pending_error(pending.get()));
  }
  // Drive execution on this worker thread one task at a time; duckdb_interrupt from another thread
  // makes the next task fail. When DuckDB's own threads hold the remaining tasks, block in
  // duckdb_execute_pending instead of spinning.
  duckdb_pending_state state = DUCKDB_PENDING_RESULT_NOT_READY;
  while (state == DUCKDB_PENDING_RESULT_NOT_READY) {
    if (interrupted_) return interrupted_error();
    state = duckdb_pending_execute_task(pending.get());
  }
  if (state == DUCKDB_PENDING_ERROR) return make_error_from_message(duckdb_pending_error(pending.get()));
  auto result = std::make_unique<QueryResult>();
  if (duckdb_execute_pending(pending.get(), result->out()) == DuckDBError) {
    return make_error(duckdb_result_error_type(result->get()), duckdb_result_error(result->get()));
  }
  return DuckResultStream::create(std::move(result),
                                  statement_kind_of(duckdb_prepared_statement_type(statement)));
}

Result<void> DuckSession::run_to_end(const std::string& sql) {
  Prepared statement;
  if (duckdb_prepare(connection_.get(), sql.c_str(), statement.out()) == DuckDBError) {
    return make_error_from_message(duckdb_prepare_error(statement.get()));
  }
  auto result = run(statement.get());
  if (!result) return result.error();
  while (true) {
    auto chunk = result.value()->next();
    if (!chunk) return chunk.error();
    if (!chunk.value()) return {};
  }
}

// DuckDB scans the batches through a view named for this upload alone (duckdb_arrow_scan takes
// no schema), created, read and dropped inside the transaction that creates the table.
Result<int64_t> DuckSession::create_table_from_arrow(const std::string& table_name, const ArrowSchema& schema,
                                                     std::vector<arrow::OwnedArray>& batches) {
  interrupted_ = false;
  auto target = quote_table_name(table_name);
  if (!target) return target.error();
  if (schema.n_children == 0) return Error{ErrorKind::kInvalidInput, "cannot create a table without columns"};
  if (auto checked = check_arrow_schema(connection_.get(), schema); !checked) return checked.error();
  // The scan's view would fail in a read-only database without saying why.
  auto read_only =
      execute("SELECT 1 FROM duckdb_databases() WHERE database_name = current_database() AND readonly");
  if (!read_only) return read_only.error();
  auto read_only_row = read_only.value()->next();
  if (!read_only_row) return read_only_row.error();
  if (read_only_row.value() && read_only_row.value()->rows() > 0) {
    return Error{ErrorKind::kPermission, "cannot create a table: the database is opened read-only"};
  }
  read_only.value().reset();
  int64_t rows = 0;
  for (const arrow::OwnedArray& batch : batches) rows += batch->length;

  if (auto begun = run_to_end("BEGIN TRANSACTION"); !begun) return begun.error();
  ArrowBatchStream stream(schema, batches);
  const std::string view = unique_upload_view_name();
  auto created = [&]() -> Result<void> {
    if (duckdb_arrow_scan(connection_.get(), view.c_str(),
                          reinterpret_cast<duckdb_arrow_stream>(stream.get())) == DuckDBError) {
      return Error{ErrorKind::kInvalidInput, "DuckDB could not scan the Arrow data"};
    }
    if (auto filled = run_to_end("CREATE OR REPLACE TABLE " + target.value() + " AS SELECT * FROM " +
                                 quote_identifier(view));
        !filled) {
      return filled.error();
    }
    if (auto dropped = run_to_end("DROP VIEW " + quote_identifier(view)); !dropped) return dropped.error();
    return run_to_end("COMMIT");
  }();
  if (!created) {
    QueryResult rollback;
    duckdb_query(connection_.get(), "ROLLBACK", rollback.out());
    return created.error();
  }
  return rows;
}

void DuckSession::interrupt() {
  interrupted_ = true;
  duckdb_interrupt(connection_.get());
}

Progress DuckSession::progress() {
  const duckdb_query_progress_type raw = duckdb_query_progress(connection_.get());
  return Progress{raw.percentage, raw.rows_processed, raw.total_rows_to_process};
}

}  // namespace duckwire::duckdb
