// symkit: sanitize-subset
// The block-circulant solver against dense exact regression computed independently of the library
// (Eigen LLT on the training kernel, spectral_test_util.hpp), on exact group actions and random
// block-circulant matrices.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <random>

#include "spectral_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/kernel/layers.hpp"
#include "symkit/spectral/block_circulant.hpp"

namespace {

using Eigen::Index;
using spectest::dense_leave_out;
using symkit::Mat;
using symkit::Vec;
using symkit::spectral::block_circulant_defect;
using symkit::spectral::block_circulant_from_dense;
using symkit::spectral::block_circularize;
using symkit::spectral::BlockCirculant;
using symkit::spectral::BlockCirculantSolver;
using symkit::spectral::NonPositive;

// RBF exp(-L2 ||x - x'||^2) between the rows of X.
Mat<double> rbf(const Mat<double>& X, double L2) {
  const Index n = X.rows();
  Mat<double> K(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) K(i, j) = std::exp(-L2 * (X.row(i) - X.row(j)).squaredNorm());
  return K;
}

double rel_err(const Vec<double>& a, const Vec<double>& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(1.0, b.cwiseAbs().maxCoeff());
}

// Pose-major points x_{k,s} = g^k x_s for a permutation g of the coordinates given by `perm`
// (perm[i] = index of the coordinate that moves to i).
Mat<double> orbit_points(const Mat<double>& seeds, const std::vector<int>& perm, int N) {
  const Index S = seeds.rows(), d = seeds.cols();
  Mat<double> X(N * S, d);
  Mat<double> cur = seeds;
  for (int k = 0; k < N; ++k) {
    X.middleRows(k * S, S) = cur;
    Mat<double> nxt(S, d);
    for (Index i = 0; i < d; ++i) nxt.col(i) = cur.col(perm[i]);
    cur = nxt;
  }
  return X;
}

Vec<double> random_labels(Index n, std::mt19937_64& rng) {
  std::normal_distribution<double> g;
  Vec<double> y(n);
  for (Index i = 0; i < n; ++i) y(i) = g(rng);
  return y;
}

// A random symmetric block-circulant matrix (first block row), made positive definite by a shift of
// C_0 computed from the dense matrix's smallest eigenvalue.
BlockCirculant<double> random_block_circulant(int N, int S, std::mt19937_64& rng) {
  std::normal_distribution<double> g;
  std::vector<Mat<double>> C(N);
  for (int j = 0; j < N; ++j) C[j] = Mat<double>::NullaryExpr(S, S, [&]() { return g(rng); });
  for (int j = 1; j < N; ++j)
    if (N - j < j) C[j] = C[N - j].transpose();
  C[0] = (C[0] + C[0].transpose()).eval();
  if (N % 2 == 0 && N > 1) C[N / 2] = (C[N / 2] + C[N / 2].transpose()).eval();
  BlockCirculant<double> B;
  B.angles = N;
  B.orbits = S;
  B.row.resize(S, N * S);
  for (int j = 0; j < N; ++j) B.row.middleCols(j * S, S) = C[j];
  const Mat<double> K = B.dense();
  Eigen::SelfAdjointEigenSolver<Mat<double>> es(K);
  const double shift = -es.eigenvalues().minCoeff() + 0.5;
  B.row.leftCols(S) += shift * Mat<double>::Identity(S, S);
  return B;
}

void check_against_dense(const Mat<double>& K, int N, const Vec<double>& y, double ridge,
                         const std::vector<std::vector<Index>>& sets, double tol = 1e-10) {
  const BlockCirculant<double> B = block_circulant_from_dense<double>(K, N, 1e-12);
  for (bool fast : {true, false}) {
    BlockCirculantSolver<double> solver(B, ridge, NonPositive::Throw, fast);
    // K^{-1} y.
    Mat<double> Kr = K;
    Kr.diagonal().array() += ridge;
    const Vec<double> alpha = Kr.llt().solve(y);
    EXPECT_LE(rel_err(solver.solve(y), alpha), tol) << "fast=" << fast;
    for (const auto& P : sets) {
      const Vec<double> mu = solver.leave_out(y, P);
      const Vec<double> ref = dense_leave_out<double>(K, y, P, ridge);
      EXPECT_LE(rel_err(mu, ref), tol) << "fast=" << fast << " |P|=" << P.size();
    }
  }
}

// Standard left-out sets for N angles and S orbits.
std::vector<std::vector<Index>> left_out_sets(int N, int S, std::mt19937_64& rng) {
  std::vector<std::vector<Index>> sets;
  sets.push_back({0});                           // one point
  sets.push_back({Index(N - 1) * S + (S - 1)});  // the last point
  std::vector<Index> angle;                      // one whole angle, all orbits
  for (int s = 0; s < S; ++s) angle.push_back(Index(N / 2) * S + s);
  if (N * S > S) sets.push_back(angle);
  if (N * S > 2) {
    std::vector<Index> rnd;  // a random subset of about a third of the points
    std::uniform_int_distribution<int> coin(0, 2);
    for (Index i = 0; i < Index(N) * S; ++i)
      if (coin(rng) == 0) rnd.push_back(i);
    if (!rnd.empty() && rnd.size() < size_t(N) * S) sets.push_back(rnd);
    std::vector<Index> diag;  // one point per orbit at different angles
    for (int s = 0; s < S; ++s) diag.push_back(Index(s % N) * S + s);
    if (diag.size() < size_t(N) * S) sets.push_back(diag);
  }
  return sets;
}

TEST(BlockCirculant, RandomBlockCirculantAllSizes) {
  std::mt19937_64 rng(20240611);
  for (int N = 1; N <= 16; ++N)
    for (int S = 1; S <= 8; ++S) {
      SCOPED_TRACE(testing::Message() << "N=" << N << " S=" << S);
      const BlockCirculant<double> B = random_block_circulant(N, S, rng);
      const Mat<double> K = B.dense();
      EXPECT_EQ(block_circulant_defect<double>(K, N), 0.0);
      const Vec<double> y = random_labels(Index(N) * S, rng);
      check_against_dense(K, N, y, 0.0, left_out_sets(N, S, rng));
    }
}

TEST(BlockCirculant, RidgesMatchDenseWithRidge) {
  std::mt19937_64 rng(7);
  for (double ridge : {1e-6, 0.1, 3.0}) {
    const BlockCirculant<double> B = random_block_circulant(6, 3, rng);
    const Vec<double> y = random_labels(18, rng);
    check_against_dense(B.dense(), 6, y, ridge, left_out_sets(6, 3, rng));
  }
}

TEST(BlockCirculant, C4RotationsOfImagesRbfAndDotProduct) {
  // n x n images, (g x)[i][j] = x[j][n-1-i] (rot90): coordinate i*n+j takes x[j*n + n-1-i].
  const int n = 5, S = 6, N = 4;
  std::vector<int> perm(n * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) perm[i * n + j] = j * n + (n - 1 - i);
  std::mt19937_64 rng(11);
  std::normal_distribution<double> g;
  const Mat<double> seeds = Mat<double>::NullaryExpr(S, n * n, [&]() { return g(rng); });
  const Mat<double> X = orbit_points(seeds, perm, N);
  // The fourth power of the rotation is the identity: the orbit closes.
  EXPECT_EQ((orbit_points(seeds, perm, 5).bottomRows(S) - seeds).norm(), 0.0);
  const Mat<double> Krbf = rbf(X, 1.0 / (2.0 * n * n));
  EXPECT_LE(block_circulant_defect<double>(Krbf, N), 1e-15);
  // A wrong N that still divides N*S = 24 breaks block-circularity: with N = 8 (blocks of 3) or
  // N = 3 (blocks of 8) one step of the assumed action shifts the flat index by 3 or 8 points,
  // which maps seeds onto other seeds instead of rotating each one. N = 2 (the half-turn subgroup,
  // a shift by 12 = 2 rotations) is a true symmetry and keeps it.
  EXPECT_GT(block_circulant_defect<double>(Krbf, 8), 1e-3);
  EXPECT_GT(block_circulant_defect<double>(Krbf, 3), 1e-3);
  EXPECT_LE(block_circulant_defect<double>(Krbf, 2), 1e-15);
  const Vec<double> y = random_labels(N * S, rng);
  check_against_dense(Krbf, N, y, 0.0, left_out_sets(N, S, rng));
  // Dot-product kernel (x.x'/d)^2 + x.x'/d + 1: invariant too; a small ridge keeps it PD.
  Mat<double> G = X * X.transpose() / double(n * n);
  Mat<double> Kdot = (G.array().square() + G.array() + 1.0).matrix();
  check_against_dense(Kdot, N, y, 1e-3, left_out_sets(N, S, rng));
}

TEST(BlockCirculant, CircularTranslationsOfImages) {
  // Translation along x by one pixel: (g x)(ix, iy) = x((ix + 1) mod n, iy); order n.
  const int n = 6, S = 4, N = n;
  std::vector<int> perm(n * n);
  for (int ix = 0; ix < n; ++ix)
    for (int iy = 0; iy < n; ++iy) perm[ix * n + iy] = ((ix + 1) % n) * n + iy;
  std::mt19937_64 rng(12);
  std::normal_distribution<double> g;
  const Mat<double> seeds = Mat<double>::NullaryExpr(S, n * n, [&]() { return g(rng); });
  const Mat<double> X = orbit_points(seeds, perm, N);
  const Mat<double> K = rbf(X, 1.0 / (2.0 * n * n));
  EXPECT_LE(block_circulant_defect<double>(K, N), 1e-15);
  // Ordered orbit-major (index s * N + k) instead of pose-major, it is not block-circulant.
  Mat<double> Xo(N * S, n * n);
  for (int k = 0; k < N; ++k)
    for (int s = 0; s < S; ++s) Xo.row(s * N + k) = X.row(k * S + s);
  EXPECT_GT(block_circulant_defect<double>(rbf(Xo, 1.0 / (2.0 * n * n)), N), 1e-3);
  const Vec<double> y = random_labels(N * S, rng);
  check_against_dense(K, N, y, 0.0, left_out_sets(N, S, rng));
}

TEST(BlockCirculant, CnnKernelsOnRotationsAndTranslations) {
  // NTK and NNGP of the paper's CNN (circular 3x3 conv, ReLU, FC or GAP readout) on pose-major
  // orbits of random 6x6 images: exactly block-circulant under C4 rotations and translations.
  namespace kn = symkit::kernel;
  const int n = 6, S = 3;
  std::vector<int> rot(n * n), tr(n * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      rot[i * n + j] = j * n + (n - 1 - i);
      tr[i * n + j] = ((i + 1) % n) * n + j;
    }
  std::mt19937_64 rng(14);
  std::normal_distribution<double> g;
  const Mat<double> seeds = Mat<double>::NullaryExpr(S, n * n, [&]() { return g(rng); });
  struct Case {
    const std::vector<int>* perm;
    int N;
    kn::Readout readout;
    double ridge;
  };
  // GAP on translations is constant along each orbit pair (Prop. 2): rank-deficient, so a ridge.
  for (const Case& c : {Case{&rot, 4, kn::Readout::FC, 0.0}, Case{&rot, 4, kn::Readout::GAP, 0.0},
                        Case{&tr, n, kn::Readout::FC, 0.0}, Case{&tr, n, kn::Readout::GAP, 1e-2}}) {
    SCOPED_TRACE(testing::Message() << "N=" << c.N << " GAP=" << (c.readout == kn::Readout::GAP));
    const Mat<double> X = orbit_points(seeds, *c.perm, c.N);
    const kn::KernelPair<double> kp = kn::compute<double>(kn::cnn(c.readout), X, n);
    for (const Mat<double>* K : {&kp.ntk, &kp.nngp}) {
      EXPECT_LE(block_circulant_defect<double>(*K, c.N), 1e-13);
      const Mat<double> Ks = (*K + K->transpose()) / 2;
      const Vec<double> y = random_labels(c.N * S, rng);
      check_against_dense(Ks, c.N, y, c.ridge, left_out_sets(c.N, S, rng), 1e-9);
    }
  }
}

TEST(BlockCirculant, CircleActionRbf) {
  // Rotation by 2 pi / N in the (y, z) plane of R^3; seeds at different x and phases.
  const int N = 12, S = 3;
  const double xs[S] = {0.3, -0.3, 0.0}, ph[S] = {0.0, 0.5, 1.7};
  Mat<double> X(N * S, 3);
  for (int k = 0; k < N; ++k)
    for (int s = 0; s < S; ++s) {
      const double a = ph[s] + 2 * M_PI * k / N;
      X.row(k * S + s) << xs[s], std::cos(a), std::sin(a);
    }
  std::mt19937_64 rng(13);
  for (double L : {0.7, 1.5}) {
    const Mat<double> K = rbf(X, L * L);
    EXPECT_LE(block_circulant_defect<double>(K, N), 1e-14);
    Vec<double> y(N * S);
    for (int k = 0; k < N; ++k) y.segment(k * S, S) << 1, -1, 1;
    check_against_dense(K, N, y, 1e-8, left_out_sets(N, S, rng), 1e-9);
  }
}

TEST(BlockCirculant, InverseBlocksMatchDenseInverse) {
  std::mt19937_64 rng(21);
  for (int N : {5, 8}) {
    const BlockCirculant<double> B = random_block_circulant(N, 3, rng);
    const Mat<double> Kinv = B.dense().inverse();
    BlockCirculantSolver<double> solver(B);
    for (int k = 0; k < N; ++k)
      for (int j = 0; j < N; ++j) {
        const Mat<double> ref = Kinv.block(k * 3, ((k + j) % N) * 3, 3, 3);
        EXPECT_LE((solver.inverse_block(j) - ref).cwiseAbs().maxCoeff(), 1e-12);
      }
    // Every diagonal block is the same.
    for (int k = 0; k < N; ++k)
      EXPECT_LE((solver.inverse_diagonal_block() - Kinv.block(k * 3, k * 3, 3, 3)).norm(), 1e-12);
    EXPECT_NEAR(solver.inverse_entry(4, 2 * 3 + 1), Kinv(4, 7), 1e-12);
  }
}

TEST(BlockCirculant, LeaveAngleOutEqualsLeaveOut) {
  std::mt19937_64 rng(31);
  const int N = 7, S = 5;
  const BlockCirculant<double> B = random_block_circulant(N, S, rng);
  const Vec<double> y = random_labels(N * S, rng);
  BlockCirculantSolver<double> solver(B, 0.01);
  const std::vector<int> I = {4, 1, 2};
  const Mat<double> mu = solver.leave_angle_out(y, I);
  ASSERT_EQ(mu.rows(), N);
  ASSERT_EQ(mu.cols(), 3);
  const Mat<double> K = B.dense();
  for (int k = 0; k < N; ++k) {
    std::vector<Index> P;
    for (int s : I) P.push_back(Index(k) * S + s);
    const Vec<double> ref = dense_leave_out<double>(K, y, P, 0.01);
    EXPECT_LE(rel_err(mu.row(k).transpose(), ref), 1e-10) << "k=" << k;
  }
}

TEST(BlockCirculant, FiftyDigits) {
  using T = symkit::mp50;
  const int N = 5, S = 2;
  std::mt19937_64 rng(41);
  const BlockCirculant<double> Bd = random_block_circulant(N, S, rng);
  BlockCirculant<T> B;
  B.angles = N;
  B.orbits = S;
  B.row = Bd.row.cast<T>();
  // Entries with digits beyond double: add an exact symmetric rational perturbation to C_0.
  B.row(0, 0) += T(1) / T(3);
  B.row(1, 1) += T(1) / T(7);
  const Mat<T> K = B.dense();
  Vec<T> y(N * S);
  for (int i = 0; i < N * S; ++i) y(i) = T(i % 3) - T(1) / T(3);
  for (T ridge : {T(0), T(1) / T(10)}) {
    BlockCirculantSolver<T> solver(B, ridge);
    Mat<T> Kr = K;
    Kr.diagonal().array() += ridge;
    const Vec<T> alpha = Kr.llt().solve(y);
    EXPECT_LT(static_cast<double>((solver.solve(y) - alpha).cwiseAbs().maxCoeff()), 1e-40);
    for (const std::vector<Index>& P :
         {std::vector<Index>{3}, std::vector<Index>{0, 1}, std::vector<Index>{2, 5, 9}}) {
      const Vec<T> mu = solver.leave_out(y, P);
      const Vec<T> ref = dense_leave_out<T>(K, y, P, ridge);
      EXPECT_LT(static_cast<double>((mu - ref).cwiseAbs().maxCoeff()), 1e-40);
    }
  }
}

TEST(BlockCirculant, FastEqualsGenericInDouble) {
  std::mt19937_64 rng(51);
  for (int N : {1, 2, 9, 16}) {
    const BlockCirculant<double> B = random_block_circulant(N, 7, rng);
    BlockCirculantSolver<double> fast(B, 0.0, NonPositive::Throw, true);
    BlockCirculantSolver<double> gen(B, 0.0, NonPositive::Throw, false);
    for (int j = 0; j < N; ++j)
      EXPECT_LE((fast.inverse_block(j) - gen.inverse_block(j)).cwiseAbs().maxCoeff(), 1e-12);
  }
}

TEST(BlockCirculant, Circularisation) {
  std::mt19937_64 rng(61);
  const int N = 6, S = 3;
  const BlockCirculant<double> B = random_block_circulant(N, S, rng);
  const Mat<double> K = B.dense();
  // Identity on block-circulant input, defect 0 there.
  const BlockCirculant<double> C = block_circularize<double>(K, N);
  EXPECT_LE((C.row - B.row).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_EQ(block_circulant_defect<double>(K, N), 0.0);
  // A perturbed (still symmetric) input: defect > 0, and the expected relative size.
  std::normal_distribution<double> g;
  Mat<double> E = Mat<double>::NullaryExpr(N * S, N * S, [&]() { return g(rng); });
  E = (E + E.transpose()).eval() * 1e-3;
  const Mat<double> Kp = K + E;
  const double d = block_circulant_defect<double>(Kp, N);
  EXPECT_GT(d, 1e-4);
  EXPECT_LT(d, 1e-1);
  EXPECT_THROW(block_circulant_from_dense<double>(Kp, N, 1e-6), symkit::InputError);
  double dd = -1;
  block_circulant_from_dense<double>(Kp, N, 1.0, &dd);
  EXPECT_EQ(dd, d);
  // Circularised: block-circulant, symmetric, trace-preserving, idempotent.
  const BlockCirculant<double> Cp = block_circularize<double>(Kp, N);
  const Mat<double> Dp = Cp.dense();
  EXPECT_LE(block_circulant_defect<double>(Dp, N), 1e-15);
  EXPECT_LE((Dp - Dp.transpose()).cwiseAbs().maxCoeff(), 1e-15);
  EXPECT_NEAR(Dp.trace(), Kp.trace(), 1e-12);
  EXPECT_LE((block_circularize<double>(Dp, N).row - Cp.row).cwiseAbs().maxCoeff(), 1e-15);
  // Hand check of one entry: C_2[0, 1] = (1/N) sum_k Kp[(k, 0), (k + 2, 1)].
  double acc = 0;
  for (int k = 0; k < N; ++k) acc += Kp(k * S + 0, ((k + 2) % N) * S + 1);
  EXPECT_NEAR(Cp.block(2)(0, 1), acc / N, 1e-15);
  // The circularised perturbation is the average of the perturbation: a perturbation orthogonal to
  // block-circulant matrices (alternating in k) vanishes.
  Mat<double> Alt = Mat<double>::Zero(N * S, N * S);
  for (int k = 0; k < N; ++k) Alt.block(k * S, k * S, S, S).setConstant(k % 2 ? 1.0 : -1.0);
  EXPECT_LE((block_circularize<double>(K + Alt, N).row - B.row).cwiseAbs().maxCoeff(), 1e-14);
}

TEST(BlockCirculant, NonPositiveDefinite) {
  // All blocks equal (a kernel constant along each orbit pair, as for GAP on translations):
  // Lambda_m = 0 for m != 0.
  const int N = 4, S = 2;
  BlockCirculant<double> B;
  B.angles = N;
  B.orbits = S;
  B.row.resize(S, N * S);
  Mat<double> C(2, 2);
  C << 2, 0.5, 0.5, 1;
  for (int j = 0; j < N; ++j) B.row.middleCols(j * S, S) = C;
  for (bool fast : {true, false}) {
    try {
      BlockCirculantSolver<double> s(B, 0.0, NonPositive::Throw, fast);
      ADD_FAILURE() << "expected NumericalError";
    } catch (const symkit::NumericalError& e) {
      EXPECT_NE(std::string(e.what()).find("Lambda_1"), std::string::npos) << e.what();
    }
    BlockCirculantSolver<double> s(B, 0.0, NonPositive::MinNorm, fast);
    EXPECT_TRUE(s.used_min_norm());
    EXPECT_EQ(s.non_positive_frequencies(), (std::vector<int>{1, 2}));
    // Minimum-norm solution: the pseudo-inverse computed independently.
    const Mat<double> K = B.dense();
    Vec<double> y(N * S);
    y << 1, -1, 2, 0.5, -1, 3, 0, 1;
    const Vec<double> ref = K.completeOrthogonalDecomposition().solve(y);
    EXPECT_LE((s.solve(y) - ref).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_THROW(s.leave_out(y, {0}), symkit::NumericalError);
    EXPECT_THROW(s.leave_angle_out(y, {0}), symkit::NumericalError);
    // With a ridge it is positive definite and leave-out is exact.
    BlockCirculantSolver<double> r(B, 0.25, NonPositive::Throw, fast);
    EXPECT_FALSE(r.used_min_norm());
    EXPECT_LE(rel_err(r.leave_out(y, {1, 4}), dense_leave_out<double>(K, y, {1, 4}, 0.25)), 1e-12);
  }
}

TEST(BlockCirculant, BadInput) {
  std::mt19937_64 rng(71);
  const BlockCirculant<double> B = random_block_circulant(4, 2, rng);
  EXPECT_THROW(BlockCirculantSolver<double>(B, -1.0), symkit::UsageError);
  BlockCirculant<double> bad = B;
  bad.row(0, 3) = std::nan("");
  EXPECT_THROW(BlockCirculantSolver<double>(bad, 0.0), symkit::InputError);
  bad = B;
  bad.row(0, 3) += 1.0;  // C_1[0,1] changed, C_3[1,0] not: asymmetric
  EXPECT_THROW(BlockCirculantSolver<double>(bad, 0.0), symkit::InputError);
  bad = B;
  bad.orbits = 3;
  EXPECT_THROW(BlockCirculantSolver<double>(bad, 0.0), symkit::InputError);
  bad = B;
  bad.angles = 0;
  EXPECT_THROW(BlockCirculantSolver<double>(bad, 0.0), symkit::UsageError);

  BlockCirculantSolver<double> s(B);
  const Vec<double> y = random_labels(8, rng);
  try {
    s.leave_out(y, {8});
    ADD_FAILURE();
  } catch (const symkit::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("index 8"), std::string::npos) << e.what();
  }
  EXPECT_THROW(s.leave_out(y, {2, 2}), symkit::InputError);
  EXPECT_THROW(s.leave_out(y, {-1}), symkit::InputError);
  EXPECT_THROW(s.solve(Vec<double>::Zero(7)), symkit::InputError);
  Vec<double> yn = y;
  yn(3) = std::nan("");
  EXPECT_THROW(s.solve(yn), symkit::InputError);
  EXPECT_THROW(s.leave_angle_out(y, {2}), symkit::InputError);
  EXPECT_THROW(s.leave_angle_out(y, {1, 1}), symkit::InputError);
  EXPECT_THROW(s.inverse_entry(0, 8), symkit::InputError);

  const Mat<double> K = B.dense();
  EXPECT_THROW(block_circulant_defect<double>(K.leftCols(7), 4), symkit::InputError);
  EXPECT_THROW(block_circulant_defect<double>(K, 3), symkit::UsageError);
  EXPECT_THROW(block_circulant_defect<double>(K, 0), symkit::UsageError);
  EXPECT_THROW(block_circularize<double>(K, 5), symkit::UsageError);
  Mat<double> Kn = K;
  Kn(1, 2) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(block_circularize<double>(Kn, 4), symkit::InputError);
  EXPECT_THROW(block_circulant_defect<double>(Mat<double>(), 1), symkit::InputError);
}

TEST(BlockCirculant, LeaveEverythingOutPredictsPriorMean) {
  std::mt19937_64 rng(81);
  const BlockCirculant<double> B = random_block_circulant(3, 2, rng);
  BlockCirculantSolver<double> s(B);
  const Vec<double> y = random_labels(6, rng);
  const Vec<double> mu = s.leave_out(y, {0, 1, 2, 3, 4, 5});
  EXPECT_LE(mu.cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_EQ(s.leave_out(y, {}).size(), 0);
}

}  // namespace
