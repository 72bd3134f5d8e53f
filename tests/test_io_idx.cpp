// symkit: sanitize-subset
// IDX reader/writer: hand-made byte images with known values, round trips, every bad input
// (with the file and the field in the message), and no large allocation from a lying header.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>

#include "io_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/io/idx.hpp"

// The replacement operator new below pairs malloc with free; GCC cannot see that the pairing
// is consistent once the operators are inlined, so its pairing warning is off in this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

// Largest single operator-new request while tracking is on: shows that a lying header never
// turns into a large allocation.
namespace {
std::atomic<bool> g_tracking{false};
std::atomic<std::size_t> g_largest{0};
void note(std::size_t n) {
  if (g_tracking.load(std::memory_order_relaxed)) {
    std::size_t cur = g_largest.load();
    while (n > cur && !g_largest.compare_exchange_weak(cur, n)) {
    }
  }
}
}  // namespace

void* operator new(std::size_t n) {
  note(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  note(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

using iotest::Bytes;
using iotest::expect_error;
using iotest::gzip;
using iotest::idx_header;
using iotest::TempDir;
using symkit::FormatError;
using symkit::InputError;
using symkit::UsageError;
using namespace symkit::io;

IdxArray parse(const Bytes& b, const IdxLimits& lim = {}) {
  return parse_idx(b.data(), b.size(), "mem.idx", lim);
}

TEST(IdxRead, HandMadeUnsignedBytes) {
  // 2 x 3 array, row-major: [[1, 2, 3], [250, 0, 7]].
  Bytes b = {0x00, 0x00, 0x08, 0x02, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 250, 0, 7};
  const IdxArray a = parse(b);
  EXPECT_EQ(a.type, IdxType::u8);
  ASSERT_EQ(a.dims, (std::vector<std::uint32_t>{2, 3}));
  EXPECT_EQ(a.bytes, (Bytes{1, 2, 3, 250, 0, 7}));
  EXPECT_TRUE(a.values.empty());
  EXPECT_EQ(a.size(), 6u);
  EXPECT_EQ(a.at(3), 250.0);
  EXPECT_EQ(a.magic(), 0x00000802u);
}

TEST(IdxRead, BigEndianDimensionsAboveOneByte) {
  // A dimension of 258 = 0x00000102 read little-endian would be 0x02010000.
  Bytes b = idx_header(0x08, {258});
  for (int i = 0; i < 258; ++i) b.push_back(std::uint8_t(i * 7));
  const IdxArray a = parse(b);
  ASSERT_EQ(a.dims, (std::vector<std::uint32_t>{258}));
  EXPECT_EQ(a.bytes[257], std::uint8_t(257 * 7));
}

TEST(IdxRead, HandMadeFloatAndIntegerTypes) {
  // float32 big-endian: 1.5 = 0x3FC00000, -2 = 0xC0000000.
  Bytes f32 = {0, 0, 0x0D, 1, 0, 0, 0, 2, 0x3F, 0xC0, 0, 0, 0xC0, 0, 0, 0};
  const IdxArray a = parse(f32);
  EXPECT_EQ(a.type, IdxType::f32);
  EXPECT_EQ(a.values, (std::vector<double>{1.5, -2.0}));
  // float64 big-endian: 0.1 = 0x3FB999999999999A.
  Bytes f64 = {0, 0, 0x0E, 1, 0, 0, 0, 1, 0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A};
  EXPECT_EQ(parse(f64).values, (std::vector<double>{0.1}));
  // int16 0xFFFE = -2, 0x0102 = 258; int32 0xFFFFFFFF = -1; int8 0x80 = -128.
  Bytes i16 = {0, 0, 0x0B, 1, 0, 0, 0, 2, 0xFF, 0xFE, 0x01, 0x02};
  EXPECT_EQ(parse(i16).values, (std::vector<double>{-2, 258}));
  Bytes i32 = {0, 0, 0x0C, 1, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF};
  EXPECT_EQ(parse(i32).values, (std::vector<double>{-1}));
  Bytes i8 = {0, 0, 0x09, 1, 0, 0, 0, 2, 0x80, 0x7F};
  EXPECT_EQ(parse(i8).values, (std::vector<double>{-128, 127}));
}

TEST(IdxRead, GzipFromMemoryAndFile) {
  Bytes raw = idx_header(0x08, {2, 2, 2});
  for (int i = 0; i < 8; ++i) raw.push_back(std::uint8_t(10 * i));
  const Bytes gz = gzip(raw);
  const IdxArray a = parse(gz);
  EXPECT_EQ(a.dims, (std::vector<std::uint32_t>{2, 2, 2}));
  EXPECT_EQ(a.bytes, (Bytes{0, 10, 20, 30, 40, 50, 60, 70}));
  TempDir t;
  // Detection is by content: a gzip file without .gz and a raw file with .gz both read.
  iotest::write_bytes(t.path("a.idx"), gz);
  iotest::write_bytes(t.path("b.gz"), raw);
  EXPECT_EQ(read_idx(t.path("a.idx")).bytes, a.bytes);
  EXPECT_EQ(read_idx(t.path("b.gz")).bytes, a.bytes);
}

TEST(IdxRead, ConcatenatedGzipMembersAreOneStream) {
  Bytes raw = idx_header(0x08, {6});
  for (int i = 0; i < 6; ++i) raw.push_back(std::uint8_t(i + 1));
  const Bytes first(raw.begin(), raw.begin() + 9);
  const Bytes second(raw.begin() + 9, raw.end());
  Bytes gz = gzip(first);
  const Bytes gz2 = gzip(second);
  gz.insert(gz.end(), gz2.begin(), gz2.end());
  EXPECT_EQ(parse(gz).bytes, (Bytes{1, 2, 3, 4, 5, 6}));
}

TEST(IdxWrite, ExactBytesOfAnUnsignedByteFile) {
  TempDir t;
  write_idx_u8(t.path("w.idx"), {1, 2, 2}, {9, 8, 7, 6});
  const Bytes expect = {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 9, 8, 7, 6};
  EXPECT_EQ(iotest::read_bytes(t.path("w.idx")), expect);
  // The .gz variant holds the same bytes after gunzip.
  write_idx_u8(t.path("w.idx.gz"), {1, 2, 2}, {9, 8, 7, 6});
  EXPECT_EQ(iotest::gunzip(iotest::read_bytes(t.path("w.idx.gz"))), expect);
}

TEST(IdxWrite, ExactBytesOfAFloat64File) {
  TempDir t;
  IdxArray a;
  a.type = IdxType::f64;
  a.dims = std::vector<std::uint32_t>{1};
  a.values = {-0.1};  // 0xBFB999999999999A
  write_idx(t.path("d.idx"), a);
  const Bytes expect = {0, 0, 0x0E, 1, 0, 0, 0, 1, 0xBF, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A};
  EXPECT_EQ(iotest::read_bytes(t.path("d.idx")), expect);
}

TEST(IdxWrite, RoundTripEveryTypeRawAndGzip) {
  TempDir t;
  struct Case {
    IdxType type;
    std::vector<double> v;
  };
  const std::vector<Case> cases = {
      {IdxType::i8, {-128, 0, 127, -1, 5, 6}},
      {IdxType::i16, {-32768, 32767, 258, -2, 0, 1}},
      {IdxType::i32, {-2147483648.0, 2147483647.0, 65536, -70000, 0, 3}},
      {IdxType::f32, {0.5, -0.25, 1e-3f, 3.0e38f, -7, 0}},
      {IdxType::f64, {0.1, -1e-300, 1e300, M_PI, -0.0, 2.5}},
  };
  for (const auto& c : cases) {
    for (const char* ext : {".idx", ".idx.gz"}) {
      IdxArray a;
      a.type = c.type;
      a.dims = std::vector<std::uint32_t>{3, 2};
      a.values = c.v;
      const std::string p = t.path(std::string(idx_type_name(c.type)) + ext);
      write_idx(p, a);
      const IdxArray b = read_idx(p);
      EXPECT_EQ(b.type, c.type) << p;
      EXPECT_EQ(b.dims, a.dims) << p;
      const std::vector<double> f32_expect = {0.5, -0.25, double(1e-3f), double(3.0e38f), -7, 0};
      EXPECT_EQ(b.values, c.type == IdxType::f32 ? f32_expect : c.v) << p;
    }
  }
  // Unsigned bytes: all 256 values.
  std::vector<std::uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[i] = std::uint8_t(255 - i);
  write_idx_u8(t.path("u8.idx.gz"), {4, 8, 8}, all);
  const IdxArray u = read_idx(t.path("u8.idx.gz"));
  EXPECT_EQ(u.dims, (std::vector<std::uint32_t>{4, 8, 8}));
  EXPECT_EQ(u.bytes, all);
}

TEST(IdxWrite, RejectsUnrepresentableValuesAndBadShapes) {
  TempDir t;
  IdxArray a;
  a.type = IdxType::i8;
  a.dims = std::vector<std::uint32_t>{2};
  a.values = {1, 128};
  expect_error<UsageError>([&] { write_idx(t.path("x.idx"), a); }, {"x.idx", "element 1", "128"});
  a.values = {1, 0.5};
  expect_error<UsageError>([&] { write_idx(t.path("x.idx"), a); }, {"element 1"});
  a.type = IdxType::f64;
  a.values = {1, std::nan("")};
  expect_error<UsageError>([&] { write_idx(t.path("x.idx"), a); }, {"element 1"});
  a.dims = std::vector<std::uint32_t>{3};
  a.values = {1, 2};
  expect_error<UsageError>([&] { write_idx(t.path("x.idx"), a); }, {"3 elements", "2"});
  expect_error<UsageError>([&] { write_idx_u8(t.path("y.idx"), {}, {}); }, {"dimensions"});
  expect_error<UsageError>([&] { write_idx_u8(t.path("y.idx"), {2, 0}, {}); }, {"dimension 1"});
  expect_error<InputError>([&] { write_idx_u8(t.dir() + "/no/such/dir.idx", {1}, {0}); },
                           {"no/such/dir.idx"});
}

// ------------------------------------------------------------------ bad input

TEST(IdxBad, MissingFileAndDirectory) {
  TempDir t;
  expect_error<FormatError>([&] { read_idx(t.path("absent.idx")); }, {"absent.idx", "cannot open"});
  expect_error<FormatError>([&] { read_idx(t.dir()); }, {t.dir(), "not a regular file"});
}

TEST(IdxBad, EmptyAndTruncatedHeader) {
  expect_error<FormatError>([] { parse({}); }, {"mem.idx", "truncated", "0 bytes"});
  expect_error<FormatError>([] { parse({0, 0, 8}); }, {"mem.idx", "truncated", "3 bytes"});
  // ndims 2 promises 8 bytes of dimension fields, 5 follow.
  expect_error<FormatError>(
      [] {
        parse({0, 0, 8, 2, 0, 0, 0, 1, 0});
      },
      {"mem.idx", "2 dimension fields", "only 5"});
}

TEST(IdxBad, TruncatedData) {
  Bytes b = idx_header(0x08, {2, 3});
  for (int i = 0; i < 5; ++i) b.push_back(1);  // 6 promised
  expect_error<FormatError>([&] { parse(b); }, {"mem.idx", "truncated", "6 data bytes", "5"});
  expect_error<FormatError>([&] { parse(gzip(b)); }, {"mem.idx", "truncated", "only 5"});
  TempDir t;
  iotest::write_bytes(t.path("t.idx"), b);
  expect_error<FormatError>([&] { read_idx(t.path("t.idx")); }, {"t.idx", "truncated"});
}

TEST(IdxBad, WrongMagic) {
  Bytes b = idx_header(0x08, {1});
  b.push_back(0);
  Bytes m = b;
  m[0] = 0x01;  // first byte must be zero
  expect_error<FormatError>([&] { parse(m); }, {"mem.idx", "wrong magic", "0x01000801"});
  m = b;
  m[1] = 0x08;
  expect_error<FormatError>([&] { parse(m); }, {"wrong magic", "0x00080801"});
  m = b;
  m[2] = 0x07;  // no such type
  expect_error<FormatError>([&] { parse(m); }, {"wrong magic", "0x00000701"});
  // A text file is not an IDX file.
  const std::string text = "1,2,3\n";
  expect_error<FormatError>([&] { parse(Bytes(text.begin(), text.end())); }, {"wrong magic"});
}

TEST(IdxBad, NdimsZeroOrAbsurd) {
  expect_error<FormatError>([] { parse({0, 0, 8, 0}); }, {"mem.idx", "ndims", "is 0"});
  Bytes b = {0, 0, 8, 17};
  for (int i = 0; i < 17; ++i) iotest::put_be32(b, 1);
  b.push_back(0);
  expect_error<FormatError>([&] { parse(b); }, {"ndims", "17"});
  // 16 dimensions of size 1 are fine.
  Bytes ok = {0, 0, 8, 16};
  for (int i = 0; i < 16; ++i) iotest::put_be32(ok, 1);
  ok.push_back(42);
  EXPECT_EQ(parse(ok).bytes, (Bytes{42}));
}

TEST(IdxBad, ZeroDimension) {
  expect_error<FormatError>(
      [] {
        parse(idx_header(0x08, {3, 0}));
      },
      {"mem.idx", "dimension field 1", "is 0"});
}

TEST(IdxBad, DimensionProductOverflows64Bits) {
  // 2^32-1 cubed > 2^64.
  Bytes b = idx_header(0x08, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu});
  b.push_back(0);
  expect_error<FormatError>([&] { parse(b); }, {"mem.idx", "4294967295", "overflows 64 bits"});
  // The count fits in 64 bits but count * 8 bytes of float64 does not.
  Bytes c = idx_header(0x0E, {0xFFFFFFFFu, 0xFFFFFFFFu});
  expect_error<FormatError>([&] { parse(c); }, {"overflows 64 bits"});
  expect_error<FormatError>([&] { parse(gzip(b)); }, {"overflows 64 bits"});
}

TEST(IdxBad, LyingHeaderNeverAllocatesMuch) {
  // Header promises 60000 x 28 x 28 = 47 MB; only 10 bytes follow (raw) and 10 bytes inside a
  // gzip stream. Also 0x3FFFFFFF x 1 (just under the 1 GiB limit) inside gzip.
  Bytes b = idx_header(0x08, {60000, 28, 28});
  for (int i = 0; i < 10; ++i) b.push_back(1);
  Bytes big = idx_header(0x08, {0x3FFFFFFFu, 1});
  for (int i = 0; i < 10; ++i) big.push_back(1);
  const Bytes gz = gzip(b), gzbig = gzip(big);
  g_largest = 0;
  g_tracking = true;
  bool threw[3] = {false, false, false};
  try {
    parse(b);
  } catch (const FormatError&) {
    threw[0] = true;
  }
  try {
    parse(gz);
  } catch (const FormatError&) {
    threw[1] = true;
  }
  try {
    parse(gzbig);
  } catch (const FormatError&) {
    threw[2] = true;
  }
  g_tracking = false;
  EXPECT_TRUE(threw[0] && threw[1] && threw[2]);
  EXPECT_LE(g_largest.load(), std::size_t(2) << 20) << "largest single allocation";
}

TEST(IdxBad, OverTheMemoryLimitBeforeReading) {
  Bytes b = idx_header(0x08, {100, 100});
  b.resize(b.size() + 10000, 3);
  IdxLimits lim;
  lim.max_bytes = 9999;
  expect_error<FormatError>([&] { parse(b, lim); }, {"mem.idx", "100 x 100", "limit of 9999"});
  expect_error<FormatError>([&] { parse(gzip(b), lim); }, {"limit of 9999"});
  lim.max_bytes = 10000;
  EXPECT_EQ(parse(b, lim).bytes.size(), 10000u);
  // For non-byte types the limit counts eight bytes per element (as doubles).
  Bytes f = idx_header(0x0D, {1000});
  f.resize(f.size() + 4000, 0);
  lim.max_bytes = 7999;
  expect_error<FormatError>([&] { parse(f, lim); }, {"limit of 7999"});
  lim.max_bytes = 8000;
  EXPECT_EQ(parse(f, lim).values.size(), 1000u);
}

TEST(IdxBad, TrailingGarbageIsAnError) {
  Bytes b = idx_header(0x08, {2});
  b.push_back(1);
  b.push_back(2);
  b.push_back(99);
  expect_error<FormatError>([&] { parse(b); }, {"mem.idx", "trailing garbage", "1 bytes"});
  expect_error<FormatError>([&] { parse(gzip(b)); }, {"mem.idx", "trailing garbage"});
  // Bytes after the gzip stream that are not another gzip member.
  Bytes ok = idx_header(0x08, {2});
  ok.push_back(1);
  ok.push_back(2);
  Bytes gz = gzip(ok);
  gz.push_back('x');
  gz.push_back('y');
  expect_error<FormatError>([&] { parse(gz); },
                            {"mem.idx", "trailing bytes after the gzip stream"});
}

TEST(IdxBad, CorruptGzipStream) {
  Bytes raw = idx_header(0x08, {64});
  for (int i = 0; i < 64; ++i) raw.push_back(std::uint8_t(i * i));
  const Bytes gz = gzip(raw);
  // A damaged CRC-32 (the 8 trailer bytes are CRC-32 then size).
  Bytes crc = gz;
  crc[crc.size() - 8] ^= 0xFF;
  expect_error<FormatError>([&] { parse(crc); }, {"mem.idx", "corrupt gzip stream"});
  // A stream cut short.
  Bytes cut(gz.begin(), gz.end() - 12);
  expect_error<FormatError>([&] { parse(cut); }, {"mem.idx", "corrupt gzip stream"});
  // A damaged header (compression method 7 instead of 8 = deflate).
  Bytes hdr = gz;
  hdr[2] = 7;
  expect_error<FormatError>([&] { parse(hdr); }, {"corrupt gzip stream"});
  // Only the gzip magic.
  expect_error<FormatError>([&] { parse({0x1f, 0x8b}); }, {"corrupt gzip stream"});
  // Every single-byte flip in the body is caught (by inflate or by the CRC), never a crash.
  for (std::size_t i = 10; i + 8 < gz.size(); ++i) {
    Bytes f = gz;
    f[i] ^= 0x55;
    EXPECT_THROW(parse(f), FormatError) << "flip at " << i;
  }
}

TEST(IdxBad, NonFiniteFloatsNameTheElement) {
  Bytes b = {0, 0, 0x0D, 1, 0, 0, 0, 3, 0x3F, 0x80, 0, 0, 0x7F, 0xC0, 0, 0, 0, 0, 0, 0};
  expect_error<InputError>([&] { parse(b); }, {"mem.idx", "element 1", "nan"});
  Bytes inf = {0, 0, 0x0E, 1, 0, 0, 0, 1, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0};
  expect_error<InputError>([&] { parse(inf); }, {"element 0", "inf"});
}

}  // namespace
