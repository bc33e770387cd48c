package report

import (
	"fmt"
	"math"
	"slices"

	"github.com/execsim/execsim/scenarios"
)

var modelLabel = map[string]string{"kubernetes": "Kubernetes", "lambda": "Lambda"}

func (b *Bundle) latency(model string) *scenarios.Latency {
	switch model {
	case "kubernetes":
		if k := b.Summary.Models.Kubernetes; k != nil {
			return &k.LatencyMs
		}
	case "lambda":
		if l := b.Summary.Models.Lambda; l != nil {
			return &l.LatencyMs
		}
	}
	return nil
}

func (b *Bundle) outcomes(model string) *scenarios.Outcomes {
	switch model {
	case "kubernetes":
		if k := b.Summary.Models.Kubernetes; k != nil {
			return &k.Outcomes
		}
	case "lambda":
		if l := b.Summary.Models.Lambda; l != nil {
			return &l.Outcomes
		}
	}
	return nil
}

func (b *Bundle) cost(model string) *scenarios.Cost {
	switch model {
	case "kubernetes":
		if k := b.Summary.Models.Kubernetes; k != nil {
			return k.Cost
		}
	case "lambda":
		if l := b.Summary.Models.Lambda; l != nil {
			return l.Cost
		}
	}
	return nil
}

func (b *Bundle) rows(model string) []SeriesRow {
	var out []SeriesRow
	for _, r := range b.Series {
		if r.Model == model {
			out = append(out, r)
		}
	}
	return out
}

// Findings are sentences computed from the results, most important first:
// what each model served, episodes of refusals and slow tails and what the
// capacity did meanwhile, cold starts and peaks, and what it costs.
func (b *Bundle) Findings() []string {
	var out []string
	s := b.Summary
	var served []string
	for _, m := range modelOrder {
		o, lat := b.outcomes(m), b.latency(m)
		if o == nil {
			continue
		}
		of := ""
		if len(served) == 0 {
			of = " of the " + thousands(s.Arrivals) + " requests"
		}
		served = append(served, fmt.Sprintf("%s completed %s%s (p50 %s, p99 %s)",
			modelLabel[m], percent(o.Completed, s.Arrivals), of, dur(lat.P50), dur(lat.P99)))
	}
	if len(served) > 0 {
		out = append(out, joinSentences(served))
	}
	for _, m := range modelOrder {
		rows := b.rows(m)
		if len(rows) == 0 {
			continue
		}
		for _, kind := range []struct {
			verb string
			get  func(SeriesRow) float64
		}{
			{"throttled", func(r SeriesRow) float64 { return r.Throttled }},
			{"rejected", func(r SeriesRow) float64 { return r.Rejected }},
			{"failed", func(r SeriesRow) float64 { return r.Failed }},
		} {
			for _, e := range episodes(rows, func(r SeriesRow) bool { return r.Arrivals > 0 && kind.get(r) >= 0.01*r.Arrivals }) {
				var n, arr float64
				for _, r := range rows[e[0]:e[1]] {
					n += kind.get(r)
					arr += r.Arrivals
				}
				out = append(out, fmt.Sprintf("%s %s %.1f %% of requests %s (%s requests)%s.",
					modelLabel[m], kind.verb, 100*n/arr, between(rows, e), thousands(int64(n)), capacityChange(m, rows, e)))
			}
		}
		out = append(out, b.tailEpisodes(m, rows)...)
	}
	if l := s.Models.Lambda; l != nil && l.ColdStarts > 0 {
		out = append(out, fmt.Sprintf("Lambda started %s execution environments cold (%s of requests); the slowest request took %s.",
			thousands(l.ColdStarts), percent(l.ColdStarts, s.Arrivals), dur(l.LatencyMs.Max)))
	}
	if k := s.Models.Kubernetes; k != nil {
		pods := fmt.Sprintf("Kubernetes peaked at %s ready pods on %s nodes (mean %.1f pods, %.1f nodes)",
			thousands(k.PeakPods), thousands(k.PeakNodes), k.MeanPods, k.MeanNodes)
		if k.ColdStarts > 0 {
			pods += fmt.Sprintf(" and started %s pods during the run", thousands(k.ColdStarts))
		}
		if l := s.Models.Lambda; l != nil {
			pods += fmt.Sprintf("; Lambda peaked at %s concurrent environments (%.1f environments on average)", thousands(l.PeakConcurrency), l.MeanEnvironments)
		}
		out = append(out, pods+".")
	}
	kc, lc := b.cost("kubernetes"), b.cost("lambda")
	switch {
	case kc != nil && lc != nil:
		line := fmt.Sprintf("At this load Kubernetes would cost %s a month and Lambda %s (730-hour projections of this run)",
			usd(kc.MonthlyUSD), usd(lc.MonthlyUSD))
		if lo, hi := math.Min(kc.MonthlyUSD, lc.MonthlyUSD), math.Max(kc.MonthlyUSD, lc.MonthlyUSD); lo > 0 {
			cheaper := "Lambda"
			if kc.MonthlyUSD < lc.MonthlyUSD {
				cheaper = "Kubernetes"
			}
			line += fmt.Sprintf(": %s is %s cheaper", cheaper, ratio(hi/lo))
		}
		out = append(out, line+fmt.Sprintf("; per million requests, %s against %s.", usd(kc.PerMillionUSD), usd(lc.PerMillionUSD)))
	case kc != nil:
		out = append(out, fmt.Sprintf("At this load Kubernetes would cost %s a month (730-hour projection).", usd(kc.MonthlyUSD)))
	case lc != nil:
		out = append(out, fmt.Sprintf("At this load Lambda would cost %s a month (730-hour projection).", usd(lc.MonthlyUSD)))
	}
	return out
}

// tailEpisodes reports stretches where the window p99 rose well above the
// run's typical window p99, with what capacity did meanwhile.
func (b *Bundle) tailEpisodes(m string, rows []SeriesRow) []string {
	var p99s []float64
	for _, r := range rows {
		if r.Completed > 0 {
			p99s = append(p99s, r.P99)
		}
	}
	if len(p99s) < 4 {
		return nil
	}
	slices.Sort(p99s)
	typical := p99s[len(p99s)/2]
	threshold := math.Max(3*typical, typical+250)
	var out []string
	for _, e := range episodes(rows, func(r SeriesRow) bool { return r.Completed > 0 && r.P99 >= threshold }) {
		peak := 0.0
		for _, r := range rows[e[0]:e[1]] {
			peak = math.Max(peak, r.P99)
		}
		out = append(out, fmt.Sprintf("%s p99 rose to %s %s (typically %s)%s.",
			modelLabel[m], dur(peak), between(rows, e), dur(typical), capacityChange(m, rows, e)))
	}
	return out
}

// episodes finds maximal runs of consecutive windows where in holds, as
// [start, end) index pairs, at most three (the largest first would need a
// ranking; the first three in time read best in a report).
func episodes(rows []SeriesRow, in func(SeriesRow) bool) [][2]int {
	var out [][2]int
	for i := 0; i < len(rows) && len(out) < 3; i++ {
		if !in(rows[i]) {
			continue
		}
		j := i
		for j < len(rows) && in(rows[j]) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// capacityChange says what Kubernetes nodes/pods or Lambda environments did
// from the window before an episode to its end.
func capacityChange(m string, rows []SeriesRow, e [2]int) string {
	before := rows[max(e[0]-1, 0)]
	var hiNodes, hiPods, hiEnv float64
	for _, r := range rows[e[0]:e[1]] {
		hiNodes, hiPods, hiEnv = math.Max(hiNodes, r.NodesMax), math.Max(hiPods, r.PodsMax), math.Max(hiEnv, r.EnvMax)
	}
	switch m {
	case "kubernetes":
		switch {
		case math.Round(hiNodes) > math.Round(before.NodesMean):
			return fmt.Sprintf(" while nodes went from %.0f to %.0f", before.NodesMean, hiNodes)
		case math.Round(hiPods) > math.Round(before.PodsMean):
			return fmt.Sprintf(" while ready pods went from %.0f to %.0f", before.PodsMean, hiPods)
		}
	case "lambda":
		if math.Round(hiEnv) > math.Round(before.EnvMean) {
			return fmt.Sprintf(" while environments went from %.0f to %.0f", before.EnvMean, hiEnv)
		}
	}
	return ""
}

func between(rows []SeriesRow, e [2]int) string {
	return fmt.Sprintf("between %s and %s", clock(rows[e[0]].Start), clock(rows[e[1]-1].End))
}

// clock prints seconds since the start of the run as h:mm:ss.
func clock(sec float64) string {
	s := int64(math.Round(sec))
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

func percent(n, of int64) string {
	if of == 0 {
		return "0 %"
	}
	p := 100 * float64(n) / float64(of)
	if p > 0 && p < 0.01 {
		return fmt.Sprintf("%.4f %%", p)
	}
	return fmt.Sprintf("%.2f %%", p)
}

func ratio(x float64) string {
	if x >= 10 {
		return fmt.Sprintf("%.0f×", x)
	}
	return fmt.Sprintf("%.1f×", x)
}

func joinSentences(parts []string) string {
	switch len(parts) {
	case 1:
		return parts[0] + "."
	}
	return parts[0] + "; " + parts[1] + "."
}
