package scenarios

import (
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
)

// Golden is the exact, line-oriented text of a result used by golden tests:
// header (scenario, seed, events, fingerprint), integer counts, latency
// percentiles as durations at microsecond resolution, gauges in thousandths,
// in a fixed order. It contains no wall-clock value.
func (r *Result) Golden() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s\nseed %d\nduration %v\narrivals %d\nevents %d\nfingerprint %s\n",
		r.Plan.Name, r.Plan.Seed, r.Plan.Duration, r.Arrivals(), r.Events(), r.Fingerprint())
	for _, m := range r.Models {
		fmt.Fprintf(&b, "\n[%s]\nevents %d\n", m.Name, m.Events)
		goldenCounts(&b, "", m.Rec.Count, m.Rec.InFlight(), m.Rec.ColdStarts(), m.Rec.Latency())
		for _, g := range []models.Gauge{models.Concurrency, models.Environments, models.Busy, models.Pods, models.Nodes} {
			if m.Rec.GaugeReported(g) {
				fmt.Fprintf(&b, "%s peak %d mean %.3f\n", g, int64(m.Rec.GaugePeak(g)), m.Rec.GaugeMean(g, m.End))
			}
		}
		for i, s := range m.Rec.Services() {
			name := r.Plan.Workload.Services[i].Name
			count := func(o models.Outcome) int64 { return s.Outcomes[o] }
			inFlight := s.Arrivals - count(models.Completed) - count(models.Throttled) - count(models.Rejected) - count(models.Failed)
			goldenCounts(&b, name+" ", count, inFlight, s.ColdStarts, s.Latency)
		}
		if u := m.Kubernetes; u != nil {
			fmt.Fprintf(&b, "peak_pods %d peak_nodes %d cpu_seconds %.3f cross_az_bytes %.0f\n", u.PeakPods, u.PeakNodes, u.CPUSeconds, u.CrossAZBytes)
			for _, n := range u.Nodes {
				fmt.Fprintf(&b, "nodes %s %s launched %d seconds %.3f billed %.3f\n", n.InstanceType, n.Capacity, n.Launched, n.Seconds, n.BilledSeconds)
			}
			for _, d := range u.Deployments {
				fmt.Fprintf(&b, "deployment %s completed %d queue_full %d no_endpoints %d timed_out %d lost %d pod_starts %d peak_replicas %d\n",
					d.Name, d.Completed, d.QueueFull, d.NoEndpoints, d.TimedOut, d.Lost, d.PodStarts, d.PeakReplicas)
			}
		}
		if c := m.Cost; c != nil {
			total := c.Breakdown.Total()
			fmt.Fprintf(&b, "cost_micro_usd total %d per_million %d monthly %d\n", total.Micros(),
				cost.PerMillion(total, m.Rec.Arrivals()).Micros(), cost.Monthly(total, r.Plan.Duration).Micros())
			for _, l := range c.Breakdown.Lines {
				fmt.Fprintf(&b, "cost_line %q %d\n", l.Item, l.Amount.Micros())
			}
		}
		for _, u := range m.Lambda {
			fmt.Fprintf(&b, "function %s invocations %d billed_ms %d init_ms %d provisioned_ms %d\n",
				u.Name, u.Invocations, u.DurationMs, u.InitMs, u.ProvisionedDurationMs)
		}
	}
	return b.String()
}

func goldenCounts(b *strings.Builder, prefix string, count func(models.Outcome) int64, inFlight, cold int64, h *metrics.Histogram) {
	fmt.Fprintf(b, "%scompleted %d throttled %d rejected %d failed %d in_flight %d cold_starts %d\n", prefix,
		count(models.Completed), count(models.Throttled), count(models.Rejected), count(models.Failed), inFlight, cold)
	us := func(d time.Duration) time.Duration { return d.Round(time.Microsecond) }
	fmt.Fprintf(b, "%slatency mean %v p50 %v p90 %v p99 %v p999 %v max %v\n", prefix,
		us(h.Mean()), us(h.Quantile(0.5)), us(h.Quantile(0.9)), us(h.Quantile(0.99)), us(h.Quantile(0.999)), us(h.Max()))
}
