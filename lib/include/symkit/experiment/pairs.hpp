// The orbit-pair experiment of Sec. 3.3 / Fig. 4 of Perin & Deny 2024 on real images.
//
// For `pairs` randomly drawn pairs of images of different classes (explicit seed):
//   1. each image (bytes / 255) is transformed by the N elements of a cyclic group (interpolated
//      cubic rotation by 2 pi k / N, or translation along x by k n / N pixels through a Fourier
//      phase shift), then each transformed image is put on the sphere (minus its mean, unit
//      norm) — the order of theory.md and of the paper's translation scripts (its rotation
//      scripts normalise before rotating, see data/normalize.hpp);
//   2. the 2N images are interleaved A0, B0, A1, B1, ... with labels +1, -1;
//   3. for each architecture, the NTK of the 2N images (double, fast paths) gives
//      - the exact symmetrised leave-one-out error (indices 0 and 1, explicit ridge, 0 by default,
//        Cholesky or the minimum-norm limit) and the number of correct signs (0, 1, 2);
//      - the circulant defect, and on the circularised kernel (eq. 12) the spectral error (eq. 7)
//        with its parts lambda_N^-1 and <lambda^-1>;
//   4. the geometric correlates Delta^2 and orbit radius rho of the normalised orbits.
// Results are written as CSV (one row per pair and architecture), JSON (summary) and a Markdown
// report with SVG scatter plots.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "symkit/io/mnist.hpp"

namespace symkit::experiment {

enum class Transform { Rotate, Translate };

struct PairsConfig {
  std::string dataset = "mnist";  ///< a name for the report
  Transform transform = Transform::Rotate;
  int angles = 8;          ///< N, the group order
  int pairs = 40;          ///< number of orbit pairs
  std::uint64_t seed = 0;  ///< seed of the pair sampling
  double ridge = 0.0;      ///< sigma^2 of exact regression and of the spectral error
  std::vector<std::string> archs{"mlp1", "mlp5", "cnn-fc", "cnn-gap"};
};

/// One pair under one architecture.
struct PairRow {
  std::size_t index_a = 0, index_b = 0;  ///< image indices in the dataset
  int label_a = 0, label_b = 0;
  std::string arch;
  double exact_error = 0;    ///< symmetrised exact NTK error
  int exact_correct = 0;     ///< correct signs among the two left-out points
  std::string exact_method;  ///< "cholesky" or "complete-orthogonal"
  double spectral_error = 0;
  double lambda_N = 0;  ///< highest-frequency eigenvalue (0 when it vanishes)
  double inv_lambda_N = 0, mean_inv_lambda = 0;
  long zero_modes = 0;
  double circulant_defect = 0;
  double delta_sq = 0, radius = 0;
};

struct PairsResult {
  PairsConfig config;
  std::vector<PairRow> rows;
  double seconds = 0;
};

/// The architectures understood by PairsConfig::archs: mlp1, mlp5 (paper's MLP, depth 1 and 5),
/// cnn-fc, cnn-gap (paper's CNN, f = 3, circular, no bias), cnn-gap-f4s4 (f = 4, stride 4).
const std::vector<std::string>& known_pair_archs();

/// Runs the experiment (UsageError on a bad configuration, InputError on bad data).
PairsResult run_pairs(const io::MnistSet& data, const PairsConfig& config);

/// Writes rows.csv, summary.json, report.md and the SVG plots into `out_dir` (created).
void write_pairs_report(const PairsResult& result, const std::string& out_dir);

}  // namespace symkit::experiment
