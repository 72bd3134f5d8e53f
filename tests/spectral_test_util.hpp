// Helpers shared by the block-circulant and multi-orbit tests: the dense reference regression,
// written independently of the library's solvers.
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <vector>

#include "symkit/scalar.hpp"

namespace spectest {

/// Dense exact regression: trains on all indices not in P (kernel + ridge on the training
/// diagonal) by an Eigen LLT of the training kernel and predicts at P.
template <class T>
symkit::Vec<T> dense_leave_out(const symkit::Mat<T>& K, const symkit::Vec<T>& y,
                               const std::vector<Eigen::Index>& P, T ridge) {
  using Eigen::Index;
  const Index n = K.rows();
  std::vector<char> out(static_cast<std::size_t>(n), 0);
  for (Index p : P) out[static_cast<std::size_t>(p)] = 1;
  std::vector<Index> tr;
  for (Index i = 0; i < n; ++i)
    if (!out[static_cast<std::size_t>(i)]) tr.push_back(i);
  const Index m = static_cast<Index>(tr.size()), np = static_cast<Index>(P.size());
  symkit::Mat<T> Ktt(m, m), Kpt(np, m);
  symkit::Vec<T> yt(m);
  for (Index a = 0; a < m; ++a) {
    yt(a) = y(tr[a]);
    for (Index b = 0; b < m; ++b) Ktt(a, b) = K(tr[a], tr[b]);
    Ktt(a, a) += ridge;
    for (Index p = 0; p < np; ++p) Kpt(p, a) = K(P[p], tr[a]);
  }
  Eigen::LLT<symkit::Mat<T>> llt(Ktt);
  EXPECT_EQ(llt.info(), Eigen::Success);
  return Kpt * llt.solve(yt);
}

}  // namespace spectest
