package models

import (
	"time"

	"github.com/execsim/execsim/sim"
)

// Recorder receives what a model observes. The scenarios runner supplies an
// implementation that folds everything into histograms, windows and counters,
// so memory never grows with the number of requests.
type Recorder interface {
	// Arrive is called once per request when it enters the model.
	Arrive(now sim.Time, req *Request)
	// Finish is called once per request with its final outcome. latency is
	// arrival → completion of the successful attempt; it is ignored for
	// outcomes other than Completed.
	Finish(now sim.Time, req *Request, o Outcome, latency time.Duration)
	// ColdStart reports a cold start of req: a request that waits for a
	// new execution environment (Lambda) or a new pod (Kubernetes), one
	// that did not exist or was not ready when the request arrived. It is
	// called once per such wait (a retried request may wait again) and
	// counts requests, not environment or pod starts; those are each
	// model's own figures. The model also sets Cold on its request, so
	// that Finish can tell a cold start's latency from a warm one's.
	ColdStart(now sim.Time, req *Request)
	// Gauge reports the current value of a named level (environments,
	// concurrency, pods, nodes). The recorder integrates it over time.
	Gauge(now sim.Time, g Gauge, value float64)
}

// Gauge names a level that a model reports as it changes.
type Gauge uint8

const (
	// Concurrency is Lambda environments initialising or busy.
	Concurrency Gauge = iota
	// Environments is all Lambda environments (initialising, busy and idle).
	Environments
	// Busy is work being served: busy environments or requests in service in pods.
	Busy
	// Pods is ready pods.
	Pods
	// Nodes is nodes that exist (launching or ready).
	Nodes
	// Queued is requests waiting for a worker slot (in pods' accept queues).
	Queued
	// Slots is the worker slots of Ready pods (Ready pods × their
	// concurrency): Busy over Slots is the utilisation of the slots.
	Slots
	numGauges
)

// NumGauges is the number of Gauge values.
const NumGauges = int(numGauges)

var gaugeNames = [...]string{"concurrency", "environments", "busy", "pods", "nodes", "queued", "slots"}

func (g Gauge) String() string {
	if int(g) < len(gaugeNames) {
		return gaugeNames[g]
	}
	return "gauge(?)"
}
