// Package sweep runs the units of a scenario's sweep (points × replications)
// on a worker pool and returns their summaries in the units' order, so that
// everything written from them is byte-identical for any number of workers
// and after merging shards.
package sweep
