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
func Nearest(a, b *SLOResult) int {
	return cmp.Or(cmp.Compare(a.missed(), b.missed()), cmp.Compare(a.OverCeiling(), b.OverCeiling()), compareBool(a.noneCompleted(), b.noneCompleted()), Closer(a, b))
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

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}
