// Layer constructors, architecture builders, validation and description.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "symkit/error.hpp"
#include "symkit/kernel/layers.hpp"

namespace symkit::kernel {

Layer Dense(double w_std, double b_std) {
  Layer l;
  l.type = Layer::Type::Dense;
  l.w_std = w_std;
  l.b_std = b_std;
  l.has_bias = true;
  return l;
}

Layer DenseNoBias(double w_std) {
  Layer l = Dense(w_std, 0.0);
  l.has_bias = false;
  return l;
}

Layer Relu() {
  Layer l;
  l.type = Layer::Type::Relu;
  return l;
}

Layer Conv(int filter, int stride, Padding padding, double w_std, double b_std) {
  Layer l = ConvNoBias(filter, stride, padding, w_std);
  l.b_std = b_std;
  l.has_bias = true;
  return l;
}

Layer ConvNoBias(int filter, int stride, Padding padding, double w_std) {
  Layer l;
  l.type = Layer::Type::Conv;
  l.filter = filter;
  l.stride = stride;
  l.padding = padding;
  l.w_std = w_std;
  l.has_bias = false;
  return l;
}

Layer Flatten() {
  Layer l;
  l.type = Layer::Type::Flatten;
  return l;
}

Layer GlobalAvgPool() {
  Layer l;
  l.type = Layer::Type::GlobalAvgPool;
  return l;
}

Architecture serial(std::initializer_list<Architecture> parts) {
  Architecture out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

namespace {

void check_depth(int depth, int minimum, const char* what) {
  if (depth < minimum) throw UsageError(msg(what, " must be >= ", minimum, ", got ", depth));
}

Architecture cnn_impl(Readout readout, int filter, int stride, Padding padding, double w_std,
                      bool bias, double b_std, int conv_layers) {
  check_depth(conv_layers, 1, "number of convolutional layers");
  Architecture a;
  for (int i = 0; i < conv_layers; ++i) {
    a.push_back(bias ? Conv(filter, stride, padding, w_std, b_std)
                     : ConvNoBias(filter, stride, padding, w_std));
    a.push_back(Relu());
  }
  if (readout == Readout::GAP) a.push_back(GlobalAvgPool());
  a.push_back(Flatten());
  a.push_back(bias ? Dense(w_std, b_std) : DenseNoBias(w_std));
  return a;
}

Architecture mlp_impl(int depth, double w_std, bool bias, double b_std) {
  check_depth(depth, 0, "MLP depth");
  const Layer dense = bias ? Dense(w_std, b_std) : DenseNoBias(w_std);
  Architecture a;
  for (int i = 0; i < depth; ++i) {
    a.push_back(dense);
    a.push_back(Relu());
  }
  a.push_back(dense);
  return a;
}

}  // namespace

Architecture mlp(int depth, double w_std, double b_std) {
  return mlp_impl(depth, w_std, true, b_std);
}

Architecture mlp_no_bias(int depth, double w_std) { return mlp_impl(depth, w_std, false, 0.0); }

Architecture cnn(Readout readout, int filter, int stride, Padding padding, double w_std,
                 int conv_layers) {
  return cnn_impl(readout, filter, stride, padding, w_std, false, 0.0, conv_layers);
}

Architecture cnn_with_bias(Readout readout, int filter, int stride, Padding padding, double w_std,
                           double b_std, int conv_layers) {
  return cnn_impl(readout, filter, stride, padding, w_std, true, b_std, conv_layers);
}

bool is_convolutional(const Architecture& arch) {
  for (const auto& l : arch) {
    if (l.type == Layer::Type::Conv || l.type == Layer::Type::GlobalAvgPool) return true;
  }
  return false;
}

const char* padding_name(Padding p) {
  switch (p) {
    case Padding::Circular:
      return "circular";
    case Padding::Same:
      return "same";
    case Padding::Valid:
      return "valid";
  }
  return "?";
}

int conv_output_side(int n, int filter, int stride, Padding padding) {
  if (padding == Padding::Valid) return (n - filter) / stride + 1;
  return (n + stride - 1) / stride;
}

int conv_window_low(int n, int filter, int stride, Padding padding) {
  if (padding == Padding::Valid) return 0;
  const int out = conv_output_side(n, filter, stride, padding);
  return std::max((out - 1) * stride + filter - n, 0) / 2;
}

void validate(const Architecture& arch, int image_side) {
  if (image_side < 0) throw UsageError(msg("image side must be >= 0, got ", image_side));
  if (arch.empty()) throw UsageError("empty architecture: add at least one Dense layer");
  const bool conv = is_convolutional(arch);
  if (conv && image_side == 0) {
    throw UsageError(
        "a convolutional architecture needs image inputs: the image side is 0 (flat inputs)");
  }
  bool spatial = conv;    // flat inputs stay flat; images are spatial until Flatten or GAP
  bool gaussian = false;  // the input is not a Gaussian field: Relu needs an affine layer first
  int side = image_side;
  for (std::size_t i = 0; i < arch.size(); ++i) {
    const Layer& l = arch[i];
    const auto where = [&]() { return msg("layer ", i + 1, " (", describe({l}), ")"); };
    switch (l.type) {
      case Layer::Type::Dense:
        if (!std::isfinite(l.w_std) || l.w_std < 0.0) {
          throw UsageError(msg(where(), ": W_std must be finite and >= 0, got ", l.w_std));
        }
        if (l.has_bias && (!std::isfinite(l.b_std) || l.b_std < 0.0)) {
          throw UsageError(msg(where(), ": b_std must be finite and >= 0, got ", l.b_std));
        }
        gaussian = true;
        break;
      case Layer::Type::Conv: {
        if (!spatial) {
          throw UsageError(msg(where(), ": Conv needs a spatial input, but the state is flat ",
                               "(Conv after Flatten or GlobalAvgPool)"));
        }
        if (l.filter <= 0) throw UsageError(msg(where(), ": filter must be >= 1, got ", l.filter));
        if (l.stride <= 0) throw UsageError(msg(where(), ": stride must be >= 1, got ", l.stride));
        if (!std::isfinite(l.w_std) || l.w_std < 0.0) {
          throw UsageError(msg(where(), ": W_std must be finite and >= 0, got ", l.w_std));
        }
        if (l.has_bias && (!std::isfinite(l.b_std) || l.b_std < 0.0)) {
          throw UsageError(msg(where(), ": b_std must be finite and >= 0, got ", l.b_std));
        }
        if (l.padding == Padding::Valid) {
          if (l.filter > side) {
            throw UsageError(
                msg(where(), ": VALID filter ", l.filter, " is larger than the image side ", side));
          }
          if ((side - l.filter) % l.stride != 0) {
            throw UsageError(msg(where(), ": VALID stride ", l.stride,
                                 " does not divide side - filter = ", side - l.filter));
          }
        } else if (side % l.stride != 0) {
          throw UsageError(
              msg(where(), ": stride ", l.stride, " does not divide the image side ", side));
        }
        side = conv_output_side(side, l.filter, l.stride, l.padding);
        gaussian = true;
        break;
      }
      case Layer::Type::Relu:
        if (!gaussian) {
          throw UsageError(msg(where(), ": Relu must follow a Dense or Conv layer (its input ",
                               "must be Gaussian)"));
        }
        gaussian = false;
        break;
      case Layer::Type::Flatten:
        spatial = false;
        gaussian = false;
        break;
      case Layer::Type::GlobalAvgPool:
        if (!spatial) {
          throw UsageError(
              msg(where(), ": GlobalAvgPool needs a spatial input, but the state ", "is flat"));
        }
        spatial = false;
        break;
    }
  }
  if (spatial) {
    throw UsageError("the architecture ends on a spatial state: add Flatten or GlobalAvgPool");
  }
}

namespace {

// Shortest decimal form that reads back to the same double.
std::string num(double x) {
  for (int p = 1; p <= 17; ++p) {
    std::ostringstream os;
    os << std::setprecision(p) << x;
    if (std::stod(os.str()) == x || !std::isfinite(x)) return os.str();
  }
  std::ostringstream os;
  os << std::setprecision(17) << x;
  return os.str();
}

}  // namespace

std::string describe(const Architecture& arch) {
  std::string out;
  for (const auto& l : arch) {
    if (!out.empty()) out += ' ';
    switch (l.type) {
      case Layer::Type::Dense:
        out += "Dense(W=" + num(l.w_std) + (l.has_bias ? ",b=" + num(l.b_std) : "") + ")";
        break;
      case Layer::Type::Conv:
        out += "Conv(f=" + std::to_string(l.filter) + ",s=" + std::to_string(l.stride) + "," +
               padding_name(l.padding) + ",W=" + num(l.w_std) +
               (l.has_bias ? ",b=" + num(l.b_std) : "") + ")";
        break;
      case Layer::Type::Relu:
        out += "Relu";
        break;
      case Layer::Type::Flatten:
        out += "Flatten";
        break;
      case Layer::Type::GlobalAvgPool:
        out += "GAP";
        break;
    }
  }
  return out;
}

}  // namespace symkit::kernel
