#include "symkit/kernel/fast.hpp"

namespace symkit::kernel::fast {

// No architecture has a fast path yet: every call takes the generic path.
std::optional<KernelPair<double>> try_compute(const Architecture&, const Mat<double>&,
                                              const Mat<double>*, int) {
  return std::nullopt;
}

}  // namespace symkit::kernel::fast
