// Discrete Fourier transforms and the spectrum of circulant matrices.
//
// Convention: unnormalised forward DFT, X_k = sum_j x_j w^{jk}, w = exp(-2 pi i / n), k = 0..n-1
// (numpy.fft.fft). The eigenvalues of the circulant matrix with first row c are lambda_k = DFT(c)_k
// (eigenvector v_k[j] = w^{jk}: sum_j c_{(j-i) mod n} w^{jk} = w^{ik} lambda_k), so lambda_{n/2}
// is the highest frequency. For a symmetric first row (c_j = c_{n-j}) the spectrum is real.
//
// Paths: FFTW (fftw_ for double, fftwl_ for long double; plans are created under a mutex, so the
// functions are thread-safe); an exact O(n^2) DFT for the multiprecision types, with the
// twiddle factors cos(2 pi m / n), sin(2 pi m / n) computed once per call at full precision and
// indexed by (j k) mod n.
#pragma once

#include "symkit/scalar.hpp"

namespace symkit::spectral {

/// Unnormalised forward DFT of a real vector (n >= 1). Throws InputError on an empty or
/// non-finite input.
template <class T>
CVec<T> dft(const Vec<T>& x);

/// The same transform through the exact O(n^2) sum in T, whatever T (reference path).
template <class T>
CVec<T> dft_direct(const Vec<T>& x);

/// Eigenvalues of the symmetric circulant matrix with first row c: the (real) DFT of c.
/// c must be symmetric, |c_j - c_{n-j}| <= tol * max|c|, else InputError naming j and the values.
template <class T>
Vec<T> circulant_spectrum(const Vec<T>& c, double symmetry_tol = 1e-8);

}  // namespace symkit::spectral
