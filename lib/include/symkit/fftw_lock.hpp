// FFTW's planner (fftw_plan_*, fftwl_plan_*, fftw_destroy_plan) is not thread-safe and is global
// to the process: every symkit module that plans or destroys FFTW plans holds this one lock.
// Executing a plan (fftw_execute_dft and friends) needs no lock.
#pragma once

#include <mutex>

namespace symkit {

/// The process-wide lock around FFTW planning.
std::mutex& fftw_planner_mutex();

}  // namespace symkit
