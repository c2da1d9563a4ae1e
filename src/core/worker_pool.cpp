#include "core/worker_pool.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>

namespace duckwire {

namespace {

// How long an idle worker watches for the next task before it sleeps: long enough to catch the next
// request of a client that sends them one after another, short enough that an idle server is idle.
// A worker watches only while a core would otherwise be idle (watching and busy workers fewer than the
// cores): under load, spinning would take the CPU from the workers that run statements. It also yields
// its core between checks, so that any other thread with work there (an I/O thread, DuckDB's own, a
// client on the same machine) runs first: spinning alone took 41 % of the server's CPU at 32 connections.
constexpr auto kWatchTime = std::chrono::microseconds(100);

void relax_cpu() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

template <class T>
void remove(std::vector<T*>& items, T* item) {
  items.erase(std::find(items.begin(), items.end(), item));
}

}  // namespace

struct WorkerPool::Worker {
  std::atomic<bool> has_task{false};  // `task` was handed to this worker
  WorkerTask task;
  std::condition_variable wake;
};

WorkerPool::WorkerPool(size_t threads)
    : max_watching_(std::max<size_t>(1, std::thread::hardware_concurrency())) {
  for (size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>());
  for (auto& worker : workers_) threads_.emplace_back([this, &worker] { work_loop(*worker); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  for (auto& worker : workers_) worker->wake.notify_one();
  for (auto& thread : threads_) thread.join();
}

void WorkerPool::post(WorkerTask task) {
  std::unique_lock lock(mutex_);
  Worker* target = nullptr;
  bool asleep = false;
  if (!watching_.empty()) {
    target = watching_.back();
    watching_.pop_back();
  } else if (!sleeping_.empty()) {
    target = sleeping_.back();
    sleeping_.pop_back();
    asleep = true;
  } else {
    queue_.push_back(std::move(task));
    return;
  }
  target->task = std::move(task);
  target->has_task.store(true, std::memory_order_release);
  lock.unlock();
  if (asleep) target->wake.notify_one();
}

// Spins, yielding, until a task is handed over or the watch time ends; true when a task came.
bool WorkerPool::watch_for_task(Worker& self) {
  const auto deadline = std::chrono::steady_clock::now() + kWatchTime;
  while (true) {
    for (int i = 0; i < 64; ++i) {
      if (self.has_task.load(std::memory_order_acquire)) return true;
      relax_cpu();
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::yield();
  }
}

void WorkerPool::work_loop(Worker& self) {
  std::unique_lock lock(mutex_);
  while (true) {
    WorkerTask task;
    if (self.has_task.load(std::memory_order_relaxed)) {
      self.has_task.store(false, std::memory_order_relaxed);
      task = std::move(self.task);
    } else if (!queue_.empty()) {
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    if (task) {
      ++busy_;
      lock.unlock();
      task();
      lock.lock();
      --busy_;
      continue;
    }
    if (stopping_) return;

    if (watching_.size() + busy_ < max_watching_) {
      watching_.push_back(&self);
      lock.unlock();
      watch_for_task(self);
      lock.lock();
      if (self.has_task.load(std::memory_order_relaxed)) continue;  // post() took it off the list
      remove(watching_, &self);
      if (!queue_.empty() || stopping_) continue;
    }

    sleeping_.push_back(&self);
    self.wake.wait(lock, [&] { return self.has_task.load(std::memory_order_relaxed) || stopping_; });
    if (!self.has_task.load(std::memory_order_relaxed)) remove(sleeping_, &self);
  }
}

}  // namespace duckwire
