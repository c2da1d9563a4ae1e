#include "core/task_group.hpp"

#include <spdlog/spdlog.h>

namespace duckwire {

void TaskGroup::log_task_failure(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("connection task failed: {}", e.what());
  } catch (...) {
    spdlog::error("connection task failed");
  }
}

}  // namespace duckwire
