package simtest

import (
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Discard is a models.Recorder that ignores everything: for benchmarks,
// and to embed in a recorder that watches one kind of report.
type Discard struct{}

func (Discard) Arrive(sim.Time, *models.Request)                                {}
func (Discard) Finish(sim.Time, *models.Request, models.Outcome, time.Duration) {}
func (Discard) ColdStart(sim.Time, *models.Request)                             {}
func (Discard) Gauge(sim.Time, models.Gauge, float64)                           {}

// Tee is a models.Recorder that passes every report to each of its
// recorders, in order.
type Tee []models.Recorder

func (t Tee) Arrive(now sim.Time, req *models.Request) {
	for _, r := range t {
		r.Arrive(now, req)
	}
}

func (t Tee) Finish(now sim.Time, req *models.Request, o models.Outcome, latency time.Duration) {
	for _, r := range t {
		r.Finish(now, req, o, latency)
	}
}

func (t Tee) ColdStart(now sim.Time, req *models.Request) {
	for _, r := range t {
		r.ColdStart(now, req)
	}
}

func (t Tee) Gauge(now sim.Time, g models.Gauge, v float64) {
	for _, r := range t {
		r.Gauge(now, g, v)
	}
}
