// symkit: sanitize-subset
// `symkit idx-info` end to end: the printed header and statistics of hand-written fixtures, and
// exit code 2 with exactly one line on stderr, naming the file, for every bad file.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "io_test_util.hpp"

namespace {

using iotest::Bytes;
using iotest::TempDir;

using iotest::CliRun;
using iotest::slurp;

CliRun run(const TempDir& t, const std::string& args) { return iotest::run_cli(t.dir(), args); }

const std::string kFix = std::string(SYMKIT_FIXTURES) + "/io/";

TEST(IdxInfoCli, PrintsHeaderAndStatistics) {
  TempDir t;
  const CliRun r = run(t, "idx-info '" + kFix + "tiny-images-idx3-ubyte'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("magic: 0x00000803\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("type: 0x08 (unsigned byte)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dims: 2 x 2 x 3\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("min: 0\nmax: 255\nmean: 127.5\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("images: 2 of 2x3\n"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty());
  const CliRun l = run(t, "idx-info '" + kFix + "tiny-labels-idx1-ubyte'");
  ASSERT_EQ(l.code, 0) << l.err;
  EXPECT_NE(l.out.find("dims: 2\n"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find("value counts: 3:1 5:1\n"), std::string::npos) << l.out;
  // The same bytes gzip-compressed.
  iotest::write_bytes(t.path("im.gz"),
                      iotest::gzip(iotest::read_bytes(kFix + "tiny-images-idx3-ubyte")));
  const CliRun g = run(t, "idx-info '" + t.path("im.gz") + "'");
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_NE(g.out.find("dims: 2 x 2 x 3\n"), std::string::npos);
}

TEST(IdxInfoCli, EveryBadFileExitsTwoWithOneLine) {
  TempDir t;
  const Bytes good = iotest::read_bytes(kFix + "tiny-images-idx3-ubyte");
  ASSERT_EQ(good.size(), 28u);
  struct Case {
    std::string name;
    Bytes bytes;
    std::string says;
  };
  Bytes trailing = good;
  trailing.push_back(0);
  Bytes magic = good;
  magic[0] = 0x08;
  Bytes nd0 = {0, 0, 8, 0};
  Bytes overflow = iotest::idx_header(0x08, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu});
  Bytes lying = iotest::idx_header(0x08, {60000, 28, 28});
  lying.push_back(1);
  Bytes corrupt = iotest::gzip(good);
  corrupt[corrupt.size() - 6] ^= 0x01;  // the CRC-32
  const std::vector<Case> cases = {
      {"empty.idx", {}, "truncated"},
      {"truncated.idx", Bytes(good.begin(), good.end() - 1), "truncated"},
      {"trailing.idx", trailing, "trailing"},
      {"magic.idx", magic, "wrong magic"},
      {"ndims.idx", nd0, "ndims"},
      {"overflow.idx", overflow, "overflows"},
      {"lying.gz", iotest::gzip(lying), "truncated"},
      {"corrupt.gz", corrupt, "corrupt gzip stream"},
  };
  for (const auto& c : cases) {
    iotest::write_bytes(t.path(c.name), c.bytes);
    const CliRun r = run(t, "idx-info '" + t.path(c.name) + "'");
    EXPECT_EQ(r.code, 2) << c.name;
    EXPECT_TRUE(r.out.empty()) << c.name << ": " << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(t.path(c.name)), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
  const CliRun missing = run(t, "idx-info '" + t.path("absent.idx") + "'");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("absent.idx"), std::string::npos);
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  const CliRun dir = run(t, "idx-info '" + t.dir() + "'");
  EXPECT_EQ(dir.code, 2);
  const CliRun noarg = run(t, "idx-info");
  EXPECT_EQ(noarg.code, 2);
}

}  // namespace
