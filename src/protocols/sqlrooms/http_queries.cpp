#include "protocols/sqlrooms/http_queries.hpp"

namespace duckwire::sqlrooms {

std::string HttpQueries::key_of(const QueryOwner& owner, const std::string& id) {
  // Lengths first, so that no choice of id can make one owner's key equal another's.
  return std::to_string(owner.principal.size()) + ':' + owner.principal +
         std::to_string(owner.address.size()) + ':' + owner.address + id;
}

void HttpQueries::add(const QueryOwner& owner, const std::string& id, const std::shared_ptr<QueryJob>& job) {
  std::lock_guard lock(mutex_);
  jobs_[key_of(owner, id)] = job;
}

void HttpQueries::remove(const QueryOwner& owner, const std::string& id, const QueryJob* job) {
  std::lock_guard lock(mutex_);
  const auto found = jobs_.find(key_of(owner, id));
  if (found != jobs_.end() && found->second.lock().get() == job) jobs_.erase(found);
}

bool HttpQueries::cancel(const QueryOwner& owner, const std::string& id) {
  std::shared_ptr<QueryJob> job;
  {
    std::lock_guard lock(mutex_);
    const auto found = jobs_.find(key_of(owner, id));
    if (found != jobs_.end()) job = found->second.lock();
  }
  if (!job) return false;
  job->cancel();
  return true;
}

}  // namespace duckwire::sqlrooms
