// Package runner runs a scenario.Plan: each platform in its own kernel on
// its own goroutine, all regenerating the same arrival stream from the
// plan's seed (common random numbers), each checked for conservation and
// priced when it ends. Results are gathered by index, in the plan's
// platform order, so they never depend on which platform finishes first.
// RunUnits runs a sweep's units on a worker pool the same way.
package runner
