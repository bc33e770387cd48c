package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// RunWarnings are the warnings of a run of every platform of the plan, as
// sweep and break-even print them: the front doors that differ, what the
// files it names say that execsim cannot use (and what its own values
// leave unused), a run shorter than a node's minimum bill, and requests
// larger than a platform accepts.
func (p *Plan) RunWarnings() []string {
	out := slices.Concat(p.Cost.Warnings, p.Warnings)
	if x := ShortRunWarning(p, p.Platforms); x != "" {
		out = append(out, x)
	}
	return append(out, p.PayloadWarnings(p.Platforms)...)
}

// PointWarning is one warning of a sweep and the points it applies to.
type PointWarning struct {
	Text string
	// Points are the indexes of the points it applies to, ascending;
	// nil when it applies to every point, or is the base scenario's own
	// (a note on the sweep: section itself).
	Points []int
}

// SweepWarnings checks every point of the sweep (CheckPoints) and says
// what a run of each would warn of, each warning once: the base plan's
// (RunWarnings) first, then the ones of some points only, in the order of
// the points. A point's own values warn of things the base plan does not
// (a swept lambda.memoryMB that sizes no function): a sweep printed the
// base plan's alone, and a sweep of three sizes over a function its
// template sizes ran one size three times without a word (walk14 #1).
func (p *Plan) SweepWarnings() ([]PointWarning, error) {
	base := p.RunWarnings()
	if len(p.Axes) == 0 {
		return plainWarnings(base), p.CheckPoints()
	}
	at := map[string][]int{}
	var order []string
	points := 0
	err := p.CheckPointsEach(func(pt Point, q *Plan) {
		points++
		for _, x := range q.RunWarnings() {
			ps, seen := at[x]
			if !seen {
				order = append(order, x)
			}
			// a point that warns twice of one thing counts once
			if len(ps) == 0 || ps[len(ps)-1] != pt.Index {
				at[x] = append(ps, pt.Index)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	some := func(x string) []int {
		if ps := at[x]; len(ps) < points {
			return ps
		}
		return nil
	}
	var out []PointWarning
	done := map[string]bool{}
	for _, x := range base {
		if done[x] {
			continue
		}
		done[x] = true
		// a base warning no point has is about the sweep itself (a profile
		// the sweep changes) or a value every point replaces: said plainly
		out = append(out, PointWarning{Text: x, Points: some(x)})
	}
	for _, x := range order {
		if !done[x] {
			out = append(out, PointWarning{Text: x, Points: some(x)})
		}
	}
	return out, nil
}

func plainWarnings(xs []string) []PointWarning {
	var out []PointWarning
	for _, x := range xs {
		out = append(out, PointWarning{Text: x})
	}
	return out
}

// Line is the warning as a line of text, led by the points it applies
// to when not every point ("points 0–2 (lambda.memoryMB=512): …").
func (w PointWarning) Line(axes []Axis) string {
	if where := w.Where(axes); where != "" {
		return where + ": " + w.Text
	}
	return w.Text
}

// Where names the points a warning applies to, for a line of text: ""
// for every point, else by the swept values they share when they are
// every combination of them ("points 0–2 (lambda.memoryMB=512)",
// "points 1, 2, 4, 5 (workload.arrivals.ratePerSecond=40 or 80)"), or
// by their numbers, results.csv's point column, alone.
func (w PointWarning) Where(axes []Axis) string {
	if len(w.Points) == 0 {
		return ""
	}
	s := "points " + indexRanges(w.Points)
	if len(w.Points) == 1 {
		s = "point " + indexRanges(w.Points)
	}
	if by := byValues(w.Points, axes); by != "" {
		s += " (" + by + ")"
	}
	return s
}

// byValues names the points by the values of the axes they take, when
// they are exactly every combination of those values; "" otherwise.
func byValues(points []int, axes []Axis) string {
	if len(axes) == 0 {
		return ""
	}
	proto := Plan{Axes: axes}
	taken := make([][]string, len(axes))
	for _, i := range points {
		pt := proto.PointAt(i)
		for j, v := range pt.Values {
			if !slices.Contains(taken[j], v) {
				taken[j] = append(taken[j], v)
			}
		}
	}
	n := 1
	var parts []string
	for j, a := range axes {
		n *= len(taken[j])
		if len(taken[j]) == len(a.Values) {
			continue // every value of this axis: it does not narrow them
		}
		vals := slices.Clone(taken[j])
		slices.SortFunc(vals, func(x, y string) int {
			return slices.Index(a.Values, x) - slices.Index(a.Values, y)
		})
		parts = append(parts, a.Path+"="+orList(vals))
	}
	if n != len(points) || len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ")
}

// orList is "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) == 1 {
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// indexRanges writes ascending indexes with runs of three or more as
// ranges: "0–2, 5, 7, 8".
func indexRanges(xs []int) string {
	var parts []string
	for i := 0; i < len(xs); {
		j := i
		for j+1 < len(xs) && xs[j+1] == xs[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, fmt.Sprintf("%d–%d", xs[i], xs[j]))
		default:
			for k := i; k <= j; k++ {
				parts = append(parts, strconv.Itoa(xs[k]))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
