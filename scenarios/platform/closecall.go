package platform

import (
	"fmt"
	"math"
	"time"

	"github.com/execsim/execsim/internal/format"
)

// CloseCall is a service whose own judgement on a run is a call its
// sample cannot make with confidence: the target lies inside the 95 %
// interval of its percentile (SLO.Marginal), and the tail alone decided
// it (its refused share is within the ceiling and its unfinished
// requests break nothing), so another seed may well make the other call.
// A run judged service by service lists them, met or missed
// (ServicesJudged.Close), so that a verdict that rests on one can say so
// (walk13 #1: a 300-service fleet's verdict turned on one service's p99
// over 166 requests, 834.7 ms against 800 ms, and flipped with the seed).
type CloseCall struct {
	Service    string  `json:"service"`
	Met        bool    `json:"met"`
	Percentile string  `json:"percentile"`
	TargetMs   float64 `json:"target_ms"`
	MeasuredMs float64 `json:"measured_ms"`
	// LowMs and HighMs are the 95 % interval of MeasuredMs, from the
	// Completed requests it is a percentile of.
	LowMs     float64 `json:"low_ms"`
	HighMs    float64 `json:"high_ms"`
	Completed int64   `json:"completed"`
	// Open says the interval is open above (Interval.Open): too few
	// completed requests to bound the percentile from above, HighMs their
	// slowest.
	Open bool `json:"open,omitempty"`
}

// closeCall is service svc's close call on m (judged met or not), nil
// when its call is not close: too few requests to judge its tail, a
// target outside the interval, or a miss its tail alone did not decide.
func closeCall(svc ServiceSLO, m Measured, tooFew, met bool) *CloseCall {
	if tooFew {
		return nil
	}
	s := svc.SLO
	if !met && (m.RefusedShare() > s.Refused || s.Unfinished(m) != "") {
		return nil
	}
	iv, ok := s.Marginal(m)
	// an interval open above (too few requests to bound the percentile
	// from above) holds any target over its low end: a verdict names a
	// met service's call only when some of its requests were slower than
	// the target, or every quiet service that met would be a close call
	if !ok || met && iv.OnlyOpen(s.Target) {
		return nil
	}
	return &CloseCall{Service: svc.Name, Met: met, Percentile: s.Percentile(), TargetMs: Ms(s.Target), MeasuredMs: Ms(s.Tail(m)),
		LowMs: Ms(iv.Lo), HighMs: Ms(iv.Hi), Completed: m.Completed(), Open: iv.Open}
}

// Words is the call in words: "catalog-profile-175's p99 834.7 ms against
// 800.0 ms (95 % interval 522.2 ms–1.012 s from 1,166 completed
// requests)", the interval worded as the placement words it
// (Interval.Words).
func (c CloseCall) Words() string {
	return fmt.Sprintf("%s's %s %s against %s (%s)", c.Service, c.Percentile, format.Millis(c.MeasuredMs), format.Millis(c.TargetMs), c.Interval().Words(c.quantile()))
}

// Interval is the call's 95 % interval.
func (c CloseCall) Interval() Interval {
	d := func(ms float64) time.Duration { return time.Duration(math.Round(ms * float64(time.Millisecond))) }
	return Interval{Lo: d(c.LowMs), Hi: d(c.HighMs), Open: c.Open, Completed: c.Completed}
}

// quantile is the quantile of the call's percentile (a p99 for a name
// that is none, as SLOResult.SLO reads one).
func (c CloseCall) quantile() float64 {
	if q, ok := quantileOf(c.Percentile); ok {
		return q
	}
	return DefaultSLO.Quantile
}

// CloseCalls are the result's close calls that met (met true) or missed
// the SLO; nil unless judged service by service.
func (r *SLOResult) CloseCalls(met bool) []CloseCall {
	if !r.PerService() {
		return nil
	}
	var out []CloseCall
	for _, c := range r.Services.Close {
		if c.Met == met {
			out = append(out, c)
		}
	}
	return out
}

// OnlyCloseMisses tells whether every service that missed its own SLO
// missed it on a close call, at least one having missed: with the other
// calls the run would meet the SLO.
func (r *SLOResult) OnlyCloseMisses() bool {
	if !r.PerService() || r.Met || len(r.Services.Missed) == 0 {
		return false
	}
	isClose := map[string]bool{}
	for _, c := range r.CloseCalls(false) {
		isClose[c.Service] = true
	}
	for _, m := range r.Services.Missed {
		if !isClose[m.Service] {
			return false
		}
	}
	return true
}
