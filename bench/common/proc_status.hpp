#pragma once
// Memory figures of a process from /proc/PID/status.

#include <cstdint>
#include <sys/types.h>

namespace bench {

struct MemoryStatus {
  int64_t rss_kb = -1;  // VmRSS: resident now
  int64_t hwm_kb = -1;  // VmHWM: peak resident since start
};

MemoryStatus read_memory_status(pid_t pid);

}  // namespace bench
