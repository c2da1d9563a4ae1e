#include "python/python_values.hpp"

#include <string>
#include <type_traits>

#include "encode/value_text.hpp"

namespace duckwire::python {

namespace py = pybind11;

namespace {

constexpr int64_t kUnixEpochOrdinal = 719163;  // date(1970, 1, 1).toordinal()

py::object epoch_datetime() {
  return py::module_::import("datetime").attr("datetime")(1970, 1, 1);
}

py::object timedelta_micros(int64_t micros) {
  return py::module_::import("datetime").attr("timedelta")(py::arg("microseconds") = micros);
}

int128_t unscaled(int64_t upper, uint64_t lower) {
  return static_cast<int128_t>((static_cast<__int128>(upper) << 64) | static_cast<__int128>(lower));
}

}  // namespace

py::object python_value(const Value& value) {
  return std::visit(
      [](const auto& v) -> py::object {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, NullValue>) {
          return py::none();
        } else if constexpr (std::is_same_v<T, bool>) {
          return py::bool_(v);
        } else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>) {
          return py::int_(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return py::float_(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return py::str(v);
        } else if constexpr (std::is_same_v<T, BlobValue>) {
          return py::bytes(v.bytes);
        } else if constexpr (std::is_same_v<T, DateValue>) {
          return py::module_::import("datetime").attr("date").attr("fromordinal")(kUnixEpochOrdinal + v.days);
        } else if constexpr (std::is_same_v<T, TimestampValue>) {
          py::object naive = epoch_datetime() + timedelta_micros(v.micros);
          if (!v.with_time_zone) return naive;
          return naive.attr("replace")(py::arg("tzinfo") = py::module_::import("datetime").attr("timezone").attr("utc"));
        } else if constexpr (std::is_same_v<T, TimeValue>) {
          return (epoch_datetime() + timedelta_micros(v.micros)).attr("time")();
        } else if constexpr (std::is_same_v<T, DecimalValue>) {
          std::string text;
          encode::append_decimal(text, unscaled(v.upper, v.lower), v.scale);
          return py::module_::import("decimal").attr("Decimal")(text);
        } else if constexpr (std::is_same_v<T, HugeIntValue>) {
          std::string text;
          encode::append_int128(text, unscaled(v.upper, v.lower));
          return py::reinterpret_steal<py::object>(PyLong_FromString(text.c_str(), nullptr, 10));
        } else if constexpr (std::is_same_v<T, UHugeIntValue>) {
          std::string text;
          encode::append_uint128(text, (static_cast<uint128_t>(v.upper) << 64) | v.lower);
          return py::reinterpret_steal<py::object>(PyLong_FromString(text.c_str(), nullptr, 10));
        } else if constexpr (std::is_same_v<T, IntervalValue>) {
          // Python's timedelta has no months: a month counts 30 days, as PostgreSQL's justify_days has it.
          return py::module_::import("datetime").attr("timedelta")(
              py::arg("days") = int64_t{v.months} * 30 + v.days, py::arg("microseconds") = v.micros);
        } else if constexpr (std::is_same_v<T, ListValue>) {
          py::list items;
          for (const Value& item : v.items) items.append(python_value(item));
          return items;
        } else {
          py::dict members;
          for (const auto& [name, member] : v.members) members[py::str(name)] = python_value(member);
          return members;
        }
      },
      value.v);
}

}  // namespace duckwire::python
