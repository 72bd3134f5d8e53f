// Internal: the mirror test v_j = v_{n-j} (j = 1..n-1) shared by the symmetric circulant first row
// and the spectrum of a symmetric circulant kernel.
#pragma once

#include "symkit/scalar.hpp"

namespace symkit::spectral::detail {

/// The first j in 1..n-1 with |v_j - v_{n-j}| > rel_tol * max|v|, or 0 when v passes the test.
template <class T>
Eigen::Index first_mirror_mismatch(const Vec<T>& v, double rel_tol) {
  const Eigen::Index n = v.size();
  const T tol = T(rel_tol) * max_abs_of(v);
  for (Eigen::Index j = 1; j < n; ++j)
    if (abs_of<T>(v(j) - v(n - j)) > tol) return j;
  return 0;
}

}  // namespace symkit::spectral::detail
