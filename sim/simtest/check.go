package simtest

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/validation"
	"github.com/execsim/execsim/models"
)

// Tally is what CheckConservation reads from a recorder that counts
// outcomes (internal/metrics.Recorder is one).
type Tally interface {
	Arrivals() int64
	Count(o models.Outcome) int64
	InFlight() int64
}

// CheckConservation fails t unless every request that arrived is accounted
// for: arrivals = completed + throttled + rejected + failed + in flight.
func CheckConservation(t testing.TB, m Tally) {
	t.Helper()
	sum := m.Count(models.Completed) + m.Count(models.Throttled) + m.Count(models.Rejected) + m.Count(models.Failed) + m.InFlight()
	if sum != m.Arrivals() || m.InFlight() < 0 {
		t.Fatalf("conservation: arrivals %d ≠ completed+throttled+rejected+failed+in_flight %d", m.Arrivals(), sum)
	}
}

// CheckProblems fails t unless err, from a Validate or another check of
// input, is a *models.FieldError or joins some, and its text contains every
// one of want.
func CheckProblems(t testing.TB, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("error = nil; want problems")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q; want it to contain %q", err, w)
		}
	}
	var fe *models.FieldError
	if !errors.As(err, &fe) {
		t.Errorf("error %v is not a *models.FieldError", err)
	}
}

// ErlangB is the blocking probability of an M/G/c/c loss system with
// offered load a, by the stable recurrence B(0) = 1,
// B(k) = a·B(k−1)/(k + a·B(k−1)).
func ErlangB(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

// ErlangC is the probability of waiting in an M/M/c queue with offered
// load a = λ/μ: C = B·c/(c − a(1 − B)) with B = ErlangB(c, a).
func ErlangC(c int, a float64) float64 {
	b := ErlangB(c, a)
	return float64(c) * b / (float64(c) - a*(1-b))
}

// RelErr is |got − want| / want.
func RelErr(got, want float64) float64 { return math.Abs(got-want) / want }

// CheckMMc checks a run of an M/M/c queue and records both comparisons
// for VALIDATION.md: the share of requests that waited against Erlang C,
// and the mean response in seconds against 1/μ + C/(cμ − λ), each within
// 2 %. platform prefixes the checks' IDs; name describes the case.
func CheckMMc(t *testing.T, platform, name string, pWait, wantWait, mean, wantMean float64) {
	t.Helper()
	validation.Record(t, validation.Check{ID: platform + "/erlang-c/wait/" + t.Name(), Case: name + ": P(wait)",
		Source: "Erlang C", Expected: fmt.Sprintf("%.5f", wantWait), Measured: fmt.Sprintf("%.5f", pWait),
		Tolerance: "2 %", Pass: RelErr(pWait, wantWait) <= 0.02})
	validation.Record(t, validation.Check{ID: platform + "/erlang-c/mean/" + t.Name(), Case: name + ": mean response",
		Source: "M/M/c: 1/μ + C/(cμ − λ)", Expected: fmt.Sprintf("%.5f s", wantMean), Measured: fmt.Sprintf("%.5f s", mean),
		Tolerance: "2 %", Pass: RelErr(mean, wantMean) <= 0.02})
	if RelErr(pWait, wantWait) > 0.02 {
		t.Errorf("P(wait) = %.5f; want Erlang C %.5f ± 2%%", pWait, wantWait)
	}
	if RelErr(mean, wantMean) > 0.02 {
		t.Errorf("mean response = %.5f s; want %.5f s ± 2%%", mean, wantMean)
	}
}
