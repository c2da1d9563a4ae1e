#include "protocols/pgwire/portal.hpp"

#include <algorithm>

#include "encode/pg_types.hpp"
#include "protocols/pgwire/array_literals.hpp"
#include "protocols/pgwire/catalog/pg_column_names.hpp"
#include "protocols/pgwire/message_reader.hpp"

namespace duckwire::pgwire {

std::vector<int16_t> Portal::format_codes(size_t count) const {
  std::vector<int16_t> codes(count, 0);
  if (formats.size() == 1) {
    std::fill(codes.begin(), codes.end(), static_cast<int16_t>(formats[0]));
  } else {
    for (size_t i = 0; i < std::min(count, formats.size()); ++i) codes[i] = static_cast<int16_t>(formats[i]);
  }
  return codes;
}

Result<RowsStep> stream_rows(Portal& portal, int64_t limit, size_t max_bytes, std::string& out) {
  RowsStep step;
  while ((limit == 0 || step.rows < limit) && out.size() < max_bytes) {
    if (!portal.chunk || portal.chunk_offset >= portal.chunk->rows()) {
      portal.chunk.reset();
      portal.chunk_offset = 0;
      auto next = portal.stream->next();
      if (!next) return next.error();
      if (!next.value()) {
        step.exhausted = true;
        return step;
      }
      portal.chunk = std::move(*next.value());
      continue;
    }
    int64_t take = portal.chunk->rows() - portal.chunk_offset;
    if (limit != 0) take = std::min(take, limit - step.rows);
    if (auto appended = portal.encoder->append_data_rows(*portal.chunk, portal.chunk_offset, take, out);
        !appended) {
      return appended.error();
    }
    portal.chunk_offset += take;
    step.rows += take;
  }
  return step;
}

Result<std::unique_ptr<ResultStream>> run_rewritten(Session& session,
                                                    const std::vector<std::string>& statements,
                                                    bool in_transaction) {
  if (statements.size() == 1) return session.execute(with_array_literals(session, statements[0]));
  const bool own_transaction = !in_transaction;
  if (own_transaction) {
    if (auto begun = session.execute("BEGIN TRANSACTION"); !begun) return begun.error();
  }
  Result<std::unique_ptr<ResultStream>> last = Error{ErrorKind::kInternal, "no statement to run"};
  for (const std::string& sql : statements) {
    last = session.execute(sql);
    if (!last) break;
    // The earlier statements' results are read to their end before the next one runs.
    if (&sql != &statements.back()) {
      while (true) {
        auto chunk = last.value()->next();
        if (!chunk) {
          last = chunk.error();
          break;
        }
        if (!chunk.value()) break;
      }
      if (!last) break;
    }
  }
  if (own_transaction) {
    if (!last) {
      session.clear_interrupt();
      (void)session.execute("ROLLBACK");
      return last;
    }
    if (auto committed = session.execute("COMMIT"); !committed) return committed.error();
  }
  return last;
}

RowsStep take_spooled_rows(Portal& portal, int64_t limit, std::string& out) {
  RowsStep step;
  size_t at = 0;
  const std::string& bytes = portal.spooled;
  while ((limit == 0 || step.rows < limit) && bytes.size() - at >= 5) {
    const auto length = static_cast<size_t>(read_int32(bytes.data() + at + 1));
    if (bytes.size() - at < 1 + length) break;
    at += 1 + length;
    ++step.rows;
  }
  out.append(bytes, 0, at);
  portal.spooled.erase(0, at);
  step.exhausted = portal.spool_drained && portal.spooled.empty();
  return step;
}

std::vector<Column> with_postgres_names(std::string_view sql, std::vector<Column> columns) {
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (const Column& column : columns) names.push_back(column.name);
  names = pg_column_names(sql, names);
  for (size_t i = 0; i < columns.size() && i < names.size(); ++i) columns[i].name = std::move(names[i]);
  return columns;
}

std::vector<FieldDescription> describe_fields(const std::vector<Column>& columns,
                                              const std::vector<int16_t>& formats) {
  std::vector<FieldDescription> fields;
  fields.reserve(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const encode::pg::PgType type = encode::pg::pg_type_of(columns[i].type);
    FieldDescription field;
    field.name = columns[i].name;
    field.type_oid = type.oid;
    field.type_length = type.length;
    field.type_modifier = type.typmod;
    field.format = i < formats.size() ? formats[i] : 0;
    fields.push_back(std::move(field));
  }
  return fields;
}

}  // namespace duckwire::pgwire
