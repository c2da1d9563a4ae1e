#pragma once
// COPY FROM STDIN's binary input (PGCOPY signature, flags, header extension, tuples of length-prefixed
// fields, the -1 trailer), read incrementally. Fields stay in their binary wire form; the caller decodes
// them by the column types.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/pgwire/commands/copy_in_parser.hpp"

namespace duckwire::pgwire::commands {

class CopyBinaryInParser {
 public:
  CopyBinaryInParser(size_t column_count, size_t max_row_bytes);

  std::optional<CopyInputError> feed(std::string_view bytes, const CopyInParser::RowSink& sink);
  std::optional<CopyInputError> finish(const CopyInParser::RowSink& sink);

 private:
  std::optional<CopyInputError> drain(const CopyInParser::RowSink& sink);
  CopyInputError error(std::string message) const;

  size_t column_count_;
  size_t max_row_bytes_;
  std::string buffer_;
  bool header_read_ = false;
  bool trailer_read_ = false;
  int64_t tuple_ = 0;
  std::vector<CopyField> fields_;
};

}  // namespace duckwire::pgwire::commands
