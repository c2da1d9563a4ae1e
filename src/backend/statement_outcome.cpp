#include "backend/statement_outcome.hpp"

#include <array>

namespace duckwire {

namespace {

// Storage of the exported schema: a struct with one child.
struct SchemaStorage {
  ArrowSchema child{};
  ArrowSchema* children[1] = {&child};
};

void release_schema(ArrowSchema* schema) {
  delete static_cast<SchemaStorage*>(schema->private_data);
  schema->release = nullptr;
}

void release_child_schema(ArrowSchema* schema) {
  schema->release = nullptr;
}

arrow::OwnedSchema outcome_schema(const char* format) {
  arrow::OwnedSchema schema;
  auto* storage = new SchemaStorage();
  storage->child = ArrowSchema{format, "result", nullptr, 0, 0, nullptr, nullptr, release_child_schema, nullptr};
  *schema.out() = ArrowSchema{"+s", "", nullptr, 0, 1, storage->children, nullptr, release_schema, storage};
  return schema;
}

// Storage of the exported one-row array: a struct whose child holds one int64 or one packed bool.
struct ArrayStorage {
  int64_t value = 0;
  std::array<const void*, 2> child_buffers{};
  std::array<const void*, 1> struct_buffers{};
  ArrowArray child{};
  ArrowArray* children[1] = {&child};
};

void release_array(ArrowArray* array) {
  delete static_cast<ArrayStorage*>(array->private_data);
  array->release = nullptr;
}

void release_child_array(ArrowArray* array) {
  array->release = nullptr;
}

arrow::OwnedArray outcome_array(int64_t value) {
  arrow::OwnedArray array;
  auto* storage = new ArrayStorage();
  storage->value = value;  // a packed bool is bit 0 of the first byte: little-endian 1 is that
  storage->child_buffers = {nullptr, &storage->value};
  storage->child = ArrowArray{1, 0, 0, 2, 0, storage->child_buffers.data(), nullptr, nullptr,
                              release_child_array, nullptr};
  *array.out() =
      ArrowArray{1, 0, 0, 1, 1, storage->struct_buffers.data(), storage->children, nullptr, release_array, storage};
  return array;
}

class StatementOutcome final : public ResultStream {
 public:
  StatementOutcome(StatementKind kind, std::optional<int64_t> rows_changed)
      : kind_(kind), rows_changed_(rows_changed) {
    schema_.columns.push_back(Column{"result", ColumnType{rows_changed_ ? TypeId::kBigInt : TypeId::kBoolean}});
    schema_.arrow = outcome_schema(rows_changed_ ? "l" : "b");
  }

  const ResultSchema& schema() const override { return schema_; }
  bool returns_rows() const override { return true; }
  StatementKind kind() const override { return kind_; }
  std::optional<int64_t> rows_changed() const override { return rows_changed_; }
  Result<std::optional<Chunk>> next() override {
    if (done_) return std::optional<Chunk>();
    done_ = true;
    return std::optional<Chunk>(Chunk{outcome_array(rows_changed_.value_or(1))});
  }

 private:
  StatementKind kind_;
  std::optional<int64_t> rows_changed_;
  ResultSchema schema_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ResultStream> statement_outcome(StatementKind kind, std::optional<int64_t> rows_changed) {
  return std::make_unique<StatementOutcome>(kind, rows_changed);
}

}  // namespace duckwire
