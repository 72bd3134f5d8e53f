#include "symkit/fftw_lock.hpp"

namespace symkit {

std::mutex& fftw_planner_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace symkit
