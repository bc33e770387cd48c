// Package benchunit is the machine-neutral unit of execsim's performance
// targets (issue 13): one event of the kernel's hold model at 1,000 pending
// events. A benchmark divides its per-request time by HoldNanos, measured in
// the same process moments apart, and reports "holds/req".
//
// It reads the wall clock, which sim/, models/ and internal/dist may not
// (internal/lint); that is why it lives outside them. Only benchmarks call
// it (sim/simtest.Benchmark, for one).
package benchunit
