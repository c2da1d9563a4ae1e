#include "protocols/stream/replies.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>

namespace duckwire::stream {

namespace json = boost::json;

namespace {

std::string message(std::string_view type, json::object data) {
  return json::serialize(json::object{{"type", type}, {"data", std::move(data)}});
}

}  // namespace

std::string query_start(const std::string& query_id, const std::string& sql) {
  return message("query_start", {{"query_id", query_id}, {"sql", sql}});
}

std::string query_progress(const std::string& query_id, const Progress& progress) {
  const double percent = std::round(progress.percentage * 100) / 100;
  return message("query_progress", {{"query_id", query_id},
                                    {"progress", percent},
                                    {"rows_processed", progress.rows_processed},
                                    {"total_rows_to_process", progress.total_rows},
                                    {"message", "Processed " + std::to_string(progress.rows_processed) +
                                                    " of " + std::to_string(progress.total_rows) + " rows"}});
}

std::string result_complete(const std::string& query_id, int64_t total_rows, int64_t total_chunks,
                            double execution_time_ms) {
  return message("result_complete", {{"query_id", query_id},
                                     {"total_rows", total_rows},
                                     {"total_chunks", total_chunks},
                                     {"execution_time_ms", std::round(execution_time_ms * 1000) / 1000}});
}

std::string query_error(const std::string& query_id, const std::string& error) {
  return message("error", {{"query_id", query_id}, {"message", kQueryFailed}, {"error", error}});
}

std::string error_event(const std::string& text, const std::optional<std::string>& query_id) {
  json::object data;
  if (query_id) data["query_id"] = *query_id;
  data["message"] = text;
  return message("error", std::move(data));
}

std::string pong() {
  return R"({"type":"pong","data":{}})";
}

std::string auth_ok(const std::string& principal) {
  json::object data;
  data["principal"] = principal.empty() ? json::value(nullptr) : json::value(principal);
  return message("auth_ok", std::move(data));
}

std::string subscription_reply(bool subscribed, const std::vector<std::string>& events) {
  json::array names;
  for (const std::string& event : events) names.emplace_back(event);
  return message(subscribed ? "subscribed" : "unsubscribed", {{"events", std::move(names)}});
}

std::string event_message(std::string_view type, std::string_view data_json) {
  std::string text = R"({"type":)";
  text += json::serialize(json::string(type));
  text += R"(,"data":)";
  text += data_json;
  text += '}';
  return text;
}

}  // namespace duckwire::stream
