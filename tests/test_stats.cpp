// symkit: sanitize-subset
// Statistics used by experiment summaries, checked on hand-computed values.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>

#include "symkit/error.hpp"
#include "symkit/experiment/stats.hpp"

using namespace symkit::experiment;

TEST(Stats, MeanAndStddevByHand) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares of deviations 32, unbiased sd sqrt(32/7).
  std::vector<double> a{2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_DOUBLE_EQ(mean(a), 5.0);
  EXPECT_NEAR(stddev(a), std::sqrt(32.0 / 7.0), 1e-15);
}

TEST(Stats, PearsonByHand) {
  // x = 1,2,3 ; y = 1,3,2: deviations (-1,0,1) and (-1,1,0): r = 1 / sqrt(2*2) = 0.5.
  EXPECT_NEAR(pearson({1, 2, 3}, {1, 3, 2}), 0.5, 1e-15);
  EXPECT_NEAR(pearson({1, 2, 3}, {-2, -4, -6}), -1.0, 1e-15);
}

TEST(Stats, SpearmanUsesAverageRanks) {
  // Monotone but non-linear: Spearman 1, Pearson < 1.
  std::vector<double> x{1, 2, 3, 4}, y{1, 8, 27, 64};
  EXPECT_NEAR(spearman(x, y), 1.0, 1e-15);
  EXPECT_LT(pearson(x, y), 0.99);
  // Ties: x = 1,1,2 -> ranks 1.5,1.5,3 ; y = 1,2,3 -> r = pearson((1.5,1.5,3),(1,2,3)).
  // deviations (-.5,-.5,1) and (-1,0,1): sab = 1.5, saa = 1.5, sbb = 2 -> r = 1.5/sqrt(3).
  EXPECT_NEAR(spearman({1, 1, 2}, {1, 2, 3}), 1.5 / std::sqrt(3.0), 1e-15);
}

TEST(Stats, BadInput) {
  EXPECT_THROW(pearson({1, 2}, {1, 2, 3}), symkit::InputError);
  EXPECT_THROW(pearson({1}, {1}), symkit::InputError);
  EXPECT_THROW(pearson({1, 1, 1}, {1, 2, 3}), symkit::InputError);
  EXPECT_THROW(mean({}), symkit::InputError);
}

TEST(Stats, SvgHasOnePointPerFiniteSample) {
  Series s{"a", {0, 1, 2}, {0, 1, NAN}};
  const std::string svg = scatter_svg({s}, "t", "x", "y", true);
  std::size_t n = 0;
  for (std::size_t p = svg.find("<circle"); p != std::string::npos; p = svg.find("<circle", p + 1))
    ++n;
  EXPECT_EQ(n, 2u);
  EXPECT_NE(svg.find("<line"), std::string::npos);
  EXPECT_EQ(svg.rfind("</svg>\n"), svg.size() - 7);
}

// Labels are text, not markup: "<1/lambda>" and "&" must come out escaped, and the only '<' left
// in the document open tags.
TEST(Svg, LabelsAreEscaped) {
  Series s{"a & b", {0.0, 1.0}, {1.0, 2.0}};
  const std::string svg = scatter_svg({s}, "x < y", "1 / rho", "<1/lambda>", false);
  EXPECT_NE(svg.find("&lt;1/lambda&gt;"), std::string::npos) << svg;
  EXPECT_NE(svg.find("a &amp; b"), std::string::npos);
  EXPECT_NE(svg.find("x &lt; y"), std::string::npos);
  EXPECT_EQ(svg.find("<1/lambda>"), std::string::npos);
  for (std::size_t p = svg.find('<'); p != std::string::npos; p = svg.find('<', p + 1)) {
    const char next = svg[p + 1];
    EXPECT_TRUE(std::isalpha(static_cast<unsigned char>(next)) || next == '/')
        << "stray '<' at " << p << ": " << svg.substr(p, 20);
  }
}
