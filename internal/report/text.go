package report

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
)

// Text writes the readable summary: a header that says how to reproduce the
// run, then one column per platform, then a blend's placement (its SLO and
// the monthly totals and counts side by side), then each platform's
// per-service table of a fleet.
func Text(w io.Writer, res *runner.Result, command string) error {
	return TextOut(w, res, command, "")
}

// TextOut is Text for a run whose files were written to outDir ("" when
// they were not): a table cut short names the file that lists every row
// there, rather than asking for --out (audit 5).
func TextOut(w io.Writer, res *runner.Result, command, outDir string) error {
	s := summary.Of(res, false)
	p := res.Plan
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s · seed %d · %v simulated · %s arrivals%s\n", p.Name, p.Seed, p.Duration, format.Count(s.Arrivals), counted(s))
	if n := (&Bundle{Summary: s, Registry: p.Registry}).partialNotice(); n != "" {
		fmt.Fprintf(&b, "%s\n", strings.ToUpper(n[:len("partial run")])+n[len("partial run"):])
	}
	if p.Description != "" {
		fmt.Fprintf(&b, "%s\n", p.Description)
	}
	if n := warmupNote(s); n != "" {
		fmt.Fprintf(&b, "%s\n", n)
	}
	fmt.Fprintf(&b, "reproduce: %s\n", command)
	fmt.Fprintf(&b, "fingerprint %s · %s events\n", s.Fingerprint, format.Count(int64(s.Events)))
	warningsText(&b, s)
	b.WriteString("\n")
	verdictText(&b, s, p.Registry, modelOf(command, p.Registry))

	writeTable(&b, summaryTable(s))
	for _, n := range tableNotes(s) {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	costText(&b, s)
	fleetText(&b, s, p.Registry)
	for _, m := range s.Models {
		if m.Extra == nil {
			continue
		}
		if title, rows := m.Extra.Units(); len(rows) > 0 {
			fmt.Fprintf(&b, "\n%s\n", title)
			var completed []int64
			if c, ok := m.Extra.(unitCompleter); ok {
				completed = c.UnitsCompleted()
			}
			shown, more := busiestUnits(rows, completed, textUnits)
			writeTable(&b, shown)
			if more > 0 {
				where := "run with --out DIR to write it"
				if outDir != "" {
					where = "written to " + filepath.Join(outDir, ServicesFile)
				}
				fmt.Fprintf(&b, "  … and %s more with fewer completed requests; %s lists every one (%s).\n", format.Count(int64(more)), ServicesFile, where)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// counted qualifies the arrivals of a run with a warm-up.
func counted(s summary.Summary) string {
	if s.WarmupS == 0 {
		return ""
	}
	return " after the warm-up"
}

// warmupNote says what a warm-up leaves out, or "" without one.
func warmupNote(s summary.Summary) string {
	if s.WarmupS == 0 {
		return ""
	}
	return fmt.Sprintf("warm-up: the first %s is left out of every figure but cost, which covers the whole run", format.RunLength(s.WarmupS))
}

// summaryTable is the side-by-side table of the platforms: a header row,
// then one row per quantity, then each platform's own rows (its column
// filled, the others blank). Text, Markdown and HTML all print it.
func summaryTable(s summary.Summary) [][]string {
	pct := func(n int64) string {
		if s.Arrivals == 0 {
			return format.Count(n)
		}
		return fmt.Sprintf("%s (%.2f%%)", format.Count(n), 100*float64(n)/float64(s.Arrivals))
	}
	rows := [][]string{}
	add := func(label string, f func(e *platform.Entry) string) {
		r := []string{label}
		for _, m := range s.Models {
			r = append(r, f(m.Entry))
		}
		rows = append(rows, r)
	}
	header := []string{""}
	for _, m := range s.Models {
		header = append(header, m.Name)
	}
	rows = append(rows, header)
	if slo := sloWords(s); slo != "" {
		add("SLO ("+slo+")", func(e *platform.Entry) string { return sloOf(e).Cell() })
	}
	add("completed", func(e *platform.Entry) string { return pct(e.Completed) })
	add("throttled", func(e *platform.Entry) string { return pct(e.Throttled) })
	add("rejected", func(e *platform.Entry) string { return pct(e.Rejected) })
	add("failed", func(e *platform.Entry) string { return pct(e.Failed) })
	add("refused", func(e *platform.Entry) string { return pct(e.Refused()) })
	if s.CI95Batches > 0 {
		add("refused, 95 % CI", func(e *platform.Entry) string {
			if e.RefusedCI95 == nil {
				return "—"
			}
			lo, hi := e.RefusedCI95[0], e.RefusedCI95[1]
			if CutCI(".refused_fraction", e.RefusedFraction, lo, hi) {
				return fmt.Sprintf("[%.2f %%, %.2f %%]*", 100*lo, 100*hi)
			}
			return fmt.Sprintf("%.2f–%.2f %%", 100*lo, 100*hi)
		})
	}
	add("in flight at end", func(e *platform.Entry) string { return format.Count(e.InFlight) })
	add("cold starts", func(e *platform.Entry) string { return format.Count(e.ColdStarts) })
	// latency is of completed requests: with none there is none to show
	latency := func(f func(platform.Latency) float64) func(e *platform.Entry) string {
		return func(e *platform.Entry) string {
			if e.Completed == 0 {
				return "—"
			}
			return format.Millis(f(e.LatencyMs))
		}
	}
	add("latency mean", latency(func(l platform.Latency) float64 { return l.Mean }))
	if s.CI95Batches > 0 {
		add("latency mean, 95 % CI", func(e *platform.Entry) string {
			if ci := e.LatencyMs.MeanCI95; ci != nil {
				if CutCI(".latency_ms.mean", e.LatencyMs.Mean, ci[0], ci[1]) {
					// marked as the sweep marks one (ciCell)
					return "[" + format.Millis(ci[0]) + ", " + format.Millis(ci[1]) + "]*"
				}
				return format.Millis(ci[0]) + " – " + format.Millis(ci[1])
			}
			return "—"
		})
	}
	add("latency p50", latency(func(l platform.Latency) float64 { return l.P50 }))
	add("latency p90", latency(func(l platform.Latency) float64 { return l.P90 }))
	add("latency p95", latency(func(l platform.Latency) float64 { return l.P95 }))
	add("latency p99", latency(func(l platform.Latency) float64 { return l.P99 }))
	add("latency p99.9", latency(func(l platform.Latency) float64 { return l.P999 }))
	add("latency max", latency(func(l platform.Latency) float64 { return l.Max }))
	money := func(f func(*platform.Cost) float64) func(e *platform.Entry) string {
		return func(e *platform.Entry) string {
			if e.Cost == nil {
				return "—"
			}
			return format.USD(f(e.Cost))
		}
	}
	runCost := "cost of the run"
	if s.WarmupS > 0 {
		runCost += " (warm-up included)"
	}
	add(runCost, money(func(c *platform.Cost) float64 { return c.TotalUSD }))
	add("cost per million requests"+perMillionBasis(s), func(e *platform.Entry) string {
		if e.Cost == nil || e.Cost.PerMillionUSD == nil {
			return "—" // no bill, or no request to divide it by
		}
		return format.USD(*e.Cost.PerMillionUSD)
	})
	add("cost per month (730 h)"+projectionMark(s), money(func(c *platform.Cost) float64 { return c.MonthlyUSD }))
	for i, m := range s.Models {
		if m.Extra == nil {
			continue
		}
		for _, kv := range m.Extra.Rows() {
			r := make([]string, len(s.Models)+1)
			r[0] = kv[0]
			for j := range s.Models {
				r[j+1] = "—"
			}
			r[i+1] = kv[1]
			rows = append(rows, r)
		}
	}
	return rows
}

// tableNotes are the notes under summaryTable: the monthly projection's
// caveat (its "*"), and what "[a, b]*" means when a confidence interval
// was cut at what its quantity can take (CutCI), as the sweep's table
// says it.
func tableNotes(s summary.Summary) []string {
	var out []string
	if n := projectionNote(s); n != "" {
		out = append(out, n)
	}
	if s.CI95Batches == 0 {
		return out
	}
	for _, m := range s.Models {
		e := m.Entry
		if ci := e.LatencyMs.MeanCI95; e.Completed > 0 && ci != nil && CutCI(".latency_ms.mean", e.LatencyMs.Mean, ci[0], ci[1]) ||
			e.RefusedCI95 != nil && CutCI(".refused_fraction", e.RefusedFraction, e.RefusedCI95[0], e.RefusedCI95[1]) {
			return append(out, cutNote)
		}
	}
	return out
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

// textUnits is how many services a per-service table of the text summary
// shows: a fleet of 500 printed two 500-row tables in name order, a
// thousand lines to scroll past (walk3). services.csv has them all.
const textUnits = 20

// unitCompleter is implemented by a platform's Extra whose per-service
// table (platform.Extra.Units) can give each row's completed requests as a
// number, in the rows' order: the text summary ranks the rows by them
// rather than by reading back what Count printed.
type unitCompleter interface {
	UnitsCompleted() []int64
}

// busiestUnits keeps, of a per-service table (a header, then one row per
// service) whose rows completed completed[i] requests, the n services that
// completed the most, busiest first and by name among equals, and says how
// many it left out. A table of n services or fewer is returned as it is,
// in the platform's order, and so is one whose counts are not given (an
// Extra that is no unitCompleter): the platform's order, whole, rather
// than a ranking by numbers it did not give.
func busiestUnits(rows [][]string, completed []int64, n int) ([][]string, int) {
	if len(rows)-1 <= n || len(completed) != len(rows)-1 {
		return rows, 0
	}
	order := make([]int, len(rows)-1)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, c int) int {
		if x, y := completed[a], completed[c]; x != y {
			return cmp.Compare(y, x)
		}
		return cmp.Compare(rows[a+1][0], rows[c+1][0])
	})
	out := [][]string{rows[0]}
	for _, i := range order[:n] {
		out = append(out, rows[i+1])
	}
	return out, len(order) - n
}
