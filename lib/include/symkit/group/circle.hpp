// The circle action of the paper's toy model (eq. 4): g rotates the (y, z) plane of R^3 by
// theta = 2 pi / N and leaves the x axis fixed:
//   g^k (x, y, z) = (x, y cos(k theta) - z sin(k theta), y sin(k theta) + z cos(k theta)).
// Exact (orthogonal) representation of C_N. cos/sin of multiples of pi/2 are exact (0, +-1).
#pragma once

#include "symkit/group/action.hpp"

namespace symkit::group {

/// g^k x for x in R^3 in the precision of T (k reduced modulo N). UsageError for N < 2,
/// InputError for x.size() != 3. Instantiated for the four symkit scalars.
template <class T>
Vec<T> circle_rotate(const Vec<T>& x, long long k, int N);

/// The circle action on R^3 (eq. 4).
class CircleAction final : public CyclicAction {
 public:
  explicit CircleAction(int N);
  int order() const override { return N_; }
  Index dim() const override { return 3; }
  bool exact() const override { return true; }
  std::string name() const override;

 protected:
  Vec<double> act_checked(const Vec<double>& x, int k) const override;

 private:
  int N_;
};

}  // namespace symkit::group
