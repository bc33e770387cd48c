package summary

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/runner"
)

// Golden is the exact, line-oriented text of a result used by golden tests:
// header (scenario, seed, events, fingerprint, and the warm-up if any), then per platform integer
// counts, latency percentiles as durations at microsecond resolution, the
// batch-means confidence intervals, the SLO judgement,
// gauges in thousandths, the platform's own lines and its cost in
// micro-dollars, in a fixed order. It contains no wall-clock value.
func Golden(r *runner.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s\nseed %d\nduration %v\narrivals %d\nevents %d\nfingerprint %s\n",
		r.Plan.Name, r.Plan.Seed, r.Plan.Duration, r.Arrivals(), r.Events(), r.Fingerprint())
	if r.Plan.Warmup > 0 {
		fmt.Fprintf(&b, "warmup %v (arrivals, counts, latencies and gauges after it; each platform's lines from its whole_run line on, its own usage and its cost, the whole run)\n", r.Plan.Warmup)
	}
	for _, w := range r.Plan.Cost.Warnings {
		fmt.Fprintf(&b, "warning %s\n", w)
	}
	for _, m := range r.Platforms {
		fmt.Fprintf(&b, "\n[%s]\nevents %d\n", m.Name, m.Events)
		goldenCounts(&b, "", m.Rec.Count, m.Rec.InFlight(), m.Rec.ColdStarts(), m.Rec.Latency())
		goldenCI(&b, m.Rec)
		goldenSLO(&b, r, m)
		for g := range models.Gauge(models.NumGauges) {
			if m.Rec.GaugeReported(g) {
				fmt.Fprintf(&b, "%s peak %d mean %.3f\n", g, int64(m.Rec.GaugePeak(g)), m.Rec.GaugeMean(g, m.End))
			}
		}
		for i, s := range m.Rec.Services() {
			name := r.Plan.Workload.Services[i].Name
			count := func(o models.Outcome) int64 { return s.Outcomes[o] }
			inFlight := s.Arrivals - count(models.Completed) - count(models.Throttled) - count(models.Rejected) - count(models.Failed)
			goldenCounts(&b, name+" ", count, inFlight, s.ColdStarts, &s.Latency)
		}
		if r.Plan.Warmup > 0 {
			// a platform's own lines are its model's counters, which
			// count from the start: "deployment checkout completed 30280"
			// under "completed 27296" read as two counts of one service
			// (walk13 #10), so the line between them says which is which
			fmt.Fprintf(&b, "whole_run (the lines below count the warm-up too)\n")
		}
		m.Usage.Golden(&b, func() { goldenCost(&b, r, m) })
	}
	return b.String()
}

func goldenCost(w io.Writer, r *runner.Result, m *runner.PlatformResult) {
	c := m.Cost
	if c == nil {
		return
	}
	total := c.Breakdown.Total()
	perMillion := "null" // as summary.json: no request to divide by
	if n := m.Rec.AllArrivals(); n > 0 {
		perMillion = fmt.Sprint(cost.PerMillion(total, n).Micros())
	}
	fmt.Fprintf(w, "cost_micro_usd total %d per_million %s monthly %d\n", total.Micros(),
		perMillion, c.Breakdown.MonthlyOver(r.Plan.Duration).Micros())
	for _, l := range c.Breakdown.Lines {
		fmt.Fprintf(w, "cost_line %q %d\n", l.Item, l.Amount.Micros())
	}
	if a := c.Services; a != nil && isFleet(r) { // fleets only: single-service goldens keep their lines
		for i, s := range r.Plan.Workload.Services {
			fmt.Fprintf(w, "cost_service %q %d\n", s.Name, a.Parts[i].Micros())
		}
		for _, s := range a.Shared {
			fmt.Fprintf(w, "cost_shared %q %d\n", s.Item, s.Amount.Micros())
		}
	}
}

// goldenCI writes the batch-means intervals the run has: the mean
// latency's at microsecond resolution, the refused fraction's in millionths.
func goldenCI(b *strings.Builder, rec *metrics.Recorder) {
	lo, hi, lat := rec.MeanLatencyCI95()
	rlo, rhi, ref := rec.RefusedCI95()
	if !lat && !ref {
		return
	}
	b.WriteString("ci95")
	if lat {
		fmt.Fprintf(b, " latency_mean %v %v", lo.Round(time.Microsecond), hi.Round(time.Microsecond))
	}
	if ref {
		fmt.Fprintf(b, " refused %.6f %.6f", rlo, rhi)
	}
	b.WriteString("\n")
}

func goldenCounts(b *strings.Builder, prefix string, count func(models.Outcome) int64, inFlight, cold int64, h metrics.Distribution) {
	fmt.Fprintf(b, "%scompleted %d throttled %d rejected %d failed %d in_flight %d cold_starts %d\n", prefix,
		count(models.Completed), count(models.Throttled), count(models.Rejected), count(models.Failed), inFlight, cold)
	us := func(d time.Duration) time.Duration { return d.Round(time.Microsecond) }
	fmt.Fprintf(b, "%slatency mean %v p50 %v p90 %v p99 %v p999 %v max %v\n", prefix,
		us(h.Mean()), us(h.Quantile(0.5)), us(h.Quantile(0.9)), us(h.Quantile(0.99)), us(h.Quantile(0.999)), us(h.Max()))
}
