#pragma once
// The PostgreSQL traffic corpus (tests/data/pg_corpus): the statements of each client's log and
// the result columns PostgreSQL 15 described for them in the wire trace.

#include <map>
#include <string>
#include <vector>

namespace duckwire::pg_corpus {

struct LoggedStatement {
  int entry = 0;                    // 1-based position of the entry in the log
  std::string text;                 // as logged
  std::vector<std::string> values;  // $1, $2 ... as SQL literals ("'16634'", "NULL")
  bool refused = false;             // PostgreSQL answered with an error
};

struct DescribedColumn {
  std::string name;
  uint32_t type_oid = 0;
};

// The statements of `<client>.log`.
std::vector<LoggedStatement> read_log(const std::string& path);

// The RowDescriptions PostgreSQL sent for the statements of `<client>.wire.txt`, keyed by
// statement_key(the statement's text), in the order sent (statements may share a key: psql's \d
// and \d+ queries differ after 200 characters).
std::map<std::string, std::vector<std::vector<DescribedColumn>>> read_row_descriptions(
    const std::string& path);

// A statement's text as the wire trace shows it: whitespace runs collapsed to one space, at most
// 200 characters.
std::string statement_key(const std::string& text);

// The statement with each $n replaced by its logged value.
std::string with_values(const std::string& text, const std::vector<std::string>& values);

}  // namespace duckwire::pg_corpus
