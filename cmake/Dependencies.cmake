# Every dependency comes from a Debian 12 package (scripts/setup installs them). A missing one
# stops the configuration with the name of the package to install.
find_package(PkgConfig QUIET)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config (or run scripts/setup)")
endif()

macro(symkit_require_package name debian)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "${name} not found: apt-get install ${debian} (or run scripts/setup)")
  endif()
endmacro()

macro(symkit_require_pkgconfig var module debian)
  pkg_check_modules(${var} QUIET IMPORTED_TARGET ${module})
  if(NOT ${var}_FOUND)
    message(FATAL_ERROR "${module} (pkg-config) not found: apt-get install ${debian} (or run scripts/setup)")
  endif()
endmacro()

symkit_require_package(Eigen3 libeigen3-dev 3.4 NO_MODULE)
symkit_require_package(Boost libboost-dev 1.74)
symkit_require_package(ZLIB zlib1g-dev)
symkit_require_package(CLI11 libcli11-dev CONFIG)
symkit_require_package(nlohmann_json nlohmann-json3-dev 3.10)
symkit_require_package(OpenMP libomp-dev)
symkit_require_package(GTest libgtest-dev)
symkit_require_package(rapidcheck librapidcheck-dev CONFIG)
if(SYMKIT_BENCHMARKS)
  symkit_require_package(benchmark libbenchmark-dev CONFIG)
endif()
symkit_require_pkgconfig(FFTW3 fftw3 libfftw3-dev)
symkit_require_pkgconfig(FFTW3L fftw3l libfftw3-dev)
symkit_require_pkgconfig(LAPACKE lapacke liblapacke-dev)
symkit_require_pkgconfig(OPENBLAS openblas libopenblas-dev)
symkit_require_pkgconfig(MPFR mpfr libmpfr-dev)
symkit_require_pkgconfig(SLEEF sleef libsleef-dev)
find_library(GMP_LIBRARY gmp)
if(NOT GMP_LIBRARY)
  message(FATAL_ERROR "libgmp not found: apt-get install libgmp-dev (or run scripts/setup)")
endif()

if(NOT TARGET rapidcheck_gtest)
  # Debian's librapidcheck-dev ships the gtest integration as a header only.
  add_library(rapidcheck_gtest INTERFACE)
  target_link_libraries(rapidcheck_gtest INTERFACE rapidcheck GTest::gtest)
endif()

add_library(symkit_deps INTERFACE)
target_link_libraries(symkit_deps INTERFACE
  Eigen3::Eigen Boost::headers ZLIB::ZLIB nlohmann_json::nlohmann_json OpenMP::OpenMP_CXX
  PkgConfig::FFTW3 PkgConfig::FFTW3L PkgConfig::LAPACKE PkgConfig::OPENBLAS PkgConfig::MPFR
  PkgConfig::SLEEF ${GMP_LIBRARY})
# Eigen uses OpenBLAS for large double products; LAPACKE is called directly where it pays.
target_compile_definitions(symkit_deps INTERFACE EIGEN_USE_BLAS)
