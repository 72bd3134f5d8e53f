// Cyclic group actions: the group C_N = {g^0, ..., g^{N-1}} acting on R^d.
//
// A CyclicAction maps a point x in R^d (an Eigen column vector) to g^k x. Powers k are taken
// modulo N, negative powers allowed: act(x, -1) = act(x, N - 1), and act(x, N) returns x exactly.
// An action is `exact` when k -> g^k is a true representation (g^a g^b = g^{a+b}, g orthogonal):
// the circle action, C4 image rotation, circular translation and Fourier translation by whole
// pixels. The interpolated image rotation is not exact: rotating k times by one step differs from
// rotating once by k steps, so g^k x is always computed directly from x.
//
// Images of side n are stored row-major in a vector of length n*n: pixel (row i, column j) is
// x[i*n + j]. "Along x" means along the columns j.
//
// Exact pixel actions are permutations: (g^k x)[p] = x[perm_k[p]]. permutation(k) returns perm_k,
// and apply_permutation applies it to a vector of any symkit scalar type, so that orbits of
// images can be built in multiprecision without rounding.
//
// Bad input raises symkit::InputError (wrong length, NaN/Inf entries, a non-square image) or
// symkit::UsageError (N < 2, a step that does not divide n, a permutation asked of an action that
// is not one); messages name the argument and its value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "symkit/error.hpp"
#include "symkit/scalar.hpp"

namespace symkit::group {

/// Index type of vector entries (pixels).
using Index = Eigen::Index;
/// A permutation of {0, ..., d-1}: y[p] = x[perm[p]].
using Permutation = std::vector<Index>;

/// The representative of k modulo N in [0, N).
int reduce_power(long long k, int N);

/// Side n of a square image stored in a vector of `length` entries; InputError when `length` is
/// not a positive perfect square (the message names `what` and the length).
Index image_side(Index length, const char* what = "image");

/// UsageError "<what>: image side n must be positive, got n" when n < 1.
void require_side(Index n, const char* what);

/// The checks of an n x n image argument x: InputError when x does not have n*n entries
/// ("<what>: image has L pixels, expected n*n = ...") or has a NaN/infinite entry
/// ("<what> input: entry i is v").
void require_image(const Vec<double>& x, Index n, const char* what);

/// Throws InputError "<what>: <entry> i is v" at the first entry of x (any Eigen vector or
/// matrix, in storage order; any symkit scalar) that is NaN or infinite.
template <class Derived>
void require_finite(const Eigen::DenseBase<Derived>& x, const char* what,
                    const char* entry = "entry") {
  for (Index i = 0; i < x.size(); ++i) {
    if (!is_finite(x.derived().data()[i]))
      throw InputError(msg(what, ": ", entry, " ", i, " is ", x.derived().data()[i]));
  }
}

/// y[p] = x[perm[p]]. InputError when perm.size() != x.size(). Entries of perm are trusted
/// (they come from an action). Instantiated for double, long double, mp50, mp100.
template <class T>
Vec<T> apply_permutation(const Permutation& perm, const Vec<T>& x);

/// Abstract action of the cyclic group of order N on R^d.
class CyclicAction {
 public:
  virtual ~CyclicAction() = default;

  /// Order N of the group (N >= 2).
  virtual int order() const = 0;
  /// Dimension d of the points acted on.
  virtual Index dim() const = 0;
  /// True when the action is a true (orthogonal) representation of C_N.
  virtual bool exact() const = 0;
  /// A short description, e.g. "c4-rotation(n=28)".
  virtual std::string name() const = 0;

  /// g^k x (k reduced modulo N). InputError when x has the wrong length or a NaN/Inf entry.
  Vec<double> act(const Vec<double>& x, long long k) const;

  /// True when g^k permutes the coordinates (exact pixel actions).
  virtual bool is_permutation() const { return false; }
  /// The permutation of g^k (k reduced modulo N). UsageError unless is_permutation().
  virtual Permutation permutation(long long k) const;

 protected:
  /// g^k x for 0 <= k < N and x already validated (length dim(), finite).
  virtual Vec<double> act_checked(const Vec<double>& x, int k) const = 0;
};

/// Throws UsageError unless N >= 2 (the message names `what` and N).
void require_order(int N, const char* what);

}  // namespace symkit::group
