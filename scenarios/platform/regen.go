package platform

import "strings"

// Regenerator is implemented by a Model that can tell whether it has
// forgotten its run so far: whether, at the time it is asked, it is back in
// the state it was built in, so that what follows would unfold as it did
// from time zero (a regeneration point). A break-even that simulates one
// representative day of a week whose days repeat relies on it: the week is
// then independent copies of that day only if every platform is back where
// it started by the end of the day (scenarios/breakeven, days.go).
type Regenerator interface {
	// Unforgotten lists what differs from the state the model was built in
	// (capacity, queues, scaling windows that still hold the day, events
	// the configuration sets at fixed times), in words; none when the
	// model is back at its start.
	Unforgotten() []string
}

// Unforgotten is what stops model m from being at a regeneration point:
// requests still in flight by the recorder (inFlight), then what the model
// itself lists. A model that is no Regenerator cannot tell, and says so.
func Unforgotten(m Model, inFlight int64) string {
	var out []string
	if inFlight != 0 {
		out = append(out, "requests still in flight")
	}
	if r, ok := m.(Regenerator); ok {
		out = append(out, r.Unforgotten()...)
	} else {
		out = append(out, "the platform cannot tell whether it is back at its start")
	}
	return strings.Join(out, "; ")
}
