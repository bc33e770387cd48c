package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/summary"
)

// rows are the model's windows, the warm-up's too: what charts draw.
func (b *Bundle) rows(model string) []SeriesRow {
	var out []SeriesRow
	for _, r := range b.Series {
		if r.Model == model {
			out = append(out, r)
		}
	}
	return out
}

// countedRows are the model's windows after the warm-up: what findings
// are about.
func (b *Bundle) countedRows(model string) []SeriesRow {
	var out []SeriesRow
	for _, r := range b.rows(model) {
		if r.Warmup == 0 {
			out = append(out, r)
		}
	}
	return out
}

// Findings are sentences computed from the results, most important first:
// what each platform served, episodes of refusals and slow tails and what
// the capacity did meanwhile, each platform's own notes (cold starts), its
// peaks, and what it costs.
func (b *Bundle) Findings() []string {
	var out []string
	s := b.Summary
	var served []string
	for _, m := range s.Models {
		of := ""
		if len(served) == 0 {
			of = " of the " + format.Count(s.Arrivals) + " requests"
			if s.WarmupS > 0 {
				of += " after the " + format.RunLength(s.WarmupS) + " warm-up"
			}
		}
		tail := "" // the latency of completed requests: none without them
		if m.Completed > 0 {
			tail = fmt.Sprintf(" (p50 %s, p99 %s)", format.Millis(m.LatencyMs.P50), format.Millis(m.LatencyMs.P99))
		}
		served = append(served, fmt.Sprintf("%s completed %s%s%s",
			b.Registry.Look(m.Name).Noun, format.PercentOf(m.Completed, s.Arrivals), of, tail))
	}
	switch {
	case len(served) > 0 && s.Arrivals == 0:
		after := ""
		if s.WarmupS > 0 {
			after = " after the " + format.RunLength(s.WarmupS) + " warm-up"
		}
		out = append(out, "No request arrived"+after+": no platform served or measured anything.")
	case len(served) > 0:
		out = append(out, strings.Join(served, "; ")+".")
	}
	for _, m := range s.Models {
		rows := b.countedRows(m.Name)
		if len(rows) == 0 {
			continue
		}
		look := b.Registry.Look(m.Name)
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
					format.Capitalised(look.Noun), kind.verb, 100*n/arr, between(rows, e), format.Count(int64(n)), capacityChange(look, rows, e)))
			}
		}
		out = append(out, b.tailEpisodes(look, rows)...)
	}
	var capacity []string
	for _, m := range s.Models {
		p := b.Registry.Lookup(m.Name)
		if p == nil {
			continue
		}
		own, c := p.Findings(m.Entry, s.Arrivals)
		out = append(out, own...)
		if c != "" {
			capacity = append(capacity, c)
		}
	}
	if len(capacity) > 0 {
		out = append(out, strings.Join(capacity, "; ")+".")
	}
	if c := b.costFinding(); c != "" {
		out = append(out, c)
	}
	return out
}

// costFinding compares the platforms' monthly costs.
func (b *Bundle) costFinding() string {
	type priced struct {
		noun string
		c    *platform.Cost
		e    *platform.Entry
	}
	var ps []priced
	for _, m := range b.Summary.Models {
		if m.Cost != nil {
			ps = append(ps, priced{b.Registry.Look(m.Name).Noun, m.Cost, m.Entry})
		}
	}
	switch len(ps) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("At this load %s would cost %s a month (730-hour projection%s).", ps[0].noun, format.USD(ps[0].c.MonthlyUSD), warmupIncluded(b.Summary))
	}
	if b.Summary.Arrivals == 0 {
		// no load: what each costs standing idle, and no one cheaper "at this load"
		var each []string
		for _, p := range ps {
			each = append(each, fmt.Sprintf("%s %s", p.noun, format.USD(p.c.MonthlyUSD)))
		}
		return fmt.Sprintf("With no requests, standing idle would cost %s a month (730-hour projections of this run%s).", format.And(each), warmupIncluded(b.Summary))
	}
	var each, perMillion []string
	lo, hi := ps[0], ps[0]
	for i, p := range ps {
		if i == 0 {
			each = append(each, fmt.Sprintf("%s would cost %s a month", p.noun, format.USD(p.c.MonthlyUSD)))
		} else {
			each = append(each, fmt.Sprintf("%s %s", p.noun, format.USD(p.c.MonthlyUSD)))
			// on a tie the later one is called cheaper, as the comparison
			// of two has always read
			if p.c.MonthlyUSD <= lo.c.MonthlyUSD {
				lo = p
			}
			if p.c.MonthlyUSD > hi.c.MonthlyUSD {
				hi = p
			}
		}
		pm := "—" // a summary read from a file may say null (no arrival)
		if p.c.PerMillionUSD != nil {
			pm = format.USD(*p.c.PerMillionUSD)
		}
		perMillion = append(perMillion, pm)
	}
	line := "At this load " + format.And(each) + " (730-hour projections of this run" + warmupIncluded(b.Summary) + ")"
	if lo.c.MonthlyUSD > 0 && (len(ps) == 2 || hi.c.MonthlyUSD > lo.c.MonthlyUSD) {
		if len(ps) == 2 {
			line += fmt.Sprintf(": %s is %s cheaper", lo.noun, format.Ratio(hi.c.MonthlyUSD/lo.c.MonthlyUSD))
		} else {
			line += fmt.Sprintf(": %s is the cheapest, %s cheaper than %s", lo.noun, format.Ratio(hi.c.MonthlyUSD/lo.c.MonthlyUSD), hi.noun)
		}
		line += misses(lo.e, " but misses")
	}
	per := "; per million requests" + perMillionBasis(b.Summary) + ", "
	if len(ps) == 2 {
		return line + per + perMillion[0] + " against " + perMillion[1] + "."
	}
	return line + per + format.And(perMillion) + "."
}

// perMillionBasis says, after a warm-up, what the cost per million
// requests divides: the whole run's cost by every arrival, the warm-up's
// too (platform.Cost), not by the arrivals counted after it that the
// other figures give (audit 8: "9,870 requests after the warm-up" beside
// a per million of the run's 14,618 arrivals, unsaid). "" without one.
func perMillionBasis(s summary.Summary) string {
	if s.WarmupS == 0 {
		return ""
	}
	return " (all arrivals, warm-up included)"
}

// warmupIncluded says that cost, unlike every other figure, includes the
// warm-up; "" without one.
func warmupIncluded(s summary.Summary) string {
	if s.WarmupS == 0 {
		return ""
	}
	return ", warm-up included"
}

// tailEpisodes reports stretches where the window p99 rose well above the
// run's typical window p99, with what capacity did meanwhile.
func (b *Bundle) tailEpisodes(look platform.Look, rows []SeriesRow) []string {
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
			format.Capitalised(look.Noun), format.Millis(peak), between(rows, e), format.Millis(typical), capacityChange(look, rows, e)))
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

// capacityChange says what the platform's capacity did from the window
// before an episode to its end: the first of its growth levels that grew.
func capacityChange(look platform.Look, rows []SeriesRow, e [2]int) string {
	before := rows[max(e[0]-1, 0)]
	for _, lvl := range look.Growth {
		var hi float64
		for _, r := range rows[e[0]:e[1]] {
			_, peak := r.Gauge(lvl.Gauge)
			hi = math.Max(hi, peak)
		}
		if mean, _ := before.Gauge(lvl.Gauge); math.Round(hi) > math.Round(mean) {
			return fmt.Sprintf(" while %s went from %.0f to %.0f", lvl.Name, mean, hi)
		}
	}
	return ""
}

func between(rows []SeriesRow, e [2]int) string {
	return fmt.Sprintf("between %s and %s", format.Clock(rows[e[0]].Start), format.Clock(rows[e[1]-1].End))
}
