#include "symkit/group/circle.hpp"

#include <cmath>

#include "symkit/error.hpp"

namespace symkit::group {

namespace {

// cos and sin of 2 pi k / N in the precision of T, exact when 4k is a multiple of N.
template <class T>
void cos_sin_turn(long long k, int N, T& c, T& s) {
  const int r = reduce_power(k, N);
  if ((4LL * r) % N == 0) {
    // Quarter turns: exact values.
    static const int cs[4][2] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    const int q = static_cast<int>((4LL * r) / N);
    c = T(cs[q][0]);
    s = T(cs[q][1]);
    return;
  }
  using std::cos;
  using std::sin;
  const T a = T(2) * pi<T>() * T(r) / T(N);
  c = cos(a);
  s = sin(a);
}

}  // namespace

template <class T>
Vec<T> circle_rotate(const Vec<T>& x, long long k, int N) {
  require_order(N, "circle action order N");
  if (x.size() != 3)
    throw InputError(msg("circle action: input x has length ", x.size(), ", expected 3"));
  require_finite(x, "circle action: input x");
  T c, s;
  cos_sin_turn<T>(k, N, c, s);
  Vec<T> y(3);
  y[0] = x[0];
  y[1] = c * x[1] - s * x[2];
  y[2] = s * x[1] + c * x[2];
  return y;
}

#define SYMKIT_INST(T) template Vec<T> circle_rotate<T>(const Vec<T>&, long long, int);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

CircleAction::CircleAction(int N) : N_(N) { require_order(N, "circle action order N"); }

std::string CircleAction::name() const { return msg("circle(N=", N_, ")"); }

Vec<double> CircleAction::act_checked(const Vec<double>& x, int k) const {
  return circle_rotate<double>(x, k, N_);
}

}  // namespace symkit::group
