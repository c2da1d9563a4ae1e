#pragma once
// Waiting for a place in fair admission (core/admission.hpp) from a coroutine, for work that is not a
// QueryJob but must take turns with the owner's statements all the same (an Arrow upload).

#include <boost/asio/awaitable.hpp>

#include "core/admission.hpp"

namespace duckwire {

// Resolves once `owner` may run one more statement; the place is held until the Place is destroyed.
// An error when the owner already has too many statements waiting. Call from the strand the
// coroutine runs on.
boost::asio::awaitable<Result<Admission::Place>> wait_for_place(Admission& admission, AdmissionOwner owner,
                                                                Protocol protocol);

}  // namespace duckwire
