package platform

import "cmp"

// Nearest orders two results that miss the SLO by how near each comes to
// it, the nearer first (a negative result when a is): for a fleet judged
// service by service, the fewer services missing their own SLO (as
// Closer ranks them: the pooled refusals below would otherwise rank a
// platform where four services miss before one where one does); then
// the fewer requests refused beyond the ceiling, then one where some
// request completed
// before one where none did, then Closer. It is how the verdict names
// "the closest" platform and how the placement places a service that
// meets the SLO nowhere (hybrid.closest), so that the two agree; each
// breaks a tie by cost.
//
// Refusals beyond the ceiling come first as walkfix11 placed services:
// by Distance alone a platform refusing 0.5 % against a 0.1 % ceiling,
// with a p99 at 1.1 × its target, was the closest before one refusing
// none with a p99 at 10 ×, and the verdict named the former while the
// placement put the service on the latter. A run where no request
// completed has no latency, and Distance ranks it just past the SLO
// (sloresult.go): nearer than any tail over its target, so that a
// platform where nothing completed was "the closest" and the placement
// put a service there, before one that completed every request.
//
// Judged service by service, the refusals and the requests completed are
// the missing services' own, as the placement weighs them service by
// service: the share each refuses beyond its own ceiling, summed, then
// how many of them completed none of their requests. The pooled ones
// (the run's share refused against the scenario's ceiling, whether any
// request of the whole run completed) named "the closest" a platform on
// which a missing service completed none of its requests, its Distance
// just past the line, before one on which that service completed every
// request over its target, and the verdict recommended it alone where
// the placement put that service on the other (rev14a); and a platform
// refusing, within its own ceiling, a share of a service that met its
// SLO came after one that did not.
func Nearest(a, b *SLOResult) int {
	return cmp.Or(cmp.Compare(a.missed(), b.missed()), cmp.Compare(a.overCeilings(), b.overCeilings()), cmp.Compare(a.noneCompletedCount(), b.noneCompletedCount()), Closer(a, b))
}

// overCeilings is the share refused beyond the ceiling: judged service by
// service, the sum of the missing services' own.
func (r *SLOResult) overCeilings() float64 {
	if !r.PerService() {
		return r.OverCeiling()
	}
	sum := 0.0
	for _, m := range r.Services.Missed {
		sum += m.OverCeiling()
	}
	return sum
}

// noneCompletedCount is 1 when requests were judged of which none
// completed (noneCompleted), else 0; judged service by service, the
// number of missing services of which none completed.
func (r *SLOResult) noneCompletedCount() int {
	if !r.PerService() {
		if r.noneCompleted() {
			return 1
		}
		return 0
	}
	n := 0
	for _, m := range r.Services.Missed {
		if m.noneCompleted() {
			n++
		}
	}
	return n
}

// OverCeiling is the share refused beyond the SLO's ceiling: what Nearest
// and DoesBetter weigh first, and the placement too (hybrid's
// search.acceptable, on its options judged as a run is).
func (r *SLOResult) OverCeiling() float64 { return max(r.Refused-r.RefusedMax, 0) }

// noneCompleted tells whether requests were judged of which none
// completed: SLO.Unfinished says so, and with nothing completed there is
// no tail (MeasuredMs 0).
func (r *SLOResult) noneCompleted() bool {
	return r.Judged() && r.Unfinished != "" && r.MeasuredMs == 0
}
