package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/execsim/execsim/scenarios"
)

// Text writes the readable summary: a header that says how to reproduce the
// run, then one column per model.
func Text(w io.Writer, res *scenarios.Result, command string) error {
	s := res.Summary(false)
	p := res.Plan
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s · seed %d · %v simulated · %s arrivals\n", p.Name, p.Seed, p.Duration, thousands(s.Arrivals))
	if p.Description != "" {
		fmt.Fprintf(&b, "%s\n", p.Description)
	}
	fmt.Fprintf(&b, "reproduce: %s\n", command)
	fmt.Fprintf(&b, "fingerprint %s · %s events\n\n", s.Fingerprint, thousands(int64(s.Events)))

	writeTable(&b, summaryTable(s))
	if k := s.Models.Kubernetes; k != nil && len(k.Deployments) > 1 {
		b.WriteString("\nkubernetes, per deployment\n")
		fr := [][]string{{"", "completed", "rejected", "failed", "pod starts", "p50", "p99", "max", "peak replicas"}}
		for _, d := range k.Deployments {
			fr = append(fr, []string{d.Name, thousands(d.Completed), thousands(d.Rejected), thousands(d.Failed),
				thousands(d.ColdStarts), dur(d.LatencyMs.P50), dur(d.LatencyMs.P99), dur(d.LatencyMs.Max), fmt.Sprint(d.PeakReplicas)})
		}
		writeTable(&b, fr)
	}
	if l := s.Models.Lambda; l != nil && len(l.Functions) > 1 {
		b.WriteString("\nlambda, per function\n")
		fr := [][]string{{"", "completed", "throttled", "failed", "cold starts", "p50", "p99", "max", "billed duration"}}
		for _, f := range l.Functions {
			fr = append(fr, []string{f.Name, thousands(f.Completed), thousands(f.Throttled), thousands(f.Failed),
				thousands(f.ColdStarts), dur(f.LatencyMs.P50), dur(f.LatencyMs.P99), dur(f.LatencyMs.Max),
				(time.Duration(f.DurationMs) * time.Millisecond).String()})
		}
		writeTable(&b, fr)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// summaryTable is the side-by-side table of the models: a header row, then
// one row per quantity. Text, Markdown and HTML all print it.
func summaryTable(s scenarios.Summary) [][]string {
	type col struct {
		name string
		o    scenarios.Outcomes
		lat  scenarios.Latency
		cost *scenarios.Cost
		cap  [][2]string // model-specific rows
	}
	var cols []col
	if k := s.Models.Kubernetes; k != nil {
		cols = append(cols, col{"kubernetes", k.Outcomes, k.LatencyMs, k.Cost, [][2]string{
			{"peak pods", thousands(k.PeakPods)}, {"mean pods", fmt.Sprintf("%.2f", k.MeanPods)},
			{"peak nodes", thousands(k.PeakNodes)}, {"mean nodes", fmt.Sprintf("%.2f", k.MeanNodes)},
			{"node hours", fmt.Sprintf("%.2f", k.NodeSeconds/3600)}}})
	}
	if l := s.Models.Lambda; l != nil {
		cols = append(cols, col{"lambda", l.Outcomes, l.LatencyMs, l.Cost, [][2]string{
			{"peak concurrency", thousands(l.PeakConcurrency)},
			{"mean environments", fmt.Sprintf("%.2f", l.MeanEnvironments)}}})
	}
	pct := func(n int64) string {
		if s.Arrivals == 0 {
			return thousands(n)
		}
		return fmt.Sprintf("%s (%.2f%%)", thousands(n), 100*float64(n)/float64(s.Arrivals))
	}
	rows := [][]string{}
	add := func(label string, f func(c col) string) {
		r := []string{label}
		for _, c := range cols {
			r = append(r, f(c))
		}
		rows = append(rows, r)
	}
	header := []string{""}
	for _, c := range cols {
		header = append(header, c.name)
	}
	rows = append(rows, header)
	add("completed", func(c col) string { return pct(c.o.Completed) })
	add("throttled", func(c col) string { return pct(c.o.Throttled) })
	add("rejected", func(c col) string { return pct(c.o.Rejected) })
	add("failed", func(c col) string { return pct(c.o.Failed) })
	add("in flight at end", func(c col) string { return thousands(c.o.InFlight) })
	add("cold starts", func(c col) string { return thousands(c.o.ColdStarts) })
	add("latency mean", func(c col) string { return dur(c.lat.Mean) })
	add("latency p50", func(c col) string { return dur(c.lat.P50) })
	add("latency p90", func(c col) string { return dur(c.lat.P90) })
	add("latency p95", func(c col) string { return dur(c.lat.P95) })
	add("latency p99", func(c col) string { return dur(c.lat.P99) })
	add("latency p99.9", func(c col) string { return dur(c.lat.P999) })
	add("latency max", func(c col) string { return dur(c.lat.Max) })
	money := func(f func(*scenarios.Cost) float64) func(c col) string {
		return func(c col) string {
			if c.cost == nil {
				return "—"
			}
			return usd(f(c.cost))
		}
	}
	add("cost of the run", money(func(c *scenarios.Cost) float64 { return c.TotalUSD }))
	add("cost per million requests", money(func(c *scenarios.Cost) float64 { return c.PerMillionUSD }))
	add("cost per month (730 h)", money(func(c *scenarios.Cost) float64 { return c.MonthlyUSD }))
	// model-specific rows: one column filled, the others blank
	for i, c := range cols {
		for _, kv := range c.cap {
			r := make([]string, len(cols)+1)
			r[0] = kv[0]
			for j := range cols {
				r[j+1] = "—"
			}
			r[i+1] = kv[1]
			rows = append(rows, r)
		}
	}
	return rows
}

// usd prints dollars with cents, or with more digits below one cent.
func usd(x float64) string {
	switch {
	case x == 0:
		return "$0.00"
	case x < 0.01:
		return fmt.Sprintf("$%.6f", x)
	case x >= 1000:
		return "$" + thousands(int64(x)) + fmt.Sprintf("%.2f", x-float64(int64(x)))[1:]
	}
	return fmt.Sprintf("$%.2f", x)
}

// writeTable left-aligns the first column and right-aligns the others.
func writeTable(b *strings.Builder, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			if i == 0 {
				b.WriteString("  " + c + pad)
			} else {
				b.WriteString("   " + pad + c)
			}
		}
		b.WriteString("\n")
	}
}

// dur prints milliseconds readably: 0.843 ms, 84.3 ms, 1.204 s.
func dur(ms float64) string {
	switch {
	case ms >= 60_000:
		return (time.Duration(ms * float64(time.Millisecond))).Round(time.Second).String()
	case ms >= 1000:
		return fmt.Sprintf("%.3f s", ms/1000)
	case ms >= 10:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.3f ms", ms)
}

// thousands groups digits: 1234567 → 1,234,567.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
