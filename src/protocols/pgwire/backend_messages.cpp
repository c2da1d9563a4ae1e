#include "protocols/pgwire/backend_messages.hpp"

#include <string>

#include "protocols/pgwire/message_writer.hpp"

namespace duckwire::pgwire {

namespace {

enum AuthenticationCode : int32_t {
  kOk = 0,
  kCleartext = 3,
  kMd5 = 5,
  kSasl = 10,
  kSaslContinue = 11,
  kSaslFinal = 12
};

void append_fields(std::string& out, char type, const PgError& error) {
  MessageWriter message(out, type);
  message.byte('S').cstring(error.severity);
  message.byte('V').cstring(error.severity);
  message.byte('C').cstring(error.code);
  message.byte('M').cstring(error.message);
  if (!error.detail.empty()) message.byte('D').cstring(error.detail);
  if (!error.hint.empty()) message.byte('H').cstring(error.hint);
  if (error.position) message.byte('P').cstring(std::to_string(*error.position));
  message.byte(0);
}

void append_empty(std::string& out, char type) {
  MessageWriter message(out, type);
}

}  // namespace

void append_authentication_ok(std::string& out) {
  MessageWriter(out, 'R').int32(kOk);
}

void append_authentication_cleartext(std::string& out) {
  MessageWriter(out, 'R').int32(kCleartext);
}

void append_authentication_md5(std::string& out, std::span<const uint8_t> salt) {
  MessageWriter message(out, 'R');
  message.int32(kMd5).bytes(std::string_view(reinterpret_cast<const char*>(salt.data()), salt.size()));
}

void append_authentication_sasl(std::string& out, std::span<const std::string_view> mechanisms) {
  MessageWriter message(out, 'R');
  message.int32(kSasl);
  for (const std::string_view mechanism : mechanisms) message.cstring(mechanism);
  message.byte(0);
}

void append_authentication_sasl_continue(std::string& out, std::string_view data) {
  MessageWriter(out, 'R').int32(kSaslContinue).bytes(data);
}

void append_authentication_sasl_final(std::string& out, std::string_view data) {
  MessageWriter(out, 'R').int32(kSaslFinal).bytes(data);
}

void append_parameter_status(std::string& out, std::string_view name, std::string_view value) {
  MessageWriter(out, 'S').cstring(name).cstring(value);
}

void append_backend_key_data(std::string& out, int32_t process_id, int32_t secret) {
  MessageWriter(out, 'K').int32(process_id).int32(secret);
}

void append_negotiate_protocol_version(std::string& out, int newest_minor,
                                       const std::vector<std::string>& unrecognised_options) {
  MessageWriter message(out, 'v');
  message.int32(newest_minor).int32(static_cast<int32_t>(unrecognised_options.size()));
  for (const std::string& option : unrecognised_options) message.cstring(option);
}

void append_ready_for_query(std::string& out, TransactionStatus status) {
  MessageWriter(out, 'Z').byte(static_cast<uint8_t>(status));
}

void append_parse_complete(std::string& out) {
  append_empty(out, '1');
}

void append_bind_complete(std::string& out) {
  append_empty(out, '2');
}

void append_close_complete(std::string& out) {
  append_empty(out, '3');
}

void append_no_data(std::string& out) {
  append_empty(out, 'n');
}

void append_portal_suspended(std::string& out) {
  append_empty(out, 's');
}

void append_empty_query_response(std::string& out) {
  append_empty(out, 'I');
}

void append_parameter_description(std::string& out, const std::vector<uint32_t>& type_oids) {
  MessageWriter message(out, 't');
  message.int16(static_cast<int16_t>(type_oids.size()));
  for (const uint32_t oid : type_oids) message.int32(static_cast<int32_t>(oid));
}

void append_row_description(std::string& out, const std::vector<FieldDescription>& fields) {
  MessageWriter message(out, 'T');
  message.int16(static_cast<int16_t>(fields.size()));
  for (const FieldDescription& field : fields) {
    message.cstring(field.name)
        .int32(static_cast<int32_t>(field.table_oid))
        .int16(field.column_number)
        .int32(static_cast<int32_t>(field.type_oid))
        .int16(field.type_length)
        .int32(field.type_modifier)
        .int16(field.format);
  }
}

void append_command_complete(std::string& out, std::string_view tag) {
  MessageWriter(out, 'C').cstring(tag);
}

void append_error_response(std::string& out, const PgError& error) {
  append_fields(out, 'E', error);
}

void append_notice_response(std::string& out, const PgError& notice) {
  append_fields(out, 'N', notice);
}

void append_notification_response(std::string& out, int32_t process_id, std::string_view channel,
                                  std::string_view payload) {
  MessageWriter(out, 'A').int32(process_id).cstring(channel).cstring(payload);
}

}  // namespace duckwire::pgwire
