// Package runner runs a scenario.Plan: each platform in its own kernel on
// its own goroutine, all reading one arrival stream generated once from
// the plan's seed (common random numbers; tee.go), each checked for
// conservation and priced when it ends. Results are gathered by index, in
// the plan's platform order, so they never depend on which platform
// finishes first. RunAll runs a sweep's units on a worker pool the same
// way, computing at most one simulation per worker at a time (gate.go).
package runner
