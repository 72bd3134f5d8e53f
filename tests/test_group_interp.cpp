// symkit: sanitize-subset
// Interpolated actions: image rotation by 2 pi k / N (bilinear and cubic B-spline, scipy's
// conventions) and sub-pixel translation by a Fourier phase shift.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "group_test_util.hpp"
#include "io_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/group/image.hpp"

namespace {

using namespace symkit;
using namespace symkit::group;
using grouptest::random_vec;
using iotest::expect_error;

const double kPi = 3.14159265358979323846;

// ---------------------------------------------------------------- rotation (4)

TEST(InterpolatedRotation, BilinearAt45DegreesMatchesHandValues) {
  // 3 x 3 image, centre (1, 1). Output (i, j) reads the input at
  // (r, q) = centre + (c (i-1) + s (j-1), -s (i-1) + c (j-1)), c = s = a = sqrt(2)/2.
  Vec<double> x(9);
  x << 0.9, 0.1, 0.4, 0.3, 0.8, 0.2, 0.6, 0.5, 0.7;
  auto px = [&](int i, int j) { return x[3 * i + j]; };
  const double a = std::sqrt(2.0) / 2.0, b = 1.0 - a;
  const Vec<double> y = rotate_image(x, 3, 45.0, Interp::linear);
  // (0,1) reads (1-a, 1+a): rows 0 (weight a), 1 (weight b); columns 1 (b), 2 (a).
  EXPECT_NEAR(y[1], a * b * px(0, 1) + a * a * px(0, 2) + b * b * px(1, 1) + b * a * px(1, 2),
              1e-15);
  // (1,0) reads (1-a, 1-a).
  EXPECT_NEAR(y[3], a * a * px(0, 0) + a * b * px(0, 1) + b * a * px(1, 0) + b * b * px(1, 1),
              1e-15);
  // (1,2) reads (1+a, 1+a).
  EXPECT_NEAR(y[5], b * b * px(1, 1) + b * a * px(1, 2) + a * b * px(2, 1) + a * a * px(2, 2),
              1e-15);
  // (2,1) reads (1+a, 1-a).
  EXPECT_NEAR(y[7], b * a * px(1, 0) + b * b * px(1, 1) + a * a * px(2, 0) + a * b * px(2, 1),
              1e-15);
  EXPECT_NEAR(y[4], px(1, 1), 1e-15);  // the centre stays
  // Corners read outside [0, 2]^2 (e.g. (0,0) reads row 1 - sqrt 2 < 0): zero fill.
  EXPECT_EQ(y[0], 0.0);
  EXPECT_EQ(y[2], 0.0);
  EXPECT_EQ(y[6], 0.0);
  EXPECT_EQ(y[8], 0.0);
}

TEST(InterpolatedRotation, CubicReproducesConstantsInsideAndZeroOutside) {
  // The cubic B-spline with mirror boundaries reproduces a constant image exactly (the
  // prefilter maps a constant to itself: 6 c / (1 + 4 + 1) = c); output pixels reading outside
  // the square [0, n-1]^2 are 0.
  const Index n = 6;
  const double value = 2.5;
  const Vec<double> x = Vec<double>::Constant(n * n, value);
  for (double deg : {30.0, 100.0, -75.0}) {
    const Vec<double> y = rotate_image(x, n, deg, Interp::cubic);
    const double c = std::cos(deg * kPi / 180.0), s = std::sin(deg * kPi / 180.0), m = 2.5;
    int inside = 0;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) {
        const double di = static_cast<double>(i) - m, dj = static_cast<double>(j) - m;
        const double r = m + c * di + s * dj, q = m - s * di + c * dj;
        const double margin = std::min({r, q, 5.0 - r, 5.0 - q});
        if (std::fabs(margin) < 1e-9) continue;  // on the border: either answer is fine
        if (margin > 0) ++inside;
        EXPECT_NEAR(y[i * n + j], margin > 0 ? value : 0.0, 1e-13) << deg << " " << i << " " << j;
      }
    }
    EXPECT_GT(inside, 10);
  }
}

TEST(InterpolatedRotation, QuarterTurnsEqualTheExactC4Permutation) {
  for (Index n : {4, 5, 6}) {
    const C4Rotation c4(n);
    for (Interp order : {Interp::linear, Interp::cubic}) {
      const InterpolatedRotation g(n, 4, order);
      EXPECT_FALSE(g.exact());
      const Vec<double> x = random_vec(n * n, static_cast<unsigned>(n));
      for (int k = 1; k < 4; ++k) {
        EXPECT_LE((g.act(x, k) - c4.act(x, k)).cwiseAbs().maxCoeff(), 1e-12) << n << " " << k;
      }
      // Composition of quarter turns also closes to ~1e-12.
      Vec<double> z = x;
      for (int k = 0; k < 4; ++k) z = g.act(z, 1);
      EXPECT_LE((z - x).cwiseAbs().maxCoeff(), 1e-12);
    }
  }
}

TEST(InterpolatedRotation, PowerNIsIdentityAndCompositionWithinStatedTolerance) {
  // g^N reduces to g^0 = x exactly. Composing N single-step rotations is not exact
  // (interpolation smooths): for a smooth blob (Gaussian, sigma = 2.5 px) well inside a 28 x 28
  // image, 8 successive 45-degree cubic rotations stay within 0.5% (relative L2) of the image,
  // bilinear ones within 20% (measured: 0.13% and 12.8%).
  const Index n = 28;
  Vec<double> x(n * n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) {
      const double di = static_cast<double>(i) - 12.0, dj = static_cast<double>(j) - 15.0;
      x[i * n + j] = std::exp(-(di * di + dj * dj) / (2.0 * 2.5 * 2.5));
    }
  }
  const InterpolatedRotation cubic(n, 8, Interp::cubic), linear(n, 8, Interp::linear);
  EXPECT_EQ(cubic.act(x, 8), x);
  EXPECT_EQ(cubic.act(x, -8), x);
  Vec<double> zc = x, zl = x;
  for (int k = 0; k < 8; ++k) {
    zc = cubic.act(zc, 1);
    zl = linear.act(zl, 1);
  }
  const double ec = (zc - x).norm() / x.norm(), el = (zl - x).norm() / x.norm();
  EXPECT_LE(ec, 5e-3);
  EXPECT_LE(el, 0.2);
  std::ostringstream rec;
  rec << std::scientific << "cubic " << ec << " linear " << el;
  RecordProperty("composition_error", rec.str());
  EXPECT_GT(el, ec);  // cubic splines interpolate better than bilinear
  // A rotation by a non-quarter turn really moves the image.
  EXPECT_GT((cubic.act(x, 1) - x).norm(), 0.1 * x.norm());
}

// Reference values from SciPy 1.10 (tests/fixtures/make_rotation_reference.py).
TEST(InterpolatedRotation, MatchesScipyNdimageRotateFixture) {
  std::ifstream in(std::string(SYMKIT_FIXTURES) + "/rotation_reference.txt");
  ASSERT_TRUE(in) << "missing fixture rotation_reference.txt";
  std::string line;
  int cases = 0;
  double worst = 0.0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream head(line);
    std::string word;
    long long n = 0, k = 0;
    int N = 0, order = 0;
    head >> word >> n >> N >> k >> order;
    ASSERT_EQ(word, "case");
    Vec<double> x(n * n), ref(n * n);
    std::string lx, lr;
    ASSERT_TRUE(std::getline(in, lx) && std::getline(in, lr));
    std::istringstream sx(lx), sr(lr);
    for (Index p = 0; p < n * n; ++p) ASSERT_TRUE(sx >> x[p] && sr >> ref[p]);
    const Interp ip = order == 1 ? Interp::linear : Interp::cubic;
    const Vec<double> direct = rotate_image(x, n, 360.0 * static_cast<double>(k) / N, ip);
    const Vec<double> viag = InterpolatedRotation(n, N, ip).act(x, k);
    const double e1 = (direct - ref).cwiseAbs().maxCoeff(), e2 = (viag - ref).cwiseAbs().maxCoeff();
    EXPECT_LE(e1, 1e-12) << "n=" << n << " N=" << N << " k=" << k << " order=" << order;
    EXPECT_LE(e2, 1e-12) << "n=" << n << " N=" << N << " k=" << k << " order=" << order;
    worst = std::max({worst, e1, e2});
    ++cases;
  }
  EXPECT_GE(cases, 90);
  std::ostringstream w;
  w << std::scientific << worst;
  RecordProperty("max_abs_difference", w.str());
}

TEST(InterpolatedRotation, BadInput) {
  const InterpolatedRotation g(5, 8);
  EXPECT_THROW(g.act(Vec<double>::Zero(24), 1), InputError);  // not 5 x 5
  expect_error<InputError>([] { rotate_image(Vec<double>::Zero(24), 5, 10.0, Interp::cubic); },
                           {"rotate_image", "24", "25"});
  Vec<double> x = Vec<double>::Zero(25);
  x[3] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(g.act(x, 1), InputError);
  EXPECT_THROW(rotate_image(x, 5, 10.0, Interp::linear), InputError);
  EXPECT_THROW(rotate_image(Vec<double>::Zero(25), 5, std::numeric_limits<double>::infinity(),
                            Interp::linear),
               InputError);
  EXPECT_THROW(InterpolatedRotation(0, 4), UsageError);
  EXPECT_THROW(InterpolatedRotation(5, 4, static_cast<Interp>(2)), UsageError);
}

// ---------------------------------------------------------------- Fourier translation (5)

TEST(FourierTranslation, IntegerShiftsEqualCircularTranslation) {
  for (auto [n, N] : {std::pair<Index, int>{8, 4}, {6, 6}, {7, 7}, {9, 3}}) {
    const FourierTranslation f(n, N);
    const CircularTranslation t(n, n / N);
    EXPECT_TRUE(f.exact());
    const Vec<double> x = random_vec(n * n, static_cast<unsigned>(n + N));
    for (int k = -1; k <= N; ++k) {
      EXPECT_LE((f.act(x, k) - t.act(x, k)).cwiseAbs().maxCoeff(), 1e-12)
          << n << " " << N << " " << k;
    }
    EXPECT_EQ(f.act(x, N), x);  // g^N = g^0 = identity, exactly
    Vec<double> z = x;
    for (int k = 0; k < N; ++k) z = f.act(z, 1);
    EXPECT_LE((z - x).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_NEAR(f.act(x, 1).norm(), x.norm(), 1e-12);
  }
}

TEST(FourierTranslation, SubPixelShiftOfBandLimitedRowsIsExact) {
  // Row i holds cos(2 pi m_i j / n + phi_i) with |m_i| < n / 2: the interpolant is that cosine,
  // so a shift by t gives cos(2 pi m_i (j + t) / n + phi_i).
  const Index n = 8;
  const int m[8] = {0, 1, 2, 3, 1, 2, 3, 0};
  Vec<double> x(n * n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) x[i * n + j] = std::cos(2 * kPi * m[i] * j / 8.0 + 0.3 * i);
  }
  for (double t : {0.3, -1.7, 2.5, 11.25}) {
    const Vec<double> y = fourier_shift(x, n, t);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) {
        EXPECT_NEAR(y[i * n + j], std::cos(2 * kPi * m[i] * (j + t) / 8.0 + 0.3 * i), 1e-13);
      }
    }
  }
  // Through the action: N = 16 on n = 8 gives half-pixel steps t = k / 2.
  const FourierTranslation g(8, 16);
  EXPECT_TRUE(g.exact() == false);
  EXPECT_DOUBLE_EQ(g.shift(3), 1.5);
  EXPECT_DOUBLE_EQ(g.shift(-1), 7.5);
  const Vec<double> y = g.act(x, 3);
  for (Index j = 0; j < n; ++j)
    EXPECT_NEAR(y[1 * n + j], std::cos(2 * kPi * (j + 1.5) / 8.0 + 0.3), 1e-13);
}

TEST(FourierTranslation, NyquistFrequencyTakenAsItsRealPart) {
  // The alternating row (-1)^j = cos(pi j) is interpolated by cos(pi (j + t)): a shift by
  // t multiplies it by cos(pi t) (half a pixel: 0; a quarter: cos(pi/4)).
  const Index n = 6;
  Vec<double> x(n * n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) x[i * n + j] = (j % 2 == 0 ? 1.0 : -1.0) * (1.0 + 0.1 * i);
  }
  for (double t : {0.5, 0.25, 1.0, 1.3}) {
    const Vec<double> y = fourier_shift(x, n, t);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) {
        EXPECT_NEAR(y[i * n + j], std::cos(kPi * (j + t)) * (1.0 + 0.1 * i), 1e-13) << t;
      }
    }
  }
  // Because of that factor, even n with non-dividing N is not a representation.
  EXPECT_FALSE(FourierTranslation(6, 4).exact());
  // Odd n has no Nyquist term: shifts by n / N compose to the identity for any N.
  const FourierTranslation odd(5, 3);
  EXPECT_TRUE(odd.exact());
  const Vec<double> z0 = random_vec(25, 5u);
  Vec<double> z = z0;
  for (int k = 0; k < 3; ++k) z = odd.act(z, 1);
  EXPECT_LE((z - z0).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(odd.act(z0, 1).norm(), z0.norm(), 1e-12);
}

TEST(FourierTranslation, TwoDimensionalShiftIsSeparable) {
  const Index n = 8;
  Vec<double> x(n * n);
  auto f = [](double i, double j) {
    return std::cos(2 * kPi * 2 * i / 8.0) * std::sin(2 * kPi * j / 8.0 + 0.4);
  };
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) x[i * n + j] = f(static_cast<double>(i), static_cast<double>(j));
  }
  const Vec<double> y = fourier_shift(x, n, 0.7, -1.2);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) EXPECT_NEAR(y[i * n + j], f(i - 1.2, j + 0.7), 1e-13);
  }
  // Integer 2-D shifts are permutations: (i, j) <- (i + 2, j + 3).
  const Vec<double> r = random_vec(n * n, 3u);
  const Vec<double> s = fourier_shift(r, n, 3.0, 2.0);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j)
      EXPECT_NEAR(s[i * n + j], r[((i + 2) % n) * n + (j + 3) % n], 1e-12);
  }
}

TEST(FourierTranslation, ConcurrentPlanningAndShiftingAgreeWithSerial) {
  // Threads plan new lengths and shift at the same time; the planner is serialised, execution
  // is not, and every result equals the serial one bitwise.
  const std::vector<Index> sides = {10, 11, 12, 13, 10, 11, 12, 13};
  std::vector<Vec<double>> inputs, par(sides.size()), ser(sides.size());
  for (std::size_t t = 0; t < sides.size(); ++t)
    inputs.push_back(random_vec(sides[t] * sides[t], 40u + static_cast<unsigned>(t)));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < sides.size(); ++t) {
    threads.emplace_back([&, t] {
      const FourierTranslation g(sides[t], 7);
      par[t] = g.act(inputs[t], 3);
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t t = 0; t < sides.size(); ++t) {
    ser[t] = FourierTranslation(sides[t], 7).act(inputs[t], 3);
    EXPECT_EQ(par[t], ser[t]) << t;
  }
}

TEST(FourierTranslation, BadInput) {
  EXPECT_THROW(FourierTranslation(0, 4), UsageError);
  EXPECT_THROW(FourierTranslation(8, 1), UsageError);
  const FourierTranslation g(4, 4);
  EXPECT_THROW(g.act(Vec<double>::Zero(15), 1), InputError);
  Vec<double> x = Vec<double>::Zero(16);
  x[2] = -std::numeric_limits<double>::infinity();
  EXPECT_THROW(g.act(x, 1), InputError);
  EXPECT_THROW(fourier_shift(Vec<double>::Zero(16), 4, std::nan("")), InputError);
  EXPECT_THROW(fourier_shift(Vec<double>::Zero(16), 4, 0.0, INFINITY), InputError);
  EXPECT_THROW(fourier_shift(Vec<double>::Zero(15), 4, 1.0), InputError);
}

}  // namespace
