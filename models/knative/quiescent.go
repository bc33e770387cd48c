package knative

import "fmt"

// State is what the Knative layer carries from one stretch of a run into
// the next, per revision: enough to tell whether it is back in the state
// it was built in (a regeneration point, scenarios/platform.Regenerator).
// The cluster behind it answers for its own state.
type State struct {
	Revisions []RevisionState
}

// RevisionState is one revision's part of State.
type RevisionState struct {
	Held, InFlight int  // requests in the activator, and in flight in all
	Active, Proxy  bool // the PodAutoscaler's status and the SKS mode
	Desired        int  // the decider's last decision
	Panicking      bool
	// StableWritten and PanicWritten say whether the metric windows hold
	// any sample, StableTotal and PanicTotal what they sum to: a window
	// of zeros is not a window with no data (the autoscaler then keeps
	// its scale), so both are compared.
	StableWritten, PanicWritten bool
	StableTotal, PanicTotal     float64
}

// State is the Knative layer's state now (see State).
func (m *Model) State() State {
	var s State
	for i := range m.revs {
		rs := &m.revs[i]
		r := RevisionState{Held: len(rs.held) - rs.head, InFlight: rs.inflight, Active: rs.active, Proxy: rs.proxy,
			Desired: rs.last.Desired, Panicking: rs.dec != nil && rs.dec.panicking}
		if rs.stable != nil {
			r.StableWritten, r.StableTotal = rs.stable.written, rs.stable.total
		}
		if rs.panicW != nil {
			r.PanicWritten, r.PanicTotal = rs.panicW.written, rs.panicW.total
		}
		s.Revisions = append(s.Revisions, r)
	}
	return s
}

// Unforgotten lists how the Knative layer now differs from start, a state
// taken when it was built. A revision that starts panicking (upstream does
// with more than one ready pod) or scaled to zero since never returns to
// its start: such runs are never at a regeneration point, and say so.
func (m *Model) Unforgotten(start State) []string {
	var out []string
	s := m.State()
	for i, r := range s.Revisions {
		if r != start.Revisions[i] {
			out = append(out, fmt.Sprintf("revision %s: activator, scale or autoscaler windows differ from the start (%+v, %+v at the start)",
				m.revs[i].cfg.Name, r, start.Revisions[i]))
		}
	}
	return out
}
