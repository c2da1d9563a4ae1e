#pragma once
// Queries started over HTTP, so that `POST /cancel` can reach them, but only their owner's cancel:
// a query is found by its queryId together with who started it (the authenticated principal and the
// client's address), so a guessed or overheard queryId from anyone else cancels nothing.

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/query_job.hpp"

namespace duckwire::sqlrooms {

struct QueryOwner {
  std::string principal;  // "user:NAME", "token:N", or empty on a server without authentication
  std::string address;    // the client's network address
};

class HttpQueries {
 public:
  void add(const QueryOwner& owner, const std::string& id, const std::shared_ptr<QueryJob>& job);
  void remove(const QueryOwner& owner, const std::string& id, const QueryJob* job);
  // False when `owner` runs no query with this id (whether or not someone else does).
  bool cancel(const QueryOwner& owner, const std::string& id);

 private:
  static std::string key_of(const QueryOwner& owner, const std::string& id);

  std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<QueryJob>> jobs_;
};

}  // namespace duckwire::sqlrooms
