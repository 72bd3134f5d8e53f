#include "symkit/group/action.hpp"

#include <cmath>

#include "symkit/error.hpp"

namespace symkit::group {

int reduce_power(long long k, int N) {
  require_order(N, "group order N");
  long long r = k % N;
  if (r < 0) r += N;
  return static_cast<int>(r);
}

void require_order(int N, const char* what) {
  if (N < 2) throw UsageError(msg(what, " must be at least 2, got ", N));
}

Index image_side(Index length, const char* what) {
  if (length < 1) throw InputError(msg(what, ": length ", length, " is not a positive square"));
  auto n = static_cast<Index>(std::llround(std::sqrt(static_cast<double>(length))));
  while (n * n > length) --n;
  while ((n + 1) * (n + 1) <= length) ++n;
  if (n * n != length) {
    throw InputError(
        msg(what, ": length ", length, " is not a perfect square (not an n x n image)"));
  }
  return n;
}

void require_side(Index n, const char* what) {
  if (n < 1) throw UsageError(msg(what, ": image side n must be positive, got ", n));
}

void require_image(const Vec<double>& x, Index n, const char* what) {
  if (x.size() != n * n) {
    throw InputError(msg(what, ": image has ", x.size(), " pixels, expected n*n = ", n * n,
                         " for side n = ", n));
  }
  require_finite(x, msg(what, " input").c_str());
}

template <class T>
Vec<T> apply_permutation(const Permutation& perm, const Vec<T>& x) {
  if (static_cast<Index>(perm.size()) != x.size()) {
    throw InputError(msg("apply_permutation: vector length ", x.size(),
                         " differs from permutation size ", perm.size()));
  }
  Vec<T> y(x.size());
  for (Index p = 0; p < x.size(); ++p) y[p] = x[perm[static_cast<std::size_t>(p)]];
  return y;
}

#define SYMKIT_INST(T) template Vec<T> apply_permutation<T>(const Permutation&, const Vec<T>&);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

Vec<double> CyclicAction::act(const Vec<double>& x, long long k) const {
  if (x.size() != dim()) {
    throw InputError(msg(name(), ": input x has length ", x.size(), ", expected ", dim()));
  }
  require_finite(x, "input x");
  return act_checked(x, reduce_power(k, order()));
}

Permutation CyclicAction::permutation(long long) const {
  throw UsageError(msg(name(), " is not a pixel permutation"));
}

}  // namespace symkit::group
