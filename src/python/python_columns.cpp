#include "python/python_columns.hpp"

#include <datetime.h>

#include <stdexcept>
#include <utility>

#include "util/calendar.hpp"

namespace duckwire::python {
namespace py = pybind11;
using encode::ArrowColumnType;

namespace {

// PyDateTime_IMPORT fills a variable of this translation unit.
void import_datetime_api() {
  if (PyDateTimeAPI != nullptr) return;
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) throw py::error_already_set();
}

std::string type_name(PyObject* value) {
  const std::string name = Py_TYPE(value)->tp_name;
  return name.substr(name.rfind('.') + 1);
}

const char* python_name(ArrowColumnType type) {
  switch (type) {
    case ArrowColumnType::kInt64:
      return "int";
    case ArrowColumnType::kFloat64:
      return "float";
    case ArrowColumnType::kBool:
      return "bool";
    case ArrowColumnType::kUtf8:
      return "str";
    case ArrowColumnType::kDate32:
      return "date";
    case ArrowColumnType::kTimestampMicros:
    case ArrowColumnType::kTimestampMicrosUtc:
      return "datetime";
  }
  return "?";
}

struct Place {
  const std::string& column;
  size_t row;

  std::string text() const { return "column '" + column + "', row " + std::to_string(row) + ": "; }
};

[[noreturn]] void refuse_value(const Place& place, ArrowColumnType expected, PyObject* value) {
  throw py::type_error(place.text() + "expected " + python_name(expected) + ", got " + type_name(value));
}

bool is_int(PyObject* value) {
  return PyLong_Check(value) && !PyBool_Check(value);
}

std::optional<ArrowColumnType> type_of(PyObject* value) {
  if (PyBool_Check(value)) return ArrowColumnType::kBool;
  if (PyLong_Check(value)) return ArrowColumnType::kInt64;
  if (PyFloat_Check(value)) return ArrowColumnType::kFloat64;
  if (PyUnicode_Check(value)) return ArrowColumnType::kUtf8;
  if (PyDateTime_Check(value)) return ArrowColumnType::kTimestampMicros;
  if (PyDate_Check(value)) return ArrowColumnType::kDate32;
  return std::nullopt;
}

int64_t int_value(PyObject* value, const Place& place) {
  if (!is_int(value)) refuse_value(place, ArrowColumnType::kInt64, value);
  int overflow = 0;
  const long long result = PyLong_AsLongLongAndOverflow(value, &overflow);
  if (overflow != 0) throw std::overflow_error(place.text() + "int out of the 64-bit range");
  if (result == -1 && PyErr_Occurred()) throw py::error_already_set();
  return result;
}

double float_value(PyObject* value, const Place& place) {
  if (PyFloat_Check(value)) return PyFloat_AS_DOUBLE(value);
  if (!is_int(value)) refuse_value(place, ArrowColumnType::kFloat64, value);
  const double result = PyLong_AsDouble(value);
  if (result == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw std::overflow_error(place.text() + "int too large for a float");
  }
  return result;
}

std::string_view str_value(PyObject* value, const Place& place) {
  if (!PyUnicode_Check(value)) refuse_value(place, ArrowColumnType::kUtf8, value);
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(value, &size);
  if (utf8 == nullptr) {
    py::error_already_set error;
    throw py::value_error(place.text() + "str cannot be encoded as UTF-8 (" + error.what() + ")");
  }
  return {utf8, static_cast<size_t>(size)};
}

int32_t date_value(PyObject* value, const Place& place) {
  if (!PyDate_Check(value) || PyDateTime_Check(value)) refuse_value(place, ArrowColumnType::kDate32, value);
  return static_cast<int32_t>(
      days_from_civil({PyDateTime_GET_YEAR(value), static_cast<unsigned>(PyDateTime_GET_MONTH(value)),
                       static_cast<unsigned>(PyDateTime_GET_DAY(value))}));
}

// Datetimes as microseconds since 1970-01-01 00:00, of UTC for aware ones, which may not follow
// naive ones in a column.
class DatetimeColumn {
 public:
  int64_t micros(PyObject* value, const Place& place) {
    if (!PyDateTime_Check(value)) refuse_value(place, ArrowColumnType::kTimestampMicros, value);
    const int64_t days =
        days_from_civil({PyDateTime_GET_YEAR(value), static_cast<unsigned>(PyDateTime_GET_MONTH(value)),
                         static_cast<unsigned>(PyDateTime_GET_DAY(value))});
    const int64_t local = days * kMicrosPerDay + PyDateTime_DATE_GET_HOUR(value) * kMicrosPerHour +
                          PyDateTime_DATE_GET_MINUTE(value) * kMicrosPerMinute +
                          PyDateTime_DATE_GET_SECOND(value) * kMicrosPerSecond +
                          PyDateTime_DATE_GET_MICROSECOND(value);
    const std::optional<int64_t> offset = utc_offset(value);
    see(offset.has_value(), place);
    return local - offset.value_or(0);
  }

  bool aware() const { return first_aware_.has_value(); }

 private:
  static std::optional<int64_t> utc_offset(PyObject* value) {
    if (PyDateTime_DATE_GET_TZINFO(value) == Py_None) return std::nullopt;
    py::object offset = py::reinterpret_steal<py::object>(PyObject_CallMethod(value, "utcoffset", nullptr));
    if (!offset) throw py::error_already_set();
    if (offset.is_none()) return std::nullopt;
    if (!PyDelta_Check(offset.ptr())) throw py::type_error("utcoffset() returned " + type_name(offset.ptr()));
    return PyDateTime_DELTA_GET_DAYS(offset.ptr()) * kMicrosPerDay +
           PyDateTime_DELTA_GET_SECONDS(offset.ptr()) * kMicrosPerSecond +
           PyDateTime_DELTA_GET_MICROSECONDS(offset.ptr());
  }

  void see(bool aware, const Place& place) {
    std::optional<size_t>& first = aware ? first_aware_ : first_naive_;
    const std::optional<size_t>& other = aware ? first_naive_ : first_aware_;
    if (!first) first = place.row;
    if (other) {
      throw py::type_error(place.text() + "cannot mix naive and timezone-aware datetimes (row " +
                           std::to_string(*other) + " is " + (aware ? "naive" : "aware") + ")");
    }
  }

  std::optional<size_t> first_naive_;
  std::optional<size_t> first_aware_;
};

}  // namespace

std::optional<ArrowColumnType> column_type_named(std::string_view name) {
  static constexpr std::pair<std::string_view, ArrowColumnType> kNames[] = {
      {"int", ArrowColumnType::kInt64},
      {"integer", ArrowColumnType::kInt64},
      {"bigint", ArrowColumnType::kInt64},
      {"float", ArrowColumnType::kFloat64},
      {"double", ArrowColumnType::kFloat64},
      {"bool", ArrowColumnType::kBool},
      {"boolean", ArrowColumnType::kBool},
      {"str", ArrowColumnType::kUtf8},
      {"string", ArrowColumnType::kUtf8},
      {"text", ArrowColumnType::kUtf8},
      {"varchar", ArrowColumnType::kUtf8},
      {"date", ArrowColumnType::kDate32},
      {"datetime", ArrowColumnType::kTimestampMicros},
      {"timestamp", ArrowColumnType::kTimestampMicros},
  };
  for (const auto& [known, type] : kNames) {
    if (name == known) return type;
  }
  return std::nullopt;
}

ArrowColumnType infer_column_type(const std::string& column, std::span<PyObject* const> values) {
  import_datetime_api();
  std::optional<ArrowColumnType> inferred;
  for (size_t row = 0; row < values.size(); ++row) {
    if (values[row] == Py_None) continue;
    const Place place{column, row};
    const std::optional<ArrowColumnType> type = type_of(values[row]);
    if (!type) {
      throw py::type_error(place.text() + "unsupported value of type " + type_name(values[row]) +
                           " (expected one of " + kColumnTypeNames + ")");
    }
    if (!inferred || *inferred == *type) {
      inferred = type;
    } else if ((*inferred == ArrowColumnType::kInt64 || *inferred == ArrowColumnType::kFloat64) &&
               (*type == ArrowColumnType::kInt64 || *type == ArrowColumnType::kFloat64)) {
      inferred = ArrowColumnType::kFloat64;
    } else {
      throw py::type_error(place.text() + "cannot mix " + python_name(*type) + " with " +
                           python_name(*inferred) + " values");
    }
  }
  return inferred.value_or(ArrowColumnType::kUtf8);
}

encode::ArrowColumn column_from_python(std::string name, ArrowColumnType type,
                                       std::span<PyObject* const> values) {
  import_datetime_api();
  encode::ArrowColumnBuilder builder(type);
  builder.reserve(values.size());
  DatetimeColumn datetimes;
  for (size_t row = 0; row < values.size(); ++row) {
    PyObject* value = values[row];
    const Place place{name, row};
    if (value == Py_None) {
      builder.append_null();
      continue;
    }
    switch (type) {
      case ArrowColumnType::kInt64:
        builder.append_int64(int_value(value, place));
        break;
      case ArrowColumnType::kFloat64:
        builder.append_float64(float_value(value, place));
        break;
      case ArrowColumnType::kBool:
        if (!PyBool_Check(value)) refuse_value(place, type, value);
        builder.append_bool(value == Py_True);
        break;
      case ArrowColumnType::kUtf8:
        builder.append_string(str_value(value, place));
        break;
      case ArrowColumnType::kDate32:
        builder.append_date32(date_value(value, place));
        break;
      case ArrowColumnType::kTimestampMicros:
      case ArrowColumnType::kTimestampMicrosUtc:
        builder.append_timestamp(datetimes.micros(value, place));
        break;
    }
  }
  if (datetimes.aware()) builder.mark_utc();
  return std::move(builder).finish(std::move(name));
}

}  // namespace duckwire::python
