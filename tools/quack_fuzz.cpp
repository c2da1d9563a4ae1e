// libFuzzer target for the Quack codec's decoders of untrusted bytes: every input is decoded as a
// request (as a server reads it) and as a DataChunk object (an APPEND's chunk). A chunk that decodes
// must encode again and decode to the same values. Built only by clang with -fsanitize=fuzzer (see
// tools/CMakeLists.txt); seeds in tests/fuzz/quack/.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/data_chunk_writer.hpp"
#include "protocols/quack/messages.hpp"

namespace {

using namespace duckwire::quack;

// Smaller than the default, so that the fuzzer spends its time on the decoder, not on memset.
const DecodeLimits kLimits{uint64_t{16} << 20};

void check_round_trip(const DecodedChunk& chunk) {
  const auto bytes = encode_data_chunk(chunk);
  if (!bytes) __builtin_trap();
  const auto again = decode_data_chunk(*bytes, kLimits);
  if (!again || !(*again == chunk)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (const auto request = decode(bytes, kLimits)) {
    if (const auto* append = std::get_if<DecodedAppendRequest>(&request->body); append && append->chunk) {
      check_round_trip(*append->chunk);
    }
  }
  if (const auto chunk = decode_data_chunk(bytes, kLimits)) check_round_trip(*chunk);
  return 0;
}
