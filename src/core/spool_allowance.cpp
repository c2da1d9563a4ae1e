#include "core/spool_allowance.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace duckwire {

namespace asio = boost::asio;

bool SpoolBudget::take(uint64_t bytes) {
  if (bytes > available_) return false;
  available_ -= bytes;
  return true;
}

bool SpoolFileTotal::take(uint64_t bytes) {
  uint64_t used = used_.load();
  do {
    if (bytes > max_bytes_ || used > max_bytes_ - bytes) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes));
  metrics_.spool_file_bytes(static_cast<int64_t>(bytes));
  return true;
}

void SpoolFileTotal::give_back(uint64_t bytes) {
  used_ -= bytes;
  metrics_.spool_file_bytes(-static_cast<int64_t>(bytes));
}

SpoolAllowance::SpoolAllowance(asio::any_io_executor executor, uint64_t memory_bytes, uint64_t file_bytes,
                               SpoolFileTotal& total, size_t max_producers)
    : memory_(memory_bytes),
      max_file_bytes_(file_bytes),
      max_producers_(std::max<size_t>(max_producers, 1)),
      total_(total),
      spill_turn_(executor),
      waiters_(std::make_shared<Waiters>(Waiters{std::move(executor), {}})) {}

SpoolAllowance::Producer::~Producer() {
  if (allowance_ == nullptr) return;
  allowance_->producers_--;
  allowance_->waiters_->wake_all();
}

asio::awaitable<Result<SpoolAllowance::Producer>> SpoolAllowance::producer(const StopCheck& stopped) {
  while (true) {
    if (auto stop = stopped()) co_return *stop;
    if (producers_ < max_producers_) {
      producers_++;
      co_return Producer(this);
    }
    co_await waiters_->wait();
  }
}

asio::awaitable<Result<void>> SpoolAllowance::reserve(uint64_t own, uint64_t bytes,
                                                      const StopCheck& stopped) {
  while (true) {
    if (auto stop = stopped()) co_return *stop;
    const bool fits = bytes <= max_file_bytes_ && file_bytes_ <= max_file_bytes_ - bytes;
    if (fits && total_.take(bytes)) {
      file_bytes_ += bytes;
      co_return Result<void>{};
    }
    // Everything else this connection holds belongs to complete results, which shrink as they are sent.
    if (file_bytes_ == own) co_return refusal(own + bytes);
    co_await waiters_->wait();
  }
}

Result<void> SpoolAllowance::refusal(uint64_t needed) const {
  if (needed > max_file_bytes_) {
    return Error{ErrorKind::kOutOfMemory,
                 fmt::format("result too large to spool: it exceeds the {} bytes one connection may spool "
                             "(--spool-max-bytes)",
                             max_file_bytes_)};
  }
  return Error{ErrorKind::kOutOfMemory,
               fmt::format("the server's result spool is full ({} bytes, --spool-max-total-bytes); try again "
                           "later",
                           total_.max_bytes())};
}

void SpoolAllowance::release(uint64_t bytes) {
  if (bytes == 0) return;
  file_bytes_ -= bytes;
  total_.give_back(bytes);
  waiters_->wake_all();
}

asio::awaitable<void> SpoolAllowance::Waiters::wait() {
  auto event = std::make_shared<AsyncEvent>(executor);
  events.push_back(event);
  co_await event->wait();
}

void SpoolAllowance::Waiters::wake_all() {
  for (const auto& event : events) event->set();
  events.clear();
}

}  // namespace duckwire
