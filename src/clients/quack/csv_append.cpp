#include "clients/quack/csv_append.hpp"

#include <optional>
#include <vector>

#include "clients/quack/csv_reader.hpp"
#include "protocols/quack/data_chunk_writer.hpp"
#include "util/utf8.hpp"

namespace duckwire::quack_client {

namespace {

Error invalid(std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message)};
}

std::string quoted_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string display_name(const TableName& name) {
  return name.schema.empty() ? name.table : name.schema + "." + name.table;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

// The table's column names, from the names of an empty SELECT.
Result<std::vector<std::string>> table_columns(QuackClient& client, const TableName& table) {
  std::string sql = "SELECT * FROM ";
  if (!table.schema.empty()) sql += quoted_identifier(table.schema) + ".";
  sql += quoted_identifier(table.table) + " LIMIT 0";
  auto result = client.query(sql);
  if (!result) return result.error();
  while (true) {
    auto chunk = result->next_chunk();
    if (!chunk) return chunk.error();
    if (chunk.value() == nullptr) break;
  }
  return result->names();
}

// For each table column, the CSV column that holds it.
Result<std::vector<size_t>> match_columns(const std::vector<std::string>& table_columns,
                                          const std::vector<CsvField>& header, const TableName& table) {
  std::vector<std::optional<size_t>> owner(header.size());
  std::vector<size_t> source;
  for (size_t column = 0; column < table_columns.size(); ++column) {
    const std::string& name = table_columns[column];
    std::optional<size_t> found;
    for (size_t i = 0; i < header.size() && !found; ++i) {
      if (header[i].text == name) found = i;
    }
    for (size_t i = 0; i < header.size() && !found; ++i) {
      if (!owner[i] && equal_ignoring_case(header[i].text, name)) found = i;
    }
    if (!found) return invalid("the CSV header has no column \"" + name + "\" of " + display_name(table));
    if (owner[*found]) {
      return invalid("the CSV column \"" + header[*found].text + "\" matches two columns of " +
                     display_name(table));
    }
    owner[*found] = column;
    source.push_back(*found);
  }
  for (size_t i = 0; i < header.size(); ++i) {
    if (!owner[i]) {
      return invalid("the CSV column \"" + header[i].text + "\" is not a column of " + display_name(table));
    }
  }
  return source;
}

// A DataChunk object of VARCHAR columns, one per table column, from the batch's records.
Result<quack::EncodedChunk> varchar_chunk(const std::vector<std::vector<CsvField>>& records,
                                          const std::vector<size_t>& source,
                                          const std::vector<quack::LogicalType>& types) {
  quack::EncodedChunk chunk;
  quack::DataChunkWriter writer(chunk);
  writer.begin(records.size(), types);
  std::vector<std::string_view> values(records.size());
  std::vector<uint64_t> validity(quack::validity_words(records.size()));
  for (const size_t field : source) {
    std::fill(validity.begin(), validity.end(), ~uint64_t{0});
    bool any_null = false;
    for (size_t row = 0; row < records.size(); ++row) {
      const CsvField& value = records[row][field];
      values[row] = value.text;
      if (value.is_null()) {
        validity[row / 64] &= ~(uint64_t{1} << (row % 64));
        any_null = true;
      }
    }
    writer.string_vector(values, any_null ? validity.data() : nullptr);
  }
  if (auto finished = writer.finish(); !finished) return finished.error();
  return chunk;
}

class CsvAppender {
 public:
  CsvAppender(QuackClient& client, const TableName& table, std::istream& csv, size_t rows_per_chunk)
      : client_(client),
        table_(table),
        reader_(csv),
        rows_per_chunk_(rows_per_chunk == 0 ? 1 : rows_per_chunk) {}

  Result<uint64_t> run() {
    auto columns = table_columns(client_, table_);
    if (!columns) return columns.error();
    std::vector<CsvField> header;
    auto read = reader_.next(header);
    if (!read) return read.error();
    if (!read.value()) return invalid("the CSV input is empty: a header row of column names comes first");
    auto source = match_columns(columns.value(), header, table_);
    if (!source) return source.error();
    source_ = std::move(source).value();
    field_count_ = header.size();
    types_.assign(source_.size(), quack::LogicalType::of(quack::LogicalTypeId::kVarchar));

    if (auto begun = run_statement("BEGIN TRANSACTION"); !begun) return begun.error();
    auto appended = append_records();
    if (!appended) {
      (void)run_statement("ROLLBACK");
      return appended.error();
    }
    if (auto committed = run_statement("COMMIT"); !committed) return committed.error();
    return appended;
  }

 private:
  Result<void> run_statement(std::string_view sql) {
    auto result = client_.query(sql);
    if (!result) return result.error();
    while (true) {
      auto chunk = result->next_chunk();
      if (!chunk) return chunk.error();
      if (chunk.value() == nullptr) return {};
    }
  }

  Result<uint64_t> append_records() {
    uint64_t appended = 0;
    std::vector<std::vector<CsvField>> batch;
    uint64_t first_line = 0;
    while (true) {
      std::vector<CsvField> record;
      auto read = reader_.next(record);
      if (!read) return read.error();
      if (read.value()) {
        const bool blank = record.size() == 1 && record[0].is_null();
        if (blank && field_count_ > 1) continue;
        if (record.size() != field_count_) {
          return invalid("CSV line " + std::to_string(reader_.record_line()) + ": " +
                         std::to_string(record.size()) + " fields where the header has " +
                         std::to_string(field_count_));
        }
        for (const CsvField& field : record) {
          if (!is_valid_utf8(field.text)) {
            return invalid("CSV line " + std::to_string(reader_.record_line()) + ": invalid UTF-8");
          }
        }
        if (batch.empty()) first_line = reader_.record_line();
        batch.push_back(std::move(record));
      }
      if (!batch.empty() && (batch.size() == rows_per_chunk_ || !read.value())) {
        auto chunk = varchar_chunk(batch, source_, types_);
        if (!chunk) return chunk.error();
        if (auto sent = client_.append(table_.schema, table_.table, std::move(chunk).value()); !sent) {
          Error error = sent.error();
          error.message = "CSV lines " + std::to_string(first_line) + "-" +
                          std::to_string(reader_.record_line()) + ": " + error.message;
          return error;
        }
        appended += batch.size();
        batch.clear();
      }
      if (!read.value()) return appended;
    }
  }

  QuackClient& client_;
  const TableName& table_;
  CsvReader reader_;
  size_t rows_per_chunk_;
  std::vector<size_t> source_;
  size_t field_count_ = 0;
  std::vector<quack::LogicalType> types_;
};

}  // namespace

Result<TableName> parse_table_name(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  bool part_was_quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        parts.back().push_back(c);
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        parts.back().push_back('"');
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      if (!parts.back().empty()) return invalid("invalid table name '" + std::string(text) + "'");
      quoted = true;
      part_was_quoted = true;
    } else if (c == '.') {
      if (parts.back().empty() && !part_was_quoted)
        return invalid("invalid table name '" + std::string(text) + "'");
      parts.emplace_back();
      part_was_quoted = false;
    } else {
      parts.back().push_back(c);
    }
  }
  if (quoted) return invalid("invalid table name '" + std::string(text) + "': a quote is not closed");
  if (parts.back().empty()) return invalid("invalid table name '" + std::string(text) + "'");
  if (parts.size() > 2) {
    return invalid("invalid table name '" + std::string(text) + "': APPEND takes SCHEMA.TABLE or TABLE");
  }
  if (parts.size() == 1) return TableName{"", parts[0]};
  return TableName{parts[0], parts[1]};
}

Result<uint64_t> append_csv(QuackClient& client, const TableName& table, std::istream& csv,
                            size_t rows_per_chunk) {
  return CsvAppender(client, table, csv, rows_per_chunk).run();
}

}  // namespace duckwire::quack_client
