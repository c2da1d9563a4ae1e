#include "core/admission_turn.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "core/async_event.hpp"

namespace duckwire {

boost::asio::awaitable<Result<Admission::Place>> wait_for_place(Admission& admission, AdmissionOwner owner,
                                                                Protocol protocol) {
  auto home = co_await boost::asio::this_coro::executor;
  auto turn = std::make_shared<AsyncEvent>(home);
  // on_running is called on whichever thread freed a place: hand the wake-up to this strand.
  auto place =
      admission.enter(owner, protocol, [turn, home] { boost::asio::post(home, [turn] { turn->set(); }); });
  if (!place) co_return place.error();
  if (!place.value().running()) co_await turn->wait();
  co_return std::move(place).value();
}

}  // namespace duckwire
