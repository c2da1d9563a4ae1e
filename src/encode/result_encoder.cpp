#include "encode/result_encoder.hpp"

#include <exception>

#include "encode/arrow_ipc_writer.hpp"
#include "encode/csv_writer.hpp"
#include "encode/json_writer.hpp"
#include "encode/value_text.hpp"

namespace duckwire::encode {

namespace {

template <class F>
Result<void> guarded(F&& step) {
  try {
    step();
    return {};
  } catch (const std::exception& e) {
    return Error{ErrorKind::kInternal, e.what()};
  }
}

class ArrowEncoder final : public ResultEncoder {
 public:
  ArrowEncoder(const ResultSchema& schema, ArrowIpcFormat format) : schema_(schema), format_(format) {}
  Result<void> begin(std::string& out) override {
    return guarded([&] {
      writer_ = std::make_unique<ArrowIpcWriter>(*schema_.arrow.get(), format_);
      writer_->begin(out);
    });
  }
  Result<void> write(const Chunk& chunk, std::string& out) override {
    return guarded([&] { writer_->write(*chunk.array.get(), out); });
  }
  Result<void> finish(std::string& out) override {
    return guarded([&] { writer_->finish(out); });
  }

 private:
  const ResultSchema& schema_;
  ArrowIpcFormat format_;
  std::unique_ptr<ArrowIpcWriter> writer_;
};

class JsonEncoder final : public ResultEncoder {
 public:
  JsonEncoder(const ResultSchema& schema, JsonLayout layout, JsonValueStyle style, bool in_string = false)
      : writer_(schema, layout, style), in_string_(in_string) {}
  Result<void> begin(std::string& out) override {
    return guarded([&] {
      writer_.begin(target(out));
      flush(out);
    });
  }
  Result<void> write(const Chunk& chunk, std::string& out) override {
    return guarded([&] {
      writer_.write(*chunk.array.get(), target(out), chunk.time_zone_offsets);
      flush(out);
    });
  }
  Result<void> finish(std::string& out) override {
    return guarded([&] {
      writer_.finish(target(out));
      flush(out);
    });
  }

 private:
  std::string& target(std::string& out) { return in_string_ ? scratch_ : out; }
  void flush(std::string& out) {
    if (!in_string_) return;
    append_json_escaped(out, scratch_);
    scratch_.clear();
  }

  JsonWriter writer_;
  bool in_string_;
  std::string scratch_;
};

class CsvEncoder final : public ResultEncoder {
 public:
  explicit CsvEncoder(const ResultSchema& schema) : writer_(schema) {}
  Result<void> begin(std::string& out) override {
    return guarded([&] { writer_.begin(out); });
  }
  Result<void> write(const Chunk& chunk, std::string& out) override {
    return guarded([&] { writer_.write(*chunk.array.get(), out, chunk.time_zone_offsets); });
  }
  Result<void> finish(std::string& out) override {
    return guarded([&] { writer_.finish(out); });
  }

 private:
  CsvWriter writer_;
};

}  // namespace

std::unique_ptr<ResultEncoder> make_result_encoder(ResultFormat format, const ResultSchema& schema) {
  switch (format) {
    case ResultFormat::kArrowStream:
      return std::make_unique<ArrowEncoder>(schema, ArrowIpcFormat::kStream);
    case ResultFormat::kArrowFile:
      return std::make_unique<ArrowEncoder>(schema, ArrowIpcFormat::kFile);
    case ResultFormat::kJsonRecords:
      return std::make_unique<JsonEncoder>(schema, JsonLayout::kRecords, JsonValueStyle::kPlain);
    case ResultFormat::kJsonRecordsInString:
      return std::make_unique<JsonEncoder>(schema, JsonLayout::kRecords, JsonValueStyle::kPlain, true);
    case ResultFormat::kJsonRows:
      return std::make_unique<JsonEncoder>(schema, JsonLayout::kRowArrays, JsonValueStyle::kPlain);
    case ResultFormat::kNdjson:
      return std::make_unique<JsonEncoder>(schema, JsonLayout::kNdjson, JsonValueStyle::kPlain);
    case ResultFormat::kJsonLd:
      return std::make_unique<JsonEncoder>(schema, JsonLayout::kRecords, JsonValueStyle::kJsonLd);
    case ResultFormat::kCsv:
      return std::make_unique<CsvEncoder>(schema);
  }
  return nullptr;
}

}  // namespace duckwire::encode
