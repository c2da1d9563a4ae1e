#pragma once
// COPY FROM STDIN's text and csv input, read incrementally: CopyData messages split rows anywhere,
// complete rows go to the caller as fields, and a partial row waiting for its end is bounded.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "encode/pg_copy_encoder.hpp"
#include "util/error.hpp"

namespace duckwire::pgwire::commands {

struct CopyField {
  std::string value;  // decoded: escapes resolved, quotes removed
  bool null = false;
};

// A row the input got wrong, in PostgreSQL's words: SQLSTATE, message and the line for its CONTEXT.
struct CopyInputError {
  std::string sqlstate;
  std::string message;
  int64_t line = 0;
  std::string line_text;  // the row as it came, for `COPY t, line 3: "..."`
};

class CopyInParser {
 public:
  // `options` has PostgreSQL's defaults filled in (text or csv); `columns` names the copied columns in
  // order. `force_not_null`/`force_null` are csv's column lists.
  CopyInParser(const encode::pg::CopyOptions& options, std::vector<std::string> columns,
               const std::vector<std::string>& force_not_null, const std::vector<std::string>& force_null,
               size_t max_row_bytes);

  // Called with each complete row (fields in column order) and its line number; an error stops the COPY.
  using RowSink =
      std::function<std::optional<CopyInputError>(const std::vector<CopyField>& fields, int64_t line)>;

  std::optional<CopyInputError> feed(std::string_view bytes, const RowSink& sink);
  // End of input (CopyDone): the last row may lack its newline.
  std::optional<CopyInputError> finish(const RowSink& sink);

 private:
  std::optional<CopyInputError> drain(const RowSink& sink, bool at_end);
  std::optional<CopyInputError> row(std::string_view text, const RowSink& sink);
  std::optional<CopyInputError> split_text(std::string_view text);
  std::optional<CopyInputError> split_csv(std::string_view text);
  CopyInputError error(std::string sqlstate, std::string message, std::string_view text) const;
  std::optional<CopyInputError> check_field_count(size_t count, std::string_view text) const;

  encode::pg::CopyOptions options_;
  std::vector<std::string> columns_;
  std::vector<bool> force_not_null_;
  std::vector<bool> force_null_;
  size_t max_row_bytes_;
  std::string buffer_;      // bytes of rows not yet complete
  size_t scanned_ = 0;      // how far buffer_ was searched for a row end
  bool in_quotes_ = false;  // csv: the scan stopped inside a quoted field
  bool header_pending_;
  bool ended_ = false;     // the end marker \. was read: the rest is ignored
  int64_t line_ = 0;       // lines read so far
  int64_t row_lines_ = 0;  // lines of the current row (csv rows may span lines)
  std::vector<CopyField> fields_;
};

}  // namespace duckwire::pgwire::commands
