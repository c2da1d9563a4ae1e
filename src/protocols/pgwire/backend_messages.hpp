#pragma once
// Builders of the backend (server) messages, each appending one whole message to `out`.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/pgwire/pg_error.hpp"

namespace duckwire::pgwire {

enum class TransactionStatus : char { kIdle = 'I', kInBlock = 'T', kFailed = 'E' };

// One RowDescription field.
struct FieldDescription {
  std::string name;
  uint32_t table_oid = 0;
  int16_t column_number = 0;
  uint32_t type_oid = 0;
  int16_t type_length = -1;
  int32_t type_modifier = -1;
  int16_t format = 0;
};

void append_authentication_ok(std::string& out);
void append_authentication_cleartext(std::string& out);
void append_authentication_md5(std::string& out, std::span<const uint8_t> salt);
void append_authentication_sasl(std::string& out, std::span<const std::string_view> mechanisms);
void append_authentication_sasl_continue(std::string& out, std::string_view data);
void append_authentication_sasl_final(std::string& out, std::string_view data);
void append_parameter_status(std::string& out, std::string_view name, std::string_view value);
void append_backend_key_data(std::string& out, int32_t process_id, int32_t secret);
void append_negotiate_protocol_version(std::string& out, int newest_minor,
                                       const std::vector<std::string>& unrecognised_options);
void append_ready_for_query(std::string& out, TransactionStatus status);

void append_parse_complete(std::string& out);
void append_bind_complete(std::string& out);
void append_close_complete(std::string& out);
void append_no_data(std::string& out);
void append_portal_suspended(std::string& out);
void append_empty_query_response(std::string& out);
void append_parameter_description(std::string& out, const std::vector<uint32_t>& type_oids);
void append_row_description(std::string& out, const std::vector<FieldDescription>& fields);
void append_command_complete(std::string& out, std::string_view tag);

void append_error_response(std::string& out, const PgError& error);
// A NoticeResponse (WARNING, NOTICE): the same fields as an error.
void append_notice_response(std::string& out, const PgError& notice);
void append_notification_response(std::string& out, int32_t process_id, std::string_view channel,
                                  std::string_view payload);

}  // namespace duckwire::pgwire
