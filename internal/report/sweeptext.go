package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/platform"
)

// SweepText prints the aggregate's headline columns (each platform's
// SweepColumns, then slo.met: the share of replications that met the
// SLO), mean ± 95 % CI per point.
func SweepText(w io.Writer, agg Table, axes int, reg platform.Registry) {
	col := map[string]int{}
	for i, h := range agg.Header {
		col[h] = i
	}
	header := append([]string{"point"}, agg.Header[1:1+axes]...)
	for i := range header[1:] {
		header[i+1] = strings.TrimPrefix(header[i+1], "sweep.")
	}
	header = append(header, "n")
	var cols []int
	var headline []string
	for _, p := range reg {
		for _, c := range p.SweepColumns() {
			headline = append(headline, p.Name()+"."+c)
		}
		// the share of the point's replications that met the SLO
		headline = append(headline, p.Name()+".slo.met")
	}
	for _, f := range headline {
		if i, ok := col[f+".mean"]; ok {
			cols = append(cols, i)
			header = append(header, f)
		}
	}
	rows := [][]string{header}
	clipped, plusMinus := false, false
	var few []string // "kubernetes at point 0 (12)": p99s of fewer than FewP99Requests
	for _, r := range agg.Rows {
		row := append([]string{r[0]}, r[1:1+axes]...)
		row = append(row, r[1+axes])
		for _, i := range cols {
			field := strings.TrimSuffix(agg.Header[i], ".mean")
			if strings.HasSuffix(field, ".slo.met") {
				// a share of yes/no runs: "2/3 met", not "0.6667 ± 1.434"
				row = append(row, metCell(r[i], r[1+axes]))
				continue
			}
			cell, cut := ciCell(field, r[i], r[i+1])
			clipped = clipped || cut
			plusMinus = plusMinus || strings.Contains(cell, " ± ")
			if name, ok := strings.CutSuffix(field, ".latency_ms.p99"); ok && fewAt(r, col, name) {
				cell += " †"
				few = append(few, name+" at point "+r[0]+" ("+short(r[col[name+".completed.mean"]])+")")
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	var b strings.Builder
	writeTable(&b, rows)
	if plusMinus {
		b.WriteString("±: the half-width of the 95 % confidence interval of the mean over the point's n replications (Student's t); slo.met: how many of them met the SLO\n")
	}
	if clipped {
		b.WriteString("[a, b]*: the 95 % interval cut to what the quantity can take (counts, latencies, costs ≥ 0; shares 0 to 1), where mean ± half-width would leave it\n")
	}
	if len(few) > 0 {
		fmt.Fprintf(&b, "†: the p99 is from fewer than %d completed requests per run, so it is the slowest of them and moves with that one request from run to run: %s\n",
			FewP99Requests, strings.Join(few, ", "))
	}
	fmt.Fprint(w, b.String())
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
// keeps 10).
func short(s string) string {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return shortFloat(x)
}

func shortFloat(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

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
		return "<" + strconv.FormatFloat(step, 'g', 1, 64)
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
