// `symkit spectral`: the spectral theory (eq. 7, eqs. 59-61) of a kernel matrix beside exact
// GP regression on the same matrix.
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "symkit/error.hpp"
#include "symkit/io/matrix.hpp"
#include "symkit/io/mnist.hpp"
#include "symkit/regress/gp.hpp"
#include "symkit/scalar.hpp"
#include "symkit/spectral/circulant.hpp"
#include "symkit/spectral/spectral_error.hpp"

namespace {

using symkit::Mat;
using symkit::Vec;
using Index = Eigen::Index;

struct Args {
  std::string kernel;
  std::string ridge = "0";
  std::string missing;
  bool circularize = false;
  std::string precision = "double";
  bool json = false;
  double circulant_tol = 1e-8;
  double symmetry_tol = 1e-8;
  double zero_tol = -1;
};

template <class T>
T parse_scalar(const std::string& s, const char* what) {
  T v;
  try {
    std::size_t used = 0;
    if constexpr (std::is_same_v<T, double>) {
      v = std::stod(s, &used);
    } else if constexpr (std::is_same_v<T, long double>) {
      v = std::stold(s, &used);
    } else {
      v = T(s);
      used = s.size();
    }
    if (used != s.size()) throw std::invalid_argument(s);
  } catch (const std::exception&) {
    throw symkit::UsageError(symkit::msg(what, ": '", s, "' is not a number"));
  }
  if (!symkit::is_finite(v) || v < T(0))
    throw symkit::UsageError(symkit::msg(what, " must be finite and >= 0, got '", s, "'"));
  return v;
}

using symkit::to_string_full;

template <class T>
void run(const Args& a) {
  const T ridge = parse_scalar<T>(a.ridge, "--ridge");
  const Mat<T> K = symkit::io::read_matrix<T>(a.kernel).values;
  symkit::regress::validate_kernel(K, a.kernel.c_str(), a.symmetry_tol);
  const Index n = K.rows();
  if (n % 2 != 0 || n < 4)
    throw symkit::InputError(
        symkit::msg(a.kernel, ": kernel has size ", n,
                    "; the interleaved two-class orbit pair needs an even size 2N >= 4"));
  std::vector<Index> missing;
  if (!a.missing.empty()) {
    // Indices and ranges ("0,3-5"), each < 2N (the library's parser names --missing).
    for (const std::size_t i :
         symkit::io::parse_index_ranges(a.missing, static_cast<std::size_t>(n), "--missing"))
      missing.push_back(static_cast<Index>(i));
    std::vector<char> seen(static_cast<std::size_t>(n), 0);
    for (Index i : missing) {
      if (seen[static_cast<std::size_t>(i)])
        throw symkit::UsageError(symkit::msg("--missing: index ", i, " repeated"));
      seen[static_cast<std::size_t>(i)] = 1;
    }
    if (static_cast<Index>(missing.size()) >= n)
      throw symkit::UsageError("--missing: leaves no training point");
  }

  const T defect = symkit::spectral::circulant_defect(K);
  const Vec<T> lambda =
      symkit::spectral::kernel_spectrum(K, a.circularize, a.circulant_tol, a.symmetry_tol);
  symkit::spectral::SpectralOptions<T> so;
  so.ridge = ridge;
  so.zero_tol = a.zero_tol;
  const auto se = symkit::spectral::spectral_error(lambda, so);

  symkit::regress::Options<T> ro;
  ro.ridge = ridge;
  ro.symmetry_tol = a.symmetry_tol;
  const Vec<T> y = symkit::regress::interleaved_labels<T>(n);
  // Leave-out at indices 0 and 1; index 0's prediction is sym.mean_a.
  const auto sym = symkit::regress::symmetrised_error(K, y, 0, 1, ro);

  symkit::spectral::MissingPrediction<T> mp;
  symkit::regress::LeaveOut<T> lom;
  if (!missing.empty()) {
    mp = symkit::spectral::missing_points(lambda, missing, so);
    lom = symkit::regress::leave_out(K, y, missing, ro);
  }

  if (a.json) {
    using nlohmann::json;
    auto d = [](const T& x) { return symkit::to_double(x); };
    json j;
    json f;
    j["kernel"] = a.kernel;
    j["size"] = n;
    j["precision"] = symkit::scalar_name<T>();
    j["ridge"] = d(ridge);
    j["circularized"] = a.circularize;
    j["circulant_defect"] = d(defect);
    j["spectral_error"] = d(se.error);
    j["spectral_prediction"] = d(se.prediction);
    j["inv_lambda_N"] = d(se.inv_lambda_N);
    j["mean_inv_lambda"] = d(se.mean_inv_lambda);
    j["zero_modes"] = se.zero_modes;
    j["lambda_N_vanishes"] = se.lambda_N_vanishes;
    j["ridge_limit"] = se.limit;
    j["zero_threshold"] = d(se.threshold);
    j["exact_prediction_0"] = d(sym.mean_a);
    j["exact_error_0"] = d(sym.error_a);
    j["exact_method_0"] = symkit::regress::to_string(sym.method_a);
    j["exact_symmetrised_error"] = d(sym.error);
    j["exact_error_1"] = d(sym.error_b);
    f["circulant_defect"] = to_string_full(defect);
    f["spectral_error"] = to_string_full(se.error);
    f["inv_lambda_N"] = to_string_full(se.inv_lambda_N);
    f["mean_inv_lambda"] = to_string_full(se.mean_inv_lambda);
    f["exact_prediction_0"] = to_string_full(sym.mean_a);
    f["exact_error_0"] = to_string_full(sym.error_a);
    f["exact_symmetrised_error"] = to_string_full(sym.error);
    if (!missing.empty()) {
      json arr = json::array(), farr = json::array();
      for (std::size_t i = 0; i < missing.size(); ++i) {
        const Index k = static_cast<Index>(i);
        arr.push_back({{"index", missing[i]},
                       {"label", d(mp.label(k))},
                       {"spectral", d(mp.mean(k))},
                       {"exact", d(lom.mean(k))}});
        farr.push_back({{"index", missing[i]},
                        {"spectral", to_string_full(mp.mean(k))},
                        {"exact", to_string_full(lom.mean(k))}});
      }
      j["missing"] = arr;
      j["missing_method"] = symkit::regress::to_string(lom.method);
      f["missing"] = farr;
    }
    j["full"] = f;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::ostream& o = std::cout;
  o << "kernel: " << a.kernel << " (2N = " << n << ", precision " << symkit::scalar_name<T>()
    << ", ridge " << to_string_full(ridge) << ")\n"
    << "circulant defect: " << to_string_full(defect) << "\n"
    << "spectrum from: " << (a.circularize ? "circularised kernel (eq. 12)" : "kernel") << "\n"
    << "spectral error (eq. 7): " << to_string_full(se.error) << "\n"
    << "lambda_N^-1: " << to_string_full(se.inv_lambda_N)
    << (se.lambda_N_vanishes ? " (finite part; lambda_N vanishes)" : "") << "\n"
    << "<lambda^-1>: " << to_string_full(se.mean_inv_lambda)
    << (se.limit ? " (finite part; ridge -> 0 limit)" : "") << "\n"
    << "vanishing eigenvalues: " << se.zero_modes << " (threshold " << to_string_full(se.threshold)
    << ")\n"
    << "exact leave-out at index 0: prediction " << to_string_full(sym.mean_a) << ", error "
    << to_string_full(sym.error_a) << " (" << symkit::regress::to_string(sym.method_a) << ")\n"
    << "exact symmetrised error (indices 0, 1): " << to_string_full(sym.error) << "\n";
  if (!missing.empty()) {
    o << "missing points (eqs. 59-61 vs exact, " << symkit::regress::to_string(lom.method)
      << "):\n";
    for (std::size_t i = 0; i < missing.size(); ++i) {
      const Index k = static_cast<Index>(i);
      o << "  index " << missing[i] << " label " << (mp.label(k) > T(0) ? "+1" : "-1")
        << ": spectral " << to_string_full(mp.mean(k)) << ", exact " << to_string_full(lom.mean(k))
        << "\n";
    }
  }
}

void setup_spectral(CLI::App* sub) {
  auto a = std::make_shared<Args>();
  sub->footer(
      "Conventions: the kernel is the 2N x 2N matrix of an interleaved two-class orbit pair\n"
      "(A0, B0, A1, B1, ...; labels +1, -1, +1, ...). Its spectrum is the unnormalised DFT of\n"
      "the first row (mean of each wrapped diagonal), lambda_N the highest frequency; the ridge\n"
      "is added to every eigenvalue and to the diagonal of the exact regression alike. Spectral\n"
      "error (eq. 7) = lambda_N^-1 / <lambda^-1>. Eigenvalues below zero-tol * max|lambda|\n"
      "(default 64 * 2N * machine epsilon) vanish; with ridge 0 the ridge -> 0 limit is reported\n"
      "(error 0 if lambda_N survives, 2N/m0 if it vanishes with m0 - 1 others). Exact\n"
      "regression always uses the kernel as given (Cholesky, or the minimum-norm solution when\n"
      "it is singular); --circularize only affects the spectral side. Files: .csv (comma\n"
      "separated) or .npy. Bad input exits with code 2.");
  sub->add_option("--kernel", a->kernel, "kernel matrix file (.csv or .npy)")->required();
  sub->add_option("--ridge", a->ridge, "ridge sigma^2 >= 0 (default 0)");
  sub->add_option("--missing", a->missing,
                  "indices left out together, e.g. 0,3-5 (eqs. 59-61 vs exact)");
  sub->add_flag("--circularize", a->circularize,
                "circularise the kernel (eq. 12) before taking its spectrum");
  symkit::cli::add_precision_option(sub, a->precision,
                                    "arithmetic: double, long, 50 or 100 digits");
  sub->add_flag("--json", a->json, "print JSON instead of text");
  sub->add_option("--circulant-tol", a->circulant_tol,
                  "largest circulant defect accepted without --circularize (default 1e-8)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--symmetry-tol", a->symmetry_tol,
                  "relative symmetry tolerance of the kernel (default 1e-8)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--zero-tol", a->zero_tol,
                  "relative threshold of vanishing eigenvalues (default 64 * 2N * epsilon)")
      ->check(CLI::Range(0.0, 1.0));
  sub->callback([a]() {
    symkit::cli::with_precision(a->precision,
                                [&](auto tag) { run<typename decltype(tag)::type>(*a); });
  });
}

const bool registered = symkit::cli::add_command(
    {"spectral", "Spectral error (eq. 7, eqs. 59-61) of a kernel beside exact GP regression",
     setup_spectral});

}  // namespace
