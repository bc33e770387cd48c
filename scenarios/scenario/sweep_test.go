package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	lambdaplatform "github.com/execsim/execsim/scenarios/platforms/lambda"

	"github.com/execsim/execsim/scenarios/scenario"
)

func TestSweepPointsAndUnits(t *testing.T) {
	plan := platformtest.Plan(t, sweepSrc(t))
	pts := plan.Points()
	if len(pts) != 6 {
		t.Fatalf("%d points; want 2 × 3", len(pts))
	}
	// the last axis varies fastest, in the file's order
	want := [][]string{{"128", "5"}, {"128", "10"}, {"128", "20"}, {"1024", "5"}, {"1024", "10"}, {"1024", "20"}}
	for i, p := range pts {
		if !slices.Equal(p.Values, want[i]) {
			t.Errorf("point %d = %v; want %v", i, p.Values, want[i])
		}
	}
	if got := pts[4].Name(plan.Axes); got != "p004-memoryMB=1024-ratePerSecond=10" {
		t.Errorf("Name = %q", got)
	}
	units := plan.Units()
	if len(units) != 18 || units[5].Point != 1 || units[5].Rep != 2 || units[5].Seed != 12 {
		t.Fatalf("units = %d, units[5] = %+v; want 18 and point 1 rep 2 seed 12", len(units), units[5])
	}
	// shards are disjoint and cover the sweep
	var all []int
	for i := 1; i <= 4; i++ {
		for _, u := range scenario.Shard(units, i, 4) {
			all = append(all, u.Index)
		}
	}
	slices.Sort(all)
	for i, u := range all {
		if u != i {
			t.Fatalf("shards cover %v; want 0..17 once each", all)
		}
	}
	// a point's plan carries its overrides and the unit's seed
	q, err := plan.PlanFor(units[5])
	if err != nil {
		t.Fatal(err)
	}
	if q.Config(lambdaplatform.Name).(*lambdaplatform.Config).Functions[0].MemoryMB != 128 || q.Workload.Services[0].Arrivals.RatePerSecond != 10 || q.Seed != 12 {
		t.Errorf("PlanFor(unit 5): memory %d rate %v seed %d; want 128, 10, 12",
			q.Config(lambdaplatform.Name).(*lambdaplatform.Config).Functions[0].MemoryMB, q.Workload.Services[0].Arrivals.RatePerSecond, q.Seed)
	}
}

func TestSweepErrors(t *testing.T) {
	for _, tc := range []struct{ sweep, want string }{
		{"sweep: {lambda.memoryMB: 512}", "sweep.lambda.memoryMB: line 10: give a non-empty list of values"},
		{"sweep: [1, 2]", "sweep: line 10: must map field paths to lists of values"},
		{"sweep: {sweep.x: [1]}", "sweep.sweep.x: a sweep cannot sweep itself"},
		// hostile #2: a swept seed was overwritten by the unit's seed
		{"sweep: {seed: [1, 2]}", "sweep.seed: line 10: the seed is not swept; write replications: N"},
		// hostile #6: a path twice made one point carry both values and
		// results.csv two columns of one name
		{"sweep:\n  lambda.memoryMB: [128]\n  lambda.memoryMB: [256]", `sweep.lambda.memoryMB: line 12: mapping key "lambda.memoryMB" already defined at line 11`},
		{"replications: -2", "replications: must be at least 1 (got -2)"},
		{"replications: 0", "replications: must be at least 1 (got 0)"}, // written, so not the default 1
		// 2^64 points wrapped an int count to 0 (accepted, and a sweep of
		// nothing), 2^63 to a negative one (accepted, then a panic in Points)
		{manyAxes(64), "sweep: at most 100000 runs (points × replications) (got 1.8446744073709552e+19)"},
		{manyAxes(63), "sweep: at most 100000 runs (points × replications) (got 9.223372036854776e+18)"},
		{manyAxes(17), "sweep: at most 100000 runs (points × replications) (got 131072)"},
	} {
		src := strings.Replace(sweepSrc(t), "sweep:\n  lambda.memoryMB: [128, 1024]\n  workload.arrivals.ratePerSecond: [5, 10, 20]\nreplications: 3\n", tc.sweep+"\n", 1)
		_, err := platformtest.Parse(src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want %q", tc.sweep, err, tc.want)
		}
	}
}

// A sweep: problem names where it was written: a line of the file, or
// the --set and the place in its value. After any --set the scenario is
// encoded and read again, and the problem named a line of that text
// (inputs13: "--set sweep={lambda.memoryMB: 512}" was told of its "line
// 32"; a file's own sweep: beside --set duration=1h of a line its
// comments no longer shifted).
func TestSweepErrorsNameTheirPlace(t *testing.T) {
	// the sweep's scenario with blank lines and no sweep
	src := strings.Replace(sweepSrc(t), "sweep:\n  lambda.memoryMB: [128, 1024]\n  workload.arrivals.ratePerSecond: [5, 10, 20]\nreplications: 3\n", "", 1)
	src = strings.Replace(src, "workload:", "\n\n# blank lines the re-encoded text drops\n\nworkload:", 1)
	lines := strings.Count(src, "\n")
	for _, tc := range []struct {
		name, sweep string
		set         []string
		want        string
	}{
		{"a --set of the sweep", "", []string{"sweep={lambda.memoryMB: 512}"},
			"sweep.lambda.memoryMB: --set sweep, column 19 of its value: give a non-empty list of values (got 512)"},
		{"a key twice in a --set", "", []string{"sweep={lambda.memoryMB: [1], lambda.memoryMB: [2]}"},
			`sweep.lambda.memoryMB: --set sweep, column 24 of its value: mapping key "lambda.memoryMB" already defined at column 2 of its value`},
		{"a key twice on two lines of a --set", "", []string{"sweep={a: [1],\n a: [2]}"},
			`sweep.a: --set sweep, line 2 column 2 of its value: mapping key "a" already defined at line 1 column 2 of its value`},
		{"a --set of the seed's axis", "", []string{"sweep={duration: [1h], seed: [1, 2]}"},
			"sweep.seed: --set sweep, column 18 of its value: the seed is not swept"},
		{"a --set of the sweep that is no mapping", "", []string{"sweep=[1]"},
			"sweep: --set sweep: must map field paths to lists of values"},
		// the axis is the path after sweep., dots and all: it was
		// sweep: {lambda: {memoryMB: 512}}, "sweep.lambda: give a
		// non-empty list of values", of line 0
		{"a --set of one axis", "", []string{"sweep.lambda.memoryMB=512"},
			"sweep.lambda.memoryMB: --set sweep.lambda.memoryMB: give a non-empty list of values (got 512)"},
		// a bad path was told once per point, as a --set of its value
		{"an axis that is no path", "", []string{"sweep={lambda..x: [2]}"},
			`sweep.lambda..x: --set sweep, column 2 of its value: bad path element "" (want key or key[index])`},
		{"a --set of an axis that is no path", "", []string{"sweep.=[1]"},
			`--set sweep.: bad path element "" (want key or key[index])`},
		{"the file's sweep beside a --set", "sweep: {lambda.memoryMB: 512}\n", []string{"duration=1h"},
			fmt.Sprintf("sweep.lambda.memoryMB: line %d: give a non-empty list of values (got 512)", lines+1)},
		{"the file's sweep beside a --set of another axis", "sweep: {lambda.memoryMB: 512}\n", []string{"sweep.duration=[1h]"},
			fmt.Sprintf("sweep.lambda.memoryMB: line %d: give a non-empty list of values (got 512)", lines+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var set []scenario.Override
			for _, s := range tc.set {
				o, err := scenario.ParseOverride(s)
				if err != nil {
					t.Fatal(err)
				}
				set = append(set, o)
			}
			_, err := scenario.Parse([]byte(src+tc.sweep), set, platformtest.Registry())
			if err == nil || err.Error() != tc.want && !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %s", err, tc.want)
			}
		})
	}
}

// --set sweep.<path>=[…] adds one axis, its key the whole path.
func TestSetOneSweepAxis(t *testing.T) {
	src := strings.Replace(sweepSrc(t), "  workload.arrivals.ratePerSecond: [5, 10, 20]\n", "", 1)
	for _, tc := range []struct {
		set  string
		want []scenario.Axis
	}{
		{"sweep.workload.arrivals.ratePerSecond=[5, 10]", []scenario.Axis{{Path: "lambda.memoryMB", Values: []string{"128", "1024"}}, {Path: "workload.arrivals.ratePerSecond", Values: []string{"5", "10"}}}},
		{"sweep.lambda.memoryMB=[256]", []scenario.Axis{{Path: "lambda.memoryMB", Values: []string{"256"}}}},
	} {
		o, err := scenario.ParseOverride(tc.set)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := scenario.Parse([]byte(src), []scenario.Override{o}, platformtest.Registry())
		if err != nil {
			t.Fatalf("--set %s: %v", tc.set, err)
		}
		if !reflect.DeepEqual(plan.Axes, tc.want) {
			t.Errorf("--set %s: axes %v; want %v", tc.set, plan.Axes, tc.want)
		}
	}
}

// manyAxes is a sweep of n axes of two values each: 2^n points.
func manyAxes(n int) string {
	var b strings.Builder
	b.WriteString("sweep:\n")
	for i := range n {
		fmt.Fprintf(&b, "  lambda.x%d: [1, 2]\n", i)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// sweepSrc is the shared sweep scenario.
func sweepSrc(t *testing.T) string { return platformtest.ReadFile(t, "../testdata/sweeps/sweep.yaml") }

// Every bad point is listed, each line prefixed with its point (a line
// without it reads as a problem of the base scenario), and a value of the
// wrong type names its axis and value, not "--set".
func TestCheckPointsPrefixesEveryLine(t *testing.T) {
	src := strings.Replace(sweepSrc(t), "sweep:\n  lambda.memoryMB: [128, 1024]\n  workload.arrivals.ratePerSecond: [5, 10, 20]\nreplications: 3\n",
		"sweep: {lambda.memoryMB: [256, 64, 20000, abc], lambda.timeout: [5s, -1s]}\n", 1)
	plan, err := platformtest.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	err = plan.CheckPoints()
	if err == nil {
		t.Fatal("CheckPoints accepted bad points")
	}
	lines := strings.Split(err.Error(), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "sweep point p0") || strings.Contains(l, "--set") {
			t.Errorf("line %q: want it to start with its point, without --set", l)
		}
	}
	for _, want := range []string{
		"sweep point p001-memoryMB=256-timeout=-1s: lambda.timeout: ",
		"sweep point p002-memoryMB=64-timeout=5s: lambda.memoryMB: must be between 128 and 10240 (got 64)",
		"sweep point p003-memoryMB=64-timeout=-1s: lambda.memoryMB: must be between 128 and 10240 (got 64)",
		"sweep point p003-memoryMB=64-timeout=-1s: lambda.timeout: ",
		"sweep point p005-memoryMB=20000-timeout=-1s: lambda.memoryMB: must be between 128 and 10240 (got 20000)",
		`sweep point p006-memoryMB=abc-timeout=5s: sweep.lambda.memoryMB value abc: "abc" is not an integer`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("CheckPoints lacks %q:\n%v", want, err)
		}
	}
	if !errors.Is(err, scenario.ErrInput) {
		t.Errorf("CheckPoints: %v is not an input error", err)
	}
}

// A profile out of order names its points as the file does (profile[i],
// not the model's points[i]), and a point whose name leaves its axis or
// value unclear (an axis into a list, a value unsafe in a file name)
// names them as sweep: writes them.
func TestOutOfOrderProfileNamesItsPoints(t *testing.T) {
	const head = `name: p
duration: 6h
workload:
  arrivals:
    profile:
      - {at: 0s, ratePerSecond: 1}
      - {at: 2h, ratePerSecond: 2}
      - {at: 4h, ratePerSecond: 1}
  work: {cpu: 10ms}
lambda: {}
`
	for _, tc := range []struct {
		name, tail, want string
	}{
		{"as written", "", ""},
		{"a swept point", "sweep:\n  workload.arrivals.profile[1].at: [1h, 5h]\n",
			"sweep point p001-at=5h (sweep.workload.arrivals.profile[1].at: 5h): workload.arrivals.profile[2].at: must not be before profile[1].at (5h0m0s): points are sorted by at (got 4h0m0s)"},
		{"a swept point beside another axis", "sweep:\n  lambda.memoryMB: [256]\n  workload.arrivals.profile[1].at: [5h]\n",
			"sweep point p000-memoryMB=256-at=5h (sweep.workload.arrivals.profile[1].at: 5h): workload.arrivals.profile[2].at: must not be before profile[1].at (5h0m0s)"},
		{"a swept profile", "sweep: {workload.arrivals.profile: [[{at: 0s, ratePerSecond: 1}], [{at: 1h, ratePerSecond: 1}, {at: 0s, ratePerSecond: 2}]]}\n",
			"sweep point p001-profile=__at__1h__ratePerSecond__1____at__0s__ratePerSecond__2__ (sweep.workload.arrivals.profile: [{at: 1h, ratePerSecond: 1}, {at: 0s, ratePerSecond: 2}]): " +
				"workload.arrivals.profile[1].at: must not be before profile[0].at (1h0m0s): points are sorted by at (got 0s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.tail
			want := tc.want
			if tc.tail == "" {
				src = strings.Replace(head, "at: 4h", "at: 1h", 1)
				want = "workload.arrivals.profile[2].at: must not be before profile[1].at (2h0m0s): points are sorted by at (got 1h0m0s)"
			}
			plan, err := platformtest.Parse(src)
			if err == nil {
				err = plan.CheckPoints()
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v; want %q", err, want)
			}
			if err != nil && strings.Contains(err.Error(), "points[") {
				t.Errorf("error %v names the model's points[i]", err)
			}
		})
	}
}

// A point's plan is built from that point alone: PlanFor built every
// point of the sweep to take one, so checking a sweep (CheckPoints, which
// validate, run and sweep call) was quadratic in its size, and validate
// of 300 × 300 points had not finished after 11 minutes. PlanFor's
// allocations must not grow with the number of points.
func TestPlanForDoesNotBuildEveryPoint(t *testing.T) {
	vals := func(n, from int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprint(&b, from+i)
		}
		return b.String()
	}
	src := strings.Replace(sweepSrc(t), "sweep:\n  lambda.memoryMB: [128, 1024]\n  workload.arrivals.ratePerSecond: [5, 10, 20]\nreplications: 3\n",
		"sweep:\n  lambda.memoryMB: ["+vals(300, 128)+"]\n  workload.arrivals.ratePerSecond: ["+vals(300, 1)+"]\n", 1)
	plan, err := platformtest.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	points := len(plan.Points())
	if points != 90_000 {
		t.Fatalf("%d points; want 300 × 300", points)
	}
	u := scenario.Unit{Point: points - 1, Seed: plan.Seed}
	allocs := testing.AllocsPerRun(2, func() {
		if _, err := plan.PlanFor(u); err != nil {
			t.Fatal(err)
		}
	})
	if allocs >= float64(points) {
		t.Errorf("PlanFor of one point of %d allocates %.0f times: it builds every point", points, allocs)
	}
	if got := plan.PointAt(u.Point); !slices.Equal(got.Values, []string{"427", "300"}) || got.Index != u.Point {
		t.Errorf("PointAt(%d) = %+v; want the last point, 427 and 300", u.Point, got)
	}
}

// CheckPoints stops once the reading's context is done, looking every
// 100 points: checking 100,000 points takes minutes, and Ctrl-C (or the
// SIGTERM of a timeout) went unheard until the last. Point 100 here is
// bad, and is not reached.
func TestCheckPointsStopsWhenInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var mem []string
	for i := range 100 {
		mem = append(mem, fmt.Sprint(128+i))
	}
	src := strings.Replace(sweepSrc(t), "sweep:\n  lambda.memoryMB: [128, 1024]\n  workload.arrivals.ratePerSecond: [5, 10, 20]\n",
		"sweep:\n  lambda.memoryMB: ["+strings.Join(mem, ", ")+", 64]\n", 1)
	plan, err := scenario.ParseReading([]byte(src), nil, scenario.Reading{Context: ctx}, nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	err = plan.CheckPoints()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("CheckPoints: %v; want context.Canceled", err)
	}
	if want := "stopped checking the sweep's points at p100-memoryMB=64: context canceled"; err.Error() != want {
		t.Errorf("CheckPoints: %q; want %q", err, want)
	}
}
