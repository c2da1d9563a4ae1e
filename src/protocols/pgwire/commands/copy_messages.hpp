#pragma once
// The COPY sub-protocol's backend messages (CopyInResponse, CopyOutResponse, CopyDone); CopyData
// messages of COPY TO come framed from encode/pg_copy_encoder.

#include <string>
#include <vector>

#include "encode/pg_format.hpp"

namespace duckwire::pgwire::commands {

void append_copy_in_response(std::string& out, encode::pg::Format format,
                             const std::vector<encode::pg::Format>& columns);
void append_copy_out_response(std::string& out, encode::pg::Format format,
                              const std::vector<encode::pg::Format>& columns);
void append_copy_done(std::string& out);

}  // namespace duckwire::pgwire::commands
