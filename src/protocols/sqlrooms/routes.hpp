#pragma once
// The SQLRooms / Mosaic front door on the HTTP port: WebSocket `/`, `POST /`, `GET /?query=`,
// `POST /cancel`, `DELETE /cache` (clears the result cache), with CORS.

#include <memory>

#include "core/server_context.hpp"
#include "http/router.hpp"

namespace duckwire::sqlrooms {

class ResultCache;

// The cache directory: --cache-dir, else beside the database file, else a private temporary one.
std::shared_ptr<ResultCache> make_result_cache(const Config& config);

void add_sqlrooms_routes(http::Router& router, const ServerContext& server,
                         std::shared_ptr<ResultCache> cache);

}  // namespace duckwire::sqlrooms
