package prometheus

import (
	"time"

	"github.com/execsim/execsim/models/workload"
)

// Arrivals is service i's arrival process: a workload Profile through its
// rates on the grid (0 at steps without a sample), zero from End on.
//
// With workload.Step each sample's rate holds for the step that starts at
// it, and the expected count of a step is rate×Step. The profile's
// non-homogeneous Poisson process then puts Poisson(rate×Step) arrivals in
// each step, placed uniformly and independently within it: conditional on
// its count, a step's arrivals are uniform (conditional Poisson), as
// workload.Counts places a trace's per-minute counts.
//
// With workload.Linear the rate goes linearly from each grid point's rate
// to the next one's; the last sample's rate holds for its step, then the
// rate drops to 0 at End.
func (t *Traffic) Arrivals(i int, interp workload.Interp) workload.Arrivals {
	rates := t.Rates(i)
	pts := make([]workload.Point, 0, len(rates)+2)
	for k, r := range rates {
		if interp == workload.Step && k > 0 && r == rates[k-1] {
			continue // a step profile only needs the changes
		}
		pts = append(pts, workload.Point{At: time.Duration(k) * t.Step, RatePerSecond: r})
	}
	if interp == workload.Linear && len(rates) > 0 {
		pts = append(pts, workload.Point{At: t.End, RatePerSecond: rates[len(rates)-1]})
	}
	pts = append(pts, workload.Point{At: t.End, RatePerSecond: 0})
	return workload.Arrivals{Process: workload.Profile, Interp: interp, Points: pts}
}
