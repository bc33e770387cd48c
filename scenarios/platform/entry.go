package platform

import (
	"bytes"
	"encoding/json"
	"math"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Entry is one platform's object in summary.json: the fields every
// platform reports, then the platform's own (Extra).
type Entry struct {
	Outcomes
	// RefusedFraction is throttled, rejected and failed over arrivals, and
	// RefusedCI95 its 95 % confidence interval by batch means (see
	// metrics.Recorder.RefusedCI95), nil when the run gives none.
	RefusedFraction float64     `json:"refused_fraction"`
	RefusedCI95     *[2]float64 `json:"refused_ci95,omitempty"`
	LatencyMs       Latency     `json:"latency_ms"`
	// ColdStartLatencyMs is the latency of the completed requests that
	// were cold starts; nil when none completed.
	ColdStartLatencyMs *Latency `json:"cold_start_latency_ms,omitempty"`
	// SLO is the run judged by the scenario's SLO (sloresult.go).
	SLO  *SLOResult `json:"slo,omitempty"`
	Cost *Cost      `json:"cost,omitempty"`
	// Services and SharedCost are a fleet's per-service results (runs of
	// more than one service only; services.csv has them for every run).
	Services   []ServiceResult `json:"services,omitempty"`
	SharedCost []SharedCost    `json:"shared_cost,omitempty"`
	// Extra's fields follow the common ones in the same object
	// (MarshalJSON). The tag keeps a nil Extra out of entryFields' JSON; a
	// platform's own field may not be called "extra", which entryFields
	// would try to read into the interface.
	Extra `json:",omitempty"`
}

// entryFields is Entry without its methods, so that encoding/json writes
// and reads its common fields the default way; with Extra nil, they are
// all it holds. One list of fields for both directions, so a field added
// to Entry is written and read back without a second list to extend.
type entryFields Entry

// MarshalJSON writes the common fields, then the Extra's, in one object.
func (e Entry) MarshalJSON() ([]byte, error) {
	f := entryFields(e)
	f.Extra = nil
	common, err := json.Marshal(f)
	if err != nil || e.Extra == nil {
		return common, err
	}
	extra, err := json.Marshal(e.Extra)
	if err != nil {
		return nil, err
	}
	if len(extra) <= 2 || extra[0] != '{' { // {}, or null from a nil pointer
		return common, nil
	}
	return append(append(common[:len(common)-1], ','), extra[1:]...), nil
}

// DecodeEntry reads an entry written by MarshalJSON; extra receives the
// platform's own fields.
func DecodeEntry(data []byte, extra Extra) (*Entry, error) {
	var f entryFields
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(extra); err != nil {
		return nil, err
	}
	e := Entry(f)
	e.Extra = extra
	return &e, nil
}

// Outcomes are the counts every platform reports; they obey conservation:
// arrivals = completed + throttled + rejected + failed + in_flight.
type Outcomes struct {
	Completed  int64 `json:"completed"`
	Throttled  int64 `json:"throttled"`
	Rejected   int64 `json:"rejected"`
	Failed     int64 `json:"failed"`
	InFlight   int64 `json:"in_flight"`
	ColdStarts int64 `json:"cold_starts"`
}

// Refused is throttled, rejected and failed together.
func (o Outcomes) Refused() int64 { return o.Throttled + o.Rejected + o.Failed }

// OutcomesOf reads a run's totals.
func OutcomesOf(rec *metrics.Recorder) Outcomes {
	return Outcomes{
		Completed:  rec.Count(models.Completed),
		Throttled:  rec.Count(models.Throttled),
		Rejected:   rec.Count(models.Rejected),
		Failed:     rec.Count(models.Failed),
		InFlight:   rec.InFlight(),
		ColdStarts: rec.ColdStarts(),
	}
}

// ServiceOutcomes reads one service's totals in a fleet.
func ServiceOutcomes(s metrics.ServiceStats) Outcomes {
	o := Outcomes{
		Completed: s.Outcomes[models.Completed], Throttled: s.Outcomes[models.Throttled],
		Rejected: s.Outcomes[models.Rejected], Failed: s.Outcomes[models.Failed], ColdStarts: s.ColdStarts,
	}
	o.InFlight = s.Arrivals - o.Completed - o.Throttled - o.Rejected - o.Failed
	return o
}

// ServiceOutcomesOf is service i's outcomes in rec: its own where rec
// keeps totals per service (a fleet), else the run's (a run of one
// service), as ServiceMeasuredOf reads the rest of them.
func ServiceOutcomesOf(rec *metrics.Recorder, i int) Outcomes {
	o, _ := serviceOf(rec, i)
	return o
}

// serviceOf is service i's outcomes and totals in rec, with nil totals
// and the run's outcomes where rec keeps none per service.
func serviceOf(rec *metrics.Recorder, i int) (Outcomes, *metrics.ServiceStats) {
	s := rec.Service(i)
	if s == nil {
		return OutcomesOf(rec), nil
	}
	return ServiceOutcomes(*s), s
}

// Cost is a platform's money for the run (DESIGN §6): the total, per
// million requests (arrivals), a 730-hour projection of the run's average,
// and one breakdown line per item (JSON sorts the items by name). Cost
// covers the whole run: a warm-up left out of every other figure is in
// it, and IncludesWarmupS says how long it was; per million divides by
// every arrival, the warm-up's too.
type Cost struct {
	TotalUSD float64 `json:"total_usd"`
	// PerMillionUSD is nil (JSON null) when the run had no arrival: there
	// is no request to divide by, and 0 would read as "free".
	PerMillionUSD   *float64           `json:"per_million_usd"`
	MonthlyUSD      float64            `json:"monthly_usd"`
	IncludesWarmupS float64            `json:"includes_warmup_s,omitempty"`
	Breakdown       map[string]float64 `json:"breakdown"`
	// Lines are the breakdown's lines in the bill's order, with what they
	// count: the same amounts as Breakdown (whose items they name).
	Lines []CostLine `json:"lines,omitempty"`
}

// CostLine is one line of a platform's bill: Quantity Unit at
// UnitPriceUSD each comes to USD for the run, MonthlyUSD projected to a
// 730-h month at the run's rate. Credits (free tier, volume discounts)
// are negative.
type CostLine struct {
	Item         string  `json:"item"`
	Quantity     float64 `json:"quantity"`
	Unit         string  `json:"unit"`
	UnitPriceUSD float64 `json:"unit_price_usd"`
	USD          float64 `json:"usd"`
	MonthlyUSD   float64 `json:"monthly_usd"`
}

// Latency is in milliseconds, rounded to the microsecond; mean and max are
// exact, and the percentiles follow metrics.Histogram.Quantile's one rule
// (the nearest rank ⌈q·n⌉, within the histogram's 0.1 %), so that equal
// samples print equal percentiles on every platform.
type Latency struct {
	Mean float64 `json:"mean"`
	// MeanCI95 is the 95 % confidence interval of the mean by batch means
	// (metrics.Recorder.MeanLatencyCI95); only the run's latency_ms has
	// one, and only when the run gives one.
	MeanCI95 *[2]float64 `json:"mean_ci95,omitempty"`
	P50      float64     `json:"p50"`
	P90      float64     `json:"p90"`
	P95      float64     `json:"p95"`
	P99      float64     `json:"p99"`
	P999     float64     `json:"p999"`
	Max      float64     `json:"max"`
}

// LatencyOf reads a latency distribution: a run's histogram or a
// service's sketch.
func LatencyOf(h metrics.Distribution) Latency {
	return Latency{
		Mean: Ms(h.Mean()), P50: Ms(h.Quantile(0.50)), P90: Ms(h.Quantile(0.90)), P95: Ms(h.Quantile(0.95)),
		P99: Ms(h.Quantile(0.99)), P999: Ms(h.Quantile(0.999)), Max: Ms(h.Max()),
	}
}

// BatchMeans fills the entry's confidence intervals from the recorder
// (latency_ms.mean_ci95, refused_ci95) and its refused fraction.
func (e *Entry) BatchMeans(rec *metrics.Recorder) {
	if n := rec.Arrivals(); n > 0 {
		e.RefusedFraction = Round(float64(e.Refused())/float64(n), 6)
	}
	if lo, hi, ok := rec.MeanLatencyCI95(); ok {
		e.LatencyMs.MeanCI95 = &[2]float64{Ms(lo), Ms(hi)}
	}
	if lo, hi, ok := rec.RefusedCI95(); ok {
		e.RefusedCI95 = &[2]float64{Round(lo, 6), Round(hi, 6)}
	}
}

// ColdLatencyOf reads the cold starts' latency histogram of a run, or nil
// if no cold start completed.
func ColdLatencyOf(rec *metrics.Recorder) *Latency {
	h := rec.ColdLatency()
	if h == nil {
		return nil
	}
	l := LatencyOf(h)
	return &l
}

// Utilisation is the time-average share of a capacity gauge busy over
// the run: ∫ Busy dt over ∫ capacity dt, from the recorder's gauges,
// rounded to 6 decimals; 0 when there was no capacity.
func Utilisation(rec *metrics.Recorder, capacity models.Gauge, end sim.Time) float64 {
	c := rec.GaugeMean(capacity, end)
	if c <= 0 {
		return 0
	}
	return Round(rec.GaugeMean(models.Busy, end)/c, 6)
}

// Ms converts to milliseconds rounded to the microsecond.
func Ms(d time.Duration) float64 { return float64(d.Round(time.Microsecond).Microseconds()) / 1000 }

// Round rounds x to digits decimals, so summaries carry no false precision.
func Round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
