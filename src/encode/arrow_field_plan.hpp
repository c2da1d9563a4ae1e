#pragma once
// The fields of an Arrow schema, parsed once and copied out of the C data structs so the writer
// does not depend on the caller keeping the ArrowSchema alive.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "arrow/c_data.hpp"
#include "encode/arrow_type.hpp"

namespace duckwire::encode {

using KeyValueList = std::vector<std::pair<std::string, std::string>>;

struct ArrowFieldPlan {
  std::string name;
  bool nullable = true;
  bool map_keys_sorted = false;
  ArrowType type;  // for a dictionary-encoded field: the type of the dictionary values
  KeyValueList metadata;
  std::vector<ArrowFieldPlan> children;  // for a dictionary-encoded field: the values' children

  // Dictionary encoding; the id is -1 when the field is not dictionary-encoded.
  int64_t dictionary_id = -1;
  ArrowType index_type;
  bool dictionary_ordered = false;

  bool is_dictionary() const { return dictionary_id >= 0; }
};

struct ArrowSchemaPlan {
  std::vector<ArrowFieldPlan> fields;
  KeyValueList metadata;
  int64_t dictionary_count = 0;  // ids run from 0, in depth-first field order
};

// Throws ArrowIpcError when the schema is not a struct or uses a type the writer cannot encode.
ArrowSchemaPlan plan_arrow_schema(const ArrowSchema& schema);

// Decodes the C data interface metadata encoding (int32 count, then length-prefixed keys and values).
KeyValueList parse_arrow_metadata(const char* metadata);

}  // namespace duckwire::encode
