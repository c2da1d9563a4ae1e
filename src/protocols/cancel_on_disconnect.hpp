#pragma once
// An HTTP request's query stops when its client leaves before the answer starts. (A plain function
// rather than a lambda inside a coroutine: GCC 12 mis-warns about the coroutine frame otherwise.)

#include <memory>

#include "core/query_job.hpp"
#include "http/http_exchange.hpp"

namespace duckwire {

inline void cancel_on_disconnect(http::HttpExchange& exchange, const std::shared_ptr<QueryJob>& job) {
  exchange.watch_for_close([job] { job->cancel(); });
}

}  // namespace duckwire
