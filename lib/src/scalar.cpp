#include "symkit/scalar.hpp"

#include <iomanip>
#include <sstream>

namespace symkit {

template <class T>
std::string to_string_full(const T& x) {
  std::ostringstream os;
  os << std::setprecision(print_digits<T>()) << x;
  return os.str();
}

#define SYMKIT_INST(T) template std::string to_string_full<T>(const T&);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit
