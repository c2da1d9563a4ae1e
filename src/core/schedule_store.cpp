#include "core/schedule_store.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

#include <fmt/format.h>

#include "backend/duckdb/arrow_import.hpp"
#include "encode/result_encoder.hpp"

namespace duckwire {

namespace json = boost::json;

namespace {

constexpr const char* kSchema = "duckwire";
constexpr const char* kTable = "schedules";

// Every row of a result as JSON arrays of its values (the plain JSON encoding of /sql).
Result<json::array> read_rows(ResultStream& stream) {
  auto encoder = encode::make_result_encoder(encode::ResultFormat::kJsonRows, stream.schema());
  std::string text;
  if (auto begun = encoder->begin(text); !begun) return begun.error();
  while (true) {
    auto chunk = stream.next();
    if (!chunk) return chunk.error();
    if (!chunk.value()) break;
    if (auto written = encoder->write(*chunk.value(), text); !written) return written.error();
  }
  if (auto finished = encoder->finish(text); !finished) return finished.error();
  boost::system::error_code ec;
  json::value rows = json::parse(text, ec);
  if (ec || !rows.is_array()) return Error{ErrorKind::kInternal, "unreadable rows: " + text.substr(0, 200)};
  return std::move(rows.get_array());
}

std::optional<int64_t> whole_number(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (!value.is_string()) return std::nullopt;
  const json::string& text = value.get_string();
  int64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

// A stored row as a schedule, or why it is not one.
Result<ScheduleDefinition> definition_of(const json::value& row) {
  if (!row.is_array() || row.get_array().size() != 5) return Error{ErrorKind::kInvalidInput, "not 5 columns"};
  const json::array& values = row.get_array();
  ScheduleDefinition schedule;
  const auto id = whole_number(values[0]);
  const auto every = whole_number(values[3]);
  if (!id || !values[1].is_string() || !values[2].is_string() || !every) {
    return Error{ErrorKind::kInvalidInput, "id, name, sql or every_seconds is missing"};
  }
  schedule.id = *id;
  schedule.spec = {std::string(values[1].get_string()), std::string(values[2].get_string()), *every};
  if (values[4].is_string()) schedule.principal = std::string(values[4].get_string());
  if (auto invalid = invalid_schedule(schedule.spec)) return *invalid;
  return schedule;
}

}  // namespace

ScheduleStore::ScheduleStore(Backend& backend, bool read_only)
    : backend_(backend), persists_(!read_only && backend.dialect() == SqlDialect::kDuckDb) {}

Result<Session*> ScheduleStore::session() {
  if (session_) return session_.get();
  auto connected = backend_.connect();
  if (!connected) return connected.error();
  session_ = std::move(connected).value();
  auto catalog = session_->execute("SELECT current_database()");
  if (!catalog) return catalog.error();
  auto rows = read_rows(*catalog.value());
  if (!rows) return rows.error();
  if (rows->empty() || !rows->front().is_array() || !rows->front().get_array().front().is_string()) {
    return Error{ErrorKind::kInternal, "the database has no name"};
  }
  const std::string name(rows->front().get_array().front().get_string());
  table_ = duckdb::quote_identifier(name) + "." + kSchema + "." + kTable;
  return session_.get();
}

Result<void> ScheduleStore::write(std::string_view statement, const Parameters& parameters) {
  if (!persists_) return {};
  std::lock_guard lock(mutex_);
  auto opened = session();
  if (!opened) return opened.error();
  Session& session = *opened.value();
  if (auto made = ensure_table(session); !made) return made.error();
  auto prepared = session.prepare(fmt::format(fmt::runtime(statement), table_));
  if (!prepared) return prepared.error();
  auto executed = session.execute(*prepared.value(), parameters);
  if (!executed) return executed.error();
  return {};
}

Result<void> ScheduleStore::ensure_table(Session& session) {
  auto schema =
      session.execute(std::string("CREATE SCHEMA IF NOT EXISTS ") + table_.substr(0, table_.rfind('.')));
  if (!schema) return schema.error();
  auto table = session.execute("CREATE TABLE IF NOT EXISTS " + table_ +
                               " (id BIGINT PRIMARY KEY, name VARCHAR NOT NULL, sql VARCHAR NOT NULL, "
                               "every_seconds BIGINT NOT NULL, principal VARCHAR, "
                               "created_at TIMESTAMPTZ DEFAULT current_timestamp)");
  if (!table) return table.error();
  return {};
}

std::vector<ScheduleDefinition> ScheduleStore::load() {
  std::lock_guard lock(mutex_);
  std::vector<ScheduleDefinition> schedules;
  // A backend that answers SQL itself would be asked for the table: it has none.
  if (backend_.dialect() != SqlDialect::kDuckDb) return schedules;
  auto opened = session();
  if (!opened) {
    spdlog::error("schedules: cannot open a session to read {}.{}: {}", kSchema, kTable,
                  opened.error().message);
    return schedules;
  }
  Session& session = *opened.value();
  auto read = session.execute(
      "SELECT CAST(id AS VARCHAR), name, sql, CAST(every_seconds AS VARCHAR), principal "
      "FROM " +
      table_ + " ORDER BY id");
  if (!read) {
    // No table: nothing was ever scheduled here (it is created with the first schedule).
    if (read.error().kind != ErrorKind::kCatalog) {
      spdlog::error("schedules: cannot read {}: {}", table_, read.error().message);
    }
    return schedules;
  }
  auto rows = read_rows(*read.value());
  if (!rows) {
    spdlog::error("schedules: cannot read {}: {}", table_, rows.error().message);
    return schedules;
  }
  for (const json::value& row : rows.value()) {
    auto schedule = definition_of(row);
    if (!schedule) {
      spdlog::error("schedules: skipping a row of {} that is not a valid schedule ({}): {}", table_,
                    schedule.error().message, json::serialize(row).substr(0, 200));
      continue;
    }
    if (schedules.size() == ScheduleLimits::kMaxSchedules) {
      spdlog::error("schedules: {} holds more than {} schedules; the rest are not run", table_,
                    ScheduleLimits::kMaxSchedules);
      break;
    }
    schedules.push_back(std::move(schedule).value());
  }
  return schedules;
}

Result<void> ScheduleStore::insert(const ScheduleDefinition& schedule) {
  Parameters parameters;
  parameters.positional = {Value{schedule.id}, Value{schedule.spec.name}, Value{schedule.spec.sql},
                           Value{schedule.spec.every_seconds},
                           schedule.principal.empty() ? Value{NullValue{}} : Value{schedule.principal}};
  return write("INSERT INTO {} (id, name, sql, every_seconds, principal) VALUES ($1, $2, $3, $4, $5)",
               parameters);
}

Result<void> ScheduleStore::remove(int64_t id) {
  Parameters parameters;
  parameters.positional = {Value{id}};
  return write("DELETE FROM {} WHERE id = $1", parameters);
}

void ScheduleStore::close() {
  std::lock_guard lock(mutex_);
  session_.reset();
}

}  // namespace duckwire
