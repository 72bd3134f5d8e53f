// Infinite-width kernels as compositions of layers (neural-tangents' stax idea).
//
// A Layer is a small value describing one transformation of the covariance state; an
// Architecture is a sequence of layers (serial). Evaluation is generic in the scalar type T
// (double, long double, mp50, mp100); hyper-parameters are doubles converted to T.
//
// Conventions (neural-tangents' default 'ntk' parameterisation; see README, "Conventions"):
//   input:   nngp(x, x')[p, q] = x_p x'_q / channels for images (channels = 1),
//            nngp(x, x') = x.x' / d for flat inputs; ntk = 0.
//   Dense:   nngp <- W^2 nngp + b^2;  ntk <- nngp_new + W^2 ntk.
//   Relu:    arc-cosine recursion with theta = atan2(sqrt(max(v1 v2 - c^2, 0)), c).
//   Conv:    window mean over the f x f filter offsets, XLA SAME placement (wrapped for CIRCULAR).
//   Flatten: mean of the diagonal p = q.  GlobalAvgPool: mean over all position pairs (p, q).
#pragma once

#include <string>
#include <vector>

#include "symkit/scalar.hpp"

namespace symkit::kernel {

enum class Padding { Circular, Same, Valid };
enum class Kind { Nngp, Ntk };

struct Layer {
  enum class Type { Dense, Relu, Conv, Flatten, GlobalAvgPool };
  Type type = Type::Dense;
  double w_std = 1.0;
  double b_std = 0.0;  // ignored when has_bias is false
  bool has_bias = false;
  int filter = 3;                       // Conv only: filter side f (f x f)
  int stride = 1;                       // Conv only
  Padding padding = Padding::Circular;  // Conv only
};

using Architecture = std::vector<Layer>;

Layer Dense(double w_std, double b_std);  // with bias
Layer DenseNoBias(double w_std);
Layer Relu();
Layer Conv(int filter, int stride, Padding padding, double w_std, double b_std);  // with bias
Layer ConvNoBias(int filter, int stride, Padding padding, double w_std);
Layer Flatten();
Layer GlobalAvgPool();

/// serial({a, b, c}) and serial({arch1, arch2}) concatenate.
Architecture serial(std::initializer_list<Architecture> parts);

/// The paper's MLP: [Dense(W, b), Relu] x depth, then Dense(W, b) readout.
Architecture mlp(int depth, double w_std = 1.0, double b_std = 1.0);

enum class Readout { FC, GAP };
/// The paper's CNN: Conv(f, stride, padding, W, no bias), Relu, [GlobalAvgPool], Flatten,
/// Dense(W, no bias). `conv_layers` > 1 repeats [Conv, Relu].
Architecture cnn(Readout readout, int filter = 3, int stride = 1,
                 Padding padding = Padding::Circular, double w_std = 1.0, int conv_layers = 1);

/// True when the architecture has spatial layers (its inputs are images).
bool is_convolutional(const Architecture& arch);

/// Validates an architecture for inputs of the given image side (0 for flat inputs): throws
/// symkit::UsageError naming the layer and parameter (f <= 0, stride <= 0, a stride that does not
/// divide the side when required, a Conv after Flatten, ...).
void validate(const Architecture& arch, int image_side);

/// One-line human-readable description, e.g. "Conv(f=3,s=1,circular,W=1) Relu GAP Flatten
/// Dense(W=1)".
std::string describe(const Architecture& arch);

/// NNGP and NTK matrices between two batches.
template <class T>
struct KernelPair {
  Mat<T> nngp;
  Mat<T> ntk;
};

/// Kernels between the rows of X1 and the rows of X2 (each row one sample; images are flattened
/// row-major with side `image_side`, 0 for flat inputs). Throws InputError on NaN/Inf input or
/// mismatched dimensions. Deterministic whatever the thread count.
template <class T>
KernelPair<T> compute(const Architecture& arch, const Mat<T>& X1, const Mat<T>& X2,
                      int image_side = 0);

/// Kernels of a batch against itself: symmetric, only one triangle computed.
template <class T>
KernelPair<T> compute(const Architecture& arch, const Mat<T>& X, int image_side = 0);

/// The same, always through the generic per-pair code path (no fast path): the reference the
/// fast double paths are tested against.
template <class T>
KernelPair<T> compute_generic(const Architecture& arch, const Mat<T>& X1, const Mat<T>& X2,
                              int image_side = 0);

/// RBF kernel exp(-L^2 ||x - x'||^2) (eq. 6).
template <class T>
Mat<T> rbf(const Mat<T>& X1, const Mat<T>& X2, const T& length_scale);

}  // namespace symkit::kernel
