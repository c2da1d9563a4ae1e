// DuckDB's BinarySerializer encoding as the Quack codec writes and reads it: varints, strings,
// lists, field order, object ends, and the reader's refusals of hostile input.
#include <gtest/gtest.h>

#include <string>

#include "protocols/quack/binary_reader.hpp"
#include "protocols/quack/binary_writer.hpp"
#include "quack_test_support.hpp"

namespace duckwire::quack {
namespace {

using testing::hex;
using testing::to_hex;

std::string written(auto write) {
  std::string out;
  BinaryWriter writer(out);
  write(writer);
  return out;
}

std::string error_of(const BinaryReader& reader) {
  const auto status = reader.status();
  return status ? std::string() : status.error().message;
}

TEST(QuackBinary, UnsignedVarInts) {
  EXPECT_EQ(to_hex(written([](auto& w) { w.uleb(0); })), "00");
  EXPECT_EQ(to_hex(written([](auto& w) { w.uleb(127); })), "7f");
  EXPECT_EQ(to_hex(written([](auto& w) { w.uleb(128); })), "80 01");
  EXPECT_EQ(to_hex(written([](auto& w) { w.uleb(300); })), "ac 02");
  EXPECT_EQ(to_hex(written([](auto& w) { w.uleb(UINT64_MAX); })), "ff ff ff ff ff ff ff ff ff 01");
  for (uint64_t value :
       {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{1} << 35, UINT64_MAX}) {
    const std::string bytes = written([&](auto& w) { w.uleb(value); });
    BinaryReader reader(bytes);
    EXPECT_EQ(reader.uleb(), value);
    reader.expect_end();
    EXPECT_TRUE(reader.status().ok());
  }
}

TEST(QuackBinary, SignedVarInts) {
  EXPECT_EQ(to_hex(written([](auto& w) { w.sleb(0); })), "00");
  EXPECT_EQ(to_hex(written([](auto& w) { w.sleb(-1); })), "7f");
  EXPECT_EQ(to_hex(written([](auto& w) { w.sleb(63); })), "3f");
  EXPECT_EQ(to_hex(written([](auto& w) { w.sleb(64); })), "c0 00");
  EXPECT_EQ(to_hex(written([](auto& w) { w.sleb(-65); })), "bf 7f");
  for (int64_t value :
       {int64_t{0}, int64_t{-1}, int64_t{64}, int64_t{-64}, int64_t{-65}, INT64_MIN, INT64_MAX}) {
    const std::string bytes = written([&](auto& w) { w.sleb(value); });
    BinaryReader reader(bytes);
    EXPECT_EQ(reader.sleb(), value);
    EXPECT_TRUE(reader.status().ok());
  }
}

TEST(QuackBinary, HugeintIsUpperThenLower) {
  const int128_t value = join_halves(-2, 5);
  const std::string bytes = written([&](auto& w) { w.hugeint(value); });
  EXPECT_EQ(to_hex(bytes), "7e 05");
  BinaryReader reader(bytes);
  EXPECT_TRUE(reader.hugeint() == value);
}

TEST(QuackBinary, FieldsStringsListsAndObjectEnds) {
  const std::string bytes = written([](auto& w) {
    w.field(1).string("ab").field(2).boolean(true).field(3).list(2).uleb(7).uleb(8).field(4).nullable(false);
    w.end_object();
  });
  EXPECT_EQ(to_hex(bytes), "01 00 02 61 62 02 00 01 03 00 02 07 08 04 00 00 ff ff");
  BinaryReader reader(bytes);
  reader.begin_object();
  reader.field(1);
  EXPECT_EQ(reader.string(), "ab");
  EXPECT_FALSE(reader.optional_field(3));  // field 2 comes first
  EXPECT_TRUE(reader.optional_field(2));
  EXPECT_TRUE(reader.boolean());
  reader.field(3);
  EXPECT_EQ(reader.list(), 2u);
  EXPECT_EQ(reader.uleb(), 7u);
  EXPECT_EQ(reader.uleb(), 8u);
  reader.field(4);
  EXPECT_FALSE(reader.nullable());
  EXPECT_FALSE(reader.optional_field(5));
  reader.end_object();
  reader.expect_end();
  EXPECT_TRUE(reader.status().ok()) << error_of(reader);
}

TEST(QuackBinary, UnexpectedFieldIsAnError) {
  const std::string bytes = hex("07 00 01 ff ff");  // the reader views it
  BinaryReader reader(bytes);
  reader.begin_object();
  reader.field(3);
  EXPECT_EQ(error_of(reader), "field 3 expected, found field 7 at byte 0");
}

TEST(QuackBinary, UnknownFieldBeforeTheEndIsAnError) {
  const std::string bytes = hex("01 00 01 09 00 01 ff ff");  // the reader views it
  BinaryReader reader(bytes);
  reader.begin_object();
  reader.field(1);
  reader.uleb();
  EXPECT_FALSE(reader.optional_field(2));
  reader.end_object();
  EXPECT_EQ(error_of(reader), "the end of the object expected, found field 9 at byte 3");
}

TEST(QuackBinary, FieldsOutOfOrderAreAnError) {
  const std::string bytes = hex("03 00 01 02 00 01 ff ff");  // the reader views it
  BinaryReader reader(bytes);
  reader.begin_object();
  EXPECT_FALSE(reader.optional_field(1));
  EXPECT_FALSE(reader.optional_field(2));
  EXPECT_TRUE(reader.optional_field(3));
  reader.uleb();
  reader.end_object();
  EXPECT_EQ(error_of(reader), "field 2 out of order after field 3 at byte 3");
}

TEST(QuackBinary, StringBeyondTheMessageIsAnError) {
  const std::string bytes = hex("88 27 61 62");  // the reader views it
  BinaryReader reader(bytes);
  EXPECT_EQ(reader.string(), "");
  EXPECT_EQ(error_of(reader), "string of 5000 bytes beyond the end of the message at byte 0");
}

TEST(QuackBinary, ListCountBeyondTheMessageIsAnError) {
  std::string bytes = written([](auto& w) { w.list(uint64_t{1} << 40); });
  bytes += std::string(100, '\0');
  BinaryReader reader(bytes);
  EXPECT_EQ(reader.list(), 0u);
  EXPECT_EQ(error_of(reader), "list of 1099511627776 elements beyond the end of the message at byte 0");
}

TEST(QuackBinary, VarIntsLongerThanTenBytesAreAnError) {
  BinaryReader eleven(hex("80 80 80 80 80 80 80 80 80 80 01"));
  eleven.uleb();
  EXPECT_EQ(error_of(eleven), "ULEB128 integer longer than 10 bytes at byte 0");
  BinaryReader too_big(hex("ff ff ff ff ff ff ff ff ff 02"));
  too_big.uleb();
  EXPECT_EQ(error_of(too_big), "ULEB128 integer beyond 64 bits at byte 0");
  BinaryReader signed_eleven(hex("80 80 80 80 80 80 80 80 80 80 00"));
  signed_eleven.sleb();
  EXPECT_FALSE(signed_eleven.status().ok());
}

TEST(QuackBinary, TruncatedValuesAreErrors) {
  BinaryReader varint(hex("80"));
  varint.uleb();
  EXPECT_EQ(error_of(varint), "the message ends inside a ULEB128 integer at byte 1");
  BinaryReader boolean(hex(""));
  boolean.boolean();
  EXPECT_EQ(error_of(boolean), "the message ends inside a bool at byte 0");
  BinaryReader field(hex("01"));
  field.begin_object();
  field.field(1);
  EXPECT_EQ(error_of(field), "field 1 expected, found the end of the message at byte 0");
  BinaryReader end(hex("ff"));
  end.begin_object();
  end.end_object();
  EXPECT_FALSE(end.status().ok());
}

TEST(QuackBinary, BoolMustBeZeroOrOne) {
  const std::string bytes = hex("02");  // the reader views it
  BinaryReader reader(bytes);
  reader.boolean();
  EXPECT_EQ(error_of(reader), "bool of value 2 (0 or 1 expected) at byte 0");
}

TEST(QuackBinary, ObjectNestingIsBounded) {
  BinaryReader reader("");
  for (size_t i = 0; i < BinaryReader::kMaxObjectDepth; ++i) reader.begin_object();
  EXPECT_TRUE(reader.status().ok());
  reader.begin_object();
  EXPECT_EQ(error_of(reader), "objects nested deeper than 128 at byte 0");
}

TEST(QuackBinary, TheFirstErrorStaysAndLaterReadsAreNeutral) {
  const std::string bytes = hex("05 00 03 61 62 63");  // the reader views it
  BinaryReader reader(bytes);
  reader.begin_object();
  reader.field(1);
  EXPECT_EQ(reader.string(), "");
  EXPECT_EQ(reader.list(), 0u);
  EXPECT_FALSE(reader.optional_field(5));
  reader.fail("another");
  EXPECT_EQ(error_of(reader), "field 1 expected, found field 5 at byte 0");
}

TEST(QuackBinary, TrailingBytesAreAnError) {
  const std::string bytes = hex("00 01");  // the reader views it
  BinaryReader reader(bytes);
  reader.uleb();
  reader.expect_end();
  EXPECT_EQ(error_of(reader), "1 byte after the end of the message at byte 1");
}

}  // namespace
}  // namespace duckwire::quack
