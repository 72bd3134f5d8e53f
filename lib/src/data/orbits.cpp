#include "symkit/data/orbits.hpp"

#include <random>
#include <set>
#include <type_traits>

#include "symkit/error.hpp"
#include "symkit/group/circle.hpp"

namespace symkit::data {

template <class T>
Index OrbitSet<T>::row(int o, int k) const {
  if (o < 0 || o >= n_orbits)
    throw UsageError(msg("orbit index ", o, " outside [0, ", n_orbits, ")"));
  if (k < 0 || k >= n_poses) throw UsageError(msg("pose index ", k, " outside [0, ", n_poses, ")"));
  return ordering == Ordering::pose_major ? static_cast<Index>(k) * n_orbits + o
                                          : static_cast<Index>(o) * n_poses + k;
}

template <class T>
Mat<T> OrbitSet<T>::orbit_points(int o) const {
  Mat<T> pts(n_poses, x.cols());
  for (int k = 0; k < n_poses; ++k) pts.row(k) = x.row(row(o, k));
  return pts;
}

template <class T>
Mat<T> orbit(const CyclicAction& g, const Vec<T>& seed) {
  const int N = g.order();
  Mat<T> out(N, seed.size());
  if constexpr (std::is_same_v<T, double>) {
    for (int k = 0; k < N; ++k) out.row(k) = g.act(seed, k).transpose();
  } else {
    if (!g.is_permutation()) {
      throw UsageError(msg(g.name(),
                           ": orbits in a scalar type other than double need a pixel "
                           "permutation action"));
    }
    if (seed.size() != g.dim()) {
      throw InputError(msg(g.name(), ": seed has length ", seed.size(), ", expected ", g.dim()));
    }
    group::require_finite(seed, "seed");
    for (int k = 0; k < N; ++k)
      out.row(k) = group::apply_permutation(g.permutation(k), seed).transpose();
  }
  return out;
}

template <class T>
OrbitSet<T> make_orbit_set(const CyclicAction& g, const std::vector<Vec<T>>& seeds,
                           const std::vector<int>& classes, Ordering ordering, int positive_class) {
  if (seeds.empty()) throw UsageError("make_orbit_set: no seeds");
  if (classes.size() != seeds.size()) {
    throw UsageError(
        msg("make_orbit_set: ", seeds.size(), " seeds but ", classes.size(), " class ids"));
  }
  std::vector<Mat<T>> orbits;
  orbits.reserve(seeds.size());
  for (const auto& s : seeds) orbits.push_back(orbit<T>(g, s));
  return orbit_set_from_orbits<T>(orbits, classes, ordering, positive_class);
}

template <class T>
OrbitSet<T> orbit_set_from_orbits(const std::vector<Mat<T>>& orbits,
                                  const std::vector<int>& classes, Ordering ordering,
                                  int positive_class) {
  if (orbits.empty()) throw UsageError("orbit_set_from_orbits: no orbits");
  if (classes.size() != orbits.size()) {
    throw UsageError(msg("orbit_set_from_orbits: ", orbits.size(), " orbits but ", classes.size(),
                         " class ids"));
  }
  const Index N = orbits[0].rows(), d = orbits[0].cols();
  if (N < 1 || d < 1)
    throw InputError(msg("orbit_set_from_orbits: orbit 0 is empty (", N, " x ", d, ")"));
  OrbitSet<T> set;
  set.n_orbits = static_cast<int>(orbits.size());
  set.n_poses = static_cast<int>(N);
  set.positive_class = positive_class;
  set.ordering = ordering;
  const Index rows = static_cast<Index>(set.n_orbits) * N;
  set.x.resize(rows, d);
  set.y.resize(rows);
  set.label.assign(static_cast<std::size_t>(rows), 0);
  set.orbit.assign(static_cast<std::size_t>(rows), 0);
  set.pose.assign(static_cast<std::size_t>(rows), 0);
  for (int o = 0; o < set.n_orbits; ++o) {
    const Mat<T>& pts = orbits[static_cast<std::size_t>(o)];
    if (pts.rows() != N || pts.cols() != d) {
      throw InputError(msg("orbit_set_from_orbits: orbit ", o, " is ", pts.rows(), " x ",
                           pts.cols(), ", orbit 0 is ", N, " x ", d));
    }
    for (Index k = 0; k < N; ++k) {
      for (Index p = 0; p < d; ++p) {
        if (!is_finite(pts(k, p))) {
          throw InputError(msg("orbit_set_from_orbits: orbit ", o, " pose ", k, " entry ", p,
                               " is ", pts(k, p)));
        }
      }
      const Index r = set.row(o, static_cast<int>(k));
      const auto ru = static_cast<std::size_t>(r);
      set.x.row(r) = pts.row(k);
      set.label[ru] = classes[static_cast<std::size_t>(o)];
      set.orbit[ru] = o;
      set.pose[ru] = static_cast<int>(k);
      set.y[r] = set.label[ru] == positive_class ? T(1) : T(-1);
    }
  }
  return set;
}

template <class T>
OrbitSet<T> interleaved_pair(const CyclicAction& g, const Vec<T>& seed_a, const Vec<T>& seed_b) {
  return make_orbit_set<T>(g, {seed_a, seed_b}, {0, 1}, Ordering::pose_major, 0);
}

template <class T>
OrbitSet<T> circle_dataset(int N, const T& delta, const T& radius) {
  group::require_order(N, "circle dataset N");
  if (!is_finite(delta) || delta < T(0)) {
    throw InputError(msg("circle dataset: delta must be finite and >= 0, got ", delta));
  }
  if (!is_finite(radius) || !(radius > T(0))) {
    throw InputError(msg("circle dataset: radius must be finite and > 0, got ", radius));
  }
  using std::cos;
  using std::sin;
  const T half_theta = pi<T>() / T(N);
  Vec<T> xa(3), xb(3);
  xa << delta / T(2), radius, T(0);
  xb << -delta / T(2), radius * cos(half_theta), radius * sin(half_theta);
  Mat<T> oa(N, 3), ob(N, 3);
  for (int k = 0; k < N; ++k) {
    oa.row(k) = group::circle_rotate<T>(xa, k, N).transpose();
    ob.row(k) = group::circle_rotate<T>(xb, k, N).transpose();
  }
  return orbit_set_from_orbits<T>({oa, ob}, {0, 1}, Ordering::pose_major, 0);
}

namespace {
// Uniform integer in [0, n) from the raw 64-bit stream, by rejection of the top remainder.
std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t n) {
  const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % n + 1) % n;
  std::uint64_t v;
  do {
    v = rng();
  } while (v > limit);
  return v % n;
}
}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> sample_pairs(const std::vector<int>& labels,
                                                              std::size_t count,
                                                              std::uint64_t seed) {
  const std::set<int> distinct(labels.begin(), labels.end());
  if (distinct.size() < 2) {
    throw UsageError(msg("sample_pairs: need items of at least two classes, got ", distinct.size(),
                         " class(es) among ", labels.size(), " items"));
  }
  std::mt19937_64 rng(seed);
  std::vector<std::pair<std::size_t, std::size_t>> out;
  out.reserve(count);
  const auto n = static_cast<std::uint64_t>(labels.size());
  while (out.size() < count) {
    const auto i = static_cast<std::size_t>(uniform_below(rng, n));
    const auto j = static_cast<std::size_t>(uniform_below(rng, n));
    if (labels[i] != labels[j]) out.emplace_back(i, j);
  }
  return out;
}

#define SYMKIT_INST(T)                                                                         \
  template struct OrbitSet<T>;                                                                 \
  template Mat<T> orbit<T>(const CyclicAction&, const Vec<T>&);                                \
  template OrbitSet<T> make_orbit_set<T>(const CyclicAction&, const std::vector<Vec<T>>&,      \
                                         const std::vector<int>&, Ordering, int);              \
  template OrbitSet<T> orbit_set_from_orbits<T>(const std::vector<Mat<T>>&,                    \
                                                const std::vector<int>&, Ordering, int);       \
  template OrbitSet<T> interleaved_pair<T>(const CyclicAction&, const Vec<T>&, const Vec<T>&); \
  template OrbitSet<T> circle_dataset<T>(int, const T&, const T&);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::data
