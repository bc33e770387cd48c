package report

import (
	"fmt"
	"io"
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
	for _, r := range agg.Rows {
		row := append([]string{r[0]}, r[1:1+axes]...)
		row = append(row, r[1+axes])
		for _, i := range cols {
			cell := short(r[i])
			if ci := r[i+1]; ci != "" {
				cell += " ± " + short(ci)
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	var b strings.Builder
	writeTable(&b, rows)
	fmt.Fprint(w, b.String())
}

// short prints a number with 4 significant digits for reading (the CSV
// keeps 10).
func short(s string) string {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}
