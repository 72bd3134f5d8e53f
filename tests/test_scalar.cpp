// symkit: sanitize-subset
// The scalar layer: multiprecision types carry their advertised precision through Eigen.
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include "symkit/scalar.hpp"

namespace {

template <class T>
class ScalarTest : public ::testing::Test {};
using Scalars = ::testing::Types<double, long double, symkit::mp50, symkit::mp100>;
TYPED_TEST_SUITE(ScalarTest, Scalars);

TYPED_TEST(ScalarTest, PiHasFullPrecision) {
  using T = TypeParam;
  // sin(pi) = 0 up to the type's epsilon; 4 atan(1) = pi.
  using std::abs;
  using std::atan;
  using std::sin;
  const T eps = std::numeric_limits<T>::epsilon();
  EXPECT_LE(abs(sin(symkit::pi<T>())), T(4) * eps);
  EXPECT_LE(abs(T(4) * atan(T(1)) - symkit::pi<T>()), T(8) * eps);
}

TYPED_TEST(ScalarTest, CholeskySolveHilbertResidual) {
  using T = TypeParam;
  // Hilbert matrix of order 6 has condition ~1.5e7: the residual scales with epsilon.
  const int n = 6;
  symkit::Mat<T> h(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) h(i, j) = T(1) / T(i + j + 1);
  symkit::Vec<T> b = symkit::Vec<T>::Ones(n);
  symkit::Vec<T> x = h.llt().solve(b);
  const T res = (h * x - b).norm();
  EXPECT_LE(res, T(1e6) * std::numeric_limits<T>::epsilon());
  // Exact solution of H x = 1 for n = 6 is known: x_0 = -6 * ... ; check the first entry:
  // x_i = (-1)^i (i+1) C(n+i, n-i-1)... use the symmetric eigen-solver as a second method.
  Eigen::SelfAdjointEigenSolver<symkit::Mat<T>> es(h);
  symkit::Vec<T> lam = es.eigenvalues();
  symkit::Vec<T> x2 =
      es.eigenvectors() * (lam.cwiseInverse().asDiagonal() * (es.eigenvectors().transpose() * b));
  EXPECT_LE((x - x2).norm() / x.norm(), T(1e9) * std::numeric_limits<T>::epsilon());
}

TEST(Scalar, PrintDigits) {
  EXPECT_EQ(symkit::to_string_full(0.1), "0.10000000000000001");
  const std::string s = symkit::to_string_full(symkit::mp50(1) / symkit::mp50(3));
  // All the type's digits: at least 50 threes.
  EXPECT_GE(std::count(s.begin(), s.end(), '3'), 50);
}

}  // namespace
