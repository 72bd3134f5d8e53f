// `symkit pairs`: the orbit-pair experiment (Fig. 4) on real images, with its report.
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "symkit/error.hpp"
#include "symkit/experiment/pairs.hpp"
#include "symkit/io/mnist.hpp"

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

struct PairsArgs {
  std::string images, labels, transform = "rotate", out = "out/pairs";
  symkit::experiment::PairsConfig cfg;
  std::string archs = join(cfg.archs);  // comma-separated, split into cfg.archs when run
};

void setup_pairs(CLI::App* sub) {
  auto args = std::make_shared<PairsArgs>();
  sub->footer(
      "Draws --pairs random pairs of images of different classes (std::mt19937_64, --seed), "
      "transforms each image by the N = --angles elements of a cyclic group (rotate: cubic "
      "B-spline rotation by 360k/N degrees as scipy.ndimage.rotate(reshape=False, order=3); "
      "translate: shift along x by k*n/N pixels through a Fourier phase), puts every transformed "
      "image on the sphere (bytes/255, minus its mean, unit norm), interleaves the orbits "
      "A0,B0,A1,B1,... with labels +1,-1, and for each architecture computes the NTK "
      "(neural-tangents 'ntk' parameterisation, W_std = b_std = 1; CNNs f = 3, circular, no "
      "bias), the exact symmetrised leave-one-out error (indices 0 and 1, ridge --ridge) and the "
      "spectral error (eq. 7) of the circularised kernel. Writes rows.csv, summary.json, "
      "report.md and SVG plots into --out.");
  sub->add_option("--images", args->images, "IDX images (.gz allowed); default: the dataset's");
  sub->add_option("--labels", args->labels, "IDX labels matching --images");
  sub->add_option("--dataset", args->cfg.dataset,
                  "mnist (data/mnist, from scripts/fetch-mnist) or fashion (Debian's "
                  "dataset-fashion-mnist); names the report when --images is given")
      ->check(CLI::IsMember({"mnist", "fashion"}));
  sub->add_option("--transform", args->transform, "rotate or translate")
      ->check(CLI::IsMember({"rotate", "translate"}));
  sub->add_option("--angles", args->cfg.angles, "group order N (>= 2)")->capture_default_str();
  sub->add_option("--pairs", args->cfg.pairs, "number of orbit pairs")->capture_default_str();
  sub->add_option("--seed", args->cfg.seed, "seed of the pair sampling (an integer >= 0)")
      ->check(CLI::Validator(
          [](const std::string& v) {
            // CLI11 reads unsigned values with strtoull, which wraps "-1" to 2^64 - 1.
            return v.find('-') == std::string::npos ? std::string()
                                                    : "must be an integer >= 0, got " + v;
          },
          "UINT"))
      ->capture_default_str();
  sub->add_option("--ridge", args->cfg.ridge, "ridge sigma^2 >= 0")->capture_default_str();
  sub->add_option("--archs", args->archs,
                  "comma-separated, among: " + join(symkit::experiment::known_pair_archs()))
      ->capture_default_str();
  sub->add_option("--out", args->out, "output folder")->capture_default_str();
  sub->callback([args]() {
    auto& cfg = args->cfg;
    cfg.transform = args->transform == "rotate" ? symkit::experiment::Transform::Rotate
                                                : symkit::experiment::Transform::Translate;
    cfg.archs.clear();
    std::stringstream ss(args->archs);
    for (std::string a; std::getline(ss, a, ',');)
      if (!a.empty()) cfg.archs.push_back(a);
    if (cfg.archs.empty()) throw symkit::UsageError("--archs names no architecture");
    if (args->images.empty() != args->labels.empty())
      throw symkit::UsageError("--images and --labels go together");
    symkit::io::MnistSet data;
    if (!args->images.empty())
      data = symkit::io::load_mnist(args->images, args->labels);
    else if (cfg.dataset == "fashion")
      data = symkit::io::load_fashion_mnist();
    else
      data = symkit::io::load_mnist_dir();
    const auto result = symkit::experiment::run_pairs(data, cfg);
    symkit::experiment::write_pairs_report(result, args->out);
    std::cout << "pairs: " << result.rows.size() << " rows in " << result.seconds << " s -> "
              << args->out << "/report.md\n";
  });
}

const bool registered = symkit::cli::add_command(
    {"pairs", "Orbit-pair experiment on real images: spectral vs exact NTK error (Fig. 4)",
     setup_pairs});

}  // namespace
