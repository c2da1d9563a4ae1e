#include "protocols/quack/physical_values.hpp"

#include <bit>
#include <cstring>

#include "util/unaligned.hpp"

namespace duckwire::quack {

static_assert(std::endian::native == std::endian::little, "DuckDB's vector layout is little-endian here");

namespace {

constexpr uint64_t kUuidFlip = uint64_t{1} << 63;

void store_halves(void* at, uint64_t lower, uint64_t upper) {
  auto* bytes = static_cast<char*>(at);
  std::memcpy(bytes, &lower, 8);
  std::memcpy(bytes + 8, &upper, 8);
}

}  // namespace

int128_t load_hugeint(const void* at) {
  const auto* bytes = static_cast<const char*>(at);
  return join_halves(load_unaligned<int64_t>(bytes + 8), load_unaligned<uint64_t>(bytes));
}

void store_hugeint(void* at, int128_t value) {
  const Int128Halves halves = split_halves(value);
  store_halves(at, halves.lower, static_cast<uint64_t>(halves.upper));
}

uint128_t load_uhugeint(const void* at) {
  const auto* bytes = static_cast<const char*>(at);
  return (static_cast<uint128_t>(load_unaligned<uint64_t>(bytes + 8)) << 64) |
         load_unaligned<uint64_t>(bytes);
}

void store_uhugeint(void* at, uint128_t value) {
  store_halves(at, static_cast<uint64_t>(value), static_cast<uint64_t>(value >> 64));
}

Interval load_interval(const void* at) {
  const auto* bytes = static_cast<const char*>(at);
  return {load_unaligned<int32_t>(bytes), load_unaligned<int32_t>(bytes + 4),
          load_unaligned<int64_t>(bytes + 8)};
}

void store_interval(void* at, const Interval& value) {
  auto* bytes = static_cast<char*>(at);
  std::memcpy(bytes, &value.months, 4);
  std::memcpy(bytes + 4, &value.days, 4);
  std::memcpy(bytes + 8, &value.micros, 8);
}

TimeTz unpack_time_tz(uint64_t bits) {
  constexpr int32_t kMaxOffset = 16 * 60 * 60 - 1;
  constexpr uint64_t kOffsetMask = (uint64_t{1} << 24) - 1;
  return TimeTz{static_cast<int64_t>(bits >> 24), kMaxOffset - static_cast<int32_t>(bits & kOffsetMask)};
}

UuidBytes load_uuid(const void* at) {
  const auto* bytes = static_cast<const char*>(at);
  const uint64_t upper = load_unaligned<uint64_t>(bytes + 8) ^ kUuidFlip;
  const uint64_t lower = load_unaligned<uint64_t>(bytes);
  UuidBytes uuid{};
  for (int i = 0; i < 8; ++i) {
    uuid[i] = static_cast<uint8_t>(upper >> (56 - 8 * i));
    uuid[8 + i] = static_cast<uint8_t>(lower >> (56 - 8 * i));
  }
  return uuid;
}

void store_uuid(void* at, const UuidBytes& uuid) {
  uint64_t upper = 0;
  uint64_t lower = 0;
  for (int i = 0; i < 8; ++i) {
    upper = (upper << 8) | uuid[i];
    lower = (lower << 8) | uuid[8 + i];
  }
  store_halves(at, lower, upper ^ kUuidFlip);
}

}  // namespace duckwire::quack
