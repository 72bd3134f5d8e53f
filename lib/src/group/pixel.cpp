// Exact pixel actions: C4 rotation and circular translation.
#include "symkit/error.hpp"
#include "symkit/group/image.hpp"

namespace symkit::group {

Vec<double> PixelPermutationAction::act_checked(const Vec<double>& x, int k) const {
  return apply_permutation(permutation(k), x);
}

C4Rotation::C4Rotation(Index n) : PixelPermutationAction(n) { require_side(n, "C4 rotation"); }

std::string C4Rotation::name() const { return msg("c4-rotation(n=", n_, ")"); }

Permutation C4Rotation::permutation(long long k) const {
  const int r = reduce_power(k, 4);
  Permutation perm(static_cast<std::size_t>(n_ * n_));
  for (Index i = 0; i < n_; ++i) {
    for (Index j = 0; j < n_; ++j) {
      // Source pixel (a, b) of output (i, j) under g^r, with g: (i, j) <- (j, n-1-i).
      Index a = i, b = j;
      for (int t = 0; t < r; ++t) {
        const Index na = b, nb = n_ - 1 - a;
        a = na;
        b = nb;
      }
      perm[static_cast<std::size_t>(i * n_ + j)] = a * n_ + b;
    }
  }
  return perm;
}

CircularTranslation::CircularTranslation(Index n, Index step)
    : PixelPermutationAction(n), s_(step) {
  if (n < 2)
    throw UsageError(msg("circular translation: image side n must be at least 2, got ", n));
  if (step < 1) throw UsageError(msg("circular translation: step must be positive, got ", step));
  if (n % step != 0) {
    throw UsageError(
        msg("circular translation: step ", step, " does not divide the image side ", n));
  }
  if (n / step < 2) {
    throw UsageError(msg("circular translation: step ", step, " gives a group of order ", n / step,
                         " < 2 for side ", n));
  }
}

std::string CircularTranslation::name() const {
  return msg("translation(n=", n_, ", step=", s_, ")");
}

Permutation CircularTranslation::permutation(long long k) const {
  const Index shift = static_cast<Index>(reduce_power(k, order())) * s_;
  Permutation perm(static_cast<std::size_t>(n_ * n_));
  for (Index i = 0; i < n_; ++i) {
    for (Index j = 0; j < n_; ++j) {
      perm[static_cast<std::size_t>(i * n_ + j)] = i * n_ + (j + shift) % n_;
    }
  }
  return perm;
}

}  // namespace symkit::group
