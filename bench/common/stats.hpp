#pragma once
// Percentiles of a sample of durations (microseconds).

#include <algorithm>
#include <cmath>
#include <vector>

namespace bench {

struct LatencySummary {
  double p50_us = 0, p90_us = 0, p99_us = 0, mean_us = 0, min_us = 0, max_us = 0;
  size_t count = 0;
};

inline double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const size_t low = static_cast<size_t>(std::floor(rank));
  const size_t high = std::min(low + 1, sorted.size() - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - static_cast<double>(low));
}

inline LatencySummary summarize(std::vector<double> samples_us) {
  LatencySummary s;
  if (samples_us.empty()) return s;
  std::sort(samples_us.begin(), samples_us.end());
  s.count = samples_us.size();
  s.p50_us = percentile(samples_us, 50);
  s.p90_us = percentile(samples_us, 90);
  s.p99_us = percentile(samples_us, 99);
  s.min_us = samples_us.front();
  s.max_us = samples_us.back();
  double sum = 0;
  for (double v : samples_us) sum += v;
  s.mean_us = sum / static_cast<double>(s.count);
  return s;
}

}  // namespace bench
