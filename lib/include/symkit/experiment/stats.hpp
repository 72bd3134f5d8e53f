// Small statistics and plotting helpers for experiment summaries and reports.
#pragma once

#include <string>
#include <vector>

namespace symkit::experiment {

/// Pearson correlation of two equally long samples (InputError when sizes differ, are < 2, or a
/// sample is constant).
double pearson(const std::vector<double>& a, const std::vector<double>& b);

/// Spearman rank correlation (average ranks for ties).
double spearman(const std::vector<double>& a, const std::vector<double>& b);

/// Mean and unbiased standard deviation.
double mean(const std::vector<double>& a);
double stddev(const std::vector<double>& a);

/// One series of a scatter plot.
struct Series {
  std::string label;
  std::vector<double> x, y;
};

/// A self-contained SVG scatter plot with axes, ticks, a legend and (optionally) the line y = x.
std::string scatter_svg(const std::vector<Series>& series, const std::string& title,
                        const std::string& xlabel, const std::string& ylabel, bool identity_line);

}  // namespace symkit::experiment
