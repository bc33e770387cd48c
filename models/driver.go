package models

import "github.com/execsim/execsim/sim"

// Source yields requests in non-decreasing arrival order.
type Source interface {
	Next() (Request, bool)
}

// IntoSource is a Source that can also write its next request in place.
// The driver uses NextInto when its source has it: a Request returned by
// value went through a stack temporary, copied in wide loads that stalled
// on store forwarding (issue 13: per-request cost).
type IntoSource interface {
	Source
	// NextInto is Next, writing the request into *req; on false *req is
	// unspecified.
	NextInto(req *Request) bool
}

// Submitter is a model that accepts arriving requests.
type Submitter interface {
	Submit(k *sim.Kernel, req Request)
}

// Driver feeds a Source into a model one arrival at a time: only the next
// arrival is ever pending, so memory does not grow with the number of
// requests. It waits in the kernel's side slot (sim.Kernel.Offer), not in
// the heap: an arrival costs one comparison with the heap's earliest event
// instead of a push and a pop, with the same order, event count and
// fingerprint as before.
type Driver struct {
	src  Source
	into IntoSource // src, when it is one
	to   Submitter
	rec  Recorder
	next Request
}

// KindArrival is the event kind the driver schedules for itself.
const KindArrival sim.Kind = 0

// Drive starts feeding src into to on k, reporting each arrival to rec.
func Drive(k *sim.Kernel, src Source, to Submitter, rec Recorder) *Driver {
	d := &Driver{src: src, to: to, rec: rec}
	d.into, _ = src.(IntoSource)
	d.schedule(k)
	return d
}

func (d *Driver) schedule(k *sim.Kernel) {
	if d.into != nil {
		if !d.into.NextInto(&d.next) {
			return
		}
	} else {
		req, ok := d.src.Next()
		if !ok {
			return
		}
		d.next = req
	}
	k.OfferAt(d.next.Arrival, d, KindArrival, d.next.ID, 0)
}

// Handle delivers the pending arrival and schedules the one after it.
func (d *Driver) Handle(k *sim.Kernel, ev sim.Event) {
	// &d.next, not the address of a local: a local would escape through the
	// interface call and cost one allocation per request.
	d.rec.Arrive(k.Now(), &d.next)
	d.to.Submit(k, d.next)
	d.schedule(k)
}
