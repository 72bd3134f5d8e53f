#include "symkit/experiment/stats.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "symkit/error.hpp"

namespace symkit::experiment {

namespace {

void check_pair(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
  if (a.size() != b.size())
    throw InputError(msg(what, ": samples of different sizes (", a.size(), " and ", b.size(), ")"));
  if (a.size() < 2) throw InputError(msg(what, ": needs at least 2 points, got ", a.size()));
}

std::vector<double> ranks(const std::vector<double>& a) {
  std::vector<std::size_t> idx(a.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](auto i, auto j) { return a[i] < a[j]; });
  std::vector<double> r(a.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && a[idx[j + 1]] == a[idx[i]]) ++j;
    const double avg = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

std::string fmt(double v) {
  std::ostringstream os;
  os << std::setprecision(3) << v;
  return os.str();
}

// Text for an XML element: &, <, > and quotes escaped (labels such as "<1/lambda>").
std::string xml_text(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

}  // namespace

double mean(const std::vector<double>& a) {
  if (a.empty()) throw InputError("mean of an empty sample");
  return std::accumulate(a.begin(), a.end(), 0.0) / static_cast<double>(a.size());
}

double stddev(const std::vector<double>& a) {
  if (a.size() < 2) throw InputError(msg("standard deviation needs 2 points, got ", a.size()));
  const double m = mean(a);
  double s = 0;
  for (double v : a) s += (v - m) * (v - m);
  return std::sqrt(s / static_cast<double>(a.size() - 1));
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  check_pair(a, b, "pearson");
  const double ma = mean(a), mb = mean(b);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  if (saa == 0 || sbb == 0) throw InputError("pearson: a sample is constant");
  return sab / std::sqrt(saa * sbb);
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  check_pair(a, b, "spearman");
  return pearson(ranks(a), ranks(b));
}

std::string scatter_svg(const std::vector<Series>& series, const std::string& title,
                        const std::string& xlabel, const std::string& ylabel, bool identity_line) {
  const double W = 560, H = 440, L = 70, R = 20, T = 40, B = 60;
  double lo_x = INFINITY, hi_x = -INFINITY, lo_y = INFINITY, hi_y = -INFINITY;
  for (const auto& s : series) {
    if (s.x.size() != s.y.size())
      throw InputError(msg("scatter_svg: series '", s.label, "' has ", s.x.size(), " x and ",
                           s.y.size(), " y values"));
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      lo_x = std::min(lo_x, s.x[i]);
      hi_x = std::max(hi_x, s.x[i]);
      lo_y = std::min(lo_y, s.y[i]);
      hi_y = std::max(hi_y, s.y[i]);
    }
  }
  if (!(lo_x <= hi_x)) lo_x = 0, hi_x = 1, lo_y = 0, hi_y = 1;
  if (identity_line) {
    lo_x = lo_y = std::min(lo_x, lo_y);
    hi_x = hi_y = std::max(hi_x, hi_y);
  }
  auto widen = [](double& lo, double& hi) {
    const double pad = (hi > lo ? hi - lo : std::max(std::fabs(hi), 1.0)) * 0.05;
    lo -= pad;
    hi += pad;
  };
  widen(lo_x, hi_x);
  widen(lo_y, hi_y);
  auto px = [&](double x) { return L + (x - lo_x) / (hi_x - lo_x) * (W - L - R); };
  auto py = [&](double y) { return H - B - (y - lo_y) / (hi_y - lo_y) * (H - T - B); };
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  std::ostringstream os;
  os << "<svg xmlns='http://www.w3.org/2000/svg' width='" << W << "' height='" << H
     << "' font-family='sans-serif' font-size='12'>\n"
     << "<rect width='100%' height='100%' fill='white'/>\n"
     << "<text x='" << W / 2 << "' y='22' text-anchor='middle' font-size='14'>" << xml_text(title)
     << "</text>\n"
     << "<rect x='" << L << "' y='" << T << "' width='" << W - L - R << "' height='" << H - T - B
     << "' fill='none' stroke='black'/>\n";
  for (int i = 0; i <= 4; ++i) {
    const double xv = lo_x + (hi_x - lo_x) * i / 4, yv = lo_y + (hi_y - lo_y) * i / 4;
    os << "<text x='" << px(xv) << "' y='" << H - B + 16 << "' text-anchor='middle'>" << fmt(xv)
       << "</text>\n<text x='" << L - 6 << "' y='" << py(yv) + 4 << "' text-anchor='end'>"
       << fmt(yv) << "</text>\n";
  }
  os << "<text x='" << (L + W - R) / 2 << "' y='" << H - 18 << "' text-anchor='middle'>"
     << xml_text(xlabel) << "</text>\n<text transform='translate(18," << (T + H - B) / 2
     << ") rotate(-90)' text-anchor='middle'>" << xml_text(ylabel) << "</text>\n";
  if (identity_line)
    os << "<line x1='" << px(lo_x) << "' y1='" << py(lo_x) << "' x2='" << px(hi_x) << "' y2='"
       << py(hi_x) << "' stroke='grey' stroke-dasharray='4,3'/>\n";
  for (std::size_t k = 0; k < series.size(); ++k) {
    const char* c = colours[k % 6];
    for (std::size_t i = 0; i < series[k].x.size(); ++i) {
      if (!std::isfinite(series[k].x[i]) || !std::isfinite(series[k].y[i])) continue;
      os << "<circle cx='" << px(series[k].x[i]) << "' cy='" << py(series[k].y[i])
         << "' r='3' fill='" << c << "' fill-opacity='0.6'/>\n";
    }
    os << "<rect x='" << L + 10 << "' y='" << T + 10 + 16 * k << "' width='10' height='10' fill='"
       << c << "'/><text x='" << L + 26 << "' y='" << T + 19 + 16 * k << "'>"
       << xml_text(series[k].label) << "</text>\n";
  }
  os << "</svg>\n";
  return os.str();
}

}  // namespace symkit::experiment
