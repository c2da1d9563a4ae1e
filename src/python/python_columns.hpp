#pragma once
// Python values to Arrow columns: the column types riffq's helpers name, the type a column of
// values implies, and the conversion itself, with errors that name the column and the row (from 0).
// The caller holds the GIL.

#include <pybind11/pybind11.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "encode/arrow_builder.hpp"

namespace duckwire::python {

inline constexpr const char* kColumnTypeNames = "int, float, bool, str, date, datetime";

// int (integer, bigint), float (double), bool (boolean), str (string, text, varchar), date,
// datetime (timestamp); nullopt for any other name.
std::optional<encode::ArrowColumnType> column_type_named(std::string_view name);

// The type of a column of `values` from its non-null values: bool, int, float (ints and floats
// mixed), str, date or datetime; str when all are None. TypeError for other values or other mixes.
encode::ArrowColumnType infer_column_type(const std::string& column, std::span<PyObject* const> values);

// Converts `values` (None is null) to a column of `type`:
//   int: int but not bool (OverflowError outside 64 bits); float: float or int; bool: bool;
//   str: str; date: datetime.date but not datetime.datetime; datetime: datetime.datetime.
// A datetime column (kTimestampMicros) holds naive values as they are ("tsu:"), or, when every
// value is timezone-aware, their UTC instants ("tsu:UTC"); a mix of the two is a TypeError.
encode::ArrowColumn column_from_python(std::string name, encode::ArrowColumnType type,
                                       std::span<PyObject* const> values);

}  // namespace duckwire::python
