#include "core/statement_place.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

namespace duckwire {

namespace {

Error stopped_error() {
  return Error{ErrorKind::kInterrupted, "the statement was stopped while it waited for its turn"};
}

}  // namespace

boost::asio::awaitable<Result<void>> StatementPlace::take() {
  auto home = co_await boost::asio::this_coro::executor;
  auto turn = std::make_shared<AsyncEvent>(home);
  {
    std::lock_guard lock(mutex_);
    if (stopped_) co_return stopped_error();
    if (place_.running()) co_return Result<void>{};
    // on_running comes on whichever thread freed a place: the wake-up goes to this strand.
    auto wake = [turn, home] { boost::asio::post(home, [turn] { turn->set(); }); };
    if (place_.held()) {
      if (place_.resume(wake)) co_return Result<void>{};
    } else {
      auto place = admission_.enter(owner_, protocol_, wake);
      if (!place) co_return place.error();
      place_ = std::move(place).value();
      if (place_.running()) co_return Result<void>{};
    }
    turn_ = turn;
    home_ = home;
  }
  co_await turn->wait();
  std::lock_guard lock(mutex_);
  turn_.reset();
  if (stopped_) {
    place_.leave();
    co_return stopped_error();
  }
  co_return Result<void>{};
}

bool StatementPlace::try_take() {
  std::lock_guard lock(mutex_);
  if (stopped_) return false;
  if (place_.held()) return place_.try_resume();
  auto place = admission_.try_enter(owner_, protocol_);
  if (!place) return false;
  place_ = std::move(*place);
  return true;
}

void StatementPlace::step_aside() {
  std::lock_guard lock(mutex_);
  if (!turn_) place_.pause();
}

void StatementPlace::leave() {
  std::lock_guard lock(mutex_);
  if (!turn_) place_.leave();  // a waiting take() leaves the queue itself, when stopped
}

void StatementPlace::stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  if (turn_ && !place_.running()) {
    place_.leave();
    boost::asio::post(home_, [turn = turn_] { turn->set(); });
  }
}

bool StatementPlace::stopped() const {
  std::lock_guard lock(mutex_);
  return stopped_;
}

}  // namespace duckwire
