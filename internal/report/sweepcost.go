package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/sweep"
)

// SweepCostFile is a sweep's bills in long format: one row per cost line
// per run, so that results.csv has the same columns whatever lines a
// scenario's bills have.
const SweepCostFile = "cost.csv"

// SweepCostHeader is the header of a sweep's cost.csv for its axes: the
// id columns of results.csv (unit, point, replication, seed), one
// "sweep.<path>" column per axis, then the columns of a run's cost.csv.
func SweepCostHeader(axes []string) []string {
	h := append([]string(nil), idColumns...)
	for _, a := range axes {
		h = append(h, "sweep."+a)
	}
	return append(h, CostHeader...)
}

// SweepCostTable lays out the bills of a sweep's runs, unit by unit, each
// bill as its summary's CostRows.
func SweepCostTable(plan *scenario.Plan, results []sweep.UnitResult) Table {
	axes := make([]string, len(plan.Axes))
	for i, a := range plan.Axes {
		axes[i] = a.Path
	}
	t := Table{Header: SweepCostHeader(axes)}
	points := plan.Points()
	for _, r := range results {
		id := []string{strconv.Itoa(r.Unit.Index), strconv.Itoa(r.Unit.Point), strconv.Itoa(r.Unit.Rep), strconv.FormatUint(r.Unit.Seed, 10)}
		id = append(id, points[r.Unit.Point].Values...)
		for _, c := range r.Summary.CostRows() {
			row := append(append(slices.Clone(id), c.Platform), CostCells(c)...)
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

// ReadSweepCost reads a sweep's cost.csv back and checks its header and
// its numbers. Errors name the line and the column.
func ReadSweepCost(r io.Reader, axes []string) (Table, error) {
	t, err := ReadCSV(r)
	if err != nil {
		return Table{}, err
	}
	want := SweepCostHeader(axes)
	if !slices.Equal(t.Header, want) {
		return Table{}, fmt.Errorf("line 1: the header is %s; want %s", clip(strings.Join(t.Header, ",")), strings.Join(want, ","))
	}
	first := len(want) - len(CostHeader)
	for i, row := range t.Rows {
		for j := range idColumns {
			if _, err := strconv.ParseUint(row[j], 10, 64); err != nil {
				return Table{}, fmt.Errorf("line %d, %s: %s is not a whole number", t.Line(i), t.Header[j], clip(row[j]))
			}
		}
		for _, j := range []int{2, 4, 5, 6} { // quantity, unit_price_usd, cost_usd, monthly_usd
			if _, err := number(row[first+j]); err != nil {
				return Table{}, fmt.Errorf("line %d, %s: %w", t.Line(i), t.Header[first+j], err)
			}
		}
	}
	return t, nil
}
