// `symkit info`: versions and build facts, so that results can be traced to a build.
#include <fftw3.h>
#include <mpfr.h>
#include <Eigen/Core>
#include <boost/version.hpp>
#include <iostream>

#include "commands.hpp"
#include "symkit/scalar.hpp"

namespace {

void setup_info(CLI::App* sub) {
  sub->callback([]() {
    std::cout << "symkit " SYMKIT_VERSION "\n"
              << "eigen " << EIGEN_WORLD_VERSION << "." << EIGEN_MAJOR_VERSION << "."
              << EIGEN_MINOR_VERSION << "\n"
              << "boost " << BOOST_VERSION / 100000 << "." << BOOST_VERSION / 100 % 1000 << "\n"
              << "mpfr " << mpfr_get_version() << "\n"
              << "fftw " << fftw_version << "\n"
              << "scalars: double, long (long double, "
              << std::numeric_limits<long double>::digits10 << " digits), 50 ("
              << std::numeric_limits<symkit::mp50>::digits10 << " digits), 100 ("
              << std::numeric_limits<symkit::mp100>::digits10 << " digits)\n";
  });
}

const bool registered =
    symkit::cli::add_command({"info", "Print versions of symkit and its libraries", setup_info});

}  // namespace
