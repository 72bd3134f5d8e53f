// symkit: sanitize-subset
// Exact group actions: the circle action (eq. 4), C4 image rotation, circular translation;
// the permutation helper and the bad-input errors of every action.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "group_test_util.hpp"
#include "io_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/group/circle.hpp"
#include "symkit/group/image.hpp"

namespace {

using namespace symkit;
using namespace symkit::group;
using grouptest::random_vec;
using grouptest::vec;
using iotest::expect_error;

bool bitwise_equal(const Vec<double>& a, const Vec<double>& b) {
  if (a.size() != b.size()) return false;
  return std::equal(a.data(), a.data() + a.size(), b.data());
}

// ---------------------------------------------------------------- powers

TEST(ReducePower, NegativeAndLargePowers) {
  EXPECT_EQ(reduce_power(0, 5), 0);
  EXPECT_EQ(reduce_power(5, 5), 0);
  EXPECT_EQ(reduce_power(12, 5), 2);
  EXPECT_EQ(reduce_power(-1, 5), 4);
  EXPECT_EQ(reduce_power(-12, 5), 3);
  EXPECT_THROW(reduce_power(3, 1), UsageError);
}

// ---------------------------------------------------------------- circle action (1)

TEST(CircleAction, OneStepMatchesHandRotationOfTheYZPlane) {
  const CircleAction g(6);  // theta = 60 degrees
  const Vec<double> x = vec({0.3, 1.2, -0.7});
  const double c = 0.5, s = std::sqrt(3.0) / 2.0;
  const Vec<double> y = g.act(x, 1);
  EXPECT_EQ(y[0], 0.3);  // x axis untouched
  EXPECT_NEAR(y[1], 1.2 * c - (-0.7) * s, 1e-15);
  EXPECT_NEAR(y[2], 1.2 * s + (-0.7) * c, 1e-15);
  EXPECT_TRUE(g.exact());
  EXPECT_EQ(g.order(), 6);
  EXPECT_EQ(g.dim(), 3);
}

TEST(CircleAction, QuarterTurnsAreExact) {
  const CircleAction g(4);
  const Vec<double> x = vec({0.1, 0.7, -2.5});
  EXPECT_TRUE(bitwise_equal(g.act(x, 1), vec({0.1, 2.5, 0.7})));
  EXPECT_TRUE(bitwise_equal(g.act(x, 2), vec({0.1, -0.7, 2.5})));
  EXPECT_TRUE(bitwise_equal(g.act(x, -1), vec({0.1, -2.5, -0.7})));
}

TEST(CircleAction, PowerNIsIdentityAndCompositionCloses) {
  for (int N : {2, 3, 5, 7, 12}) {
    const CircleAction g(N);
    const Vec<double> x = random_vec(3, static_cast<unsigned>(N));
    EXPECT_TRUE(bitwise_equal(g.act(x, N), x)) << N;
    EXPECT_TRUE(bitwise_equal(g.act(x, -1), g.act(x, N - 1))) << N;
    Vec<double> z = x;
    for (int k = 0; k < N; ++k) z = g.act(z, 1);
    EXPECT_LE((z - x).norm(), 1e-14) << N;  // g applied N times, rounding only
    // Orthogonality: norms and inner products kept (to rounding; cos/sin are not exact).
    const Vec<double> w = random_vec(3, 100u + static_cast<unsigned>(N));
    for (int k = 0; k < N; ++k) {
      EXPECT_NEAR(g.act(x, k).norm(), x.norm(), 1e-15);
      EXPECT_NEAR(g.act(x, k).dot(g.act(w, k)), x.dot(w), 1e-15);
    }
  }
}

TEST(CircleAction, MultiprecisionRotationHasFullPrecision) {
  Vec<mp50> x(3);
  x << mp50(1) / 3, mp50(2), mp50(-1) / 7;
  const Vec<mp50> y = circle_rotate<mp50>(x, 1, 6);
  const mp50 s = boost::multiprecision::sqrt(mp50(3)) / 2, c = mp50(1) / 2;
  EXPECT_EQ(y[0], x[0]);
  EXPECT_LT(boost::multiprecision::abs(y[1] - (c * x[1] - s * x[2])), mp50("1e-48"));
  EXPECT_LT(boost::multiprecision::abs(y[2] - (s * x[1] + c * x[2])), mp50("1e-48"));
  // 12 steps of 30 degrees return to the start at 50-digit accuracy.
  Vec<mp100> z(3), w;
  z << mp100(1), mp100(2), mp100(3);
  w = z;
  for (int k = 0; k < 12; ++k) w = circle_rotate<mp100>(w, 1, 12);
  EXPECT_LT((w - z).norm(), mp100("1e-95"));
}

// ---------------------------------------------------------------- C4 rotation (2)

// The hand-made 4 x 4 image a[i][j] = 4 i + j, and its rotation by +90 degrees
// (numpy.rot90: the right column becomes the top row).
Vec<double> hand4() {
  Vec<double> x(16);
  for (int p = 0; p < 16; ++p) x[p] = p;
  return x;
}

TEST(C4Rotation, AgreesWithHandRotatedImage) {
  const C4Rotation g(4);
  const Vec<double> rot90 = vec({3, 7, 11, 15, 2, 6, 10, 14, 1, 5, 9, 13, 0, 4, 8, 12});
  const Vec<double> rot180 = vec({15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
  const Vec<double> rot270 = vec({12, 8, 4, 0, 13, 9, 5, 1, 14, 10, 6, 2, 15, 11, 7, 3});
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), 1), rot90));
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), 2), rot180));
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), 3), rot270));
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), -1), rot270));
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), 4), hand4()));
  EXPECT_EQ(g.order(), 4);
  EXPECT_EQ(g.dim(), 16);
  EXPECT_TRUE(g.exact());
}

TEST(C4Rotation, ComposedFourTimesIsIdentityForOddAndEvenSides) {
  for (Index n : {1, 2, 3, 5, 6}) {
    const C4Rotation g(n);
    const Vec<double> x = random_vec(n * n, static_cast<unsigned>(n));
    Vec<double> z = x;
    for (int k = 0; k < 4; ++k) {
      EXPECT_TRUE(bitwise_equal(z, g.act(x, k))) << n << " " << k;  // g(g^k x) = g^{k+1} x
      z = g.act(z, 1);
    }
    EXPECT_TRUE(bitwise_equal(z, x)) << n;
  }
  // The centre pixel of an odd image is fixed.
  const C4Rotation g3(3);
  const Vec<double> x = random_vec(9, 7u);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(g3.act(x, k)[4], x[4]);
}

// Permutations keep the multiset of entries and of products bitwise, and dot products of
// integer-valued images (exact in any summation order) exactly. `source(i, j, k)` is the flat
// index of the input pixel that g^k moves to (i, j) on an n x n image, written out by hand.
template <class Action, class Source>
void check_permutation_isometry(const Action& g, Index n, Source source) {
  const Index d = g.dim();
  ASSERT_EQ(d, n * n);
  // Thirds of integers: not representable in double, so the multiprecision check below would
  // see any rounding through double.
  Vec<mp100> xm(d);
  for (Index p = 0; p < d; ++p) xm[p] = mp100(p + 1) / 3;
  const Vec<double> x = random_vec(d, 11u), w = random_vec(d, 12u);
  Vec<double> xi(d), wi(d);
  for (Index p = 0; p < d; ++p) {
    xi[p] = static_cast<double>((p * 37) % 23) - 11.0;
    wi[p] = static_cast<double>((p * 13) % 17) - 8.0;
  }
  for (int k = 0; k < g.order(); ++k) {
    const Permutation perm = g.permutation(k);
    std::vector<Index> sorted = perm;
    std::sort(sorted.begin(), sorted.end());
    for (Index p = 0; p < d; ++p) ASSERT_EQ(sorted[static_cast<std::size_t>(p)], p);  // bijection
    const Vec<double> gx = g.act(x, k), gw = g.act(w, k);
    std::vector<double> a(gx.data(), gx.data() + d), b(x.data(), x.data() + d);
    std::vector<double> pa(static_cast<std::size_t>(d)), pb(pa.size());
    for (Index p = 0; p < d; ++p) {
      pa[static_cast<std::size_t>(p)] = gx[p] * gw[p];
      pb[static_cast<std::size_t>(p)] = x[p] * w[p];
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::sort(pa.begin(), pa.end());
    std::sort(pb.begin(), pb.end());
    EXPECT_EQ(a, b);
    EXPECT_EQ(pa, pb);
    EXPECT_EQ(g.act(xi, k).squaredNorm(), xi.squaredNorm());
    EXPECT_EQ(g.act(xi, k).dot(g.act(wi, k)), xi.dot(wi));
    // act and the templated permutation helper, in double and in multiprecision, move each
    // pixel where the explicit formula says.
    const Vec<double> px = apply_permutation(perm, x);
    const Vec<mp100> gm = apply_permutation(perm, xm);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) {
        const Index src = source(i, j, k);
        ASSERT_EQ(gx[i * n + j], x[src]) << k << " " << i << " " << j;
        ASSERT_EQ(px[i * n + j], x[src]) << k << " " << i << " " << j;
        ASSERT_EQ(gm[i * n + j], xm[src]) << k << " " << i << " " << j;
      }
    }
  }
}

TEST(C4Rotation, PreservesNormsAndInnerProductsExactly) {
  // (g x)[i][j] = x[j][n-1-i], so g^2 reads x[n-1-i][n-1-j] and g^3 reads x[n-1-j][i].
  const Index n = 5;
  check_permutation_isometry(C4Rotation(n), n, [n](Index i, Index j, int k) {
    switch (k) {
      case 0:
        return i * n + j;
      case 1:
        return j * n + (n - 1 - i);
      case 2:
        return (n - 1 - i) * n + (n - 1 - j);
      default:
        return (n - 1 - j) * n + i;
    }
  });
}

// ---------------------------------------------------------------- translation (3)

TEST(CircularTranslation, AgreesWithHandShiftedImage) {
  const CircularTranslation g(4, 1);
  // (g x)[i][j] = x[i][(j + 1) mod 4]: each row moves one column to the left.
  const Vec<double> left1 = vec({1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12});
  const Vec<double> right1 = vec({3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14});
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), 1), left1));
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), -1), right1));
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), 3), right1));
  EXPECT_TRUE(bitwise_equal(g.act(hand4(), 4), hand4()));
  EXPECT_EQ(g.order(), 4);

  const CircularTranslation g2(4, 2);  // order 2, shift by two columns
  EXPECT_EQ(g2.order(), 2);
  EXPECT_TRUE(bitwise_equal(g2.act(hand4(), 1),
                            vec({2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13})));
  EXPECT_TRUE(bitwise_equal(g2.act(hand4(), 2), hand4()));
}

TEST(CircularTranslation, PowersMatchRollFormulaAndCloseUp) {
  const Index n = 6;
  for (Index s : {1, 2, 3}) {
    const CircularTranslation g(n, s);
    EXPECT_EQ(g.order(), n / s);
    const Vec<double> x = random_vec(n * n, static_cast<unsigned>(s));
    Vec<double> z = x;
    for (int k = 0; k < g.order(); ++k) {
      const Vec<double> gk = g.act(x, k);
      for (Index i = 0; i < n; ++i) {
        for (Index j = 0; j < n; ++j) ASSERT_EQ(gk[i * n + j], x[i * n + (j + k * s) % n]);
      }
      EXPECT_TRUE(bitwise_equal(z, gk));
      z = g.act(z, 1);
    }
    EXPECT_TRUE(bitwise_equal(z, x));
  }
  // Step 2 on side 6: g^k reads x[i][(j + 2 k) mod 6].
  check_permutation_isometry(CircularTranslation(6, 2), 6,
                             [](Index i, Index j, int k) { return i * 6 + (j + 2 * k) % 6; });
}

// ---------------------------------------------------------------- bad input

TEST(GroupErrors, OrderBelowTwo) {
  EXPECT_THROW(CircleAction(1), UsageError);
  EXPECT_THROW(CircleAction(0), UsageError);
  EXPECT_THROW(CircleAction(-3), UsageError);
  expect_error<UsageError>([] { CircleAction g(1); }, {"got 1"});
  Vec<double> x = vec({1, 2, 3});
  EXPECT_THROW(circle_rotate<double>(x, 1, 1), UsageError);
  EXPECT_THROW(InterpolatedRotation(5, 1), UsageError);
  EXPECT_THROW(FourierTranslation(5, 0), UsageError);
}

TEST(GroupErrors, TranslationStepMustDivideSide) {
  EXPECT_THROW(CircularTranslation(6, 4), UsageError);
  expect_error<UsageError>([] { CircularTranslation g(6, 4); }, {"step 4", "6"});
  EXPECT_THROW(CircularTranslation(6, 0), UsageError);
  EXPECT_THROW(CircularTranslation(6, 6), UsageError);  // order 1
  EXPECT_THROW(CircularTranslation(1, 1), UsageError);
  EXPECT_NO_THROW(CircularTranslation(6, 3));
}

TEST(GroupErrors, WrongLengthAndNonSquareImages) {
  EXPECT_THROW(image_side(10), InputError);
  expect_error<InputError>([] { image_side(10); }, {"10"});
  EXPECT_THROW(image_side(0), InputError);
  EXPECT_EQ(image_side(784), 28);
  EXPECT_EQ(image_side(1), 1);
  const C4Rotation g(4);
  EXPECT_THROW(g.act(Vec<double>::Zero(15), 1), InputError);
  expect_error<InputError>([&] { g.act(Vec<double>::Zero(15), 1); }, {"15", "16"});
  const CircleAction c(5);
  EXPECT_THROW(c.act(Vec<double>::Zero(4), 1), InputError);
  EXPECT_THROW(circle_rotate<mp50>(Vec<mp50>::Zero(2), 1, 5), InputError);
  EXPECT_THROW(C4Rotation(0), UsageError);
  // A permutation is not available from an action that is not one.
  EXPECT_THROW(CircleAction(4).permutation(1), UsageError);
  EXPECT_THROW(apply_permutation(C4Rotation(2).permutation(1), Vec<double>(Vec<double>::Zero(5))),
               InputError);
}

TEST(GroupErrors, NanAndInfInInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const CircleAction c(5);
  EXPECT_THROW(c.act(vec({0, nan, 1}), 1), InputError);
  expect_error<InputError>([&] { c.act(vec({0, nan, 1}), 1); }, {"entry 1"});
  EXPECT_THROW(c.act(vec({0, 1, -inf}), 1), InputError);
  Vec<double> img = hand4();
  img[6] = inf;
  EXPECT_THROW(C4Rotation(4).act(img, 1), InputError);
  expect_error<InputError>([&] { CircularTranslation(4).act(img, 1); }, {"entry 6", "inf"});
  Vec<mp50> xm(3);
  xm << mp50(1), std::numeric_limits<mp50>::quiet_NaN(), mp50(0);
  EXPECT_THROW(circle_rotate<mp50>(xm, 1, 5), InputError);
}

}  // namespace
