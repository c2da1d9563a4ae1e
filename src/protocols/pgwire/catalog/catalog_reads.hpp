#pragma once
// Which statements read PostgreSQL's catalog: for a backend that takes the client's text and has its
// catalog emulated (riffq's catalog_emulation), those go to the emulated catalog, the rest to the
// backend.

#include <string_view>

namespace duckwire::pgwire {

// The statement names pg_catalog or information_schema, a pg_* relation or function, or one of the
// functions that tell a client about the server and its session (version(), current_schema(),
// current_database(), current_setting(), format_type(), has_table_privilege(), ...).
bool reads_postgres_catalog(std::string_view sql);

}  // namespace duckwire::pgwire
