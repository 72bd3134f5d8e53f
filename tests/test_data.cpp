// symkit: sanitize-subset
// Orbits, orbit datasets (interleaved pairs, multi-seed sets, the circle dataset), random pair
// sampling, sphere normalisation and the geometric correlates Delta^2 and rho.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>

#include "group_test_util.hpp"
#include "io_test_util.hpp"
#include "symkit/data/geometry.hpp"
#include "symkit/data/normalize.hpp"
#include "symkit/data/orbits.hpp"
#include "symkit/error.hpp"
#include "symkit/group/circle.hpp"
#include "symkit/group/image.hpp"

namespace {

using namespace symkit;
using namespace symkit::data;
using group::C4Rotation;
using group::CircularTranslation;
using grouptest::vec;
using iotest::expect_error;

// ---------------------------------------------------------------- orbits

TEST(Orbit, C4OrbitOfA2x2ImageByHand) {
  // [a b; c d] -> rot90 -> [b d; a c] -> [d c; b a] -> [c a; d b].
  const Vec<double> seed = vec({1, 2, 3, 4});
  const Mat<double> o = orbit<double>(C4Rotation(2), seed);
  ASSERT_EQ(o.rows(), 4);
  ASSERT_EQ(o.cols(), 4);
  const double expect[4][4] = {{1, 2, 3, 4}, {2, 4, 1, 3}, {4, 3, 2, 1}, {3, 1, 4, 2}};
  for (int k = 0; k < 4; ++k) {
    for (int p = 0; p < 4; ++p) EXPECT_EQ(o(k, p), expect[k][p]) << k << " " << p;
  }
  // The same orbit in 100-digit arithmetic through the permutation.
  Vec<mp100> sm(4);
  sm << mp100(1) / 3, mp100(2) / 3, mp100(1), mp100(4) / 3;
  const Mat<mp100> om = orbit<mp100>(C4Rotation(2), sm);
  for (int k = 0; k < 4; ++k) {
    for (int p = 0; p < 4; ++p) EXPECT_EQ(om(k, p), sm[static_cast<Index>(expect[k][p] - 1)]);
  }
}

TEST(Orbit, NonPermutationActionsNeedDouble) {
  const Vec<mp50> s = Vec<mp50>::Zero(16);
  EXPECT_THROW(orbit<mp50>(group::InterpolatedRotation(4, 8), s), UsageError);
  EXPECT_THROW(orbit<mp50>(C4Rotation(4), Vec<mp50>(Vec<mp50>::Zero(15))), InputError);
  Vec<mp50> bad = Vec<mp50>::Zero(16);
  bad[5] = std::numeric_limits<mp50>::infinity();
  EXPECT_THROW(orbit<mp50>(C4Rotation(4), bad), InputError);
  EXPECT_THROW(orbit<double>(C4Rotation(4), Vec<double>(Vec<double>::Zero(9))), InputError);
}

TEST(OrbitSet, InterleavedPairOrderingAndLabels) {
  // Translation of 2 x 2 images by one column (order 2): g [a b; c d] = [b a; d c].
  const CircularTranslation g(2, 1);
  const Vec<double> a = vec({1, 2, 3, 4}), b = vec({5, 6, 7, 8});
  const OrbitSet<double> s = interleaved_pair<double>(g, a, b);
  ASSERT_EQ(s.x.rows(), 4);
  const double rows[4][4] = {
      {1, 2, 3, 4}, {5, 6, 7, 8}, {2, 1, 4, 3}, {6, 5, 8, 7}};  // A0 B0 A1 B1
  for (int r = 0; r < 4; ++r) {
    for (int p = 0; p < 4; ++p) EXPECT_EQ(s.x(r, p), rows[r][p]);
  }
  EXPECT_EQ(s.y, vec({1, -1, 1, -1}));
  EXPECT_EQ(s.label, (std::vector<int>{0, 1, 0, 1}));
  EXPECT_EQ(s.orbit, (std::vector<int>{0, 1, 0, 1}));
  EXPECT_EQ(s.pose, (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(s.n_orbits, 2);
  EXPECT_EQ(s.n_poses, 2);
  EXPECT_EQ(s.row(1, 1), 3);
  EXPECT_EQ(s.row(0, 1), 2);
  EXPECT_THROW(s.row(2, 0), UsageError);
  EXPECT_THROW(s.row(0, 2), UsageError);
}

TEST(OrbitSet, PoseMajorAndOrbitMajorOrderings) {
  // Three 1-pixel-high "images" would not be square; use 2 x 2 seeds under C4 (N = 4).
  const C4Rotation g(2);
  const std::vector<Vec<double>> seeds = {vec({1, 2, 3, 4}), vec({10, 20, 30, 40}),
                                          vec({-1, -2, -3, -4})};
  const std::vector<int> classes = {5, 7, 5};
  const OrbitSet<double> pm = make_orbit_set<double>(g, seeds, classes, Ordering::pose_major, 5);
  const OrbitSet<double> om = make_orbit_set<double>(g, seeds, classes, Ordering::orbit_major, 7);
  ASSERT_EQ(pm.x.rows(), 12);
  ASSERT_EQ(om.x.rows(), 12);
  // Pose-major: row = k * 3 + o; orbit-major: row = o * 4 + k.
  for (int o = 0; o < 3; ++o) {
    for (int k = 0; k < 4; ++k) {
      const Vec<double> gk = g.act(seeds[static_cast<std::size_t>(o)], k);
      const Index rp = 3 * k + o, ro = 4 * o + k;
      EXPECT_EQ(Vec<double>(pm.x.row(rp).transpose()), gk);
      EXPECT_EQ(Vec<double>(om.x.row(ro).transpose()), gk);
      EXPECT_EQ(pm.row(o, k), rp);
      EXPECT_EQ(om.row(o, k), ro);
      EXPECT_EQ(pm.orbit[static_cast<std::size_t>(rp)], o);
      EXPECT_EQ(pm.pose[static_cast<std::size_t>(rp)], k);
      EXPECT_EQ(om.orbit[static_cast<std::size_t>(ro)], o);
      EXPECT_EQ(om.pose[static_cast<std::size_t>(ro)], k);
      EXPECT_EQ(pm.label[static_cast<std::size_t>(rp)], classes[static_cast<std::size_t>(o)]);
      EXPECT_EQ(pm.y[rp], o == 1 ? -1.0 : 1.0);  // positive class 5: orbits 0 and 2
      EXPECT_EQ(om.y[ro], o == 1 ? 1.0 : -1.0);  // positive class 7: orbit 1
    }
  }
  EXPECT_EQ(pm.orbit_points(1), om.orbit_points(1));
  // The hand-checked row 4 of the pose-major set is g^1 of seed 1: [20 40 10 30].
  EXPECT_EQ(Vec<double>(pm.x.row(4).transpose()), vec({20, 40, 10, 30}));
  EXPECT_THROW(make_orbit_set<double>(g, {}, {}, Ordering::pose_major), UsageError);
  EXPECT_THROW(make_orbit_set<double>(g, seeds, {1, 2}, Ordering::pose_major), UsageError);
}

TEST(OrbitSet, FromPrecomputedRotationOrbitsWithHalfStepForB) {
  // Class B rotated by an extra half step (angles + pi / N): with N = 8 its pose k is the
  // rotation by 360 (2k + 1) / 16 degrees, i.e. the odd rows of the N = 16 orbit.
  const Index n = 5;
  Vec<double> a(n * n), b(n * n);
  for (Index p = 0; p < n * n; ++p) {
    a[p] = std::sin(0.7 * static_cast<double>(p));
    b[p] = std::cos(0.3 * static_cast<double>(p * p));
  }
  const Mat<double> oa = group::rotation_orbit(a, n, 8, group::Interp::cubic);
  const Mat<double> ob = group::rotation_orbit(b, n, 8, group::Interp::cubic, 0.5);
  const Mat<double> ob16 = group::rotation_orbit(b, n, 16, group::Interp::cubic);
  // Row k is the rotation by 360 k / 8 = 45 k degrees, and row 0 is the seed itself (not a
  // rotation by 0 degrees, which the cubic prefilter would round).
  EXPECT_EQ(Vec<double>(oa.row(0).transpose()), a);
  for (int k = 1; k < 8; ++k) {
    EXPECT_EQ(Vec<double>(oa.row(k).transpose()),
              group::rotate_image(a, n, 45.0 * k, group::Interp::cubic));
  }
  // Rows 2, 4 and 6 (90, 180, 270 degrees) are the C4 rotations of the seed up to the rounding
  // of the spline interpolation at whole pixels.
  for (int q = 1; q < 4; ++q) {
    EXPECT_LE(
        (Vec<double>(oa.row(2 * q).transpose()) - C4Rotation(n).act(a, q)).cwiseAbs().maxCoeff(),
        1e-12)
        << q;
  }
  for (int k = 0; k < 8; ++k) EXPECT_EQ(ob.row(k), ob16.row(2 * k + 1));
  const OrbitSet<double> s =
      orbit_set_from_orbits<double>({oa, ob}, {3, 8}, Ordering::pose_major, 3);
  ASSERT_EQ(s.x.rows(), 16);
  for (int k = 0; k < 8; ++k) {
    EXPECT_EQ(s.x.row(2 * k), oa.row(k));
    EXPECT_EQ(s.x.row(2 * k + 1), ob.row(k));
    EXPECT_EQ(s.y[2 * k], 1.0);
    EXPECT_EQ(s.y[2 * k + 1], -1.0);
    EXPECT_EQ(s.label[static_cast<std::size_t>(2 * k + 1)], 8);
  }
  EXPECT_THROW(
      orbit_set_from_orbits<double>({oa, Mat<double>(oa.topRows(7))}, {0, 1}, Ordering::pose_major),
      InputError);
  Mat<double> bad = oa;
  bad(2, 3) = std::nan("");
  expect_error<InputError>(
      [&] {
        orbit_set_from_orbits<double>({oa, bad}, {0, 1}, Ordering::orbit_major);
      },
      {"orbit 1 pose 2 entry 3"});
  EXPECT_THROW(orbit_set_from_orbits<double>({}, {}, Ordering::pose_major), UsageError);
  EXPECT_THROW(orbit_set_from_orbits<double>({oa}, {0, 1}, Ordering::pose_major), UsageError);
  EXPECT_THROW(group::rotation_orbit(a, n, 1, group::Interp::cubic), UsageError);
  EXPECT_THROW(
      group::rotation_orbit(Vec<double>(Vec<double>::Zero(24)), n, 4, group::Interp::cubic),
      InputError);
  EXPECT_THROW(group::rotation_orbit(a, n, 4, group::Interp::cubic, INFINITY), InputError);
}

// ---------------------------------------------------------------- circle dataset (eqs. 4-5)

template <class T>
void check_circle_dataset(int N, const T& delta, const T& r, const T& tol) {
  using std::abs;
  using std::cos;
  const OrbitSet<T> s = circle_dataset<T>(N, delta, r);
  ASSERT_EQ(s.x.rows(), 2 * N);
  ASSERT_EQ(s.x.cols(), 3);
  const T theta = T(2) * pi<T>() / T(N);
  // Seeds as in eq. 5 (radius r).
  EXPECT_EQ(s.x(0, 0), delta / T(2));
  EXPECT_EQ(s.x(0, 1), r);
  EXPECT_EQ(s.x(0, 2), T(0));
  EXPECT_EQ(s.x(1, 0), -delta / T(2));
  EXPECT_LE(abs(s.x(1, 1) - r * cos(theta / T(2))), tol);
  for (int i = 0; i < N; ++i) {
    EXPECT_EQ(s.y[2 * i], T(1));
    EXPECT_EQ(s.y[2 * i + 1], T(-1));
    for (int j = 0; j < N; ++j) {
      const T dab = (s.x.row(2 * i) - s.x.row(2 * j + 1)).squaredNorm();
      const T daa = (s.x.row(2 * i) - s.x.row(2 * j)).squaredNorm();
      const T dbb = (s.x.row(2 * i + 1) - s.x.row(2 * j + 1)).squaredNorm();
      const T cab =
          delta * delta + T(2) * r * r - T(2) * r * r * cos(theta * T(i - j) - theta / T(2));
      const T caa = T(2) * r * r * (T(1) - cos(theta * T(i - j)));
      EXPECT_LE(abs(dab - cab), tol) << i << " " << j;
      EXPECT_LE(abs(daa - caa), tol) << i << " " << j;
      EXPECT_LE(abs(dbb - caa), tol) << i << " " << j;
    }
  }
  // Geometric correlates: centroids (+-delta/2, 0, 0), every point at distance r.
  EXPECT_LE(abs(delta_squared<T>(s) - delta * delta), tol);
  EXPECT_LE(abs(pair_radius<T>(s) - r), tol);
}

TEST(CircleDataset, DistancesMatchClosedFormDouble) {
  check_circle_dataset<double>(8, 0.7, 1.3, 1e-13);
  check_circle_dataset<double>(5, 0.0, 1.0, 1e-13);
  check_circle_dataset<double>(2, 2.0, 0.5, 1e-13);
}

TEST(CircleDataset, DistancesMatchClosedFormMultiprecision) {
  check_circle_dataset<mp50>(6, mp50("0.3"), mp50(1), mp50("1e-45"));
  check_circle_dataset<mp100>(7, mp100(1) / 3, mp100(2), mp100("1e-95"));
  check_circle_dataset<long double>(4, 0.5L, 1.0L, 1e-16L);
}

TEST(CircleDataset, BadParameters) {
  EXPECT_THROW(circle_dataset<double>(1, 1.0), UsageError);
  EXPECT_THROW(circle_dataset<double>(4, -1.0), InputError);
  EXPECT_THROW(circle_dataset<double>(4, std::nan("")), InputError);
  EXPECT_THROW(circle_dataset<double>(4, 1.0, 0.0), InputError);
  EXPECT_THROW(circle_dataset<double>(4, 1.0, std::numeric_limits<double>::infinity()), InputError);
  expect_error<InputError>([] { circle_dataset<double>(4, -1.0); }, {"-1"});
}

// ---------------------------------------------------------------- pair sampling

TEST(SamplePairs, DifferentClassesDeterministicAndUniform) {
  const std::vector<int> labels = {0, 0, 1, 1, 2};
  const auto p = sample_pairs(labels, 16000, 42);
  ASSERT_EQ(p.size(), 16000u);
  std::map<std::pair<std::size_t, std::size_t>, int> counts;
  for (const auto& ij : p) {
    ASSERT_LT(ij.first, labels.size());
    ASSERT_LT(ij.second, labels.size());
    ASSERT_NE(labels[ij.first], labels[ij.second]);
    ++counts[ij];
  }
  // 25 ordered pairs minus 9 of equal class = 16, each with probability 1/16 (1000 expected,
  // standard deviation ~31).
  EXPECT_EQ(counts.size(), 16u);
  for (const auto& kv : counts) EXPECT_NEAR(kv.second, 1000, 150);
  EXPECT_EQ(sample_pairs(labels, 16000, 42), p);
  EXPECT_NE(sample_pairs(labels, 100, 43), sample_pairs(labels, 100, 42));
  // Independent re-derivation of the first pairs: raw mt19937_64 draws modulo 5 (the rejection
  // threshold 2^64 - (2^64 mod 5) is essentially never hit), equal-class draws skipped.
  std::mt19937_64 rng(42);
  std::vector<std::pair<std::size_t, std::size_t>> expect;
  while (expect.size() < 5) {
    const auto i = static_cast<std::size_t>(rng() % 5), j = static_cast<std::size_t>(rng() % 5);
    if (labels[i] != labels[j]) expect.emplace_back(i, j);
  }
  EXPECT_EQ(sample_pairs(labels, 5, 42), expect);
  EXPECT_TRUE(sample_pairs(labels, 0, 1).empty());
}

TEST(SamplePairs, NeedsTwoClasses) {
  EXPECT_THROW(sample_pairs({3, 3, 3}, 1, 1), UsageError);
  EXPECT_THROW(sample_pairs({}, 1, 1), UsageError);
}

// ---------------------------------------------------------------- normalisation

TEST(Normalize, HandExamples) {
  // bytes {0, 255, 0, 255} -> {0, 1, 0, 1} -> minus 1/2 -> norm 1 already.
  const Vec<double> a = normalize_sphere(std::vector<std::uint8_t>{0, 255, 0, 255});
  EXPECT_EQ(a, vec({-0.5, 0.5, -0.5, 0.5}));
  // {1, 2, 3, 4, 5} -> {-2, -1, 0, 1, 2} / sqrt(10).
  const Vec<double> b = normalize_sphere(vec({1, 2, 3, 4, 5}));
  const double s = std::sqrt(10.0);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(b[i], (i - 2) / s, 1e-16);
  // Without demeaning: {3, 4} -> {0.6, 0.8}.
  const Vec<double> c = normalize_sphere(vec({3, 4}), false);
  EXPECT_NEAR(c[0], 0.6, 1e-16);
  EXPECT_NEAR(c[1], 0.8, 1e-16);
  // bytes {51, 102} -> {0.2, 0.4} -> {-0.1, 0.1} / (0.1 sqrt 2).
  const Vec<double> d = normalize_sphere(std::vector<std::uint8_t>{51, 102});
  EXPECT_NEAR(d[0], -1 / std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(d[1], 1 / std::sqrt(2.0), 1e-15);
}

TEST(Normalize, RandomImagesHaveMeanZeroAndUnitNorm) {
  std::mt19937_64 rng(7);
  std::vector<std::uint8_t> bytes(784);
  for (auto& v : bytes) v = static_cast<std::uint8_t>(rng() % 256);
  const Vec<double> x = normalize_sphere(bytes);
  EXPECT_NEAR(x.mean(), 0.0, 1e-17);
  EXPECT_NEAR(x.norm(), 1.0, 1e-15);
  // Scale-invariant: the doubles 3 * byte give the same result as the bytes.
  Vec<double> raw(784);
  for (int i = 0; i < 784; ++i) raw[i] = 3.0 * bytes[static_cast<std::size_t>(i)];
  EXPECT_LE((normalize_sphere(raw) - x).cwiseAbs().maxCoeff(), 1e-15);
  const Vec<double> nd = normalize_sphere(raw, false);
  EXPECT_NEAR(nd.norm(), 1.0, 1e-15);
  EXPECT_GT(nd.mean(), 0.01);  // the mean is kept
  Mat<double> X(2, 784);
  X.row(0) = raw.transpose();
  X.row(1) = (raw.array() + 7.0).matrix().transpose();
  const Mat<double> N = normalize_rows(X);
  EXPECT_LE((N.row(0).transpose() - x).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_LE((N.row(1).transpose() - x).cwiseAbs().maxCoeff(),
            1e-14);  // a constant offset is removed
}

TEST(Normalize, BadImages) {
  EXPECT_THROW(normalize_sphere(vec({0.3, 0.3, 0.3})), InputError);
  expect_error<InputError>([] { normalize_sphere(vec({0.3, 0.3, 0.3})); }, {"constant"});
  EXPECT_THROW(normalize_sphere(std::vector<std::uint8_t>(16, 200)), InputError);
  EXPECT_THROW(normalize_sphere(vec({0, 0}), false), InputError);
  EXPECT_NO_THROW(normalize_sphere(vec({0.3, 0.3}), false));  // constant but not zero
  EXPECT_THROW(normalize_sphere(Vec<double>()), InputError);
  expect_error<InputError>([] { normalize_sphere(vec({1, std::nan(""), 2})); }, {"pixel 1"});
  EXPECT_THROW(normalize_sphere(vec({1, -std::numeric_limits<double>::infinity()})), InputError);
  Mat<double> X(3, 4);
  X << 1, 2, 3, 4, 5, 5, 5, 5, 1, 0, 0, 0;
  expect_error<InputError>([&] { normalize_rows(X); }, {"row 1"});
}

// ---------------------------------------------------------------- geometric correlates

TEST(Geometry, HandExamples) {
  Mat<double> a(2, 2), b(2, 2);
  a << 0, 0, 2, 0;  // centroid (1, 0), both points at distance 1
  b << 0, 1, 0, 3;  // centroid (0, 2), both at distance 1
  EXPECT_DOUBLE_EQ(delta_squared<double>(a, b), 5.0);
  EXPECT_DOUBLE_EQ(orbit_radius<double>(a), 1.0);
  EXPECT_DOUBLE_EQ(pair_radius<double>(a, b), 1.0);
  Mat<double> c(3, 2);
  c << 0, 0, 4, 0, 2, 3;  // centroid (2, 1): distances sqrt 5, sqrt 5, 2
  EXPECT_NEAR(orbit_radius<double>(c), (2 * std::sqrt(5.0) + 2) / 3, 1e-15);
  EXPECT_NEAR(pair_radius<double>(a, c), (1 + (2 * std::sqrt(5.0) + 2) / 3) / 2, 1e-15);
  EXPECT_DOUBLE_EQ(delta_squared<double>(a, c), 1.0 + 1.0);  // (1,0) vs (2,1)
  EXPECT_EQ(centroid<double>(c), vec({2, 1}));
}

TEST(Geometry, TranslationOrbitCentroidIsTheRowMean) {
  // Under all circular translations of a 3 x 3 image along x, the orbit's centroid holds each
  // row's mean in every pixel of that row.
  const Vec<double> a = vec({1, 2, 6, 0, 0, 3, 4, 4, 4}), b = vec({0, 0, 0, 1, 1, 1, 2, 2, 2});
  const OrbitSet<double> s = interleaved_pair<double>(CircularTranslation(3, 1), a, b);
  const Vec<double> ca = centroid<double>(s.orbit_points(0));
  EXPECT_LE((ca - vec({3, 3, 3, 1, 1, 1, 4, 4, 4})).norm(), 1e-15);
  // b is invariant: its centroid is b, radius 0; Delta^2 = 3*(3-0)^2 + 3*(1-1)^2 + 3*(4-2)^2.
  EXPECT_NEAR(delta_squared<double>(s), 27.0 + 12.0, 1e-13);
  EXPECT_NEAR(orbit_radius<double>(s.orbit_points(1)), 0.0, 1e-15);
  // a's points are all at distance sqrt((4 + 1 + 9) + (1 + 1 + 4) + 0) = sqrt(20) from it.
  EXPECT_NEAR(orbit_radius<double>(s.orbit_points(0)), std::sqrt(20.0), 1e-14);
  EXPECT_NEAR(pair_radius<double>(s), std::sqrt(20.0) / 2, 1e-14);
}

TEST(Geometry, BadInput) {
  EXPECT_THROW(delta_squared<double>(Mat<double>(2, 3), Mat<double>(2, 2)), InputError);
  EXPECT_THROW(orbit_radius<double>(Mat<double>(0, 3)), InputError);
  EXPECT_THROW(centroid<double>(Mat<double>(2, 0)), InputError);
}

}  // namespace
