#pragma once
// The 16-byte values as DuckDB lays them out in vectors, and so on the Quack wire: HUGEINT and UHUGEINT
// as the lower uint64 then the upper half, INTERVAL as int32 months, int32 days, int64 micros, UUID as
// a HUGEINT whose top bit is flipped (so that signed order is the UUIDs' order). All little-endian.
// Also TIME WITH TIME ZONE's packed 64 bits.

#include <array>
#include <cstdint>

#include "util/int128.hpp"

namespace duckwire::quack {

struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;

  bool operator==(const Interval&) const = default;
};

// TIME WITH TIME ZONE: the time of day in microseconds and the UTC offset in seconds (east positive),
// packed into 64 bits as DuckDB's dtime_tz_t packs them: the time above 24 bits holding 57599 - offset.
struct TimeTz {
  int64_t micros = 0;
  int32_t offset_seconds = 0;

  bool operator==(const TimeTz&) const = default;
};
TimeTz unpack_time_tz(uint64_t bits);

// A UUID's 16 bytes in the order its text spells them.
using UuidBytes = std::array<uint8_t, 16>;

int128_t load_hugeint(const void* at);
void store_hugeint(void* at, int128_t value);
uint128_t load_uhugeint(const void* at);
void store_uhugeint(void* at, uint128_t value);
Interval load_interval(const void* at);
void store_interval(void* at, const Interval& value);
UuidBytes load_uuid(const void* at);
void store_uuid(void* at, const UuidBytes& uuid);

}  // namespace duckwire::quack
