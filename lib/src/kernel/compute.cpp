// Generic (any scalar) evaluation of an architecture's NNGP and NTK, per pair of inputs.
//
// For every pair (x1, x2) a covariance state is propagated layer by layer: the cross nngp and ntk,
// spatial (P1 x P2 when a GlobalAvgPool follows, only the diagonal p = q when Flatten does) or a
// scalar. The variances a Relu needs are the diagonals of each input's self-state, computed once
// per input by propagating the input against itself and recorded at every Relu.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "relu_entry.hpp"
#include "symkit/error.hpp"
#include "symkit/kernel/fast.hpp"
#include "symkit/kernel/layers.hpp"

namespace symkit::kernel {
namespace {

enum class Mode { Flat, Diag, Full };

// One layer with its hyper-parameters in T and, for Conv, the index table of its windows.
template <class T>
struct Step {
  Layer::Type type = Layer::Type::Dense;
  T w2, b2;  // W_std^2, b_std^2 (0 without bias)
  T inv_f;   // 1 / filter
  int n_in = 0, n_out = 0, filter = 0;
  std::vector<int> index;  // index[o * filter + d]: input coordinate, -1 for a zero-padded one
};

template <class T>
struct Plan {
  Mode input_mode = Mode::Flat;
  int side = 0;  // image side (0 for flat inputs)
  int dim = 0;   // columns
  std::vector<Step<T>> steps;
  int relus = 0;
};

template <class T>
Plan<T> make_plan(const Architecture& arch, int side, int dim) {
  Plan<T> plan;
  plan.side = side;
  plan.dim = dim;
  const bool conv = is_convolutional(arch);
  Mode mode = Mode::Flat;
  if (conv) {
    // Full spatial covariance only when the spatial stage ends with a GlobalAvgPool.
    mode = Mode::Diag;
    for (const auto& l : arch) {
      if (l.type == Layer::Type::GlobalAvgPool) {
        mode = Mode::Full;
        break;
      }
      if (l.type == Layer::Type::Flatten) break;
    }
  }
  plan.input_mode = mode;
  int n = conv ? side : 0;
  for (const auto& l : arch) {
    Step<T> s;
    s.type = l.type;
    s.w2 = T(l.w_std) * T(l.w_std);
    s.b2 = l.has_bias ? T(l.b_std) * T(l.b_std) : T(0);
    if (l.type == Layer::Type::Conv) {
      const int f = l.filter, st = l.stride;
      const int out = conv_output_side(n, f, st, l.padding);
      const int low = conv_window_low(n, f, st, l.padding);
      s.n_in = n;
      s.n_out = out;
      s.filter = f;
      s.inv_f = T(1) / T(f);
      s.index.resize(static_cast<std::size_t>(out) * f);
      for (int o = 0; o < out; ++o) {
        for (int d = 0; d < f; ++d) {
          int i = st * o - low + d;
          if (l.padding == Padding::Circular) {
            i %= n;
            if (i < 0) i += n;
          } else if (i < 0 || i >= n) {
            i = -1;
          }
          s.index[static_cast<std::size_t>(o) * f + d] = i;
        }
      }
      n = out;
    } else {
      s.n_in = n;
      if (l.type == Layer::Type::Flatten || l.type == Layer::Type::GlobalAvgPool) mode = Mode::Flat;
      if (l.type == Layer::Type::Relu) ++plan.relus;
    }
    plan.steps.push_back(std::move(s));
  }
  return plan;
}

// Per-input variances recorded at each Relu (per position for spatial states).
template <class T>
using VarTable = std::vector<std::vector<T>>;

template <class T>
struct Work {
  std::vector<T> k, t, tmp_k, tmp_t, mid, diag;
};

template <class T>
using Consts = detail::ReluConsts<T>;
using detail::relu_entry;

// Window mean of a full spatial state, separable: first over the row offsets of both positions,
// then over the column offsets (the same offset d for p and q, as the filter is shared).
template <class T>
void conv_full(const Step<T>& s, const std::vector<T>& src, std::vector<T>& dst,
               std::vector<T>& mid) {
  // src: [px][py][qx][qy] with side n; mid: [ox][py][oqx][qy]; dst: [ox][oy][oqx][oqy].
  const int n = s.n_in, m = s.n_out, f = s.filter;
  const std::size_t N = static_cast<std::size_t>(n), M = static_cast<std::size_t>(m);
  mid.assign(M * N * M * N, T(0));
  for (std::size_t ox = 0; ox < M; ++ox) {
    for (std::size_t oqx = 0; oqx < M; ++oqx) {
      T* out = &mid[((ox * N) * M + oqx) * N];  // row (ox, py=0, oqx, qy=0); stride over py: M*N
      for (int d = 0; d < f; ++d) {
        const int ix = s.index[ox * f + d], iqx = s.index[oqx * f + d];
        if (ix < 0 || iqx < 0) continue;
        for (std::size_t py = 0; py < N; ++py) {
          const T* in = &src[((static_cast<std::size_t>(ix) * N + py) * N + iqx) * N];
          T* o = out + py * M * N;
          for (std::size_t qy = 0; qy < N; ++qy) o[qy] += in[qy];
        }
      }
    }
  }
  dst.assign(M * M * M * M, T(0));
  for (std::size_t ox = 0; ox < M; ++ox) {
    for (std::size_t oy = 0; oy < M; ++oy) {
      for (std::size_t oqx = 0; oqx < M; ++oqx) {
        T* o = &dst[((ox * M + oy) * M + oqx) * M];
        for (int d = 0; d < f; ++d) {
          const int iy = s.index[oy * f + d];
          if (iy < 0) continue;
          const T* in = &mid[((ox * N + static_cast<std::size_t>(iy)) * M + oqx) * N];
          for (std::size_t oqy = 0; oqy < M; ++oqy) {
            const int iqy = s.index[oqy * f + d];
            if (iqy < 0) continue;
            o[oqy] += in[iqy];
          }
        }
      }
    }
  }
  const T scale = s.inv_f * s.inv_f;
  for (auto& x : dst) x *= scale;
}

template <class T>
void conv_diag(const Step<T>& s, const std::vector<T>& src, std::vector<T>& dst,
               std::vector<T>& mid) {
  // src: [px][py] with side n; mid: [ox][py]; dst: [ox][oy].
  const int n = s.n_in, m = s.n_out, f = s.filter;
  const std::size_t N = static_cast<std::size_t>(n), M = static_cast<std::size_t>(m);
  mid.assign(M * N, T(0));
  for (std::size_t ox = 0; ox < M; ++ox) {
    for (int d = 0; d < f; ++d) {
      const int ix = s.index[ox * f + d];
      if (ix < 0) continue;
      for (std::size_t py = 0; py < N; ++py) mid[ox * N + py] += src[ix * N + py];
    }
  }
  dst.assign(M * M, T(0));
  for (std::size_t ox = 0; ox < M; ++ox) {
    for (std::size_t oy = 0; oy < M; ++oy) {
      T acc(0);
      for (int d = 0; d < f; ++d) {
        const int iy = s.index[oy * f + d];
        if (iy >= 0) acc += mid[ox * N + static_cast<std::size_t>(iy)];
      }
      dst[ox * M + oy] = acc * s.inv_f * s.inv_f;
    }
  }
}

// Propagates one pair. `var1`/`var2` hold the variance tables of the two inputs; when null the
// pair is an input against itself and the variances are the diagonal of its own state (recorded
// into `record` when not null). Returns (nngp, ntk).
template <class T>
void propagate(const Plan<T>& plan, const T* x1, const T* x2, const VarTable<T>* var1,
               const VarTable<T>* var2, VarTable<T>* record, Work<T>& w, const Consts<T>& c,
               T& nngp_out, T& ntk_out) {
  const bool self = var1 == nullptr;
  Mode mode = plan.input_mode;
  std::size_t n = static_cast<std::size_t>(plan.side);
  std::vector<T>& k = w.k;
  std::vector<T>& t = w.t;
  // Input state.
  if (mode == Mode::Flat) {
    T acc(0);
    for (int i = 0; i < plan.dim; ++i) acc += x1[i] * x2[i];
    k.assign(1, acc / T(plan.dim));
    t.assign(1, T(0));
  } else if (mode == Mode::Diag) {
    const std::size_t P = n * n;
    k.resize(P);
    for (std::size_t p = 0; p < P; ++p) k[p] = x1[p] * x2[p];
    t.assign(P, T(0));
  } else {
    const std::size_t P = n * n;
    k.resize(P * P);
    for (std::size_t p = 0; p < P; ++p) {
      for (std::size_t q = 0; q < P; ++q) k[p * P + q] = x1[p] * x2[q];
    }
    t.assign(P * P, T(0));
  }
  int relu_index = 0;
  bool ntk_zero = true;  // the input's NTK state is 0 until the first affine layer
  for (const auto& s : plan.steps) {
    switch (s.type) {
      case Layer::Type::Dense:
        for (std::size_t i = 0; i < k.size(); ++i) {
          k[i] = s.w2 * k[i] + s.b2;
          t[i] = k[i] + s.w2 * t[i];
        }
        ntk_zero = false;
        break;
      case Layer::Type::Conv:
        // The window mean of a zero NTK state is zero: skip that convolution (the whole cost of
        // a first Conv's NTK, O(f P^2) per pair for GAP).
        if (mode == Mode::Full) {
          conv_full(s, k, w.tmp_k, w.mid);
          if (!ntk_zero) conv_full(s, t, w.tmp_t, w.mid);
        } else {
          conv_diag(s, k, w.tmp_k, w.mid);
          if (!ntk_zero) conv_diag(s, t, w.tmp_t, w.mid);
        }
        if (ntk_zero) w.tmp_t.assign(w.tmp_k.size(), T(0));
        ntk_zero = false;
        std::swap(k, w.tmp_k);
        std::swap(t, w.tmp_t);
        for (std::size_t i = 0; i < k.size(); ++i) {
          k[i] = s.w2 * k[i] + s.b2;
          t[i] = k[i] + s.w2 * t[i];
        }
        n = static_cast<std::size_t>(s.n_out);
        break;
      case Layer::Type::Relu: {
        const std::vector<T>* a;
        const std::vector<T>* b;
        if (self) {
          // The variances are the diagonal of the self-state.
          std::vector<T>& d = w.diag;
          if (mode == Mode::Full) {
            const std::size_t P = n * n;
            d.resize(P);
            for (std::size_t p = 0; p < P; ++p) d[p] = k[p * P + p];
          } else {
            d = k;
          }
          if (record) (*record)[relu_index] = d;
          a = b = &d;
        } else {
          a = &(*var1)[relu_index];
          b = &(*var2)[relu_index];
        }
        if (mode == Mode::Full) {
          const std::size_t P = n * n;
          for (std::size_t p = 0; p < P; ++p) {
            for (std::size_t q = 0; q < P; ++q) {
              relu_entry(k[p * P + q], t[p * P + q], (*a)[p], (*b)[q], c);
            }
          }
        } else {
          for (std::size_t i = 0; i < k.size(); ++i) relu_entry(k[i], t[i], (*a)[i], (*b)[i], c);
        }
        ++relu_index;
        break;
      }
      case Layer::Type::Flatten:
        // A full spatial state is kept only when a GlobalAvgPool ends the spatial stage, so
        // Flatten sees a diagonal state (mean over positions) or a flat one (no-op).
        assert(mode != Mode::Full);
        if (mode == Mode::Diag) {
          T sk(0), st(0);
          for (std::size_t p = 0; p < k.size(); ++p) {
            sk += k[p];
            st += t[p];
          }
          const T size(static_cast<long>(k.size()));
          k.assign(1, sk / size);
          t.assign(1, st / size);
        }
        mode = Mode::Flat;
        break;
      case Layer::Type::GlobalAvgPool: {
        T sk(0), st(0);
        for (std::size_t i = 0; i < k.size(); ++i) {
          sk += k[i];
          st += t[i];
        }
        const T size(static_cast<long>(k.size()));
        k.assign(1, sk / size);
        t.assign(1, st / size);
        mode = Mode::Flat;
        break;
      }
    }
  }
  nngp_out = k[0];
  ntk_out = t[0];
}

template <class T>
void check_finite(const Mat<T>& X, const char* name) {
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      if (!is_finite(X(i, j))) {
        throw InputError(
            msg(name, " row ", i, " column ", j, ": non-finite value ", to_string_full(X(i, j))));
      }
    }
  }
}

// Checks the inputs and the architecture; returns the image side (0 for flat architectures).
template <class T>
int prepare(const Architecture& arch, const Mat<T>& X1, const Mat<T>* X2, int image_side) {
  if (image_side < 0) throw UsageError(msg("image side must be >= 0, got ", image_side));
  if (X1.cols() == 0) throw InputError("X1: inputs have no columns");
  if (X2 && X2->cols() != X1.cols()) {
    throw InputError(msg("X1 has ", X1.cols(), " columns but X2 has ", X2->cols(),
                         " (the two batches must have the same dimension)"));
  }
  const long cols = static_cast<long>(X1.cols());
  int side = image_side;
  if (side > 0 && static_cast<long>(side) * side != cols) {
    throw InputError(msg("image side ", side, " needs ", static_cast<long>(side) * side,
                         " columns, the inputs have ", cols));
  }
  if (is_convolutional(arch)) {
    if (side == 0) {
      long r = 0;
      while ((r + 1) * (r + 1) <= cols) ++r;
      if (r * r != cols) {
        throw InputError(
            msg("inputs have ", cols, " columns, not a square number: give the image side"));
      }
      side = static_cast<int>(r);
    }
  } else {
    side = 0;
  }
  validate(arch, side);
  check_finite(X1, "X1");
  if (X2) check_finite(*X2, "X2");
  return side;
}

template <class T>
std::vector<std::vector<T>> rows_of(const Mat<T>& X) {
  std::vector<std::vector<T>> r(static_cast<std::size_t>(X.rows()));
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    r[i].resize(static_cast<std::size_t>(X.cols()));
    for (Eigen::Index j = 0; j < X.cols(); ++j) r[i][j] = X(i, j);
  }
  return r;
}

// Self-propagation of every row: the variance tables and the self kernels.
template <class T>
void self_pass(const Plan<T>& plan, const std::vector<std::vector<T>>& rows,
               std::vector<VarTable<T>>& tables, std::vector<T>& self_nngp,
               std::vector<T>& self_ntk) {
  const long m = static_cast<long>(rows.size());
  tables.assign(rows.size(), VarTable<T>(static_cast<std::size_t>(plan.relus)));
  self_nngp.assign(rows.size(), T(0));
  self_ntk.assign(rows.size(), T(0));
  const Consts<T> c;
#pragma omp parallel
  {
    Work<T> w;
#pragma omp for schedule(dynamic)
    for (long i = 0; i < m; ++i) {
      propagate(plan, rows[i].data(), rows[i].data(), static_cast<const VarTable<T>*>(nullptr),
                static_cast<const VarTable<T>*>(nullptr), &tables[i], w, c, self_nngp[i],
                self_ntk[i]);
    }
  }
}

template <class T>
KernelPair<T> generic_pairs(const Plan<T>& plan, const Mat<T>& X1, const Mat<T>& X2) {
  const auto r1 = rows_of(X1), r2 = rows_of(X2);
  std::vector<VarTable<T>> t1, t2;
  std::vector<T> d1n, d1t, d2n, d2t;
  self_pass(plan, r1, t1, d1n, d1t);
  self_pass(plan, r2, t2, d2n, d2t);
  KernelPair<T> out;
  out.nngp.resize(X1.rows(), X2.rows());
  out.ntk.resize(X1.rows(), X2.rows());
  const long n1 = static_cast<long>(X1.rows()), n2 = static_cast<long>(X2.rows());
  const long total = n1 * n2;
  const Consts<T> c;
#pragma omp parallel
  {
    Work<T> w;
#pragma omp for schedule(dynamic)
    for (long idx = 0; idx < total; ++idx) {
      const long i = idx / n2, j = idx % n2;
      T a, b;
      propagate(plan, r1[i].data(), r2[j].data(), &t1[i], &t2[j],
                static_cast<VarTable<T>*>(nullptr), w, c, a, b);
      out.nngp(i, j) = a;
      out.ntk(i, j) = b;
    }
  }
  return out;
}

template <class T>
KernelPair<T> generic_self(const Plan<T>& plan, const Mat<T>& X) {
  const auto r = rows_of(X);
  std::vector<VarTable<T>> tab;
  std::vector<T> dn, dt;
  self_pass(plan, r, tab, dn, dt);
  const long m = static_cast<long>(X.rows());
  KernelPair<T> out;
  out.nngp.resize(m, m);
  out.ntk.resize(m, m);
  for (long i = 0; i < m; ++i) {
    out.nngp(i, i) = dn[i];
    out.ntk(i, i) = dt[i];
  }
  std::vector<std::pair<long, long>> pairs;  // strictly lower triangle, row by row
  pairs.reserve(static_cast<std::size_t>(m * (m - 1) / 2));
  for (long i = 1; i < m; ++i) {
    for (long j = 0; j < i; ++j) pairs.emplace_back(i, j);
  }
  const long total = static_cast<long>(pairs.size());
  const Consts<T> c;
#pragma omp parallel
  {
    Work<T> w;
#pragma omp for schedule(dynamic)
    for (long idx = 0; idx < total; ++idx) {
      const long i = pairs[idx].first, j = pairs[idx].second;
      T a, b;
      propagate(plan, r[i].data(), r[j].data(), &tab[i], &tab[j],
                static_cast<VarTable<T>*>(nullptr), w, c, a, b);
      out.nngp(i, j) = a;
      out.ntk(i, j) = b;
      out.nngp(j, i) = a;
      out.ntk(j, i) = b;
    }
  }
  return out;
}

template <class T>
std::optional<KernelPair<T>> try_fast(const Architecture&, const Mat<T>&, const Mat<T>*, int) {
  return std::nullopt;
}

template <>
std::optional<KernelPair<double>> try_fast<double>(const Architecture& arch, const Mat<double>& X1,
                                                   const Mat<double>* X2, int side) {
  return fast::try_compute(arch, X1, X2, side);
}

}  // namespace

template <class T>
KernelPair<T> compute_generic(const Architecture& arch, const Mat<T>& X1, const Mat<T>& X2,
                              int image_side) {
  const int side = prepare(arch, X1, &X2, image_side);
  const Plan<T> plan = make_plan<T>(arch, side, static_cast<int>(X1.cols()));
  return generic_pairs(plan, X1, X2);
}

template <class T>
KernelPair<T> compute(const Architecture& arch, const Mat<T>& X1, const Mat<T>& X2,
                      int image_side) {
  const int side = prepare(arch, X1, &X2, image_side);
  if (auto r = try_fast<T>(arch, X1, &X2, side)) return std::move(*r);
  const Plan<T> plan = make_plan<T>(arch, side, static_cast<int>(X1.cols()));
  return generic_pairs(plan, X1, X2);
}

template <class T>
KernelPair<T> compute(const Architecture& arch, const Mat<T>& X, int image_side) {
  const int side = prepare(arch, X, static_cast<const Mat<T>*>(nullptr), image_side);
  if (auto r = try_fast<T>(arch, X, nullptr, side)) return std::move(*r);
  const Plan<T> plan = make_plan<T>(arch, side, static_cast<int>(X.cols()));
  return generic_self(plan, X);
}

template <class T>
Mat<T> rbf(const Mat<T>& X1, const Mat<T>& X2, const T& length_scale) {
  using std::exp;
  if (!is_finite(length_scale)) {
    throw UsageError(msg("RBF length scale must be finite, got ", to_string_full(length_scale)));
  }
  if (X1.cols() != X2.cols()) {
    throw InputError(msg("X1 has ", X1.cols(), " columns but X2 has ", X2.cols(),
                         " (the two batches must have the same dimension)"));
  }
  check_finite(X1, "X1");
  check_finite(X2, "X2");
  const T l2 = length_scale * length_scale;
  Mat<T> K(X1.rows(), X2.rows());
  const long n1 = static_cast<long>(X1.rows()), n2 = static_cast<long>(X2.rows());
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n1; ++i) {
    for (long j = 0; j < n2; ++j) {
      T d2(0);
      for (Eigen::Index c = 0; c < X1.cols(); ++c) {
        const T diff = X1(i, c) - X2(j, c);
        d2 += diff * diff;
      }
      K(i, j) = exp(-l2 * d2);
    }
  }
  return K;
}

#define SYMKIT_INST(T)                                                                         \
  template KernelPair<T> compute<T>(const Architecture&, const Mat<T>&, const Mat<T>&, int);   \
  template KernelPair<T> compute<T>(const Architecture&, const Mat<T>&, int);                  \
  template KernelPair<T> compute_generic<T>(const Architecture&, const Mat<T>&, const Mat<T>&, \
                                            int);                                              \
  template Mat<T> rbf<T>(const Mat<T>&, const Mat<T>&, const T&);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::kernel
