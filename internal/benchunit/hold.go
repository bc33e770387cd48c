package benchunit

import (
	"time"

	"github.com/execsim/execsim/sim"
)

// holdPending is the queue size of the reference hold model: the issue's
// unit of per-request cost is one kernel event at 1,000 pending.
const holdPending = 1_000

// holder is the classic hold model: every event reschedules itself a
// pseudo-random delay later, so the queue keeps its size.
type holder struct{ x uint64 }

func (h *holder) Handle(k *sim.Kernel, ev sim.Event) {
	// xorshift keeps the delay pseudo-random without a rand.Rand.
	h.x ^= h.x << 13
	h.x ^= h.x >> 7
	h.x ^= h.x << 17
	k.Schedule(sim.Event{At: k.Now() + sim.Time(h.x%uint64(time.Millisecond)), Kind: ev.Kind, ID: ev.ID, To: h})
}

// HoldNanos measures one event of the hold model at 1,000 pending events,
// in nanoseconds of wall time: the median of five rounds of events events
// each. Benchmarks divide their per-request time by it, measured in the
// same process and moments apart, so the ratio ("hold units") does not
// depend on how fast or busy the machine is.
func HoldNanos(events int) float64 {
	rounds := make([]float64, 5)
	for r := range rounds {
		k := holdKernel()
		start := time.Now()
		for range events {
			k.Step()
		}
		rounds[r] = float64(time.Since(start).Nanoseconds()) / float64(events)
	}
	return Median(rounds)
}

// HoldCPUNanos is one hold event in CPU time of the calling thread
// (ThreadCPU), over events events; the caller has locked its goroutine
// to its thread and times its own work the same way.
func HoldCPUNanos(events int) float64 {
	k := holdKernel()
	c0 := ThreadCPU()
	for range events {
		k.Step()
	}
	return float64(ThreadCPU()-c0) / float64(events)
}

// holdKernel is a kernel running the hold model at 1,000 pending events.
func holdKernel() *sim.Kernel {
	k := sim.New(1)
	h := &holder{x: 88172645463325252}
	for i := range holdPending {
		k.Schedule(sim.Event{At: sim.Time(i), ID: int64(i), To: h})
	}
	return k
}
