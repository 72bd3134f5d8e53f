#include "symkit/io/mnist.hpp"

#include <sys/stat.h>

#include <cctype>
#include <limits>

#include "source.hpp"
#include "symkit/error.hpp"

namespace symkit::io {

namespace {

using detail::trim;

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

const std::uint8_t* MnistSet::image(std::size_t i) const {
  if (i >= count) throw InputError(msg("image index ", i, " out of range (", count, " images)"));
  return pixels.data() + i * rows * cols;
}

Vec<double> MnistSet::image_as_doubles(std::size_t i, double scale) const {
  const std::uint8_t* p = image(i);
  Vec<double> v(static_cast<Eigen::Index>(rows * cols));
  for (Eigen::Index k = 0; k < v.size(); ++k) v(k) = scale * p[k];
  return v;
}

Mat<double> MnistSet::images_as_doubles(double scale) const {
  const auto d = static_cast<Eigen::Index>(rows * cols);
  Mat<double> m(static_cast<Eigen::Index>(count), d);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* p = pixels.data() + i * rows * cols;
    for (Eigen::Index k = 0; k < d; ++k) m(static_cast<Eigen::Index>(i), k) = scale * p[k];
  }
  return m;
}

MnistSet load_mnist(const std::string& images_path, const std::string& labels_path,
                    int num_classes) {
  if (num_classes < 1 || num_classes > 256) {
    throw UsageError(msg("number of classes ", num_classes, " must be in 1..256"));
  }
  IdxArray im = read_idx(images_path);
  if (im.type != IdxType::u8 || im.dims.size() != 3) {
    throw InputError(msg(images_path, ": an image file must hold unsigned bytes with 3 dimensions ",
                         "(count x rows x cols); it holds ", idx_type_name(im.type), " with dims ",
                         dims_text(im)));
  }
  IdxArray lab = read_idx(labels_path);
  if (lab.type != IdxType::u8 || lab.dims.size() != 1) {
    throw InputError(msg(labels_path, ": a label file must hold unsigned bytes with 1 dimension; ",
                         "it holds ", idx_type_name(lab.type), " with dims ", dims_text(lab)));
  }
  if (lab.dims[0] != im.dims[0]) {
    throw InputError(msg(labels_path, ": label count ", lab.dims[0],
                         " differs from the image count ", im.dims[0], " of ", images_path));
  }
  for (std::size_t i = 0; i < lab.bytes.size(); ++i) {
    if (lab.bytes[i] >= num_classes) {
      throw InputError(msg(labels_path, ": label ", i, " is ", int(lab.bytes[i]), ", outside 0..",
                           num_classes - 1));
    }
  }
  MnistSet s;
  s.count = im.dims[0];
  s.rows = im.dims[1];
  s.cols = im.dims[2];
  s.pixels = std::move(im.bytes);
  s.labels = std::move(lab.bytes);
  return s;
}

MnistPaths mnist_paths(const std::string& data_dir) {
  return {data_dir + "/train-images-idx3-ubyte.gz", data_dir + "/train-labels-idx1-ubyte.gz"};
}

MnistSet load_mnist_dir(const std::string& data_dir) {
  const MnistPaths p = mnist_paths(data_dir);
  for (const auto* f : {&p.images, &p.labels}) {
    if (!exists(*f)) {
      throw InputError(msg(*f, ": MNIST file not found; run scripts/fetch-mnist to create it"));
    }
  }
  return load_mnist(p.images, p.labels);
}

MnistPaths fashion_mnist_paths(bool test, const std::string& dir) {
  const std::string split = test ? "t10k" : "train";
  return {dir + "/" + split + "-images-idx3-ubyte.gz", dir + "/" + split + "-labels-idx1-ubyte.gz"};
}

MnistSet load_fashion_mnist(bool test, const std::string& dir) {
  const MnistPaths p = fashion_mnist_paths(test, dir);
  for (const auto* f : {&p.images, &p.labels}) {
    if (!exists(*f)) {
      throw InputError(msg(*f, ": Fashion-MNIST file not found; install the Debian package ",
                           "dataset-fashion-mnist (apt-get install dataset-fashion-mnist)"));
    }
  }
  return load_mnist(p.images, p.labels);
}

std::vector<std::size_t> parse_index_ranges(const std::string& spec, std::size_t count,
                                            const std::string& what) {
  std::vector<std::size_t> out;
  auto number = [&](const std::string& item, const std::string& text) {
    const std::string t = trim(text);
    if (t.empty()) throw UsageError(msg(what, " '", spec, "': item '", item, "' lacks a number"));
    std::size_t v = 0;
    for (char c : t) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        throw UsageError(msg(what, " '", spec, "': item '", item,
                             "' is not an index or a range a-b of non-negative integers"));
      }
      const auto d = static_cast<std::size_t>(c - '0');
      if (v > (std::numeric_limits<std::size_t>::max() - d) / 10) {
        throw UsageError(msg(what, " '", spec, "': item '", item, "' is too large"));
      }
      v = v * 10 + d;
    }
    if (v >= count) {
      throw UsageError(msg(what, " '", spec, "': index ", v, " in item '", item,
                           "' is out of range (", count, " items, so 0..",
                           count == 0 ? std::string("none") : std::to_string(count - 1), ")"));
    }
    return v;
  };
  if (trim(spec).empty()) throw UsageError(msg(what, ": empty index selection"));
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    const std::string item = trim(spec.substr(start, comma - start));
    if (item.empty()) {
      throw UsageError(msg(what, " '", spec, "': empty item at character ", start + 1));
    }
    const std::size_t dash = item.find('-');
    if (dash == std::string::npos) {
      out.push_back(number(item, item));
    } else {
      const std::size_t a = number(item, item.substr(0, dash));
      const std::size_t b = number(item, item.substr(dash + 1));
      if (a > b) {
        throw UsageError(
            msg(what, " '", spec, "': range '", item, "' is reversed (", a, " > ", b, ")"));
      }
      for (std::size_t i = a; i <= b; ++i) out.push_back(i);
    }
    start = comma + 1;
  }
  return out;
}

}  // namespace symkit::io
