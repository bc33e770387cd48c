package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/execsim/execsim/models"
	"go.yaml.in/yaml/v3"
)

// Axis is one swept field and its values (YAML text, as --set takes them).
// sweep.json writes the axes with these keys, snake_case as every key of
// execsim's JSON; one written before they had tags says "Path" and
// "Values", which encoding/json reads the same (it matches keys without
// regard to case).
type Axis struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
}

// Point is one combination of axis values.
type Point struct {
	Index     int
	Values    []string // one per axis
	Overrides []Override
}

// Name is a deterministic, file-system-safe label: p003-memoryMB=1024.
func (p Point) Name(axes []Axis) string {
	var b strings.Builder
	fmt.Fprintf(&b, "p%03d", p.Index)
	for i, a := range axes {
		key := a.Path[strings.LastIndex(a.Path, ".")+1:]
		fmt.Fprintf(&b, "-%s=%s", key, FileNamePart(p.Values[i]))
	}
	return b.String()
}

// unnamed writes the axes and values that the point's Name leaves
// unclear, as the sweep: section writes them: a value that is not safe
// in a file name (a whole profile read
// "profile=__at__1h__ratePerSecond__1__…"), and an axis into a list,
// whose last key names no item ("at=5h" for
// workload.arrivals.profile[1].at). "" when Name says it all.
func (p Point) unnamed(axes []Axis) string {
	var out []string
	for i, a := range axes {
		if v := p.Values[i]; FileNamePart(v) != v || strings.Contains(a.Path, "[") {
			out = append(out, fmt.Sprintf("sweep.%s: %s", a.Path, v))
		}
	}
	return strings.Join(out, ", ")
}

// FileNamePart keeps letters, digits, dots, dashes and underscores of s
// and makes anything else an underscore, for names in output paths.
func FileNamePart(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-_", r) {
			return r
		}
		return '_'
	}, s)
}

// Unit is one run of a sweep: a point and a replication.
type Unit struct {
	Index int // position in the sweep's fixed order: point-major, replication-minor
	Point int
	Rep   int
	Seed  uint64 // the scenario's seed + Rep: replications are successive seeds
}

// MaxSweepUnits bounds a sweep so a typo cannot queue a million runs.
const MaxSweepUnits = 100_000

// compileSweep reads the ordered sweep: mapping and the replication count.
func compileSweep(p *models.Problems, f *File, plan *Plan) {
	plan.Replications = 1
	if r := f.Replications; r != nil && *r < 1 {
		// written, so meant: 0 is not "the default" (the walk-through's
		// replications: 0 got "has no sweep: section and one replication")
		p.Add("replications", *r, models.ErrRange, "must be at least 1")
	} else if r != nil {
		plan.Replications = *r
	}
	n := &f.Sweep
	if n.Kind == 0 {
		if plan.Replications > MaxSweepUnits {
			p.Add("replications", plan.Replications, models.ErrRange, "at most %d runs (points × replications)", MaxSweepUnits)
		}
		return
	}
	if n.Kind != yaml.MappingNode {
		p.Add("sweep", nil, models.ErrInvalid, "%s: must map field paths to lists of values, e.g. sweep: {workload.arrivals.ratePerSecond: [5, 50]}", f.at(n))
		return
	}
	// the number of runs, counted in float64: an int product of 64 axes
	// of two values wrapped to 0 (a sweep of no point, accepted and run
	// as nothing) and of 63 to a negative count, which passed the cap and
	// made Points panic (rev12c)
	units := float64(plan.Replications)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, vals := n.Content[i], n.Content[i+1]
		path := "sweep." + key.Value
		first, twice := seen[key.Value]
		if !twice {
			seen[key.Value] = key
		}
		switch {
		case twice:
			// the sweep: mapping is kept as YAML, which the decoder's own
			// check of duplicate keys never sees: one point carried both
			// values (the last won) and results.csv two columns of one name
			p.Add(path, nil, models.ErrInvalid, "%s: mapping key %q already defined at %s (give its values in one list)", f.at(key), key.Value, f.atToo(first, key))
			continue
		case key.Value == "sweep" || key.Value == "replications" || strings.HasPrefix(key.Value, "sweep."):
			p.Add(path, nil, models.ErrInvalid, "a sweep cannot sweep itself")
			continue
		case key.Value == "seed":
			// Every unit's seed is the scenario's seed + its replication
			// (Units), the value results.csv prints as seed: a swept seed
			// was overwritten by it, so both points ran at the base seed.
			// Replications are how seeds vary.
			p.Add(path, nil, models.ErrInvalid, "%s: the seed is not swept; write replications: N to run seeds seed, seed+1, …, seed+N−1 (results.csv's seed column)", f.at(key))
			continue
		case badElement(key.Value) != nil:
			// each point would say it, as a --set of the point's value
			p.Add(path, nil, models.ErrInvalid, "%s: %v", f.at(key), badElement(key.Value))
			continue
		case vals.Kind != yaml.SequenceNode || len(vals.Content) == 0:
			p.Add(path, nil, models.ErrInvalid, "%s: give a non-empty list of values (got %s)", f.at(vals), gotText(vals))
			continue
		}
		ax := Axis{Path: key.Value}
		for _, v := range vals.Content {
			ax.Values = append(ax.Values, nodeText(v))
		}
		units *= float64(len(ax.Values))
		plan.Axes = append(plan.Axes, ax)
	}
	if units > MaxSweepUnits {
		p.Add("sweep", units, models.ErrRange, "at most %d runs (points × replications)", MaxSweepUnits)
	}
}

// longestDuration is the longest run the plan makes: its duration, or
// the longest of a swept duration's values when that is longer (swept
// true). A value that is not a valid duration is the point's own error,
// reported when the point is compiled, and is skipped here.
func longestDuration(plan *Plan) (d time.Duration, swept bool) {
	d = plan.Duration
	for _, v := range sweptValues(plan, "duration") {
		var w time.Duration
		if yaml.Unmarshal([]byte(v), &w) == nil && w > d && w <= MaxDuration {
			d, swept = w, true
		}
	}
	return d, swept
}

// sweptValues are the values the sweep gives path, none when it does
// not sweep it.
func sweptValues(plan *Plan, path string) []string {
	var out []string
	for _, ax := range plan.Axes {
		if ax.Path == path {
			out = append(out, ax.Values...)
		}
	}
	return out
}

// gotText is a value as the user wrote it, for a message's "(got …)":
// nothing, or its text.
func gotText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!null" || n.Value == "") {
		return "nothing"
	}
	return nodeText(n)
}

// nodeText renders a YAML value as one line of flow YAML.
func nodeText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	c := *n
	c.Style = yaml.FlowStyle
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	_ = enc.Encode(&c)
	return strings.TrimSpace(buf.String())
}

// Points is the cartesian product of the axes, the last axis varying
// fastest; a plan without a sweep has one point with no overrides.
func (p *Plan) Points() []Point {
	total := 1
	for _, a := range p.Axes {
		total *= len(a.Values)
	}
	points := make([]Point, total)
	for i := range points {
		points[i] = p.PointAt(i)
	}
	return points
}

// PointAt is point i of Points, built alone: PlanFor takes one point for
// each unit (CheckPoints, a sweep's workers), and building every point to
// take one made checking a sweep quadratic in its size: validate of a
// sweep of 300 × 300 points had not finished after 11 minutes (rev12c).
func (p *Plan) PointAt(i int) Point {
	pt := Point{Index: i, Values: make([]string, len(p.Axes))}
	rest := i
	for j := len(p.Axes) - 1; j >= 0; j-- {
		a := p.Axes[j]
		pt.Values[j] = a.Values[rest%len(a.Values)]
		rest /= len(a.Values)
	}
	for j, a := range p.Axes {
		pt.Overrides = append(pt.Overrides, Override{Path: a.Path, Value: pt.Values[j]})
	}
	return pt
}

// Units lists every run of the sweep in its fixed order.
func (p *Plan) Units() []Unit {
	var out []Unit
	for _, pt := range p.Points() {
		for r := range p.Replications {
			out = append(out, Unit{Index: len(out), Point: pt.Index, Rep: r, Seed: p.Seed + uint64(r)})
		}
	}
	return out
}

// Shard returns the units of shard i of n (1-based): every n-th unit from
// the i-th, a deterministic subset whose union over i = 1..n is the sweep.
func Shard(units []Unit, i, n int) []Unit {
	var out []Unit
	for _, u := range units {
		if u.Index%n == i-1 {
			out = append(out, u)
		}
	}
	return out
}

// PlanFor compiles the plan of one unit: the scenario as run (after the
// command line's --set) with the point's overrides, at the unit's seed.
// Arrival streams depend on the seed only, so every point of a replication
// sees the same arrivals (common random numbers).
func (p *Plan) PlanFor(u Unit) (*Plan, error) {
	pt := p.PointAt(u.Point)
	q, err := ParseReading(p.Source, p.Files, p.Reading, pt.Overrides, p.Registry)
	if err != nil {
		return nil, InputError(p.pointError(pt, err))
	}
	q.Ref, q.Seed, q.MaxArrivals = p.Ref, u.Seed, p.MaxArrivals
	return q, nil
}

// pointError says what is wrong with a point, every line prefixed with the
// point (validate lists every point's problems, and an unprefixed line
// would read as a problem of the base scenario). A value of the wrong type
// fails decoding, whose message names no field and would call the point's
// values "--set": the axis whose value it is, decoded alone, is named
// instead ("sweep.lambda.memoryMB value abc: "abc" is not an integer").
func (p *Plan) pointError(pt Point, err error) error {
	prefix := "sweep point " + pt.Name(p.Axes)
	if w := pt.unnamed(p.Axes); w != "" {
		prefix += " (" + w + ")"
	}
	prefix += ": "
	var lines []string
	for _, o := range pt.Overrides {
		_, _, derr := Decode(p.Source, []Override{o}, p.Registry)
		if derr == nil {
			continue
		}
		if inner := errors.Unwrap(derr); inner != nil {
			derr = inner // without Decode's "--set <path>: "
		}
		for _, l := range strings.Split(derr.Error(), "\n") {
			lines = append(lines, fmt.Sprintf("%ssweep.%s value %s: %s", prefix, o.Path, o.Value, l))
		}
	}
	if lines == nil {
		for _, l := range strings.Split(err.Error(), "\n") {
			lines = append(lines, prefix+l)
		}
	}
	return pointErr{strings.Join(lines, "\n"), err}
}

// pointErr is a point's error with every line prefixed; errors.Is and
// errors.As see the error it wraps.
type pointErr struct {
	msg string
	err error
}

func (e pointErr) Error() string { return e.msg }
func (e pointErr) Unwrap() error { return e.err }

// checkEvery is how many points CheckPoints checks between looks at the
// context: a point takes milliseconds, so an interrupt is heard within a
// second, and a sweep that short is checked whole, as before, to run as
// far as its runs get (an interrupted sweep writes what finished).
const checkEvery = 100

// CheckPoints compiles every point of the sweep, so that a bad value in
// sweep: is found before anything runs (execsim validate, run, sweep).
// It stops when the plan's Reading.Context is done, looking every
// checkEvery points: a sweep of 100,000 points takes minutes to check,
// and Ctrl-C (or a timeout's SIGTERM) went unheard until the last
// (rev12c).
func (p *Plan) CheckPoints() error {
	return p.CheckPointsEach(nil)
}

// CheckPointsEach is CheckPoints, giving each point's compiled plan to
// each (when not nil) as it goes: a sweep collects its points' warnings
// (SweepWarnings) from the compile the check makes anyway, which at
// 100,000 points takes minutes and is not made twice.
func (p *Plan) CheckPointsEach(each func(pt Point, q *Plan)) error {
	if len(p.Axes) == 0 {
		return nil
	}
	var errs []error
	var types sweptTypes
	ctx := p.Reading.Context
	for i, pt := range p.Points() {
		if i > 0 && i%checkEvery == 0 && ctx != nil && ctx.Err() != nil {
			errs = append(errs, fmt.Errorf("stopped checking the sweep's points at %s: %w", pt.Name(p.Axes), ctx.Err()))
			break
		}
		q, err := p.PlanFor(Unit{Point: pt.Index, Seed: p.Seed})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		types.add(q)
		if each != nil {
			each(pt, q)
		}
	}
	if len(errs) == 0 && p.SweepsNodeTypes() {
		errs = append(errs, types.err())
	}
	return InputError(errors.Join(errs...))
}
