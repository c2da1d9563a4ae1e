#pragma once
// Writes the values of one Arrow array as JSON, following the rules listed in json_writer.hpp. Built
// once per column from its Arrow schema (the physical layout) and logical ColumnType (the meaning);
// nested types hold one encoder per child.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "arrow/c_data.hpp"
#include "backend/column_type.hpp"
#include "encode/arrow_value_kind.hpp"
#include "encode/json_writer.hpp"

namespace duckwire::encode {

class JsonValueEncoder {
 public:
  // `type` may be null or disagree with the Arrow format; the format then decides alone.
  JsonValueEncoder(const ArrowSchema& schema, const ColumnType* type, JsonValueStyle style);

  // Writes the value at logical position `index` of `array` (the array's own offset is added here).
  void write(const ArrowArray& array, int64_t index, std::string& out) const;
  // Writes positions first .. first + rows - 1, pushing out.size() onto `ends` after each value.
  void write_column(const ArrowArray& array, int64_t first, int64_t rows, std::string& out,
                    std::vector<size_t>& ends) const;

  ValueKind kind() const { return value_.kind; }

 private:
  void write_present(const ArrowArray& array, int64_t physical, std::string& out) const;
  void write_map(const ArrowArray& array, int64_t physical, std::string& out) const;
  void write_union(const ArrowArray& array, int64_t physical, std::string& out) const;
  void type_if_beyond_safe_integer(std::string& out, size_t digits_start) const;
  bool writes_string_keys() const;

  ArrowValueKind value_;
  bool json_ld_ = false;
  std::array<int8_t, 128> union_child_of_type_{};
  std::vector<JsonValueEncoder> children_;
  std::vector<std::string> member_keys_;  // kStruct: `"name":` for each member
};

}  // namespace duckwire::encode
