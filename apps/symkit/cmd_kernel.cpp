// `symkit kernel`: NNGP / NTK / RBF kernel matrices of samples read from CSV, NPY or IDX files.
// Thin: parse, read, call symkit::kernel, write.
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include "symkit/error.hpp"
#include "symkit/io/matrix.hpp"
#include "symkit/kernel/layers.hpp"
#include "symkit/scalar.hpp"

namespace {

namespace sk = symkit::kernel;

struct Options {
  std::string arch;
  int depth = 1;
  int filter = 3;
  int stride = 1;
  std::string padding = "circular";
  double w_std = 1.0;
  double b_std = 1.0;
  bool b_given = false;
  bool no_bias = false;
  double length_scale = 1.0;
  std::string kind = "ntk";
  std::string precision = "double";
  std::string in, in2, out;
  int image_side = 0;
  std::string index;
};

sk::Padding padding_of(const std::string& p) {
  if (p == "circular") return sk::Padding::Circular;
  if (p == "same") return sk::Padding::Same;
  return sk::Padding::Valid;
}

sk::Architecture architecture(const Options& o) {
  if (o.arch == "mlp") {
    if (o.no_bias) return sk::mlp_no_bias(o.depth, o.w_std);
    return sk::mlp(o.depth, o.w_std, o.b_std);
  }
  const sk::Readout r = o.arch == "cnn-gap" ? sk::Readout::GAP : sk::Readout::FC;
  if (o.b_given) {
    return sk::cnn_with_bias(r, o.filter, o.stride, padding_of(o.padding), o.w_std, o.b_std,
                             o.depth);
  }
  return sk::cnn(r, o.filter, o.stride, padding_of(o.padding), o.w_std, o.depth);
}

// The image side from --image-side and from what the file says (3-D NPY / IDX); 0 = infer.
template <class T>
int side_of(const symkit::io::MatrixData<T>& d, const std::string& path, int given) {
  int file_side = 0;
  if (d.image_h != 0 || d.image_w != 0) {
    if (d.image_h != d.image_w) {
      throw symkit::InputError(symkit::msg(path, ": images are ", d.image_h, "x", d.image_w,
                                           ", only square images are supported"));
    }
    file_side = static_cast<int>(d.image_h);
  }
  if (given > 0 && file_side > 0 && given != file_side) {
    throw symkit::InputError(symkit::msg(path, ": images are ", file_side, "x", file_side,
                                         " but --image-side is ", given));
  }
  return given > 0 ? given : file_side;
}

template <class T>
void run(const Options& o) {
  if (o.image_side < 0) {
    throw symkit::UsageError(symkit::msg("--image-side must be >= 0, got ", o.image_side));
  }
  const auto d1 = symkit::io::read_matrix<T>(o.in, o.index);
  int side = side_of(d1, o.in, o.image_side);
  symkit::io::MatrixData<T> d2;
  if (!o.in2.empty()) {
    d2 = symkit::io::read_matrix<T>(o.in2, o.index);
    const int side2 = side_of(d2, o.in2, o.image_side);
    if (side > 0 && side2 > 0 && side != side2) {
      throw symkit::InputError(
          symkit::msg("--in has images of side ", side, " but --in2 of side ", side2));
    }
    if (side == 0) side = side2;
  }
  symkit::Mat<T> K;
  if (o.arch == "rbf") {
    K = sk::rbf(d1.values, o.in2.empty() ? d1.values : d2.values, T(o.length_scale));
  } else {
    const sk::Architecture arch = architecture(o);
    const bool conv = sk::is_convolutional(arch);
    const int image_side = conv ? side : 0;
    const sk::KernelPair<T> k = o.in2.empty() ? sk::compute(arch, d1.values, image_side)
                                              : sk::compute(arch, d1.values, d2.values, image_side);
    K = o.kind == "nngp" ? k.nngp : k.ntk;
  }
  symkit::io::write_matrix(o.out, K);
}

const char* kHelp =
    "Conventions (neural-tangents' default 'ntk' parameterisation): each layer's output is "
    "scaled by W_std/sqrt(fan-in) with N(0,1) weights and b_std N(0,1) biases; the input kernel "
    "is x.x'/d for flat samples and x_p x'_q per pixel pair for images (one channel). "
    "mlp = [Dense(W,b), Relu] x depth, then Dense(W,b) (default W = b = 1; --no-bias drops "
    "every bias). cnn-fc / cnn-gap = [Conv(f x f, stride, padding, W), Relu] x depth, then "
    "GlobalAvgPool (gap only), Flatten (mean over positions p = q) and Dense(W); no bias unless "
    "--b-std is given (then on every layer); defaults f = 3, stride 1, circular padding, depth 1. "
    "Conv windows are the mean over the f x f offsets with XLA SAME placement: out = ceil(n/s), "
    "pad = max((out-1)s + f - n, 0), the window of output o starts at s*o - floor(pad/2), so an "
    "even f reaches one pixel further forward; circular wraps around, same counts outside "
    "pixels as 0, valid has out = (n-f)/s + 1 and no padding; the stride must divide n "
    "(n - f for valid). Relu is the arc-cosine map with theta = atan2(sqrt(max(v1 v2 - c^2, 0)), "
    "c) and theta = pi/2 for a zero variance (never NaN). rbf = exp(-L^2 |x - x'|^2) with "
    "L = --length-scale. Inputs: one sample per row; CSV, NPY (float64, 2-D, or 3-D "
    "n x h x w images) or IDX (bytes kept as 0..255), chosen by extension; images are flattened "
    "row-major, their side is taken from the file (3-D), from --image-side, or from a square "
    "row length. --index RANGES (e.g. 0-99,200) keeps those rows of each input, in that "
    "order. Without --in2 the kernel of --in with itself is computed (symmetric). --kind "
    "picks nngp or ntk (default ntk; ignored for rbf). --precision double | long | 50 | 100 "
    "computes in that scalar type. Output by extension: CSV with all significant digits of "
    "the type (17 for double) or NPY (float64). Bad arguments or inputs: one line on stderr, "
    "exit code 2.";

void setup_kernel(CLI::App* sub) {
  auto o = std::make_shared<Options>();
  sub->add_option("--arch", o->arch, "Kernel: rbf, mlp, cnn-fc or cnn-gap")
      ->required()
      ->check(CLI::IsMember({"rbf", "mlp", "cnn-fc", "cnn-gap"}));
  sub->add_option("--depth", o->depth,
                  "mlp: hidden layers (default 1); cnn: [Conv, Relu] blocks (default 1)");
  sub->add_option("--filter", o->filter, "cnn: filter side f (default 3)");
  sub->add_option("--stride", o->stride, "cnn: stride (default 1)");
  sub->add_option("--padding", o->padding, "cnn: circular (default), same or valid")
      ->check(CLI::IsMember({"circular", "same", "valid"}));
  sub->add_option("--w-std", o->w_std, "Weight standard deviation W_std (default 1)");
  auto* b = sub->add_option("--b-std", o->b_std,
                            "Bias standard deviation b_std (mlp default 1; cnn default no bias)");
  auto* nb = sub->add_flag("--no-bias", o->no_bias, "mlp: no biases");
  b->excludes(nb);
  sub->add_option("--length-scale", o->length_scale, "rbf: L in exp(-L^2 |x - x'|^2) (default 1)");
  sub->add_option("--kind", o->kind, "nngp or ntk (default ntk)")
      ->check(CLI::IsMember({"nngp", "ntk"}));
  symkit::cli::add_precision_option(sub, o->precision, "double (default), long, 50 or 100 digits");
  sub->add_option("--in", o->in, "Samples: .csv, .npy, IDX (.idx, *-ubyte, .gz)")->required();
  sub->add_option("--in2", o->in2, "Second batch of samples (default: --in against itself)");
  sub->add_option("--out", o->out, "Kernel matrix output: .csv or .npy")->required();
  sub->add_option("--image-side", o->image_side,
                  "Image side n (default: from the file or a "
                  "square row length)");
  sub->add_option("--index", o->index, "Rows to keep, e.g. 0-99,200 (applies to --in and --in2)");
  sub->footer(kHelp);
  sub->callback([o, b]() {
    o->b_given = b->count() > 0;
    symkit::cli::with_precision(o->precision,
                                [&](auto tag) { run<typename decltype(tag)::type>(*o); });
  });
}

const bool registered = symkit::cli::add_command(
    {"kernel", "NNGP / NTK (mlp, cnn-fc, cnn-gap) or RBF kernel matrix of samples", setup_kernel});

}  // namespace
