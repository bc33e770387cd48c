// Package scenarios is the library of built-in scenarios (builtin:NAME,
// embedded from builtin/) and the entry point from a scenario reference to
// a Plan: Load reads a file or a built-in and compiles it with a registry's
// platforms. The jobs behind it have packages of their own:
//
//	scenario   scenario file → Plan (decoding, defaults, validation, --set, sweeps, validate's view)
//	platform   the contract every execution platform implements, and the registry type
//	platforms  the registry of execsim's platforms, and one package per platform
//	runner     running a Plan: one kernel per platform on the same arrivals
//	summary    the output contract: JSON summary v1, sweep fields, golden text
//	sweep      a sweep's units on a worker pool
//	breakeven  the rate where two platforms' costs cross; tuning one setting
//	checks     golden files, tolerances and expectations for execsim golden/test
//
// The golden tests here pin every built-in's and every testdata scenario's
// exact results.
package scenarios
