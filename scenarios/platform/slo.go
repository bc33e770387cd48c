package platform

import (
	"fmt"
	"strconv"
	"time"

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
}

// MeasuredOf reads a recorder's totals.
func MeasuredOf(rec *metrics.Recorder) Measured {
	return Measured{Arrivals: rec.Arrivals(), Latency: rec.Latency(),
		Refused: OutcomesOf(rec).Refused()}
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
// nothing it did broke it.
func (s SLO) Meets(m Measured) bool {
	return s.Tail(m) <= s.Target && m.RefusedShare() <= s.Refused
}

// SLOFile is an SLO as a scenario writes it (slo:, placement.slo:): at
// most one latency percentile target and a ceiling on the refused share.
type SLOFile struct {
	P50     *time.Duration `yaml:"p50"`
	P90     *time.Duration `yaml:"p90"`
	P95     *time.Duration `yaml:"p95"`
	P99     *time.Duration `yaml:"p99"`
	P999    *time.Duration `yaml:"p999"`
	Refused *float64       `yaml:"refused"`
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
			p.Add(path+".refused", *f.Refused, models.ErrRange, "must be a share between 0 and 1 (0.001 is 0.1 %%)")
		}
		slo.Refused = *f.Refused
	}
	return slo
}
