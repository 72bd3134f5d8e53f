// `symkit pairs` end to end on a tiny synthetic MNIST-format dataset written here (IDX files of
// 8 x 8 images): the rows, the summary and parseable SVG figures, and exit code 2 with one line
// for bad arguments.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "io_test_util.hpp"

namespace {

using iotest::Bytes;
using iotest::TempDir;

// A dataset directory with train-images-idx3-ubyte.gz / train-labels-idx1-ubyte.gz: 6 images of
// 8 x 8 (two blobs per image at label-dependent places), labels 0, 1, 2, 0, 1, 2.
std::string write_dataset(const TempDir& t) {
  const int count = 6, n = 8;
  Bytes images = iotest::idx_header(0x08, {count, n, n});
  Bytes labels = iotest::idx_header(0x08, {count});
  for (int i = 0; i < count; ++i) {
    for (int p = 0; p < n * n; ++p) {
      const int r = p / n, c = p % n;
      const bool on = (r == 1 + i % 3 && c >= 2 && c <= 5) || (c == 1 + i && r >= 3);
      images.push_back(on ? static_cast<std::uint8_t>(40 * (i + 1)) : 0);
    }
    labels.push_back(static_cast<std::uint8_t>(i % 3));
  }
  iotest::write_bytes(t.path("train-images-idx3-ubyte.gz"), iotest::gzip(images));
  iotest::write_bytes(t.path("train-labels-idx1-ubyte.gz"), iotest::gzip(labels));
  return t.dir();
}

TEST(PairsCli, WritesRowsSummaryAndWellFormedFigures) {
  TempDir t;
  const std::string data = write_dataset(t);
  const std::string out = t.path("run");
  const iotest::CliRun r =
      iotest::run_cli(t.dir(), "pairs --dataset mnist --images " + data +
                                   "/train-images-idx3-ubyte.gz --labels " + data +
                                   "/train-labels-idx1-ubyte.gz --transform translate --angles 4 "
                                   "--pairs 2 --seed 5 --archs mlp1,cnn-gap --out " +
                                   out);
  ASSERT_EQ(r.code, 0) << r.err;
  // One CSV row per pair and architecture, plus the header.
  const std::string csv = iotest::slurp(out + "/rows.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 2) << csv;
  const auto summary = nlohmann::json::parse(iotest::slurp(out + "/summary.json"));
  EXPECT_TRUE(summary["architectures"].contains("mlp1"));
  EXPECT_TRUE(summary["architectures"].contains("cnn-gap"));
  // Every '<' of the figures opens a tag: the "<1/lambda>" axis label is escaped.
  for (const char* f : {"errors.svg", "lambda_delta.svg", "invlambda_radius.svg"}) {
    const std::string svg = iotest::slurp(out + "/" + f);
    ASSERT_FALSE(svg.empty()) << f;
    for (std::size_t p = svg.find('<'); p != std::string::npos; p = svg.find('<', p + 1)) {
      const char next = svg[p + 1];
      EXPECT_TRUE(std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '?')
          << f << ": stray '<' at " << p;
    }
  }
}

TEST(PairsCli, BadArgumentsExitTwoWithOneLine) {
  TempDir t;
  for (const std::string args : {"pairs --seed -1", "pairs --angles 1", "pairs --archs nope"}) {
    const iotest::CliRun r = iotest::run_cli(t.dir(), args + " --out " + t.path("o"));
    EXPECT_EQ(r.code, 2) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
  }
}

}  // namespace
