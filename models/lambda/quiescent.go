package lambda

import (
	"fmt"

	"github.com/execsim/execsim/sim"
)

// State is what a region carries from one stretch of a run into the next,
// in counts: enough to tell whether it is back in the state it was built
// in (a regeneration point, scenarios/platform.Regenerator).
type State struct {
	Concurrency  int // environments initialising or busy
	Environments int // environments that exist
	Busy         int
	// Idle and ProvisionedIdle count each function's idle on-demand and
	// provisioned environments; OnDemand its on-demand environments
	// initialising or busy.
	Idle, ProvisionedIdle, OnDemand []int
}

// State is the region's state now (see State).
func (r *Region) State() State {
	s := State{Concurrency: r.conc, Environments: r.envCount, Busy: r.busy}
	for i := range r.fns {
		fs := &r.fns[i]
		s.Idle = append(s.Idle, fs.idle.len())
		s.ProvisionedIdle = append(s.ProvisionedIdle, len(fs.pcIdle))
		s.OnDemand = append(s.OnDemand, fs.odConc)
	}
	return s
}

// Unforgotten lists how the region now differs from start, a state taken
// when it was built, and what else keeps it from forgetting its past: a
// token bucket not yet refilled (the per-function scaling limit, the RPS
// limits of the function, its provisioned version and the account, the
// legacy burst), or environments started in the current fixed
// scaling window. An on-demand environment still alive (kept warm after
// the day) is the usual reason: its keep-alive is minutes
// (KeepAlive), its maximum lifetime hours. None means the region is at a
// regeneration point.
func (r *Region) Unforgotten(start State) []string {
	var out []string
	now := r.k.Now()
	s := r.State()
	if s.Concurrency != start.Concurrency || s.Busy != start.Busy {
		out = append(out, fmt.Sprintf("%d environments busy or initialising (%d at the start)", s.Concurrency, start.Concurrency))
	}
	if s.Environments != start.Environments {
		out = append(out, fmt.Sprintf("%d environments alive (%d at the start)", s.Environments, start.Environments))
	}
	for i := range r.fns {
		fs := &r.fns[i]
		name := fs.cfg.Name
		if s.Idle[i] != start.Idle[i] || s.ProvisionedIdle[i] != start.ProvisionedIdle[i] || s.OnDemand[i] != start.OnDemand[i] {
			out = append(out, fmt.Sprintf("%s: %d idle on-demand environments kept warm (%d at the start)", name, s.Idle[i], start.Idle[i]))
		}
		if !fs.scaling.fullAt(now) || !fs.rps.fullAt(now) || !fs.pcRate.fullAt(now) {
			out = append(out, fmt.Sprintf("%s: a scaling or RPS token bucket is not yet refilled", name))
		}
		if i < len(r.windows) && !r.windows[i].emptyAt(now) {
			out = append(out, fmt.Sprintf("%s: environments started in the current scaling window", name))
		}
	}
	if !r.legacy.fullAt(now) {
		out = append(out, "the account's burst bucket is not yet refilled")
	}
	if !r.rps.fullAt(now) {
		out = append(out, "the account's RPS token bucket is not yet refilled")
	}
	return out
}

// emptyAt tells whether no environment has started in the window that
// holds now.
func (w *window) emptyAt(now sim.Time) bool {
	return w.size == 0 || w.width <= 0 || w.used == 0 || w.index != int64(now)/w.width
}
