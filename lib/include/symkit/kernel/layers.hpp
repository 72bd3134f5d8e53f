// Infinite-width kernels as compositions of layers (neural-tangents' stax idea).
//
// A Layer is a small value describing one transformation of the covariance state; an
// Architecture is a sequence of layers (serial). Evaluation is generic in the scalar type T
// (double, long double, mp50, mp100); hyper-parameters are doubles converted to T.
//
// Conventions (neural-tangents' default 'ntk' parameterisation; see README.md, "Kernel
// conventions"):
//   input:   nngp(x, x')[p, q] = x_p x'_q / channels for images (channels = 1),
//            nngp(x, x') = x.x' / d for flat inputs; ntk = 0.
//   Dense:   nngp <- W^2 nngp + b^2;  ntk <- nngp_new + W^2 ntk  (per position on images).
//   Relu:    with v1, v2 the variances and c = nngp,
//            theta = atan2(sqrt(max(v1 v2 - c^2, 0)), c), theta = pi/2 when v1 v2 = 0;
//            nngp <- (sqrt(max(v1 v2 - c^2, 0)) + (pi - theta) c) / (2 pi);
//            ntk <- ntk (pi - theta) / (2 pi);  v <- v / 2.  Never NaN.
//   Conv:    nngp_new[p, q] = W^2 * mean over the f x f offsets d of nngp[s p - low + d, s q - low
//   + d]
//            (+ b^2); ntk_new = nngp_new + W^2 * (same window mean of ntk). Window placement of
//            XLA SAME: out = ceil(n / s), pad = max((out - 1) s + f - n, 0), low = floor(pad / 2)
//            (an even f reaches one pixel further forward). CIRCULAR wraps indices mod n; SAME
//            counts out-of-image terms as 0 but still divides by f^2; VALID: out = (n - f)/s + 1,
//            low = 0. Images are flattened row-major: pixel (row r, column c) is entry r n + c.
//   Flatten: mean of the diagonal p = q.  GlobalAvgPool: mean over all position pairs (p, q).
//
// State: for each pair of inputs the cross nngp and ntk (P1 x P2 spatial when a GlobalAvgPool
// follows, only the diagonal p = q otherwise, a scalar for flat inputs), plus the variances of
// each input per position, obtained by propagating each input against itself.
#pragma once

#include <initializer_list>
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

/// The paper's MLP: [Dense(W, b), Relu] x depth, then Dense(W, b) readout (depth >= 0, else
/// UsageError).
Architecture mlp(int depth, double w_std = 1.0, double b_std = 1.0);
/// The same MLP without biases.
Architecture mlp_no_bias(int depth, double w_std = 1.0);

enum class Readout { FC, GAP };
/// The paper's CNN: Conv(f, stride, padding, W, no bias), Relu, [GlobalAvgPool], Flatten,
/// Dense(W, no bias). `conv_layers` > 1 repeats [Conv, Relu].
Architecture cnn(Readout readout, int filter = 3, int stride = 1,
                 Padding padding = Padding::Circular, double w_std = 1.0, int conv_layers = 1);
/// The same CNN with bias b_std on every Conv and on the Dense readout.
Architecture cnn_with_bias(Readout readout, int filter, int stride, Padding padding, double w_std,
                           double b_std, int conv_layers = 1);

/// "circular", "same" or "valid".
const char* padding_name(Padding padding);

/// Output side of a Conv on an n x n input: ceil(n / s) for CIRCULAR and SAME,
/// (n - f) / s + 1 for VALID.
int conv_output_side(int n, int filter, int stride, Padding padding);

/// Offset of the first window: output position o reads input positions s o - low + d, d < f.
/// 0 for VALID; for SAME and CIRCULAR, floor(pad / 2) with pad = max((out - 1) s + f - n, 0)
/// (the smaller half of the padding before the image, as neural-tangents / XLA place it).
int conv_window_low(int n, int filter, int stride, Padding padding);

/// True when the architecture has a Conv or GlobalAvgPool (its inputs are images).
bool is_convolutional(const Architecture& arch);

/// Validates an architecture for inputs of the given image side (0 for flat inputs): throws
/// symkit::UsageError naming the layer (1-based) and parameter for: an empty architecture; a
/// convolutional architecture with image side 0; W_std or b_std negative or not finite; f <= 0;
/// stride <= 0; a stride that does not divide the current side (CIRCULAR, SAME) or side - f
/// (VALID); a VALID filter larger than the side; a Conv or GlobalAvgPool after Flatten or
/// GlobalAvgPool; a Relu not preceded by Dense, Conv or a GlobalAvgPool of those (its input
/// must be Gaussian); an architecture that ends on a spatial state (no Flatten / GAP).
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
/// row-major with side `image_side`). For a convolutional architecture an image_side of 0 means
/// "infer": the number of columns must then be a perfect square. A non-zero image_side must
/// satisfy image_side^2 = columns (for every architecture). Throws InputError on NaN/Inf input,
/// on mismatched dimensions or on no columns, and UsageError (from validate) on a bad
/// architecture. compute<double> takes a fast path when fast::try_compute has one.
/// Deterministic whatever the thread count (OpenMP over pairs, fixed output slots).
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

/// RBF kernel exp(-L^2 ||x - x'||^2) (eq. 6), squared distances summed directly (no Gram-matrix
/// cancellation). InputError on NaN/Inf inputs or different column counts, UsageError on a
/// non-finite length scale.
template <class T>
Mat<T> rbf(const Mat<T>& X1, const Mat<T>& X2, const T& length_scale);

}  // namespace symkit::kernel
