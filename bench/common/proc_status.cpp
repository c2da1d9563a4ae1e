#include "common/proc_status.hpp"

#include <fstream>
#include <string>

namespace bench {

MemoryStatus read_memory_status(pid_t pid) {
  MemoryStatus status;
  std::ifstream file("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(file, line)) {
    if (line.rfind("VmRSS:", 0) == 0) status.rss_kb = std::stoll(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) status.hwm_kb = std::stoll(line.substr(6));
  }
  return status;
}

}  // namespace bench
