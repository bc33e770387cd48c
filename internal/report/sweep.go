package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/execsim/execsim/scenarios/sweep"
	"gonum.org/v1/gonum/stat/distuv"
)

// Table is a CSV table held as text: results.csv read back for merging.
type Table struct {
	Header []string
	Rows   [][]string
	Lines  []int // the line of each row in the file read (ReadCSV); nil in memory
}

// idColumns lead results.csv; axis columns ("sweep.<path>") follow, then
// the summary's fields in the order of summary.Summary.Fields.
var idColumns = []string{"unit", "point", "replication", "seed"}

// LeadColumns is the number of columns of results.csv before the
// summary's fields: the id columns and one per axis.
func LeadColumns(axes int) int { return len(idColumns) + axes }

// textColumns are never averaged.
var textColumns = map[string]bool{"fingerprint": true}

// ResultsTable lays out one row per unit. Its columns are the union of
// the results' columns in the order of the column schema of reg's
// platforms (summary.ColumnSchema), not in order of appearance: a shard
// holding other runs writes the same columns in the same places, so
// merging shards gives the unsharded sweep's bytes. A run without a
// column (a platform absent from a point) leaves its cell blank.
func ResultsTable(reg platform.Registry, plan *scenario.Plan, results []sweep.UnitResult) Table {
	t := Table{Header: append([]string(nil), idColumns...)}
	for _, a := range plan.Axes {
		t.Header = append(t.Header, "sweep."+a.Path)
	}
	fixed := len(t.Header)
	fields := make([][]summary.Field, len(results))
	var names []string
	for i, r := range results {
		fields[i] = r.Summary.Columns()
		for _, f := range fields[i] {
			names = append(names, f.Name)
		}
	}
	t.Header = append(t.Header, UnionColumns(summary.ColumnsOf(reg), names)...)
	index := map[string]int{}
	for i, h := range t.Header[fixed:] {
		index[h] = fixed + i
	}
	points := plan.Points()
	for i, r := range results {
		row := make([]string, len(t.Header))
		row[0], row[1] = strconv.Itoa(r.Unit.Index), strconv.Itoa(r.Unit.Point)
		row[2], row[3] = strconv.Itoa(r.Unit.Rep), strconv.FormatUint(r.Unit.Seed, 10)
		copy(row[len(idColumns):fixed], points[r.Unit.Point].Values)
		for _, f := range fields[i] {
			row[index[f.Name]] = f.Text
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// UnionColumns is every name of names once, in the schema's order.
func UnionColumns(cs summary.ColumnSchema, names []string) []string {
	out := slices.Clone(names)
	slices.SortStableFunc(out, cs.Compare)
	return slices.Compact(out)
}

// Relayout returns t with the header want (a superset of t's columns, in
// another order): each row's cells moved to their column, blank where t
// has no such column.
func Relayout(t Table, want []string) Table {
	if slices.Equal(t.Header, want) {
		return t
	}
	from := make([]int, len(want))
	index := map[string]int{}
	for i, h := range t.Header {
		index[h] = i
	}
	for j, h := range want {
		from[j] = -1
		if i, ok := index[h]; ok {
			from[j] = i
		}
	}
	out := Table{Header: want, Lines: t.Lines}
	for _, r := range t.Rows {
		row := make([]string, len(want))
		for j, i := range from {
			if i >= 0 {
				row[j] = r[i]
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// Aggregate summarises a results table per point: the number of
// replications, then for every numeric field X its mean (X.mean), the
// half-width of its 95 % confidence interval (X.ci95: Student's t with n−1
// degrees of freedom) and the interval's ends (X.ci95_low, X.ci95_high);
// the interval's three are blank for a single replication.
func Aggregate(results Table) (Table, error) {
	col := map[string]int{}
	for i, h := range results.Header {
		col[h] = i
	}
	pointCol, ok := col["point"]
	if !ok {
		return Table{}, fmt.Errorf("results table has no point column")
	}
	axisEnd := len(idColumns)
	for axisEnd < len(results.Header) && len(results.Header[axisEnd]) > 6 && results.Header[axisEnd][:6] == "sweep." {
		axisEnd++
	}
	var numeric []int
	for i := axisEnd; i < len(results.Header); i++ {
		if !textColumns[results.Header[i]] {
			numeric = append(numeric, i)
		}
	}
	out := Table{Header: []string{"point"}}
	out.Header = append(out.Header, results.Header[len(idColumns):axisEnd]...)
	out.Header = append(out.Header, "replications")
	for _, i := range numeric {
		out.Header = append(out.Header, results.Header[i]+".mean", results.Header[i]+".ci95", results.Header[i]+".ci95_low", results.Header[i]+".ci95_high")
	}
	// group rows by point, in order of first appearance (rows are sorted by unit)
	var order []string
	groups := map[string][][]string{}
	for _, r := range results.Rows {
		p := r[pointCol]
		if _, seen := groups[p]; !seen {
			order = append(order, p)
		}
		groups[p] = append(groups[p], r)
	}
	for _, p := range order {
		rows := groups[p]
		row := []string{p}
		row = append(row, rows[0][len(idColumns):axisEnd]...)
		row = append(row, strconv.Itoa(len(rows)))
		for _, c := range numeric {
			var xs []float64
			for _, r := range rows {
				if r[c] == "" {
					continue
				}
				x, err := strconv.ParseFloat(r[c], 64)
				if err != nil {
					return Table{}, fmt.Errorf("column %s, point %s: %q is not a number", results.Header[c], p, r[c])
				}
				xs = append(xs, x)
			}
			mean, ci, lo, hi := meanCI(xs, results.Header[c])
			row = append(row, mean, ci, lo, hi)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// meanCI formats the mean, the 95 % confidence half-width of xs and the
// interval's ends, cut at the column's Domain: a count cannot be −2, a
// share cannot be 1.4, however few the replications and wide the
// interval. The half-width is left as computed (mean ± half-width is
// Student's interval; the ends are the part of it the quantity can take).
func meanCI(xs []float64, column string) (mean, half, lo, hi string) {
	n := len(xs)
	if n == 0 {
		return "", "", "", ""
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(n)
	if n == 1 {
		return Num(m), "", "", ""
	}
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	sd := math.Sqrt(ss / float64(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	h := t * sd / math.Sqrt(float64(n))
	l, u := ClipCI(column, m-h, m+h)
	return Num(m), Num(h), Num(l), Num(u)
}

// shareColumns end the names of the results columns whose values are
// shares, from 0 to 1: a met SLO (1 or 0, so its mean is the share of
// replications that met it), refused fractions, utilisations and the
// probability of waiting.
var shareColumns = []string{".slo.met", ".refused_fraction", ".slo.refused", ".slo.refused_max", ".utilisation", ".p_wait"}

// Domain is the range the values of a results column can take: [0, 1]
// for a share, else [0, +Inf) — every other number of a summary is a
// count, a duration, a latency, an amount of money (a total, never a
// credit line: those are cost.csv rows) or a mean of such.
// TestResultsWithinTheirDomain checks this on real runs.
func Domain(column string) (lo, hi float64) {
	for _, s := range shareColumns {
		if strings.HasSuffix(column, s) {
			return 0, 1
		}
	}
	return 0, math.Inf(1)
}

// ClipCI cuts a confidence interval [lo, hi] of a column's mean at the
// column's Domain.
func ClipCI(column string, lo, hi float64) (float64, float64) {
	dlo, dhi := Domain(column)
	return min(max(lo, dlo), dhi), max(min(hi, dhi), dlo)
}

// CutCI says whether a run's interval [lo, hi] about its mean was cut at
// the column's Domain: the recorder cuts it (metrics.Recorder's
// MeanLatencyCI95 and RefusedCI95), and a summary keeps only the cut
// bounds. A bound at the Domain's edge was cut when the interval, made
// whole about the mean again, would pass that edge (a mean latency's 95 %
// interval of "0.000 ms – 3.137 s" about 1.451 s, walk13 #11); a refused
// share of [0, 0] about 0 was not.
func CutCI(column string, mean, lo, hi float64) bool {
	dlo, dhi := Domain(column)
	half := max(hi-mean, mean-lo)
	l, h := ClipCI(column, mean-half, mean+half)
	return (lo == dlo && l != mean-half) || (hi == dhi && h != mean+half)
}

// Num prints a float for CSV with at most 10 significant digits: stable
// bytes, and no false precision from summing.
func Num(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

// WriteCSV writes a table.
func WriteCSV(w io.Writer, t Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	return cw.Error()
}

// ReadCSV reads a table back: a header line, then rows as wide as the
// header. Errors name the line, counted from 1 as an editor counts them.
func ReadCSV(r io.Reader) (Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, against the header, with a clearer message
	var t Table
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.StartLine != pe.Line {
				return Table{}, fmt.Errorf("line %d: %v (the quoted field runs on to line %d)", pe.StartLine, pe.Err, pe.Line)
			}
			if errors.As(err, &pe) {
				return Table{}, fmt.Errorf("line %d: %v", pe.Line, pe.Err)
			}
			return Table{}, err
		}
		line, _ := cr.FieldPos(0)
		if t.Header == nil {
			t.Header = rec
			continue
		}
		if len(rec) != len(t.Header) {
			return Table{}, fmt.Errorf("line %d: %d columns; the header has %d", line, len(rec), len(t.Header))
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	if t.Header == nil {
		return Table{}, errors.New("empty file (no header line)")
	}
	return t, nil
}

// ReadResults reads results.csv back and checks it: the id columns, then
// one "sweep.<path>" column per axis (in order), then the summary's fields;
// whole numbers in the id columns and finite numbers (or blanks) in every
// numeric field. Errors name the line and the column.
func ReadResults(r io.Reader, axes []string) (Table, error) {
	t, err := ReadCSV(r)
	if err != nil {
		return Table{}, err
	}
	want := append([]string(nil), idColumns...)
	for _, a := range axes {
		want = append(want, "sweep."+a)
	}
	fixed := len(want)
	if len(t.Header) < fixed || !slices.Equal(t.Header[:fixed], want) ||
		len(t.Header) > fixed && strings.HasPrefix(t.Header[fixed], "sweep.") {
		return Table{}, fmt.Errorf("line 1: the header starts %s; want %s, then the fields",
			clip(strings.Join(t.Header[:min(len(t.Header), fixed+1)], ",")), strings.Join(want, ","))
	}
	for i, row := range t.Rows {
		for j := range idColumns {
			bits := 63 // unit, point and replication fit an int; the seed is a uint64
			if idColumns[j] == "seed" {
				bits = 64
			}
			if _, err := strconv.ParseUint(row[j], 10, bits); err != nil {
				return Table{}, fmt.Errorf("line %d, %s: %s is not a whole number", t.Line(i), t.Header[j], clip(row[j]))
			}
		}
		for j := fixed; j < len(row); j++ {
			if row[j] == "" || textColumns[t.Header[j]] {
				continue
			}
			if _, err := number(row[j]); err != nil {
				return Table{}, fmt.Errorf("line %d, %s: %w", t.Line(i), t.Header[j], err)
			}
		}
	}
	return t, nil
}

// Line is the line of the file on which row i starts (for messages); rows
// of a table built in memory are numbered as if written by WriteCSV.
func (t Table) Line(i int) int {
	if i < len(t.Lines) {
		return t.Lines[i]
	}
	return i + 2
}
