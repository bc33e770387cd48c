package sim

import (
	"fmt"
	"testing"
	"time"
)

// hold is the classic hold model: every event reschedules itself a
// pseudo-random delay later, so the queue size stays constant.
type hold struct{ x uint64 }

func (h *hold) Handle(k *Kernel, ev Event) {
	// xorshift keeps the delay pseudo-random without touching a rand.Rand.
	h.x ^= h.x << 13
	h.x ^= h.x >> 7
	h.x ^= h.x << 17
	k.Schedule(Event{At: k.now + Time(h.x%uint64(time.Millisecond)), Kind: ev.Kind, ID: ev.ID, To: h})
}

func BenchmarkKernelHold(b *testing.B) {
	for _, pending := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("pending=%d", pending), func(b *testing.B) {
			k := New(1)
			h := &hold{x: 88172645463325252}
			for i := range pending {
				k.Schedule(Event{At: Time(i), ID: int64(i), To: h})
			}
			b.ReportAllocs()
			for b.Loop() {
				k.Step()
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
