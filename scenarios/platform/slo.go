package platform

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
)

// SLO is a service-level objective: a latency percentile target and a
// ceiling on the share of requests refused (throttled, rejected and failed
// together).
type SLO struct {
	// Quantile is the latency percentile the target is for (0.99 for p99)
	// and Target its ceiling.
	Quantile float64
	Target   time.Duration
	// Refused is the largest share of arrivals that may be refused.
	Refused float64
}

// DefaultSLO is p99 ≤ 1 s with at most 0.1 % of requests refused: an
// interactive service's usual objective (three nines of availability).
var DefaultSLO = SLO{Quantile: 0.99, Target: time.Second, Refused: 0.001}

// Percentile names the SLO's percentile: "p99", "p99.9".
func (s SLO) Percentile() string { return "p" + strconv.FormatFloat(s.Quantile*100, 'f', -1, 64) }

// String is the SLO in words: "p99 ≤ 1s, refused ≤ 0.1 %".
func (s SLO) String() string {
	return fmt.Sprintf("%s ≤ %v, refused ≤ %s", s.Percentile(), s.Target, format.Percent(s.Refused))
}

// Measured is what an SLO is checked against: a latency histogram and the
// request counts.
type Measured struct {
	Arrivals, Refused int64
	Latency           metrics.Distribution // nil: nothing completed
	// InFlight is the arrivals still unfinished at the end of the run (0
	// when unknown). They have no latency, so the histogram alone would
	// let a platform that completes nothing "meet" any target.
	InFlight int64
	// windows are the run's time series, from which Late bounds how many
	// of those requests have waited longer than a target (nil: unknown).
	windows []metrics.Window
}

// MeasuredOf reads a recorder's totals.
func MeasuredOf(rec *metrics.Recorder) Measured {
	return Measured{Arrivals: rec.Arrivals(), Latency: rec.Latency(),
		Refused: OutcomesOf(rec).Refused(), InFlight: rec.InFlight(), windows: rec.Windows()}
}

// ServiceMeasuredOf reads service i's totals of a recorder that keeps
// them per service (MeasuredOf's without), its requests in flight at the
// end among them. The recorder keeps no series per service, so Late
// bounds them with the run's windows: their arrivals are every service's,
// at least the service's own, so more of its requests count as young and
// the bound stays one (review9b: without InFlight and windows a service's
// placement was judged without the late-in-flight rule the runs have).
func ServiceMeasuredOf(rec *metrics.Recorder, i int) Measured {
	o, s := serviceOf(rec, i)
	if s == nil {
		return MeasuredOf(rec)
	}
	return Measured{Arrivals: s.Arrivals, Latency: &s.Latency, Refused: o.Refused(), InFlight: o.InFlight, windows: rec.Windows()}
}

// Completed is the number of requests with a latency.
func (m Measured) Completed() int64 {
	if m.Latency == nil {
		return 0
	}
	return m.Latency.Count()
}

// Late is a lower bound on the requests still in flight at the end of the
// run that arrived more than d before it, so that their latency, whenever
// they finish, exceeds d. The recorder keeps no arrival time per request,
// so every arrival of a window that ends within d of the run's end counts
// as young (windows count the warm-up's arrivals too, which only makes the
// bound lower): a request is never called late when it might not be.
func (m Measured) Late(d time.Duration) int64 {
	if m.InFlight <= 0 || len(m.windows) == 0 {
		return 0
	}
	end := m.windows[len(m.windows)-1].End
	young := int64(0)
	for i := len(m.windows) - 1; i >= 0 && m.windows[i].End > end-d; i-- {
		young += m.windows[i].Arrivals
	}
	return max(m.InFlight-young, 0)
}

// RefusedShare is the share of arrivals refused (0 with no arrivals).
func (m Measured) RefusedShare() float64 {
	if m.Arrivals == 0 {
		return 0
	}
	return float64(m.Refused) / float64(m.Arrivals)
}

// Tail is the SLO's percentile of the measured latency (0 with none).
func (s SLO) Tail(m Measured) time.Duration {
	if m.Latency == nil || m.Latency.Count() == 0 {
		return 0
	}
	return m.Latency.Quantile(s.Quantile)
}

// Meets tells whether m meets the SLO. A service with no arrivals meets it:
// nothing it did broke it. One whose requests arrived but none completed
// does not (Unfinished says why).
func (s SLO) Meets(m Measured) bool {
	return s.Tail(m) <= s.Target && m.RefusedShare() <= s.Refused && s.Unfinished(m) == ""
}

// Unfinished says why the requests left in flight at the end of the run
// break the SLO, or "" when they do not: no request completed although
// some arrived and were not refused, or so many waited longer than the
// target that the percentile lies above it whatever the others' latency.
// The latter counts only requests surely late (Measured.Late) against
// the nearest rank ⌈q·n⌉ over completed and in-flight requests, so it
// never misses a run that met the SLO; it can pass one whose late
// requests, added to completed ones over the target, would tip it.
func (s SLO) Unfinished(m Measured) string {
	done := m.Completed()
	if m.Arrivals > 0 && done == 0 && m.Arrivals > m.Refused {
		if m.InFlight > 0 {
			return fmt.Sprintf("no request completed (%d in flight at the end)", m.InFlight)
		}
		return "no request completed"
	}
	late := m.Late(s.Target)
	if late == 0 {
		return ""
	}
	n := done + m.InFlight
	rank := min(max(int64(math.Ceil(s.Quantile*float64(n)-1e-9)), 1), n)
	if late > n-rank {
		return fmt.Sprintf("%d in flight past %v at the end", late, s.Target)
	}
	return ""
}

// SLOFile is an SLO as a scenario writes it (slo:, placement.slo:): at
// most one latency percentile target and a ceiling on the refused share.
type SLOFile struct {
	P50     *time.Duration `yaml:"p50"`
	P90     *time.Duration `yaml:"p90"`
	P95     *time.Duration `yaml:"p95"`
	P99     *time.Duration `yaml:"p99"`
	P999    *time.Duration `yaml:"p999"`
	Refused *Share         `yaml:"refused"`
}

// Share is a fraction as a scenario writes it: 0.001, or with a percent
// sign, 0.1% (which is 0.001). golden: and expect: take 2%, so refused:
// 0.1% was written and refused as "not a number" (walk11 #6).
type Share float64

// UnmarshalYAML reads a number, or a number followed by %.
func (s *Share) UnmarshalYAML(v *yaml.Node) error {
	if v.Kind == yaml.ScalarNode {
		if num, ok := strings.CutSuffix(strings.TrimSpace(v.Value), "%"); ok {
			x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return notShare(v)
			}
			*s = Share(x / 100)
			return nil
		}
	}
	var x float64
	if err := v.Decode(&x); err != nil {
		if _, ok := err.(*yaml.TypeError); ok && v.Kind == yaml.ScalarNode {
			return notShare(v) // "1 percent": say how a share is written
		}
		return err
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return notShare(v) // .nan passed the range check and was kept
	}
	*s = Share(x)
	return nil
}

// notShare is a TypeError, so that the decoder goes on and the scenario's
// reader names the field ("services[1].slo.refused: "0.001%%" is not a
// share: …").
func notShare(v *yaml.Node) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %q is not a share: write a fraction, e.g. 0.001, or a percentage, e.g. 0.1%%", v.Line, v.Value)}}
}

// SLOWarnings are the doubts an SLO as written raises: a refused share
// of one half or more was almost certainly meant as a percentage (1 for
// 1 %, which lets every request be refused).
func SLOWarnings(path string, f *SLOFile) []string {
	if f == nil || f.Refused == nil || *f.Refused < 0.5 || *f.Refused > 1 {
		return nil
	}
	// in words that hold however it was written: 0.5 and 50% are the same
	// share, and "it is a fraction" was wrong advice to one who wrote the
	// percent sign (rev12a)
	r := float64(*f.Refused)
	return []string{fmt.Sprintf("%s.refused: %s of requests may be refused and the SLO still met; if %g %% was meant, write %g or %g%%",
		path, format.Percent(r), r, r/100, r)}
}

// SLOSection is implemented by a platform section that can write an SLO
// of its own (placement.slo): a scenario that writes no slo: of its own
// judges its runs by that one, the only SLO its user wrote, rather than
// by DefaultSLO beside it (walk9 #4: placement.slo p99 500ms, and the
// verdict led with "meeting the SLO (p99 ≤ 1s…)").
type SLOSection interface {
	SectionSLO() *SLOFile
}

// CompileSLO fills f's unset parts from base and reports problems under
// path ("slo", "placement.slo").
func CompileSLO(p *models.Problems, path string, f *SLOFile, base SLO) SLO {
	slo := base
	if f == nil {
		return slo
	}
	set := 0
	for _, t := range []struct {
		key string
		q   float64
		v   *time.Duration
	}{{"p50", 0.5, f.P50}, {"p90", 0.9, f.P90}, {"p95", 0.95, f.P95}, {"p99", 0.99, f.P99}, {"p999", 0.999, f.P999}} {
		if t.v == nil {
			continue
		}
		set++
		if *t.v <= 0 {
			p.Add(path+"."+t.key, *t.v, models.ErrRange, "must be positive")
		}
		slo.Quantile, slo.Target = t.q, *t.v
	}
	if set > 1 {
		p.Add(path, nil, models.ErrInvalid, "give one latency percentile target (p50, p90, p95, p99 or p999), not %d", set)
	}
	if f.Refused != nil {
		if *f.Refused < 0 || *f.Refused > 1 {
			p.Add(path+".refused", float64(*f.Refused), models.ErrRange, "must be a share between 0 and 1 (0.001 is 0.1 %%)")
		}
		slo.Refused = float64(*f.Refused)
	}
	return slo
}

// ServiceSLOs are the SLOs a fleet's services are judged by, for a run's
// verdict: nil for a run of one service. When no service has an slo: of
// its own (PerService false) a run is judged on the latency pooled over
// all of its services' requests, as a run of one service is; when one
// has, every service is judged by its own SLO (the scenario's for those
// with none) and the run meets the SLO only when each of them does
// (walk11 #3: one batch-like service, 3 % of a fleet's requests, made
// every platform miss a pooled p99 that 196 of 200 services met on their
// own). Services is in the plan's order, the recorder's.
type ServiceSLOs struct {
	Services []ServiceSLO
	// PerService is set when at least one service has its own SLO.
	PerService bool
	// MinRequests is the fewest requests on which a service's own tail
	// is judged (placement.minRequests, as the placement judges it): a
	// service with fewer is judged on its refused share and on whether
	// any of its requests completed only (MeetsFew).
	MinRequests int
}

// DefaultMinRequests is the fewest requests on which a service's own tail
// is judged unless placement.minRequests says otherwise: with 100, a p99
// is at least the second-slowest request, not the slowest.
const DefaultMinRequests = 100

// MinRequester is implemented by a config that judges services on their
// own tail only from a number of requests on (a placement).
type MinRequester interface {
	MinRequests() int
}

// ServiceSLO is one service's objective: its own (Own) or the scenario's.
type ServiceSLO struct {
	Name string
	SLO  SLO
	Own  bool
}

// Judgement names how a run was judged, as summary.json's
// slo.judgement writes it.
const (
	JudgedPooled     = "pooled"
	JudgedPerService = "per_service"
)

// MeetsFew tells whether m meets the SLO when tooFew says it has too few
// requests for its tail to be judged (a p99 of a handful of requests is
// one cold start): its refused share still is, and so is a run that
// completed none of its requests although some were not refused. With
// enough requests it is Meets. (walk9 #1: a service all 12 of whose
// requests timed out on Lambda was placed there as "cheapest that meets
// the SLO" when too few requests judged nothing.) The placement judges
// each service on each platform by it, and JudgeRun each service of a
// run.
func (s SLO) MeetsFew(m Measured, tooFew bool) bool {
	if !tooFew {
		return s.Meets(m)
	}
	return m.RefusedShare() <= s.Refused && (m.Completed() > 0 || m.Arrivals <= m.Refused)
}

// JudgeRun judges a whole run: by s on its pooled totals for one service
// (per nil), with the judgement named for a fleet judged so, or service
// by service when per says so (SLOResult.Services). It is the one rule of
// summary.json, break-even and tune, and of the placement's runs.
func (s SLO) JudgeRun(rec *metrics.Recorder, per *ServiceSLOs) *SLOResult {
	r := s.Judge(MeasuredOf(rec))
	if per == nil {
		return r
	}
	if !per.PerService || !r.Judged() {
		r.Judgement = JudgedPooled
		if per.PerService {
			r.Judgement = JudgedPerService
		}
		return r
	}
	r.Judgement = JudgedPerService
	sv := &ServicesJudged{Services: len(per.Services)}
	for i, svc := range per.Services {
		m := ServiceMeasuredOf(rec, i)
		tooFew := m.Arrivals < int64(per.MinRequests)
		met := svc.SLO.MeetsFew(m, tooFew)
		if c := closeCall(svc, m, tooFew, met); c != nil {
			sv.Close = append(sv.Close, *c)
		}
		if met {
			sv.Met++
			continue
		}
		j := svc.SLO.Judge(m)
		if tooFew {
			// its tail is not what it missed by: only its refusals, or
			// that none of its requests completed; nor are requests in
			// flight past the target, unless none completed (as the
			// placement's Option.Unfinished)
			j.MeasuredMs = 0
			if m.Completed() > 0 {
				j.Unfinished = ""
			}
		}
		sv.Missed = append(sv.Missed, ServiceMiss{Service: svc.Name, Own: svc.Own, SLOResult: *j})
	}
	r.Met, r.Services = sv.Met == sv.Services, sv
	return r
}

// Interval is the 95 % interval of an SLO's percentile from a sample
// (SLO.Marginal): the sample's latencies at the interval's end ranks.
type Interval struct {
	Lo, Hi time.Duration
	// Open says the upper rank lies past the slowest request: Hi is then
	// the slowest, and the sample bounds the percentile from below only
	// (fewer completed requests than BoundedFrom).
	Open bool
	// Completed is the number of latencies the interval is from.
	Completed int64
}

// Marginal is the 95 % interval of the SLO's percentile of m (see
// Interval), with whether the target lies inside it: whether m meets the
// target is then a call its sample cannot make with confidence, and
// another seed may well make the other. ok is false when it does not
// (or there is no latency).
//
// The interval is the distribution-free one of a quantile by order
// statistics (Conover, Practical Nonparametric Statistics, 3rd ed.,
// 1999, §3.2): of n latencies drawn independently, the number at or
// below the q-quantile is binomial(n, q), so the ranks n·q ± z·√(n·q·(1−q))
// (z = 1.96, its normal approximation) bracket the quantile's rank with
// 95 % confidence, and the latencies at those ranks (⌈·⌉) its value. The
// margin so comes from the sample's size, not a constant: at n = 1,300
// and p99 the rank is the 14th-slowest ± 7 (walk11 #4: a $35 a month
// placement flipped with the seed on it). Two edges:
//
//   - when the upper rank passes n (n below BoundedFrom: 381 at p99,
//     73 at p95, 3,838 at p99.9), no latency of the sample bounds the
//     percentile from above (with no latency over a value among n, as
//     many as about 3/n of all may lie over it: Hanley and Lippman-Hand's
//     "rule of three", JAMA 249(13), 1983): the interval is open, and a target at or above its lower end is
//     inside it, however far above the slowest request it lies. Reading
//     the slowest as the top, as this did, called a p99 of 150 requests
//     whose slowest was 299 ms a clear pass of a 300 ms target;
//   - the latencies are read off the service's histogram or sketch,
//     whose values stand for a bucket (within Resolution of the latency
//     they stand for; metrics.Histogram.Quantile, metrics.Sketch): each
//     end is widened by that much, so that a target in the same bucket
//     as an end, which the histogram cannot tell from it, is inside. A
//     sample of one value (minimum = maximum) is exact and not widened.
func (s SLO) Marginal(m Measured) (Interval, bool) {
	if m.Latency == nil || m.Latency.Count() == 0 || s.Quantile <= 0 || s.Quantile >= 1 {
		return Interval{}, false
	}
	count := m.Latency.Count()
	n := float64(count)
	sd := math.Sqrt(n * s.Quantile * (1 - s.Quantile))
	iv := Interval{Completed: count}
	// the latency at rank ⌈r⌉, 0 below the first (the interval open
	// below: a p50 of three requests)
	at := func(r float64) time.Duration {
		k := math.Ceil(r - 1e-9)
		if k < 1 {
			return 0
		}
		return m.Latency.Quantile(min(k, n) / n)
	}
	iv.Lo = at(n*s.Quantile - marginZ*sd)
	up := n*s.Quantile + marginZ*sd
	iv.Hi, iv.Open = at(up), math.Ceil(up-1e-9) > n
	lo, hi := iv.Lo, iv.Hi
	if !exact(m.Latency) {
		res := Resolution(m.Latency)
		lo = time.Duration(float64(lo)/(1+res)) - time.Microsecond
		hi = time.Duration(float64(hi)/(1-res)) + time.Microsecond
	}
	return iv, lo <= s.Target && (iv.Open || s.Target < hi)
}

// BoundedFrom is the fewest completed requests whose 95 % interval of
// the q-quantile (SLO.Marginal) is bounded above by a latency of the
// sample: n·q + z·√(n·q·(1−q)) ≤ n, that is n ≥ z²·q/(1−q).
func BoundedFrom(q float64) int64 {
	if q <= 0 || q >= 1 {
		return 1
	}
	return max(int64(math.Ceil(marginZ*marginZ*q/(1-q)-1e-9)), 1)
}

// Resolution is how far, relative, a value d reports may lie from the
// latency it stands for: a Sketch's SketchAccuracy (half its buckets'
// 1/64); a Histogram's 1/2048 (three significant digits: a bucket spans
// at most 1/1024 of its values and reads as its midpoint, metrics.
// Histogram.Quantile; its whole microseconds Marginal adds).
func Resolution(d metrics.Distribution) float64 {
	if _, ok := d.(*metrics.Sketch); ok {
		return metrics.SketchAccuracy
	}
	return 1.0 / 2048
}

// exact tells whether every value d reports is a recorded latency: one
// whose minimum and maximum, which it keeps exactly, are the same.
func exact(d metrics.Distribution) bool {
	mm, ok := d.(interface{ Min() time.Duration })
	return ok && mm.Min() == d.Max()
}

// marginZ is the standard normal's 97.5th percentile: a two-sided 95 %
// interval.
const marginZ = 1.959964
