// Orbits and orbit datasets.
//
// A dataset is a matrix with one point per row (as the kernel layer expects) plus, per row, the
// class id, the orbit id (which seed) and the pose k (the point is g^k seed_orbit).
//
// Orderings of a multi-orbit set with M orbits of N poses each:
//   Ordering::pose_major  — row = k * M + o: "by angle, then by orbit": all orbits at pose 0,
//                           then all at pose 1, ... With M = 2 orbits (A, B) this is the
//                           interleaved order A0, B0, A1, B1, ... of the paper, which makes the
//                           kernel matrix (block-)circulant with N blocks of size M x M.
//   Ordering::orbit_major — row = o * N + k: orbit 0 at poses 0..N-1, then orbit 1, ...
//                           (the paper's code's order before it interleaves, "seed angle").
//
// Labels: `label[row]` is the class id of the row's orbit; `y` holds the regression targets
// +1 for class `positive_class` and -1 for every other class (for a two-class pair: A = +1,
// B = -1).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "symkit/group/action.hpp"

namespace symkit::data {

using group::CyclicAction;
using Index = Eigen::Index;

/// Row order of a multi-orbit dataset (see the header comment).
enum class Ordering { pose_major, orbit_major };

/// Points of several orbits of one cyclic action, with per-row bookkeeping.
template <class T>
struct OrbitSet {
  Mat<T> x;                ///< (n_orbits * n_poses) x d, one point per row
  Vec<T> y;                ///< +1 for class positive_class, -1 otherwise
  std::vector<int> label;  ///< class id per row
  std::vector<int> orbit;  ///< orbit (seed) id per row, 0..n_orbits-1
  std::vector<int> pose;   ///< power k of g per row, 0..n_poses-1
  int n_orbits = 0;        ///< M
  int n_poses = 0;         ///< N, the group order
  int positive_class = 0;  ///< class mapped to y = +1
  Ordering ordering = Ordering::pose_major;

  /// Row of (orbit o, pose k); UsageError when out of range.
  Index row(int o, int k) const;
  /// The N points of orbit o, in pose order (N x d).
  Mat<T> orbit_points(int o) const;
};

/// The orbit of a seed: row k is g^k seed, k = 0..N-1 (N x d). For T = double any action works;
/// for the other scalar types the action must be a permutation (UsageError otherwise), applied
/// exactly through apply_permutation. InputError for a wrong length or NaN/Inf in the seed.
template <class T>
Mat<T> orbit(const CyclicAction& g, const Vec<T>& seed);

/// Orbits of seeds[o] (class classes[o]) under g, in the given ordering; y = +1 for class
/// positive_class. UsageError when seeds is empty or classes has another size.
template <class T>
OrbitSet<T> make_orbit_set(const CyclicAction& g, const std::vector<Vec<T>>& seeds,
                           const std::vector<int>& classes, Ordering ordering,
                           int positive_class = 0);

/// The interleaved two-class orbit pair A0, B0, A1, B1, ... (2N rows): orbit 0 = A (class 0,
/// y = +1), orbit 1 = B (class 1, y = -1), pose-major.
template <class T>
OrbitSet<T> interleaved_pair(const CyclicAction& g, const Vec<T>& seed_a, const Vec<T>& seed_b);

/// The circle dataset of eqs. 4-5 with radius r: theta = 2 pi / N,
///   x_A = (delta/2, r, 0), x_B = (-delta/2, r cos(theta/2), r sin(theta/2)),
/// orbits under the circle action (the (y, z) plane turned by theta), interleaved A0, B0, ...
/// Row 2k = (delta/2, r cos(k theta), r sin(k theta)), row 2k+1 = (-delta/2, r cos((k+1/2)
/// theta), r sin((k+1/2) theta)). UsageError for N < 2, InputError for a non-finite or negative
/// delta or radius, or radius 0.
template <class T>
OrbitSet<T> circle_dataset(int N, const T& delta, const T& radius = T(1));

/// `count` random pairs (i, j) of item indices with labels[i] != labels[j], drawn with a
/// std::mt19937_64 seeded with `seed`: i and j uniform over all items, a draw with equal labels
/// is rejected and redrawn (the paper's code draws and drops same-digit pairs likewise). Pairs
/// may repeat. Bounded integers come from the raw 64-bit stream by rejection, so the result is
/// the same on every platform and run. UsageError when fewer than two distinct labels exist.
std::vector<std::pair<std::size_t, std::size_t>> sample_pairs(const std::vector<int>& labels,
                                                              std::size_t count,
                                                              std::uint64_t seed);

}  // namespace symkit::data
