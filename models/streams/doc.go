// Package streams keeps the random streams of a model's many small
// consumers (a Lambda region's functions, a Kubernetes cluster's
// deployments) as bare PCG states beside each consumer's own state, and
// draws from them through one *rand.Rand per model.
//
// A function's cold starts, keep-alives and retries, or a deployment's
// routing and pod start-up, draw from streams named after it, as a
// service's arrivals and work do (models/workload): one service's traffic
// then moves no other service's draws, so an edit of one service leaves the
// others' results byte-identical and two runs that differ in one service
// compare the others under common random numbers.
//
// A *rand.Rand per stream (sim.Stream) costs two allocations and two
// pointers per consumer, and a draw loads three lines (the consumer's
// pointer, the Rand, the PCG). A State is 16 bytes that live in the
// consumer's own struct, in a line a request touches anyway; Rand points
// the model's one *rand.Rand at it for the draw. math/rand/v2's Rand holds
// nothing but its source, so switching the source between draws changes
// no number: a State draws exactly the sequence sim.Stream(seed, name)
// would (TestStateIsStream).
package streams
