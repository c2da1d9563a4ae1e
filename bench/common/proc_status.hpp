#pragma once
// Figures of a process from /proc: memory, CPU time, threads and context switches.

#include <sys/types.h>
#include <cstdint>

namespace bench {

struct MemoryStatus {
  int64_t rss_kb = -1;    // VmRSS: resident now
  int64_t hwm_kb = -1;    // VmHWM: peak resident since start (or since reset_peak_memory)
  int64_t anon_kb = -1;   // RssAnon: the resident part that is the process's own (heap, stacks)
  int64_t shmem_kb = -1;  // RssShmem: shared memory it has touched (PostgreSQL's shared buffers)
};

MemoryStatus read_memory_status(pid_t pid);
// Restarts VmHWM from the current VmRSS (writes 5 to /proc/PID/clear_refs); false if not allowed.
bool reset_peak_memory(pid_t pid);

struct SchedulingStatus {
  double cpu_seconds = 0;        // user + system, all threads (/proc/PID/stat)
  int64_t context_switches = 0;  // voluntary + involuntary, summed over /proc/PID/task/*/status
  int threads = 0;
};

SchedulingStatus read_scheduling_status(pid_t pid);

// User + system CPU seconds of this process so far (getrusage), e.g. a load client's own cost.
double own_cpu_seconds();

}  // namespace bench
