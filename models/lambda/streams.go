package lambda

import "github.com/execsim/execsim/models/streams"

// Every random draw of the region belongs to one function, so each
// function has streams of its own, named after it as its service's
// arrivals and work are (models/workload): a cold start's durations, an
// idle environment's keep-alive, the pick among idle environments
// (WarmSelection random) and a throttled call's retry jitter. One
// function's traffic then moves no other function's draws, and a run that
// changes only function b gives function a the same cold starts, billed
// INIT and latencies, byte for byte (TestFunctionsIndependent). What is
// shared between functions is deterministic and not random: the account's
// concurrency and the legacy burst bucket, so a function held back by
// another's use of the shared pool (a throttle) still feels it.

// streams is f's stream base name (Function.Streams).
func (f *Function) streams() string { return streams.Base(f.Streams, "lambda", f.Name) }

// seed sets fs's streams for the run's seed; fs.cfg must be set.
func (fs *fnState) seed(seed uint64) {
	base := fs.cfg.streams()
	fs.rngCold = streams.State(seed, base+"/cold-start")
	fs.rngKeep = streams.State(seed, base+"/keep-alive")
	fs.rngWarm = streams.State(seed, base+"/warm-selection")
	fs.rngRetry = streams.State(seed, base+"/retry")
}
