#pragma once
// Blocking engine calls run here, never on the I/O threads. A coroutine on an I/O thread hands a
// function to the pool and resumes on its own executor when the function returns.
//
// Waking a sleeping thread costs tens of microseconds on a virtual machine, more than a small query
// itself, so a worker that runs out of work watches for the next task for a short while before it
// sleeps (at most one watching worker per core), and a task goes straight to a watching worker when
// there is one, else to the worker that slept last (its caches are the warmest).

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace duckwire {

// A move-only, type-erased `void()` callable (completion handlers cannot be copied).
class WorkerTask {
 public:
  WorkerTask() = default;
  template <class F>
  explicit WorkerTask(F f) : callable_(std::make_unique<Model<F>>(std::move(f))) {}
  explicit operator bool() const { return callable_ != nullptr; }
  void operator()() {
    auto callable = std::move(callable_);
    callable->call();
  }

 private:
  struct Concept {
    virtual ~Concept() = default;
    virtual void call() = 0;
  };
  template <class F>
  struct Model final : Concept {
    explicit Model(F f_) : f(std::move(f_)) {}
    void call() override { f(); }
    F f;
  };
  std::unique_ptr<Concept> callable_;
};

class WorkerPool {
 public:
  explicit WorkerPool(size_t threads);
  // Runs the tasks already handed in, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `task` on a worker thread; returns at once.
  void post(WorkerTask task);

  // Runs `work` on a worker thread and returns its result to the awaiting coroutine.
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F>> run(F work) {
    using R = std::invoke_result_t<F>;
    if constexpr (std::is_void_v<R>) {
      co_await run_with_result(std::move(work), static_cast<std::optional<bool>*>(nullptr));
    } else {
      // Results need not be default-constructible, so they travel in an optional.
      std::optional<R> result;
      co_await run_with_result(std::move(work), &result);
      co_return std::move(*result);
    }
  }

 private:
  struct Worker;

  template <class F, class Slot>
  auto run_with_result(F work, Slot* result) {
    return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(std::exception_ptr)>(
        [this, result](auto handler, F work) {
          auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                          boost::asio::execution::outstanding_work.tracked);
          post(WorkerTask([handler = std::move(handler), home = std::move(home), work = std::move(work),
                           result]() mutable {
            std::exception_ptr failure;
            try {
              if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
                work();
              } else {
                result->emplace(work());
              }
            } catch (...) {
              failure = std::current_exception();
            }
            boost::asio::post(std::move(home), [handler = std::move(handler), failure]() mutable {
              std::move(handler)(failure);
            });
          }));
        },
        boost::asio::use_awaitable, std::move(work));
  }

  void work_loop(Worker& self);
  bool watch_for_task(Worker& self);

  std::mutex mutex_;
  std::deque<WorkerTask> queue_;         // tasks no worker could take yet
  const size_t max_watching_;
  std::vector<Worker*> watching_;        // idle, not yet asleep (with busy_, at most max_watching_)
  size_t busy_ = 0;                      // workers running a task
  std::vector<Worker*> sleeping_;        // idle and asleep; the back one slept last
  bool stopping_ = false;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace duckwire
