// symkit: sanitize-subset
// MNIST-style loading (image/label consistency), Fashion-MNIST paths, index selections, and
// the real digits written by scripts/fetch-mnist when they are present.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "io_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/io/mnist.hpp"

namespace {

using iotest::expect_error;
using iotest::TempDir;
using symkit::FormatError;
using symkit::InputError;
using symkit::UsageError;
using namespace symkit::io;

/// Three 2 x 3 images (pixel = 40*i + 5*k + 1) and labels {7, 0, 9}.
void write_small_set(const TempDir& t, const std::string& images, const std::string& labels) {
  std::vector<std::uint8_t> px;
  for (int i = 0; i < 3; ++i)
    for (int k = 0; k < 6; ++k) px.push_back(std::uint8_t(40 * i + 5 * k + 1));
  write_idx_u8(t.path(images), {3, 2, 3}, px);
  write_idx_u8(t.path(labels), {3}, {7, 0, 9});
}

TEST(Mnist, LoadsImagesLabelsBytesAndDoubles) {
  TempDir t;
  write_small_set(t, "im.gz", "lab.gz");
  const MnistSet s = load_mnist(t.path("im.gz"), t.path("lab.gz"));
  EXPECT_EQ(s.count, 3u);
  EXPECT_EQ(s.rows, 2u);
  EXPECT_EQ(s.cols, 3u);
  EXPECT_EQ(s.labels, (std::vector<std::uint8_t>{7, 0, 9}));
  // Image 1, pixel (row 1, col 2) = 40 + 5*5 + 1 = 66.
  EXPECT_EQ(s.image(1)[1 * 3 + 2], 66);
  const auto v = s.image_as_doubles(2, 1.0 / 255);
  ASSERT_EQ(v.size(), 6);
  EXPECT_DOUBLE_EQ(v(0), 81.0 / 255);
  EXPECT_DOUBLE_EQ(v(5), 106.0 / 255);
  const auto m = s.images_as_doubles();
  ASSERT_EQ(m.rows(), 3);
  ASSERT_EQ(m.cols(), 6);
  EXPECT_EQ(m(0, 0), 1.0);
  EXPECT_EQ(m(2, 3), 96.0);
  expect_error<InputError>([&] { s.image(3); }, {"image index 3", "3 images"});
}

TEST(Mnist, CountMismatchLabelRangeAndShapes) {
  TempDir t;
  write_small_set(t, "im", "lab");
  write_idx_u8(t.path("lab4"), {4}, {1, 2, 3, 4});
  expect_error<InputError>([&] { load_mnist(t.path("im"), t.path("lab4")); },
                           {"lab4", "label count 4", "image count 3"});
  write_idx_u8(t.path("lab10"), {3}, {1, 10, 3});
  expect_error<InputError>([&] { load_mnist(t.path("im"), t.path("lab10")); },
                           {"lab10", "label 1 is 10", "0..9"});
  // With 11 classes the label 10 is fine.
  EXPECT_EQ(load_mnist(t.path("im"), t.path("lab10"), 11).labels[1], 10);
  write_idx_u8(t.path("flat"), {3, 6}, std::vector<std::uint8_t>(18, 0));
  expect_error<InputError>([&] { load_mnist(t.path("flat"), t.path("lab")); },
                           {"flat", "3 dimensions", "3 x 6"});
  expect_error<InputError>([&] { load_mnist(t.path("im"), t.path("im")); }, {"1 dimension"});
  expect_error<FormatError>([&] { load_mnist(t.path("im"), t.path("absent")); }, {"absent"});
  expect_error<UsageError>([&] { load_mnist(t.path("im"), t.path("lab"), 0); }, {"classes"});
}

TEST(Mnist, DefaultAndFashionPaths) {
  const MnistPaths p = mnist_paths("d");
  EXPECT_EQ(p.images, "d/train-images-idx3-ubyte.gz");
  EXPECT_EQ(p.labels, "d/train-labels-idx1-ubyte.gz");
  const MnistPaths f = fashion_mnist_paths();
  EXPECT_EQ(f.images, "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
  EXPECT_EQ(f.labels, "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");
  const MnistPaths ft = fashion_mnist_paths(true);
  EXPECT_EQ(ft.images, "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
  EXPECT_EQ(ft.labels, "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz");
  TempDir t;
  expect_error<InputError>([&] { load_fashion_mnist(false, t.path("none")); },
                           {"train-images-idx3-ubyte.gz", "dataset-fashion-mnist"});
  expect_error<InputError>([&] { load_mnist_dir(t.path("none")); }, {"scripts/fetch-mnist"});
  // The same layout in another folder loads.
  write_small_set(t, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
  EXPECT_EQ(load_fashion_mnist(true, t.dir()).count, 3u);
}

TEST(IndexRanges, ParsesItemsInOrderWithRepeats) {
  EXPECT_EQ(parse_index_ranges("0-3,7,5-5", 8), (std::vector<std::size_t>{0, 1, 2, 3, 7, 5}));
  EXPECT_EQ(parse_index_ranges(" 2 , 1 - 2 ", 3), (std::vector<std::size_t>{2, 1, 2}));
  EXPECT_EQ(parse_index_ranges("9", 10), (std::vector<std::size_t>{9}));
  const auto r = parse_index_ranges("0-99,200,300-310", 1000);
  ASSERT_EQ(r.size(), 100u + 1 + 11);
  EXPECT_EQ(r[99], 99u);
  EXPECT_EQ(r[100], 200u);
  EXPECT_EQ(r.back(), 310u);
}

TEST(IndexRanges, ClearErrors) {
  expect_error<UsageError>([] { parse_index_ranges("", 5); }, {"--index", "empty"});
  expect_error<UsageError>([] { parse_index_ranges("1,,2", 5); }, {"--index '1,,2'", "empty item"});
  expect_error<UsageError>([] { parse_index_ranges("1,", 5); }, {"empty item"});
  expect_error<UsageError>([] { parse_index_ranges("a", 5); }, {"item 'a'", "not an index"});
  expect_error<UsageError>([] { parse_index_ranges("1.5", 5); }, {"'1.5'"});
  expect_error<UsageError>([] { parse_index_ranges("3-1", 5); }, {"'3-1'", "reversed"});
  expect_error<UsageError>([] { parse_index_ranges("5", 5); }, {"index 5", "out of range", "0..4"});
  expect_error<UsageError>([] { parse_index_ranges("2-5", 5); }, {"index 5", "out of range"});
  expect_error<UsageError>([] { parse_index_ranges("-1", 5); }, {"'-1'", "lacks a number"});
  expect_error<UsageError>([] { parse_index_ranges("1-", 5); }, {"lacks a number"});
  expect_error<UsageError>([] { parse_index_ranges("1-2-3", 5); }, {"'1-2-3'"});
  expect_error<UsageError>([] { parse_index_ranges("99999999999999999999999", 5); }, {"too large"});
  expect_error<UsageError>([] { parse_index_ranges("0", 0); }, {"out of range", "none"});
  expect_error<UsageError>([] { parse_index_ranges("1", 1, "--in2-index"); }, {"--in2-index"});
}

TEST(RealMnist, FirstFiveIsMnistsFirstTrainingImage) {
  const std::string dir = std::string(SYMKIT_FIXTURES) + "/../../data/mnist";
  struct stat st {};
  if (::stat((dir + "/train-images-idx3-ubyte.gz").c_str(), &st) != 0) {
    GTEST_SKIP() << "run scripts/fetch-mnist to enable this test";
  }
  const MnistSet s = load_mnist_dir(dir);
  ASSERT_EQ(s.count, 10000u);
  ASSERT_EQ(s.rows, 28u);
  ASSERT_EQ(s.cols, 28u);
  // Digit-major order: 1001 zeros, 1127 ones, 991 twos, 1032 threes, 980 fours, then the fives.
  std::size_t first5 = 0;
  while (s.labels[first5] != 5) ++first5;
  EXPECT_EQ(first5, 5131u);
  const std::uint8_t expect[12] = {3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127};
  for (int c = 0; c < 12; ++c) EXPECT_EQ(s.image(first5)[5 * 28 + 12 + c], expect[c]) << c;
  for (std::size_t i = 1; i < s.count; ++i) EXPECT_LE(s.labels[i - 1], s.labels[i]);
}

}  // namespace
