// `symkit spectral` end to end: closed-form values through the binary, JSON and text output,
// and every bad input exiting with code 2 and one clear line.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "io_test_util.hpp"
#include "symkit/io/npy.hpp"

namespace {

using CliResult = iotest::CliRun;

// One temporary directory for the whole suite (removed at exit).
const iotest::TempDir& tmp() {
  static const iotest::TempDir d;
  return d;
}

CliResult run(const std::string& args) { return iotest::run_cli(tmp().dir(), "spectral " + args); }

std::string write(const std::string& name, const std::string& text) {
  const std::string p = tmp().path(name);
  std::ofstream(p) << text;
  return p;
}

// The 4 x 4 circulant kernel with first row (1.75, 0.25, 0.75, 0.25): spectrum
// lambda = (3, 1, 2, 1) (lambda_k = sum_d c_d cos(pi k d / 2)), so lambda_N^-1 = 1/2,
// <lambda^-1> = (1/3 + 1 + 1/2 + 1)/4 = 17/24 and eq. 7 gives 12/17.
const char* kCirc4 =
    "1.75,0.25,0.75,0.25\n0.25,1.75,0.25,0.75\n0.75,0.25,1.75,0.25\n0.25,0.75,0.25,1.75\n";

TEST(SpectralCli, ClosedFormValuesJson) {
  const std::string k = write("circ4.csv", kCirc4);
  const CliResult r = run("--kernel " + k + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["spectral_error"].get<double>(), 12.0 / 17.0, 1e-15);
  EXPECT_NEAR(j["inv_lambda_N"].get<double>(), 0.5, 1e-15);
  EXPECT_NEAR(j["mean_inv_lambda"].get<double>(), 17.0 / 24.0, 1e-15);
  EXPECT_EQ(j["circulant_defect"].get<double>(), 0.0);
  // Eq. 7 is exact: the exact leave-one-out prediction is 1 - 12/17 = 5/17.
  EXPECT_NEAR(j["exact_prediction_0"].get<double>(), 5.0 / 17.0, 1e-15);
  EXPECT_NEAR(j["exact_error_0"].get<double>(), 12.0 / 17.0, 1e-15);
  EXPECT_NEAR(j["exact_symmetrised_error"].get<double>(), 12.0 / 17.0, 1e-15);
  EXPECT_EQ(j["exact_method_0"], "cholesky");
  EXPECT_EQ(j["size"], 4);
}

TEST(SpectralCli, RidgeAndFiftyDigitsText) {
  const std::string k = write("circ4b.csv", kCirc4);
  // Ridge 1: lambda + 1 = (4, 2, 3, 2): eps = (1/3) / ((1/4 + 1/2 + 1/3 + 1/2)/4) = 16/19.
  const CliResult r = run("--kernel " + k + " --ridge 1 --precision 50");
  ASSERT_EQ(r.code, 0) << r.err;
  // 16/19 = 0.842105263157894736842105263157894736842105263157894...
  EXPECT_NE(r.out.find("spectral error (eq. 7): 0.84210526315789473684210526315789473684210526"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("exact symmetrised error (indices 0, 1): 0.8421052631578947368421052631"),
            std::string::npos)
      << r.out;
  const CliResult rl = run("--kernel " + k + " --ridge 1 --precision long --json");
  ASSERT_EQ(rl.code, 0) << rl.err;
  EXPECT_NEAR(nlohmann::json::parse(rl.out)["spectral_error"].get<double>(), 16.0 / 19.0, 1e-15);
}

TEST(SpectralCli, MissingPointsBesideExact) {
  // A 6 x 6 circulant PD kernel, first row (2, 0.5, 0.25, 0.1, 0.25, 0.5).
  std::ostringstream s;
  const double c[6] = {2, 0.5, 0.25, 0.1, 0.25, 0.5};
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) s << (j ? "," : "") << c[(j - i + 6) % 6];
    s << "\n";
  }
  const std::string k = write("circ6.csv", s.str());
  const CliResult r = run("--kernel " + k + " --missing 0,3,4 --json --precision 100");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["missing"].size(), 3u);
  const int idx[3] = {0, 3, 4};
  for (int i = 0; i < 3; ++i) {
    const auto& m = j["missing"][static_cast<std::size_t>(i)];
    EXPECT_EQ(m["index"], idx[i]);
    EXPECT_EQ(m["label"].get<double>(), idx[i] % 2 ? -1.0 : 1.0);
    // Both computed at 100 digits: the full strings agree to ~90 digits.
    const std::string a = j["full"]["missing"][static_cast<std::size_t>(i)]["spectral"];
    const std::string b = j["full"]["missing"][static_cast<std::size_t>(i)]["exact"];
    EXPECT_EQ(a.substr(0, 60), b.substr(0, 60));
    EXPECT_NEAR(m["spectral"].get<double>(), m["exact"].get<double>(), 1e-15);
  }
}

TEST(SpectralCli, RankDeficientAndCircularize) {
  // Blockwise-constant kernel (Prop. 2): spectral error 0 and exact error 0.
  std::ostringstream s;
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 8; ++j) s << (j ? "," : "") << ((i - j) % 2 == 0 ? 2 : 0.5);
    s << "\n";
  }
  const CliResult r = run("--kernel " + write("block.csv", s.str()) + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["spectral_error"].get<double>(), 0.0);
  EXPECT_EQ(j["zero_modes"], 6);
  EXPECT_EQ(j["ridge_limit"], true);
  EXPECT_NEAR(j["exact_error_0"].get<double>(), 0.0, 1e-12);
  EXPECT_EQ(j["exact_method_0"], "complete-orthogonal");
  // A symmetric non-circulant kernel: refused without --circularize, accepted with it.
  const std::string nc =
      write("noncirc.csv", "2,0.5,0.1,0.5\n0.5,2,0.5,0.3\n0.1,0.5,2,0.5\n0.5,0.3,0.5,2\n");
  const CliResult bad = run("--kernel " + nc);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("not circulant"), std::string::npos) << bad.err;
  const CliResult ok = run("--kernel " + nc + " --circularize --json");
  ASSERT_EQ(ok.code, 0) << ok.err;
  const auto jc = nlohmann::json::parse(ok.out);
  // Circularised first row (2, 0.5, 0.2, 0.5): lambda = (3.2, 1.8, 1.2, 1.8).
  const double mean = (1 / 3.2 + 2 / 1.8 + 1 / 1.2) / 4;
  EXPECT_NEAR(jc["spectral_error"].get<double>(), (1 / 1.2) / mean, 1e-14);
  // K(1,3) = 0.3 against K(0,2) = 0.1: defect 0.2 / max|K| = 0.2 / 2.
  EXPECT_NEAR(jc["circulant_defect"].get<double>(), 0.2 / 2, 1e-15);
}

TEST(SpectralCli, ReadsNpy) {
  Eigen::MatrixXd K(4, 4);
  K << 1.75, 0.25, 0.75, 0.25, 0.25, 1.75, 0.25, 0.75, 0.75, 0.25, 1.75, 0.25, 0.25, 0.75, 0.25,
      1.75;
  const std::string p = tmp().path("circ4.npy");
  symkit::io::write_npy(p, K);
  const CliResult r = run("--kernel " + p + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["spectral_error"].get<double>(), 12.0 / 17.0, 1e-15);
}

TEST(SpectralCli, HelpExplainsConventions) {
  const CliResult r = run("--help");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("interleaved"), std::string::npos);
  EXPECT_NE(r.out.find("--missing"), std::string::npos);
}

void expect_bad(const std::string& args, const std::string& needle) {
  const CliResult r = run(args);
  EXPECT_EQ(r.code, 2) << args << "\n" << r.out << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << args << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(SpectralCli, BadInputExitsTwo) {
  const std::string k = write("circ4c.csv", kCirc4);
  expect_bad("--kernel " + tmp().path("nope.csv"), "nope.csv");
  expect_bad("--kernel " + write("rect.csv", "1,2,3\n4,5,6\n"), "not square (2x3)");
  expect_bad("--kernel " + write("asym.csv", "2,1,0,1\n1,2,1,0\n0,1,2,1\n1,0,1.5,2\n"),
             "not symmetric");
  expect_bad("--kernel " + write("nan.csv", "2,1,0,1\n1,nan,1,0\n0,1,2,1\n1,0,1,2\n"), "nan.csv");
  expect_bad("--kernel " + write("odd.csv", "2,1,1\n1,2,1\n1,1,2\n"), "even size");
  expect_bad("--kernel " + k + " --missing 9", "index 9 in item '9' is out of range (4 items");
  expect_bad("--kernel " + k + " --missing 1,x", "item 'x' is not an index");
  expect_bad("--kernel " + k + " --missing 1,1", "index 1 repeated");
  expect_bad("--kernel " + k + " --missing 0,1,2,3", "no training point");
  expect_bad("--kernel " + k + " --ridge -1", "--ridge");
  expect_bad("--kernel " + k + " --ridge abc", "'abc' is not a number");
  expect_bad("--kernel " + k + " --precision 7", "precision");
  expect_bad("", "kernel");
}

}  // namespace
