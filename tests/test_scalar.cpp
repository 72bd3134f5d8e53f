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

// Binomial coefficient as an exact integer (small arguments).
long long binom(int n, int k) {
  if (k < 0 || k > n) return 0;
  long long r = 1;
  for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

TYPED_TEST(ScalarTest, CholeskySolveOfHilbertMatchesExactInverse) {
  using T = TypeParam;
  // The Hilbert matrix H_ij = 1/(i+j+1) (order 6, condition ~1.5e7) has an integer inverse:
  // (H^-1)_ij = (-1)^(i+j) (i+j+1) C(n+i, n-j-1) C(n+j, n-i-1) C(i+j, i)^2.
  const int n = 6;
  symkit::Mat<T> h(n, n);
  symkit::Vec<T> exact = symkit::Vec<T>::Zero(n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      h(i, j) = T(1) / T(i + j + 1);
      const long long c = binom(i + j, i);
      const long long inv = ((i + j) % 2 ? -1 : 1) * (i + j + 1) * binom(n + i, n - j - 1) *
                            binom(n + j, n - i - 1) * c * c;
      exact(i) += T(static_cast<double>(inv));  // x = H^-1 * 1
    }
  const symkit::Vec<T> x = h.llt().solve(symkit::Vec<T>::Ones(n));
  using std::abs;
  // Forward error <= condition number * epsilon (times a small factor).
  EXPECT_LE((x - exact).norm() / exact.norm(), T(1e9) * std::numeric_limits<T>::epsilon());
}

TEST(Scalar, PrintDigits) {
  EXPECT_EQ(symkit::to_string_full(0.1), "0.10000000000000001");
  const std::string s = symkit::to_string_full(symkit::mp50(1) / symkit::mp50(3));
  // All the type's digits: at least 50 threes.
  EXPECT_GE(std::count(s.begin(), s.end(), '3'), 50);
}

}  // namespace
