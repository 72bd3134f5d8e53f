// `symkit kernel` through the real binary: values against closed forms, precision and formats,
// and one-line errors with exit code 2 for every bad argument.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io_test_util.hpp"
#include "symkit/scalar.hpp"

namespace {

namespace fs = std::filesystem;
const double kPi = 3.14159265358979323846;

class KernelCli : public ::testing::Test {
 protected:
  fs::path dir;
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("symkit_kernel_cli_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string file(const std::string& name, const std::string& text) {
    const std::string p = (dir / name).string();
    std::ofstream(p) << text;
    return p;
  }
  std::string path(const std::string& name) { return (dir / name).string(); }
  // Runs the CLI; returns the exit code, stderr in `err`.
  int run(const std::string& args, std::string* err = nullptr) {
    const iotest::CliRun r = iotest::run_cli(dir.string(), args);
    if (err) *err = r.err;
    return r.code;
  }
  std::vector<std::vector<std::string>> read_csv(const std::string& p) {
    std::ifstream in(p);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> row;
      std::stringstream ss(line);
      std::string f;
      while (std::getline(ss, f, ',')) row.push_back(f);
      rows.push_back(row);
    }
    return rows;
  }
};

// MLP depth 1 no bias, W = 2 (closed forms in test_kernel_closed): x = (1,0), (0,1), (-1,0):
// nngp = [[4, 4/pi, 0], ...], ntk diagonal 8.
TEST_F(KernelCli, MlpMatchesClosedFormWith17Digits) {
  const auto in = file("x.csv", "1,0\n0,1\n-1,0\n");
  ASSERT_EQ(run("kernel --arch mlp --no-bias --w-std 2 --kind nngp --in " + in + " --out " +
                path("k.csv")),
            0);
  const auto K = read_csv(path("k.csv"));
  ASSERT_EQ(K.size(), 3u);
  ASSERT_EQ(K[0].size(), 3u);
  EXPECT_DOUBLE_EQ(std::stod(K[0][0]), 4.0);
  EXPECT_NEAR(std::stod(K[0][1]), 4.0 / kPi, 1e-16);
  EXPECT_NEAR(std::stod(K[0][2]), 0.0, 1e-16);
  EXPECT_EQ(K[1][0], K[0][1]);
  // 17 significant digits: 4/pi = 1.2732395447351628 (17 digits incl. the leading 1).
  EXPECT_EQ(K[0][1], "1.2732395447351628");
  ASSERT_EQ(run("kernel --arch mlp --no-bias --w-std 2 --in " + in + " --out " + path("t.csv")), 0);
  EXPECT_DOUBLE_EQ(std::stod(read_csv(path("t.csv"))[0][0]), 8.0);  // default kind: ntk
}

// Default MLP (W = b = 1) on x = (1, 0), x' = (-1, 0) at 100 digits:
// nngp = 1 + (sqrt 2 + (pi - acos(1/3)) / 2) / (2 pi), all digits written.
TEST_F(KernelCli, HundredDigitsAndSecondBatch) {
  const auto a = file("a.csv", "1,0\n");
  const auto b = file("b.csv", "-1,0\n0,0\n");
  ASSERT_EQ(run("kernel --arch mlp --kind nngp --precision 100 --in " + a + " --in2 " + b +
                " --out " + path("k.csv")),
            0);
  const auto K = read_csv(path("k.csv"));
  ASSERT_EQ(K.size(), 1u);
  ASSERT_EQ(K[0].size(), 2u);
  using symkit::mp100;
  const mp100 pi = symkit::pi<mp100>();
  const mp100 want = 1 + (sqrt(mp100(2)) + (pi - acos(mp100(1) / 3)) / 2) / (2 * pi);
  EXPECT_GT(K[0][0].size(), 90u);
  EXPECT_LT(abs(mp100(K[0][0]) - want), mp100("1e-95"));
  // x against the zero input: Dense gives c = 1 (bias), v = 3/2 and 1; Relu:
  // s = sqrt(1/2), theta = atan2(sqrt(1/2), 1); nngp = 1 + (s + (pi - theta)) / (2 pi).
  const mp100 s = sqrt(mp100(1) / 2);
  const mp100 want0 = 1 + (s + (pi - atan2(s, mp100(1)))) / (2 * pi);
  EXPECT_LT(abs(mp100(K[0][1]) - want0), mp100("1e-95"));
}

// CNN-FC on 2x2 spikes (test_kernel_closed): self nngp 1/8, cross 1/(9 pi); CSV images with
// the side inferred; NPY output header and size.
TEST_F(KernelCli, CnnFcOnImagesAndNpyOutput) {
  const auto in = file("img.csv", "1,0,0,0\n0,0,0,1\n");
  ASSERT_EQ(run("kernel --arch cnn-fc --kind nngp --in " + in + " --out " + path("k.csv")), 0);
  const auto K = read_csv(path("k.csv"));
  EXPECT_NEAR(std::stod(K[0][0]), 1.0 / 8.0, 1e-16);
  EXPECT_NEAR(std::stod(K[0][1]), 1.0 / (9 * kPi), 1e-16);
  ASSERT_EQ(run("kernel --arch cnn-gap --image-side 2 --in " + in + " --out " + path("k.npy")), 0);
  std::ifstream f(path("k.npy"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 10u);
  EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
  EXPECT_NE(bytes.find("'<f8'"), std::string::npos);
  EXPECT_NE(bytes.find("(2, 2)"), std::string::npos);
  // Version 1 header: 10 bytes, then HEADER_LEN (little-endian uint16) bytes, then 4 doubles.
  const std::size_t hlen =
      static_cast<unsigned char>(bytes[8]) + 256u * static_cast<unsigned char>(bytes[9]);
  ASSERT_EQ(bytes.size(), 10 + hlen + 4 * sizeof(double));
  // The values: the hand-derived 2 x 2 GAP self kernel of a spike (test_kernel_closed.cpp),
  // NTK = GAP nngp + 1/32, the same for both spikes (circular GAP is translation invariant).
  double k[4];
  std::memcpy(k, bytes.data() + 10 + hlen, sizeof k);
  const double gap = (0.5 + (8 + 12 * std::sqrt(2.0)) / (18 * kPi)) / 16;
  EXPECT_NEAR(k[0], gap + 1.0 / 32.0, 1e-16);
  EXPECT_NEAR(k[3], gap + 1.0 / 32.0, 1e-16);
  EXPECT_EQ(k[1], k[2]);
}

// IDX input (MNIST layout, unsigned bytes kept as 0..255): two 2 x 2 images, spikes of 255 at
// (0, 0) and (1, 1); the side comes from the file. CNN-FC self nngp = 255^2 / 8 and cross
// 255^2 / (9 pi) (the 2 x 2 hand computation scaled by the squared pixel value); --index 1
// keeps the second image only.
TEST_F(KernelCli, IdxImagesWithSideFromTheFile) {
  const std::string p = path("img.idx");
  {
    std::ofstream f(p, std::ios::binary);
    const unsigned char head[] = {0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2};
    const unsigned char data[] = {255, 0, 0, 0, 0, 0, 0, 255};
    f.write(reinterpret_cast<const char*>(head), sizeof head);
    f.write(reinterpret_cast<const char*>(data), sizeof data);
  }
  ASSERT_EQ(run("kernel --arch cnn-fc --kind nngp --in " + p + " --out " + path("k.csv")), 0);
  const auto K = read_csv(path("k.csv"));
  ASSERT_EQ(K.size(), 2u);
  EXPECT_NEAR(std::stod(K[0][0]), 255.0 * 255.0 / 8.0, 1e-10);
  EXPECT_NEAR(std::stod(K[0][1]), 255.0 * 255.0 / (9 * kPi), 1e-11);
  ASSERT_EQ(
      run("kernel --arch cnn-fc --kind nngp --index 1 --in " + p + " --out " + path("k1.csv")), 0);
  const auto K1 = read_csv(path("k1.csv"));
  ASSERT_EQ(K1.size(), 1u);
  EXPECT_NEAR(std::stod(K1[0][0]), 255.0 * 255.0 / 8.0, 1e-10);
  std::string err;
  EXPECT_EQ(run("kernel --arch cnn-fc --image-side 3 --in " + p + " --out " + path("k2.csv"), &err),
            2);
  EXPECT_NE(err.find("--image-side is 3"), std::string::npos) << err;
}

TEST_F(KernelCli, RbfAndIndex) {
  const auto in = file("x.csv", "0,0\n1,2\n5,5\n");
  ASSERT_EQ(run("kernel --arch rbf --length-scale 0.5 --index 0-1 --in " + in + " --out " +
                path("k.csv")),
            0);
  const auto K = read_csv(path("k.csv"));
  ASSERT_EQ(K.size(), 2u);
  EXPECT_DOUBLE_EQ(std::stod(K[0][0]), 1.0);
  EXPECT_NEAR(std::stod(K[0][1]), std::exp(-1.25), 1e-16);
}

TEST_F(KernelCli, HelpDocumentsConventions) {
  std::string err;
  ASSERT_EQ(run("kernel --help", &err), 0);
  std::ifstream o(path("stdout.txt"));
  std::stringstream ss;
  ss << o.rdbuf();
  const std::string help = ss.str();
  for (const char* w : {"--arch", "W_std/sqrt(fan-in)", "ceil(n/s)", "circular", "atan2",
                        "exp(-L^2", "17 for double", "exit code 2"}) {
    EXPECT_NE(help.find(w), std::string::npos) << w;
  }
}

TEST_F(KernelCli, BadArgumentsExit2WithOneLine) {
  const auto img = file("img.csv", "1,0,0,0,0,0,0,0,0\n0,1,0,0,0,0,0,0,0\n");
  const auto flat = file("flat.csv", "1,2\n");
  const auto flat3 = file("flat3.csv", "1,2,3\n");
  const auto nan = file("nan.csv", "1,nan\n");
  struct Bad {
    std::string args, needle;
  };
  const std::string out = " --out " + path("k.csv");
  for (const Bad& b : std::vector<Bad>{
           {"kernel --arch foo --in " + img + out, "foo"},
           {"kernel --arch cnn-fc --filter 0 --in " + img + out, "filter must be >= 1"},
           {"kernel --arch cnn-fc --filter -2 --in " + img + out, "filter must be >= 1"},
           {"kernel --arch cnn-gap --stride 2 --in " + img + out, "does not divide"},
           {"kernel --arch mlp --in " + flat + " --in2 " + flat3 + out, "columns"},
           {"kernel --arch mlp --in " + nan + out, "nan.csv"},
           {"kernel --arch cnn-fc --image-side 4 --in " + img + out, "image side 4"},
           {"kernel --arch mlp --b-std 1 --no-bias --in " + flat + out, "no-bias"},
           {"kernel --arch mlp --depth -1 --in " + flat + out, "depth"},
           {"kernel --arch mlp --padding diagonal --in " + flat + out, "padding"},
           {"kernel --arch mlp --in " + path("missing.csv") + out, "missing.csv"},
           {"kernel --arch mlp --in " + flat, "--out"},
       }) {
    SCOPED_TRACE(b.args);
    std::string err;
    EXPECT_EQ(run(b.args, &err), 2);
    EXPECT_NE(err.find(b.needle), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
}

}  // namespace
