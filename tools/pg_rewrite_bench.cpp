// Micro benchmark of the PostgreSQL dialect layer: what rewrite_statement costs per statement, against
// copying the statement's text, and how many heap allocations it makes.
//   build/tools/pg_rewrite_bench [iterations]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include "protocols/pgwire/catalog/pg_dialect.hpp"

// The counting operator new below allocates with malloc; GCC flags the inlined free calls that pair with it.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
std::atomic<uint64_t> allocations{0};
}

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

template <typename Work>
void measure(const char* name, const std::string& sql, int iterations, Work work) {
  size_t sink = 0;
  const uint64_t allocations_before = allocations.load();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) sink += work(sql);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const double ns = std::chrono::duration<double, std::nano>(elapsed).count() / iterations;
  const double per_call = static_cast<double>(allocations.load() - allocations_before) / iterations;
  std::printf("%-34s %9.1f ns/statement  %4.1f allocations/statement  (%zu)\n", name, ns, per_call,
              sink % 10);
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 200000;
  const std::string plain =
      "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2 -- a comment longer "
      "than the short string buffer";
  const std::string catalog =
      "SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON "
      "n.oid = c.relnamespace WHERE c.relname OPERATOR(pg_catalog.~) '^(orders)$' COLLATE pg_catalog.default "
      "AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3";
  const auto copy = [](const std::string& sql) { return std::string(sql).size(); };
  const auto copy_into_vector = [](const std::string& sql) { return std::vector<std::string>{sql}.size(); };
  const auto rewrite = [](const std::string& sql) {
    return duckwire::pgwire::rewrite_statement(sql).front().size();
  };
  measure("copy (baseline)", plain, iterations, copy);
  measure("copy into a vector (baseline)", plain, iterations, copy_into_vector);
  measure("rewrite, nothing to rewrite", plain, iterations, rewrite);
  measure("rewrite, psql \\d catalog query", catalog, iterations / 20, rewrite);
  return 0;
}
