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
		Refused: rec.Count(models.Throttled) + rec.Count(models.Rejected) + rec.Count(models.Failed)}
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
