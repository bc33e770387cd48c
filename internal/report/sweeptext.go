package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
)

// SweepText prints the aggregate's headline columns, mean ± 95 % CI per
// point: one table per platform (its SweepColumns, then slo.met: the share
// of replications that met the SLO), each keyed by the point, the swept
// values and n. One table for every platform was 320 characters wide with
// two platforms (review fmt10); one per platform, with the platform's name
// above it instead of in front of every column, and the swept fields by
// their last segment as the points' names have them, fits a 120-column
// terminal. The footnotes are wrapped to 100 columns.
func SweepText(w io.Writer, agg Table, axes int, reg platform.Registry) {
	col := map[string]int{}
	for i, h := range agg.Header {
		col[h] = i
	}
	paths := make([]string, axes)
	for i := range paths {
		paths[i] = strings.TrimPrefix(agg.Header[1+i], "sweep.")
	}
	names := axisNames(paths)
	key := append(append([]string{"point"}, names...), "n")
	var b strings.Builder
	clipped, plusMinus := false, false
	var few []string // "kubernetes at point 0 (12)": p99s of fewer than FewP99Requests
	tables := 0
	for _, p := range reg {
		var fields []string
		var cols []int
		for _, c := range append(p.SweepColumns(), "slo.met") {
			if i, ok := col[p.Name()+"."+c+".mean"]; ok {
				fields, cols = append(fields, c), append(cols, i)
			}
		}
		if len(cols) == 0 {
			continue
		}
		rows := [][]string{append(slices.Clone(key), fields...)}
		for _, r := range agg.Rows {
			row := append([]string{r[0]}, r[1:1+axes]...)
			row = append(row, r[1+axes])
			for k, i := range cols {
				if fields[k] == "slo.met" {
					// a share of yes/no runs: "2/3 met", not "0.6667 ± 1.434"
					row = append(row, metCell(r[i], r[1+axes]))
					continue
				}
				cell, cut := ciCell(p.Name()+"."+fields[k], r[i], r[i+1])
				clipped = clipped || cut
				plusMinus = plusMinus || strings.Contains(cell, " ± ")
				if fields[k] == "latency_ms.p99" && fewAt(r, col, p.Name()) {
					cell += " †"
					few = append(few, p.Name()+" at point "+r[0]+" ("+short(r[col[p.Name()+".completed.mean"]])+")")
				}
				row = append(row, cell)
			}
			rows = append(rows, row)
		}
		for k, part := range splitColumns(rows, len(key), sweepTableWidth) {
			if tables > 0 {
				b.WriteString("\n")
			}
			tables++
			title := p.Name()
			if k > 0 {
				title += ", continued"
			}
			b.WriteString(title + "\n")
			writeTable(&b, part)
		}
	}
	var notes []string
	if renamed := axisNotes(paths, names); renamed != "" {
		notes = append(notes, renamed)
	}
	if plusMinus {
		notes = append(notes, "±: the half-width of the 95 % confidence interval of the mean over the point's n replications (Student's t); slo.met: how many of them met the SLO")
	}
	if clipped {
		notes = append(notes, cutNote)
	}
	if len(few) > 0 {
		notes = append(notes, fmt.Sprintf("†: the p99 is from fewer than %d completed requests per run, so it is the slowest of them and moves with that one request from run to run: %s",
			FewP99Requests, strings.Join(few, ", ")))
	}
	for _, n := range notes {
		b.WriteString(wrapText(n, sweepNoteWidth, "", "  "))
	}
	fmt.Fprint(w, b.String())
}

// cutNote explains an interval cut at its column's Domain, written
// "[a, b]*" (ciCell here, ciText in a run's table).
const cutNote = "[a, b]*: the 95 % interval cut to what the quantity can take (counts, latencies, costs ≥ 0; shares 0 to 1), where mean ± half-width would leave it"

// sweepTableWidth is the width a sweep table is kept to, when its key
// leaves room for a column, and sweepNoteWidth the width its footnotes are
// wrapped to: a terminal of 100 columns shows them unwrapped.
const (
	sweepTableWidth = 100
	sweepNoteWidth  = 100
)

// splitColumns cuts a table whose first keys columns are its key into
// tables that each repeat the key and are at most width wide as writeTable
// prints them: as few tables as that takes, the other columns in their
// order, at least one per table, cut where the widest table is narrowest,
// so that no table is left with one column ("lambda, continued" with
// slo.met alone). A key that leaves no room for a column within the width
// is not repeated: the table stays whole.
func splitColumns(rows [][]string, keys, width int) [][][]string {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	keyWidth := 2 + widths[0]
	for _, w := range widths[1:keys] {
		keyWidth += 3 + w
	}
	cols := widths[keys:]
	// a key that leaves no room for any column within the width (a swept
	// node pool's whole value) would be repeated in every table beside one
	// column: a 2 × 2 sweep of kubernetes.nodePools printed 11 tables 155
	// columns wide (rev12c). No split can fit then, and the key is most of
	// every table; one table reads better. (Narrow keys beside columns too
	// wide still split, a column a table.)
	if keyWidth+3+slices.Min(cols) > width && 2*keyWidth > width {
		return [][][]string{rows}
	}
	span := func(i, j int) int { // the width of a table of cols[i:j]
		w := keyWidth
		for _, c := range cols[i:j] {
			w += 3 + c
		}
		return w
	}
	// as few tables as fit: a column too wide for any table stands alone
	k, w := 1, keyWidth
	for i, c := range cols {
		if i > 0 && w+3+c > width {
			k, w = k+1, keyWidth
		}
		w += 3 + c
	}
	// best[t][j] is the narrowest widest table of cols[:j] cut into t
	// tables, and cut[t][j] where the last of them starts
	n := len(cols)
	best := make([][]int, k+1)
	cut := make([][]int, k+1)
	for t := range best {
		best[t], cut[t] = make([]int, n+1), make([]int, n+1)
		for j := range best[t] {
			best[t][j] = math.MaxInt
		}
	}
	best[0][0] = 0
	for t := 1; t <= k; t++ {
		for j := t; j <= n; j++ {
			for i := t - 1; i < j; i++ {
				if best[t-1][i] == math.MaxInt {
					continue
				}
				// on a tie the later cut: the earlier tables fuller
				if m := max(best[t-1][i], span(i, j)); m <= best[t][j] {
					best[t][j], cut[t][j] = m, i
				}
			}
		}
	}
	bounds := make([]int, k+1)
	bounds[k] = n
	for t := k; t > 0; t-- {
		bounds[t-1] = cut[t][bounds[t]]
	}
	out := make([][][]string, k)
	for t := range k {
		for _, r := range rows {
			out[t] = append(out[t], append(slices.Clone(r[:keys]), r[keys+bounds[t]:keys+bounds[t+1]]...))
		}
	}
	return out
}

// axisNames are the column headers of the swept fields: each path's last
// segment, as a point's name has it (p001-memoryMB=512), unless two axes
// share it, which then keep their whole paths.
func axisNames(paths []string) []string {
	last := func(p string) string { return p[strings.LastIndex(p, ".")+1:] }
	seen := map[string]int{}
	for _, p := range paths {
		seen[last(p)]++
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if seen[last(p)] == 1 {
			out[i] = last(p)
		}
	}
	return out
}

// axisNotes says which field each shortened header stands for:
// "memoryMB: lambda.memoryMB; ratePerSecond: workload.arrivals.ratePerSecond".
func axisNotes(paths, names []string) string {
	var parts []string
	for i, p := range paths {
		if names[i] != p {
			parts = append(parts, names[i]+": "+p)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "swept: " + strings.Join(parts, "; ")
}

// wrapText breaks s at spaces into lines of at most width characters (a
// word longer than that stands alone on its line), the first line opened
// by first and the others by indent; every line ends with a newline.
func wrapText(s string, width int, first, indent string) string {
	var b strings.Builder
	b.WriteString(first)
	line := utf8.RuneCountInString(first)
	for i, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case line+1+n > width:
			b.WriteString("\n" + indent)
			line = utf8.RuneCountInString(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += n
	}
	b.WriteString("\n")
	return b.String()
}

// ciCell prints a column's mean with its 95 % interval: "mean ± half" when
// the interval lies in the column's Domain, else "mean [lo, hi]*" with the
// interval cut at the domain (cut is then true).
func ciCell(column, mean, half string) (cell string, cut bool) {
	cell = short(mean)
	if half == "" {
		return cell, false
	}
	m, err1 := strconv.ParseFloat(mean, 64)
	h, err2 := strconv.ParseFloat(half, 64)
	if err1 != nil || err2 != nil {
		return cell + " ± " + short(half), false
	}
	lo, hi := ClipCI(column, m-h, m+h)
	if lo == m-h && hi == m+h {
		return cell + " ± " + halfAt(m, h), false
	}
	return cell + " [" + shortFloat(lo) + ", " + shortFloat(hi) + "]*", true
}

// short prints a number with 4 significant digits for reading (the CSV
// keeps 10), as format.Sig prints them: grouped, never in E notation, and
// rounded as every figure of the text (FormatFloat's 'g' printed a monthly
// cost of $12,345.6 as "1.235e+04").
func short(s string) string {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return shortFloat(x)
}

func shortFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', 4, 64) // Sig would print "0"
	}
	return format.Sig(x, 4)
}

// halfAt prints a half-width no finer than its mean is printed (the mean's
// 4th significant digit): "230.4 ± 0.01401" mixed precisions (walk9 #12),
// and is "230.4 ± <0.1" now; a half-width below that digit is "<" it.
func halfAt(mean, half float64) string {
	if mean == 0 || half == 0 || math.IsInf(mean, 0) || math.IsNaN(mean) || math.IsNaN(half) || math.IsInf(half, 0) {
		return shortFloat(half)
	}
	step := math.Pow(10, math.Floor(math.Log10(math.Abs(mean)))-3)
	r := math.Round(half/step) * step
	if r == 0 {
		return "<" + format.Sig(step, 1)
	}
	return shortFloat(r)
}

// metCell prints slo.met's mean over n replications as a count of runs
// that met the SLO: "3/3 met".
func metCell(mean, n string) string {
	m, err1 := strconv.ParseFloat(mean, 64)
	k, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil || k <= 0 {
		return short(mean)
	}
	return fmt.Sprintf("%d/%d met", int(math.Round(m*float64(k))), k)
}
