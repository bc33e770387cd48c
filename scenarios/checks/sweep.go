package checks

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// A scenario with a sweep: section (or replications above 1) is pinned
// whole: its golden holds every run that execsim sweep makes, each point
// at each replication, and not the base point, which sweep never runs. A
// golden of the base point alone would pass while a model change moved
// every point the sweep exists to compare.
//
// Each run is a unit, labelled by its point's name and, when the sweep has
// replications, /rN: p003-memoryMB=1024/r2. Its fields are named
// UNIT/FIELD (p003-memoryMB=1024/r2/lambda.latency_ms.p99); its golden
// text follows a heading line "=== p003-memoryMB=1024/r2 ===".

// unitPrefix matches the UNIT/ that starts a sweep's field name: point
// names keep only letters, digits, ".-_=" (scenario.FileNamePart), so the
// first slash ends the point, and /rN/ the replication.
var unitPrefix = regexp.MustCompile(`^p[0-9]{3,}[^/]*/(r[0-9]+/)?`)

// SplitUnit splits a sweep's field name into its unit and the field of
// that unit's run; a field of a run without a sweep has no unit.
func SplitUnit(name string) (unit, field string) {
	if m := unitPrefix.FindString(name); m != "" {
		return m[:len(m)-1], name[len(m):]
	}
	return "", name
}

// match says whether a tolerance's or an expectation's field pattern
// names a field. A pattern without a slash names the field in every run
// of a sweep; one with a slash names the units it matches
// (p00[0-2]*/lambda.throttled), its * never crossing a slash. A pattern
// without a replication part names every replication of the points it
// matches: p001*/lambda.throttled is the README's form, and it matched
// nothing once the scenario had replications: 2, whose names carry /rN/
// (the walk-through's defect 2); p001*/r0/… still names one replication.
func match(pattern, name string) bool {
	if !strings.Contains(pattern, "/") {
		_, name = SplitUnit(name)
	}
	if ok, _ := path.Match(pattern, name); ok {
		return true
	}
	unit, field := SplitUnit(name)
	point, rep, ok := strings.Cut(unit, "/")
	if !ok || rep == "" {
		return false
	}
	ok, _ = path.Match(pattern, point+"/"+field)
	return ok
}

// runNames lists the distinct units of a sweep's fields, in order.
func runNames(names []string) []string {
	var out []string
	for _, n := range names {
		if u, _ := SplitUnit(n); u != "" && (len(out) == 0 || out[len(out)-1] != u) {
			out = append(out, u)
		}
	}
	return out
}

// swept says whether a plan is a sweep: more than one run.
func swept(plan *scenario.Plan) bool { return len(plan.Axes) > 0 || plan.Replications > 1 }

// unitLabel is the label of a unit of the plan's sweep.
func unitLabel(plan *scenario.Plan, u scenario.Unit) string {
	// the unit's point alone: Points builds every point of the sweep,
	// once per unit a golden of the sweep was quadratic in its size
	label := plan.PointAt(u.Point).Name(plan.Axes)
	if plan.Replications > 1 {
		label += fmt.Sprintf("/r%d", u.Rep)
	}
	return label
}

// unitHeading starts a unit's golden text.
func unitHeading(label string) string { return "=== " + label + " ===\n" }

// SweepOf runs every unit of a swept plan on up to workers goroutines
// and returns its golden file (in the units' order, whatever the workers).
// ctx (nil: never) stops it with an error wrapping the context's.
func SweepOf(ctx context.Context, version string, plan *scenario.Plan, workers int) (File, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	units := plan.Units()
	plans := make([]*scenario.Plan, len(units))
	for i, u := range units { // every point compiles before anything runs
		q, err := plan.PlanFor(u)
		if err != nil {
			return File{}, err
		}
		plans[i] = q
	}
	parts, err := runner.RunAll(ctx, plans, max(1, workers), nil, func(i int, res *runner.Result) File {
		return Of(version, res)
	})
	if err != nil {
		return File{}, err
	}
	f := File{Version: version, Fields: []summary.Field{}, percentiles: map[string]string{}, aliases: map[string]string{}, twins: map[string][]twin{}}
	var text strings.Builder
	for i, p := range parts {
		label := unitLabel(plan, units[i])
		if i > 0 {
			text.WriteString("\n")
		}
		text.WriteString(unitHeading(label))
		text.WriteString(p.Text)
		for _, fl := range p.Fields {
			fl.Name = label + "/" + fl.Name
			f.Fields = append(f.Fields, fl)
		}
		for pf, q := range p.percentiles {
			f.percentiles[label+"/"+pf] = q
		}
		for k, a := range p.aliases {
			f.aliases[label+"/"+k] = label + "/" + a
		}
		if ts := p.twins[""]; ts != nil {
			f.twins[label+"/"] = ts
		}
	}
	f.Text = text.String()
	return f, nil
}

// units counts the distinct units of a golden's fields: 0 for a run
// without a sweep.
func units(f File) int {
	n, last := 0, ""
	for _, fl := range f.Fields {
		if u, _ := SplitUnit(fl.Name); u != "" && u != last {
			n, last = n+1, u
		}
	}
	return n
}
