// symkit: sanitize-subset
// Matrix files: CSV (parsing rules, errors with file:line:column, full-precision writing),
// NPY (hand-made byte images of every supported variant, lying headers), and the choice of
// format by extension with row selection.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include "io_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/io/idx.hpp"
#include "symkit/io/matrix.hpp"
#include "symkit/io/npy.hpp"

namespace {

using iotest::Bytes;
using iotest::expect_error;
using iotest::TempDir;
using symkit::FormatError;
using symkit::InputError;
using symkit::Mat;
using symkit::mp100;
using symkit::mp50;
using symkit::UsageError;
using namespace symkit::io;

// ------------------------------------------------------------------ NPY byte builders

/// NPY file: magic, version, little-endian header length (2 or 4 bytes), header, data.
Bytes npy_bytes(const std::string& dict, const Bytes& data, int major = 1) {
  std::string h = dict;
  const std::size_t pre = major == 1 ? 10 : 12;
  while ((pre + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  Bytes b = {0x93, 'N', 'U', 'M', 'P', 'Y', std::uint8_t(major), 0};
  const std::size_t n = h.size();
  b.push_back(std::uint8_t(n & 0xff));
  b.push_back(std::uint8_t(n >> 8));
  if (major != 1) {
    b.push_back(std::uint8_t(n >> 16));
    b.push_back(std::uint8_t(n >> 24));
  }
  b.insert(b.end(), h.begin(), h.end());
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

/// Little-endian (or big-endian) bytes of doubles / floats.
Bytes f8(const std::vector<double>& v, bool little = true) {
  Bytes b;
  for (double d : v) {
    std::uint64_t u;
    std::memcpy(&u, &d, 8);
    for (int k = 0; k < 8; ++k) b.push_back(std::uint8_t(u >> (8 * (little ? k : 7 - k))));
  }
  return b;
}
Bytes f4(const std::vector<float>& v, bool little = true) {
  Bytes b;
  for (float f : v) {
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    for (int k = 0; k < 4; ++k) b.push_back(std::uint8_t(u >> (8 * (little ? k : 3 - k))));
  }
  return b;
}

NpyMatrix parse(const Bytes& b) { return parse_npy(b.data(), b.size(), "mem.npy"); }

Mat<double> m23() {
  Mat<double> m(2, 3);
  m << 1.5, -2, 0.25, 1e-300, 7, -0.1;
  return m;
}

// ------------------------------------------------------------------ NPY reader

TEST(NpyRead, HandMadeCOrder2D) {
  // C order: row 0 then row 1.
  const auto n = parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                                 f8({1.5, -2, 0.25, 1e-300, 7, -0.1})));
  EXPECT_EQ(n.values, m23());
  EXPECT_EQ(n.shape, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(n.descr, "<f8");
  EXPECT_EQ(n.image_h, 0u);
}

TEST(NpyRead, FortranOrderIsTransposedCorrectly) {
  // Column-major bytes of the same 2 x 3 matrix: column 0, column 1, column 2.
  const auto n = parse(npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                                 f8({1.5, 1e-300, -2, 7, 0.25, -0.1})));
  EXPECT_EQ(n.values, m23());
  EXPECT_TRUE(n.fortran_order);
  // 3-D Fortran order: element (i, a, b) of a 2 x 2 x 3 array at i + 2*(a + 2*b).
  std::vector<double> c(12), f(12);
  for (int i = 0; i < 2; ++i)
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 3; ++b) {
        const double v = 100 * i + 10 * a + b;
        c[(i * 2 + a) * 3 + b] = v;
        f[i + 2 * (a + 2 * b)] = v;
      }
  const auto nc =
      parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 3), }", f8(c)));
  const auto nf =
      parse(npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 3), }", f8(f)));
  EXPECT_EQ(nc.values, nf.values);
  EXPECT_EQ(nc.values(1, 5), 112.0);  // row 1, pixel (1, 2) -> column 1*3 + 2
}

TEST(NpyRead, ThreeDimensionalImagesAndOneDimensional) {
  std::vector<double> v(2 * 2 * 3);
  for (std::size_t k = 0; k < v.size(); ++k) v[k] = double(k);
  const auto n =
      parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 3), }", f8(v)));
  ASSERT_EQ(n.values.rows(), 2);
  ASSERT_EQ(n.values.cols(), 6);
  EXPECT_EQ(n.image_h, 2u);
  EXPECT_EQ(n.image_w, 3u);
  EXPECT_EQ(n.values(0, 0), 0.0);
  EXPECT_EQ(n.values(1, 0), 6.0);
  EXPECT_EQ(n.values(1, 4), 10.0);
  const auto one =
      parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", f8({4, 5, 6})));
  ASSERT_EQ(one.values.rows(), 3);
  ASSERT_EQ(one.values.cols(), 1);
  EXPECT_EQ(one.values(2, 0), 6.0);
}

TEST(NpyRead, Version2FloatsBigEndianAndBytes) {
  const auto v2 = parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                                  f8({1.5, -2, 0.25, 1e-300, 7, -0.1}), 2));
  EXPECT_EQ(v2.values, m23());
  const auto be = parse(npy_bytes("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }",
                                  f8({1.5, -2, 0.25, 1e-300, 7, -0.1}, false)));
  EXPECT_EQ(be.values, m23());
  const auto lf = parse(
      npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", f4({0.1f, -3.5f})));
  EXPECT_EQ(lf.values(0, 0), double(0.1f));
  EXPECT_EQ(lf.values(0, 1), -3.5);
  const auto bf = parse(npy_bytes("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }",
                                  f4({0.1f, -3.5f}, false)));
  EXPECT_EQ(bf.values, lf.values);
  const auto u1 = parse(
      npy_bytes("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 3), }", Bytes{0, 128, 255}));
  EXPECT_EQ(u1.values(0, 1), 128.0);
  EXPECT_EQ(u1.values(0, 2), 255.0);
  // Key order and spacing are free.
  const auto k = parse(npy_bytes("{\"shape\":(2,3),\"fortran_order\":False,\"descr\":\"<f8\"}",
                                 f8({1.5, -2, 0.25, 1e-300, 7, -0.1})));
  EXPECT_EQ(k.values, m23());
}

TEST(NpyBad, LyingShapeAndTrailingBytes) {
  // shape (3, 3) promises 72 bytes; 48 follow.
  expect_error<FormatError>(
      [] {
        parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }",
                        f8({1, 2, 3, 4, 5, 6})));
      },
      {"mem.npy", "truncated", "'shape'", "72 data bytes", "48"});
  // shape claiming 2^40 x 2^20 elements: rejected from the header alone.
  expect_error<FormatError>(
      [] {
        parse(npy_bytes(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776, 1048576), }", {}));
      },
      {"mem.npy", "'shape'"});
  expect_error<FormatError>(
      [] {
        parse(
            npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, "
                      "99999999999, 99999999999), }",
                      {}));
      },
      {"overflows"});
  expect_error<FormatError>(
      [] {
        parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
                        f8({1, 2, 3})));
      },
      {"mem.npy", "trailing garbage", "8 bytes"});
}

TEST(NpyBad, HeaderFields) {
  const Bytes d = f8({1, 2});
  expect_error<FormatError>(
      [&] { parse(npy_bytes("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2), }", d)); },
      {"mem.npy", "'descr'", "<i8"});
  expect_error<FormatError>([&] { parse(npy_bytes("{'descr': '<f8', 'shape': (1, 2), }", d)); },
                            {"mem.npy", "fortran_order"});
  expect_error<FormatError>(
      [&] { parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, }", d)); }, {"shape"});
  expect_error<FormatError>(
      [&] { parse(npy_bytes("{'descr': '<f8', 'fortran_order': maybe, 'shape': (1, 2), }", d)); },
      {"True or False"});
  expect_error<FormatError>(
      [&] { parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, -2), }", d)); },
      {"non-negative integer"});
  expect_error<FormatError>(
      [&] {
        parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), 'x': 1}", d));
      },
      {"unknown key 'x'"});
  expect_error<FormatError>(
      [&] { parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", d)); },
      {"0 dimensions"});
  expect_error<FormatError>(
      [&] {
        parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 2), }", d));
      },
      {"4 dimensions"});
  expect_error<FormatError>(
      [&] { parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 2), }", {})); },
      {"zero dimension"});
  expect_error<FormatError>(
      [&] { parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2", d)); },
      {"mem.npy", "NPY header"});
}

TEST(NpyBad, MagicVersionAndLengths) {
  Bytes good = npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", f8({1}));
  Bytes m = good;
  m[1] = 'n';
  expect_error<FormatError>([&] { parse(m); }, {"mem.npy", "wrong magic"});
  m = good;
  m[6] = 4;
  expect_error<FormatError>([&] { parse(m); }, {"mem.npy", "version 4.0"});
  // Header length field larger than the file.
  m = good;
  m[8] = 0xff;
  m[9] = 0x7f;
  expect_error<FormatError>([&] { parse(m); }, {"mem.npy", "header length", "32767"});
  // Version 2 header length above symkit's 1 MiB limit.
  Bytes v2 = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 0x40};
  expect_error<FormatError>([&] { parse(v2); }, {"mem.npy", "header length", "limit"});
  expect_error<FormatError>([&] { parse(Bytes{0x93, 'N', 'U'}); }, {"wrong magic"});
  expect_error<FormatError>([&] { parse(Bytes(good.begin(), good.begin() + 9)); }, {"truncated"});
}

TEST(NpyBad, NonFiniteValueNamesRowAndColumn) {
  expect_error<InputError>(
      [] {
        parse(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                        f8({1, 2, 3, std::nan("")})));
      },
      {"mem.npy", "row 1, column 1", "nan"});
  expect_error<InputError>(
      [] {
        parse(npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                        f4({INFINITY, 1})));
      },
      {"row 0, column 0", "inf"});
}

TEST(NpyWrite, BytesAndRoundTrip) {
  TempDir t;
  write_npy(t.path("m.npy"), m23());
  const Bytes b = iotest::read_bytes(t.path("m.npy"));
  ASSERT_GE(b.size(), 10u);
  EXPECT_EQ(Bytes(b.begin(), b.begin() + 8), (Bytes{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}));
  const std::size_t hlen = b[8] | (b[9] << 8);
  EXPECT_EQ((10 + hlen) % 64, 0u);
  const std::string header(b.begin() + 10, b.begin() + 10 + long(hlen));
  EXPECT_NE(header.find("'descr': '<f8'"), std::string::npos);
  EXPECT_NE(header.find("'fortran_order': False"), std::string::npos);
  EXPECT_NE(header.find("'shape': (2, 3)"), std::string::npos);
  EXPECT_EQ(header.back(), '\n');
  // Data: C order little-endian.
  EXPECT_EQ(Bytes(b.begin() + 10 + long(hlen), b.end()), f8({1.5, -2, 0.25, 1e-300, 7, -0.1}));
  EXPECT_EQ(read_npy(t.path("m.npy")).values, m23());
  expect_error<FormatError>([&] { read_npy(t.path("none.npy")); }, {"none.npy", "cannot open"});
}

// ------------------------------------------------------------------ CSV

TEST(Csv, ParsesValuesHeaderCrlfAndTrailingBlankLines) {
  const auto m = parse_csv<double>("a,b,c\r\n1, -2.5 ,3e2\r\n.5,6.,-7E-1\r\n\r\n\n", "x.csv");
  ASSERT_EQ(m.rows(), 2);
  ASSERT_EQ(m.cols(), 3);
  EXPECT_EQ(m(0, 0), 1.0);
  EXPECT_EQ(m(0, 1), -2.5);
  EXPECT_EQ(m(0, 2), 300.0);
  EXPECT_EQ(m(1, 0), 0.5);
  EXPECT_EQ(m(1, 1), 6.0);
  EXPECT_EQ(m(1, 2), -0.7);
  // No header, no final newline.
  const auto n = parse_csv<double>("1,2\n3,4", "y.csv");
  EXPECT_EQ(n(1, 1), 4.0);
  EXPECT_EQ(n.rows(), 2);
}

TEST(Csv, ErrorsNameFileLineAndColumn) {
  expect_error<InputError>([] { parse_csv<double>("", "e.csv"); }, {"e.csv", "empty file"});
  expect_error<InputError>([] { parse_csv<double>("\n\n", "e.csv"); }, {"e.csv", "empty file"});
  expect_error<InputError>([] { parse_csv<double>("x,y\n", "h.csv"); }, {"h.csv", "no data rows"});
  expect_error<InputError>([] { parse_csv<double>("1,2\n3,4,5\n", "r.csv"); },
                           {"r.csv:2:", "ragged", "3 fields", "line 1 has 2"});
  expect_error<InputError>([] { parse_csv<double>("1,2\n3\n", "r.csv"); }, {"r.csv:2:", "ragged"});
  expect_error<InputError>([] { parse_csv<double>("1,2\n3,abc\n", "n.csv"); },
                           {"n.csv:2:2:", "'abc' is not a number"});
  expect_error<InputError>([] { parse_csv<double>("1,2x\n", "n.csv"); }, {"n.csv:1:2:", "'2x'"});
  expect_error<InputError>([] { parse_csv<double>("1,0x10\n", "n.csv"); }, {"n.csv:1:2:"});
  // A first line mixing numbers and words is not a header.
  expect_error<InputError>([] { parse_csv<double>("1,b\n2,3\n", "m.csv"); }, {"m.csv:1:2:"});
  expect_error<InputError>([] { parse_csv<double>("1,2\n3,nan\n", "f.csv"); },
                           {"f.csv:2:2:", "not finite"});
  expect_error<InputError>([] { parse_csv<double>("1,2\n-Inf,3\n", "f.csv"); },
                           {"f.csv:2:1:", "not finite"});
  expect_error<InputError>([] { parse_csv<double>("1e999\n", "o.csv"); },
                           {"o.csv:1:1:", "overflows"});
  expect_error<InputError>([] { parse_csv<double>("1,2\n\n3,4\n", "b.csv"); },
                           {"b.csv:2:", "blank line"});
  expect_error<InputError>([] { parse_csv<double>("1,,2\n", "b.csv"); },
                           {"b.csv:1:2:", "empty field"});
  expect_error<InputError>([] { parse_csv<double>("1,2,\n", "b.csv"); },
                           {"b.csv:1:3:", "empty field"});
  TempDir t;
  expect_error<FormatError>([&] { read_csv<double>(t.path("nope.csv")); }, {"nope.csv"});
}

TEST(Csv, SeventeenDigitsRoundTripEveryDoubleExactly) {
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> u(-1, 1);
  Mat<double> m(7, 5);
  for (Eigen::Index i = 0; i < m.size(); ++i)
    m.data()[i] = u(rng) * std::pow(10.0, int(i % 41) - 20);
  m(0, 0) = 0.1;
  m(0, 1) = 1.0 / 3.0;
  m(0, 2) = 5e-324;  // smallest subnormal
  m(0, 3) = 1.7976931348623157e308;
  TempDir t;
  write_csv(t.path("m.csv"), m);
  const Mat<double> back = read_csv<double>(t.path("m.csv"));
  EXPECT_EQ(back, m);  // bit-exact
  // With 3 significant digits the text is what printf("%.3g") gives.
  Mat<double> s(1, 2);
  s << 1.0 / 3.0, -12345.678;
  write_csv(t.path("s.csv"), s, 3);
  const Bytes txt = iotest::read_bytes(t.path("s.csv"));
  EXPECT_EQ(std::string(txt.begin(), txt.end()), "0.333,-1.23e+04\n");
}

TEST(Csv, MultiprecisionKeepsAllDigits) {
  TempDir t;
  Mat<mp50> m(2, 2);
  m << mp50(1) / 3, sqrt(mp50(2)), -mp50(2) / 7, mp50("1e-400");
  write_csv(t.path("k50.csv"), m);
  const Bytes txt = iotest::read_bytes(t.path("k50.csv"));
  const std::string s(txt.begin(), txt.end());
  // 1/3 printed with at least 50 significant threes.
  EXPECT_NE(s.find("0." + std::string(50, '3')), std::string::npos) << s;
  // sqrt(2) to 50 digits (known constant).
  EXPECT_NE(s.find("1.4142135623730950488016887242096980785696718753769"), std::string::npos) << s;
  const Mat<mp50> back = read_csv<mp50>(t.path("k50.csv"));
  EXPECT_EQ(back, m);
  // Read at double precision, the same file gives the nearest doubles (1e-400 underflows to 0).
  const Mat<double> d = read_csv<double>(t.path("k50.csv"));
  EXPECT_EQ(d(0, 0), 1.0 / 3.0);
  EXPECT_EQ(d(0, 1), std::sqrt(2.0));
  // 100 digits.
  Mat<mp100> h(1, 1);
  h << mp100(1) / 3;
  write_csv(t.path("k100.csv"), h);
  const Bytes t100 = iotest::read_bytes(t.path("k100.csv"));
  EXPECT_NE(std::string(t100.begin(), t100.end()).find("0." + std::string(100, '3')),
            std::string::npos);
  EXPECT_EQ(read_csv<mp100>(t.path("k100.csv")), h);
  // long double round trip.
  Mat<long double> l(1, 2);
  l << 1.0L / 3.0L, -0.1L;
  write_csv(t.path("l.csv"), l);
  EXPECT_EQ(read_csv<long double>(t.path("l.csv")), l);
}

// The default writer prints each element exactly as to_string_full does; for double that is
// printf("%.17g"), signed zero and infinities included.
TEST(Csv, DefaultDigitsPrintLikeToStringFull) {
  TempDir t;
  const double inf = std::numeric_limits<double>::infinity();
  Mat<double> d(2, 4);
  d << -0.0, 0.1, 1e21, 5e-324, -inf, 123456789012345678.0, -1.0 / 3.0, 1e-5;
  write_csv(t.path("d.csv"), d);
  std::string want;
  for (Eigen::Index i = 0; i < d.rows(); ++i) {
    for (Eigen::Index j = 0; j < d.cols(); ++j) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", d(i, j));
      EXPECT_EQ(symkit::to_string_full(d(i, j)), buf);
      want += (j ? "," : "") + std::string(buf);
    }
    want += '\n';
  }
  EXPECT_EQ(iotest::slurp(t.path("d.csv")), want);
  EXPECT_EQ(want.substr(0, want.find(',')), "-0");

  Mat<mp50> m(2, 3);
  m << mp50(-0.0), mp50(1) / 3, mp50("-1e-400"), mp50("1e60"), mp50(7),
      std::numeric_limits<mp50>::infinity();
  write_csv(t.path("m.csv"), m);
  want.clear();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      want += (j ? "," : "") + symkit::to_string_full(m(i, j));
    }
    want += '\n';
  }
  EXPECT_EQ(iotest::slurp(t.path("m.csv")), want);
}

// ------------------------------------------------------------------ by extension

TEST(MatrixFiles, FormatByExtension) {
  EXPECT_EQ(matrix_format_of("a/b.csv"), MatrixFormat::csv);
  EXPECT_EQ(matrix_format_of("k.npy"), MatrixFormat::npy);
  EXPECT_EQ(matrix_format_of("x.idx"), MatrixFormat::idx);
  EXPECT_EQ(matrix_format_of("train-images-idx3-ubyte"), MatrixFormat::idx);
  EXPECT_EQ(matrix_format_of("train-images-idx3-ubyte.gz"), MatrixFormat::idx);
  expect_error<UsageError>([] { matrix_format_of("k.txt"); }, {"k.txt", "unknown", ".csv", ".npy"});
  expect_error<UsageError>([] { matrix_format_of("csv"); }, {"unknown"});
}

TEST(MatrixFiles, WriteReadRoundTripEachFormat) {
  TempDir t;
  const Mat<double> m = m23();
  for (const char* name : {"m.csv", "m.npy", "m.idx", "m.idx.gz"}) {
    write_matrix(t.path(name), m);
    const auto r = read_matrix<double>(t.path(name));
    EXPECT_EQ(r.values, m) << name;
    EXPECT_EQ(r.image_h, 0u) << name;
  }
  // Multiprecision through NPY is rounded to double.
  Mat<mp50> p(1, 1);
  p << mp50(1) / 3;
  write_matrix(t.path("p.npy"), p);
  EXPECT_EQ(read_matrix<double>(t.path("p.npy")).values(0, 0), 1.0 / 3.0);
  expect_error<UsageError>([&] { write_matrix(t.path("m.dat"), m); }, {"m.dat"});
}

TEST(MatrixFiles, IdxImagesWithIndexSelection) {
  TempDir t;
  // 4 images of 2 x 3, pixel value 10*i + k.
  std::vector<std::uint8_t> px;
  for (int i = 0; i < 4; ++i)
    for (int k = 0; k < 6; ++k) px.push_back(std::uint8_t(10 * i + k));
  write_idx_u8(t.path("im-ubyte"), {4, 2, 3}, px);
  const auto all = read_matrix<double>(t.path("im-ubyte"));
  ASSERT_EQ(all.values.rows(), 4);
  ASSERT_EQ(all.values.cols(), 6);
  EXPECT_EQ(all.image_h, 2u);
  EXPECT_EQ(all.image_w, 3u);
  EXPECT_EQ(all.values(2, 4), 24.0);
  const auto sel = read_matrix<mp50>(t.path("im-ubyte"), "3,0-1");
  ASSERT_EQ(sel.values.rows(), 3);
  EXPECT_EQ(sel.values(0, 5), mp50(35));
  EXPECT_EQ(sel.values(1, 0), mp50(0));
  EXPECT_EQ(sel.values(2, 1), mp50(11));
  expect_error<UsageError>([&] { read_matrix<double>(t.path("im-ubyte"), "2-4"); },
                           {"--index", "4", "out of range"});
  // Row selection applies to CSV too.
  write_matrix(t.path("c.csv"), m23());
  const auto c = read_matrix<double>(t.path("c.csv"), "1");
  ASSERT_EQ(c.values.rows(), 1);
  EXPECT_EQ(c.values(0, 2), -0.1);
  // A 4-D IDX file is not a matrix.
  write_idx_u8(t.path("four.idx"), {1, 1, 1, 2}, {1, 2});
  expect_error<InputError>([&] { read_matrix<double>(t.path("four.idx")); },
                           {"four.idx", "4 dimensions"});
}

}  // namespace
