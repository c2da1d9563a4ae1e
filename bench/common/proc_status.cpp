#include "common/proc_status.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace bench {

MemoryStatus read_memory_status(pid_t pid) {
  MemoryStatus status;
  std::ifstream file("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(file, line)) {
    if (line.rfind("VmRSS:", 0) == 0) status.rss_kb = std::stoll(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) status.hwm_kb = std::stoll(line.substr(6));
    if (line.rfind("RssAnon:", 0) == 0) status.anon_kb = std::stoll(line.substr(8));
    if (line.rfind("RssShmem:", 0) == 0) status.shmem_kb = std::stoll(line.substr(9));
  }
  return status;
}

bool reset_peak_memory(pid_t pid) {
  std::ofstream file("/proc/" + std::to_string(pid) + "/clear_refs");
  file << "5";
  file.flush();
  return static_cast<bool>(file);
}

SchedulingStatus read_scheduling_status(pid_t pid) {
  SchedulingStatus status;
  const std::string base = "/proc/" + std::to_string(pid);
  {
    // Fields 14 and 15 (utime, stime) follow the parenthesised command name.
    std::ifstream file(base + "/stat");
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    int64_t utime = 0, stime = 0;
    for (int index = 3; rest >> field; ++index) {
      if (index == 14) utime = std::stoll(field);
      if (index == 15) {
        stime = std::stoll(field);
        break;
      }
    }
    status.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(base + "/task", ec)) {
    ++status.threads;
    std::ifstream file(task.path() / "status");
    std::string line;
    while (std::getline(file, line)) {
      if (line.rfind("voluntary_ctxt_switches:", 0) == 0 ||
          line.rfind("nonvoluntary_ctxt_switches:", 0) == 0) {
        status.context_switches += std::stoll(line.substr(line.find(':') + 1));
      }
    }
  }
  return status;
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace bench
