// `symkit idx-info FILE`: reads an IDX file (raw or gzip) and prints its header and statistics.
// Any bad file (missing, truncated, wrong magic, lying dimensions, corrupt gzip, trailing bytes)
// ends with one line on stderr and exit code 2.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "symkit/io/idx.hpp"

namespace {

void run_idx_info(const std::string& path) {
  const symkit::io::IdxArray a = symkit::io::read_idx(path);
  std::ostringstream os;
  os << "file: " << path << "\n";
  os << "magic: 0x" << std::hex << std::setw(8) << std::setfill('0') << a.magic() << std::dec
     << std::setfill(' ') << "\n";
  os << "type: 0x" << std::hex << std::setw(2) << std::setfill('0') << static_cast<unsigned>(a.type)
     << std::dec << std::setfill(' ') << " (" << symkit::io::idx_type_name(a.type) << ")\n";
  os << "dims: " << symkit::io::dims_text(a) << "\n";
  const std::size_t n = a.size();
  double lo = a.at(0), hi = a.at(0), sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = a.at(i);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
  }
  os << std::setprecision(17);
  os << "elements: " << n << "\n";
  os << "min: " << lo << "\nmax: " << hi << "\nmean: " << sum / double(n) << "\n";
  if (a.dims.size() == 3) {
    os << "images: " << a.dims[0] << " of " << a.dims[1] << "x" << a.dims[2] << "\n";
  }
  if (a.dims.size() == 1 && a.type == symkit::io::IdxType::u8) {
    std::size_t counts[256] = {};
    for (auto b : a.bytes) ++counts[b];
    os << "value counts:";
    for (int v = 0; v < 256; ++v) {
      if (counts[v]) os << " " << v << ":" << counts[v];
    }
    os << "\n";
  }
  std::cout << os.str();
}

void setup_idx_info(CLI::App* sub) {
  auto path = std::make_shared<std::string>();
  sub->add_option("file", *path, "IDX file (MNIST format), raw or gzip-compressed")->required();
  sub->footer(
      "Prints the magic number, element type, dimensions, min/max/mean of the elements, the image\n"
      "count and size for 3-D files and the value counts for 1-D byte files (labels).\n"
      "Exit code 2 with one line on stderr for a bad file.");
  sub->callback([path]() { run_idx_info(*path); });
}

const bool registered = symkit::cli::add_command(
    {"idx-info", "Read an IDX (MNIST-format) file and print its header and statistics",
     setup_idx_info});

}  // namespace
