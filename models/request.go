package models

import (
	"time"

	"github.com/execsim/execsim/sim"
)

// Work is what a request asks of the platform, drawn once from the scenario's
// distributions and identical for every model (common random numbers).
type Work struct {
	// CPU is compute time at one full vCPU.
	CPU time.Duration
	// IO is wall time spent off-CPU (databases, other services).
	IO time.Duration
	// PayloadKB is the request+response size, for data-transfer cost.
	PayloadKB float64
}

// ServiceTime is the wall time the work takes with cpuShare of one vCPU
// (DESIGN §3): io + cpu/cpuShare.
func (w Work) ServiceTime(cpuShare float64) time.Duration {
	if w.CPU == 0 {
		return w.IO
	}
	return w.IO + time.Duration(float64(w.CPU)/cpuShare)
}

// Request is one arrival.
type Request struct {
	ID      int64    // dense, in arrival order from 0
	Arrival sim.Time // when it entered the platform
	Service int      // index of the service (function, deployment) in the scenario
	Work    Work
	// Cold is set by the model when the request waits for a new execution
	// environment or pod (Recorder.ColdStart); it stays set across retries,
	// so Finish sees whether any attempt of the request was a cold start.
	Cold bool
}
