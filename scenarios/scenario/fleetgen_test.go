package scenario_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// fleetSrc is a scenario with a generated fleet: generate is the inside of
// fleet.generate as one flow mapping's contents.
func fleetSrc(generate string, more ...string) string {
	return "name: f\nseed: 5\nduration: 1h\nfleet:\n  generate: {" + generate + "}\n" + strings.Join(more, "") + "lambda: {}\n"
}

const fleetWork = `work: {io: "exp(mean=50ms)"}`

// shapeOf names a generated service's shape from its process.
func shapeOf(a workload.Arrivals) string {
	switch a.Process {
	case workload.Bursts:
		return scenario.ShapeIdle
	case workload.Poisson:
		return scenario.ShapeSteady
	case workload.Profile:
		return scenario.ShapeBusinessHours
	case workload.Diurnal:
		return scenario.ShapeDiurnal
	}
	return a.Process.String()
}

func TestFleetCountsPerShape(t *testing.T) {
	tests := []struct {
		name   string
		count  int
		shapes string
		want   map[string]int
	}{
		{"the fleet-500 mix", 500, "{idle: 0.8, steady: 0.2}", map[string]int{"idle": 400, "steady": 100}},
		{"thirds", 10, "{idle: 0.333, steady: 0.333, diurnal: 0.334}", map[string]int{"idle": 3, "steady": 3, "diurnal": 4}},
		{"a tie goes to the first listed", 7, "{steady: 0.5, idle: 0.5}", map[string]int{"steady": 4, "idle": 3}},
		{"every shape", 1000, "{idle: 0.55, steady: 0.25, business-hours: 0.15, diurnal: 0.05}",
			map[string]int{"idle": 550, "steady": 250, "business-hours": 150, "diurnal": 50}},
		{"largest remainders", 9, "{idle: 0.45, steady: 0.35, diurnal: 0.2}", map[string]int{"idle": 4, "steady": 3, "diurnal": 2}},
		{"a zero share", 20, "{idle: 1, steady: 0}", map[string]int{"idle": 20}},
		{"one service", 1, "{idle: 0.8, steady: 0.2}", map[string]int{"idle": 1}},
		{"a list", 50, `[{shape: steady, share: 0.1, rate: "10"}, {shape: idle, share: 0.9}]`, map[string]int{"steady": 5, "idle": 45}},
		{"shares normalised", 100, "{idle: 0.6666, steady: 0.3333}", map[string]int{"idle": 67, "steady": 33}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan := platformtest.Plan(t, fleetSrc(fmt.Sprintf(`count: %d, rate: "lognormal(median=0.01,sigma=1)", shapes: %s, %s`, tc.count, tc.shapes, fleetWork)))
			got := map[string]int{}
			for _, s := range plan.Workload.Services {
				got[shapeOf(s.Arrivals)]++
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("services per shape = %v; want %v", got, tc.want)
			}
			if n := len(plan.Workload.Services); n != tc.count {
				t.Errorf("%d services; want %d", n, tc.count)
			}
		})
	}
}

// The drawn mean rates follow the rate distribution: a chi-square test of
// the counts between its deciles, at false-alarm probability 1e-4.
func TestFleetRatesFollowTheDistribution(t *testing.T) {
	for _, spec := range []string{"lognormal(median=0.01,sigma=2)", "uniform(1,5)", "gamma(mean=3,cv=0.7)"} {
		t.Run(spec, func(t *testing.T) {
			const n = 4000
			plan := platformtest.Plan(t, fleetSrc(fmt.Sprintf(`count: %d, rate: "%s", shapes: {steady: 1}, %s`, n, spec, fleetWork)))
			d, err := dist.ParseNumber(spec)
			if err != nil {
				t.Fatal(err)
			}
			var bins [10]int
			for _, s := range plan.Workload.Services {
				r := s.Arrivals.RatePerSecond
				bins[min(sort.Search(9, func(i int) bool { return d.Quantile(float64(i+1)/10) > r }), 9)]++
			}
			chi2 := 0.0
			for _, c := range bins {
				chi2 += (float64(c) - n/10) * (float64(c) - n/10) / (n / 10)
			}
			// The 1−1e-4 quantile of chi-square with 9 degrees of freedom.
			if chi2 > 33.7 {
				t.Errorf("rates per decile %v: chi-square %.1f > 33.7", bins, chi2)
			}
		})
	}
}

// Every shape is scaled so that its long-run mean rate is the service's
// drawn rate: over a whole cycle its expected count is rate × cycle, the
// rate being the same draw whatever the shape.
func TestFleetShapesKeepTheMean(t *testing.T) {
	const count = 40
	rates := func(shapes string) []workload.Service {
		return platformtest.Plan(t, fleetSrc(fmt.Sprintf(`count: %d, rate: "lognormal(median=0.5,sigma=1)", shapes: %s, %s`, count, shapes, fleetWork))).Workload.Services
	}
	steady := rates("{steady: 1}")
	for _, tc := range []struct {
		shapes string
		cycle  time.Duration
	}{
		{"{idle: 1}", 24 * time.Hour},
		{`[{shape: idle, share: 1, every: 3h, for: 1m, inBursts: 1}]`, 3 * time.Hour},
		{"{business-hours: 1}", 7 * 24 * time.Hour},
		{`[{shape: business-hours, share: 1, days: "mon,sat", from: 0s, to: 24h}]`, 7 * 24 * time.Hour},
		{`[{shape: business-hours, share: 1, days: "sun", from: 22h, to: 24h}]`, 7 * 24 * time.Hour},
		{"{diurnal: 1}", 24 * time.Hour},
		{`[{shape: diurnal, share: 1, amplitude: 1, peakAt: 3h}]`, 24 * time.Hour},
	} {
		t.Run(tc.shapes, func(t *testing.T) {
			for i, s := range rates(tc.shapes) {
				m := steady[i].Arrivals.RatePerSecond
				for k := 1; k <= 3; k++ {
					span := time.Duration(k) * tc.cycle
					got := s.Arrivals.Expected(time.Duration(k-1)*tc.cycle, span) / tc.cycle.Seconds()
					if math.Abs(got-m) > 1e-9*m {
						t.Fatalf("%s, cycle %d: mean rate %.9g; want the drawn %.9g", s.Name, k, got, m)
					}
				}
			}
		})
	}
}

// The same file gives the same fleet; the fleet follows generate.seed (or
// the file's seed), not --seed, so replications keep it.
func TestFleetIsDeterministic(t *testing.T) {
	gen := `count: 30, rate: "lognormal(median=0.5,sigma=1)", shapes: {idle: 0.5, business-hours: 0.3, diurnal: 0.2}, ` + fleetWork
	services := func(src string) string {
		d := platformtest.Plan(t, src).Describe()
		return d[strings.Index(d, "services:"):strings.Index(d, "lambda:")]
	}
	a := services(fleetSrc(gen))
	if b := services(fleetSrc(gen)); a != b {
		t.Error("two compilations of one file differ")
	}
	withSeed := func(fileSeed int, g string) string {
		return services(strings.Replace(fleetSrc(g), "seed: 5", fmt.Sprintf("seed: %d", fileSeed), 1))
	}
	if withSeed(6, gen) == a {
		t.Error("another scenario seed gave the same fleet")
	}
	if withSeed(5, "seed: 77, "+gen) != withSeed(6, "seed: 77, "+gen) {
		t.Error("with generate.seed, the scenario's seed moved the fleet")
	}
	plan := platformtest.Plan(t, fleetSrc(gen))
	plan.Seed = 99 // as --seed and replications do, after compiling
	if d := plan.Describe(); d[strings.Index(d, "services:"):strings.Index(d, "lambda:")] != a {
		t.Error("a run seed moved the fleet")
	}
}

// Each service draws from streams of its own name: services written out
// after the fleet leave its arrivals as they were, and a larger count keeps
// every service that keeps its shape exactly as it was.
func TestFleetStreamsAreIndependent(t *testing.T) {
	gen := func(count int) string {
		return fmt.Sprintf(`count: %d, rate: "lognormal(median=0.2,sigma=1)", shapes: {idle: 0.8, steady: 0.2}, %s`, count, fleetWork)
	}
	base := requestsOf(t, fleetSrc(gen(40)), math.MaxInt)
	more := requestsOf(t, fleetSrc(gen(40), "services:\n  - {name: extra, arrivals: {ratePerSecond: 50}, work: {io: 1s}}\n"), math.MaxInt)
	if len(more["extra"]) == 0 || len(base) < 30 {
		t.Fatalf("the written-out service has %d requests, the fleet's %d services have some", len(more["extra"]), len(base))
	}
	for name, reqs := range base {
		if !slices.Equal(reqs, more[name]) {
			t.Errorf("adding a written-out service changed %s's requests", name)
		}
	}

	shapes := func(count int) map[string]workload.Arrivals {
		out := map[string]workload.Arrivals{}
		for _, s := range platformtest.Plan(t, fleetSrc(gen(count))).Workload.Services {
			out[s.Name] = s.Arrivals
		}
		return out
	}
	before, after := shapes(40), shapes(41)
	bigger := requestsOf(t, fleetSrc(gen(41)), math.MaxInt)
	moved := 0
	for name, a := range before {
		if shapeOf(after[name]) != shapeOf(a) {
			moved++
			continue
		}
		if !slices.Equal(base[name], bigger[name]) {
			t.Errorf("%s kept its shape but its requests changed when the fleet grew", name)
		}
	}
	// 0.8×41 = 32.8 → 33 idle: one service at the boundary may move.
	t.Logf("%d of 40 services changed shape", moved)
	if moved > 1 {
		t.Errorf("%d services changed shape when the fleet grew by one; want at most 1", moved)
	}
}

func TestFleetNames(t *testing.T) {
	for _, tc := range []struct {
		gen         string
		first, last string
	}{
		{"count: 500", "svc-000", "svc-499"},
		{"count: 1001", "svc-0000", "svc-1000"},
		{`count: 3, names: "orders-%d"`, "orders-0", "orders-2"},
	} {
		plan := platformtest.Plan(t, fleetSrc(tc.gen+`, rate: "0.1", shapes: {steady: 1}, `+fleetWork))
		svcs := plan.Workload.Services
		if svcs[0].Name != tc.first || svcs[len(svcs)-1].Name != tc.last {
			t.Errorf("%s: names %s … %s; want %s … %s", tc.gen, svcs[0].Name, svcs[len(svcs)-1].Name, tc.first, tc.last)
		}
	}
}

// Work: one spec for all, a shape's own, and a factor per service.
func TestFleetWork(t *testing.T) {
	plan := platformtest.Plan(t, fleetSrc(`count: 200, rate: "1", work: {cpu: "10ms", io: "exp(mean=50ms)", scale: "lognormal(median=1,sigma=0.5)"},
    shapes: [{shape: idle, share: 0.5}, {shape: steady, share: 0.5, work: {io: "2s", payloadKB: 3}}]`))
	var logs []float64
	for _, s := range plan.Workload.Services {
		switch shapeOf(s.Arrivals) {
		case scenario.ShapeSteady:
			// the shape's io and payloadKB, the fleet's cpu and scale (the
			// keys a shape's work leaves out are the fleet's: walk13 #7)
			f := float64(s.CPU.Mean()) / float64(10*time.Millisecond)
			if io := float64(s.IO.Mean()) / float64(2*time.Second); s.PayloadKB != 3 || math.Abs(io-f) > 1e-6 {
				t.Fatalf("%s: cpu %v, io %v, payload %v; want the shape's io 2s and payloadKB 3, the fleet's cpu 10ms, both scaled by one factor", s.Name, s.CPU, s.IO, s.PayloadKB)
			}
		default:
			f := float64(s.CPU.Mean()) / float64(10*time.Millisecond)
			if io := float64(s.IO.Mean()) / float64(50*time.Millisecond); math.Abs(io-f) > 1e-6 {
				t.Fatalf("%s: cpu scaled by %v, io by %v; want one factor", s.Name, f, io)
			}
			logs = append(logs, math.Log(f))
		}
	}
	mean := 0.0
	for _, l := range logs {
		mean += l / float64(len(logs))
	}
	if len(logs) != 100 || math.Abs(mean) > 5*0.5/math.Sqrt(100) {
		t.Errorf("%d scaled services, mean log factor %.3f; want 100 around 0", len(logs), mean)
	}
}

// A shape's work: and a Prometheus service's take each key they leave out
// from the fleet's work, as a service's slo: does (walk13 #7: a service
// that wrote cpu and io ran with payloadKB 0 beside the fleet's 6, with no
// word); a work: that writes no key is an error.
func TestServiceWorkTakesTheFleetsKeys(t *testing.T) {
	gen := func(shape string) string {
		return fleetSrc(`count: 4, rate: "1", work: {cpu: "10ms", io: "50ms", payloadKB: 6}, shapes: [{shape: steady, share: 1, work: ` + shape + `}]`)
	}
	for _, tc := range []struct {
		name, src string
		cpu, io   string
		kb        float64
		problem   string
	}{
		{"io only", gen(`{io: "2s"}`), "10ms", "2s", 6, ""},
		{"payloadKB only", gen(`{payloadKB: 64}`), "10ms", "50ms", 64, ""},
		{"payloadKB 0 is written", gen(`{payloadKB: 0}`), "10ms", "50ms", 0, ""},
		{"io: 0s drops the fleet's io", gen(`{cpu: "20ms", io: 0s}`), "20ms", "0s", 6, ""},
		{"nothing written", gen(`{}`), "", "", 0, "fleet.generate.shapes[0].work: give the keys that differ from the fleet's work (cpu, io, payloadKB); those left out are the fleet's"},
		{"a bad payloadKB at its path", gen(`{payloadKB: -1}`), "", "", 0, "fleet.generate.shapes[0].work.payloadKB: must be a finite number of KB, at least 0 (got -1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := platformtest.Parse(tc.src)
			if tc.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tc.problem) {
					t.Fatalf("error %v; want %q", err, tc.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range plan.Workload.Services {
				if s.CPU.String() != tc.cpu || s.IO.String() != tc.io || s.PayloadKB != tc.kb {
					t.Errorf("%s: cpu %v, io %v, payloadKB %v; want %s, %s, %v", s.Name, s.CPU, s.IO, s.PayloadKB, tc.cpu, tc.io, tc.kb)
				}
			}
		})
	}
}

// hours and compress reach every service's arrivals.
func TestFleetHoursAndCompress(t *testing.T) {
	// Idle bursts every 9 hours: a week's 45 hours in hours are 5 whole
	// intervals.
	plan := platformtest.Plan(t, fleetSrc(`count: 20, rate: "0.5", shapes: [{shape: idle, share: 0.5, every: 9h}, {shape: steady, share: 0.5}],
    hours: {days: mon-fri, from: 9h, to: 18h}, compress: 24, `+fleetWork))
	for _, s := range plan.Workload.Services {
		a := s.Arrivals
		if a.Hours == nil || *a.Hours != (workload.Hours{Days: workload.Weekdays, From: 9 * time.Hour, To: 18 * time.Hour}) || a.Compress != 24 {
			t.Fatalf("%s: hours %+v, compress %v", s.Name, a.Hours, a.Compress)
		}
		// A compressed week lasts 7 hours; traffic 45 of its 168 hours.
		if got, want := a.Expected(0, 7*time.Hour), 0.5*45*3600/24; math.Abs(got-want) > 1e-9*want {
			t.Errorf("%s: %v expected in a compressed week; want %v", s.Name, got, want)
		}
	}
}

func TestFleetValidation(t *testing.T) {
	ok := `rate: "0.1", shapes: {steady: 1}, ` + fleetWork
	for _, tc := range []struct {
		name, gen string
		want      []string
	}{
		{"count", "count: 0, " + ok, []string{"fleet.generate.count: must be between 1 and 100000 services (got 0)"}},
		{"too many", "count: 100001, " + ok, []string{"fleet.generate.count: must be between 1 and 100000 services (got 100001)"}},
		{"names without a verb", `count: 3, names: "svc", ` + ok, []string{`fleet.generate.names: must hold exactly one integer verb such as %d or %03d (and %% for a per cent sign), given the service's index from 0 (got "svc")`}},
		{"names with two verbs", `count: 3, names: "%d-%d", ` + ok, []string{`fleet.generate.names: must hold exactly one integer verb`}},
		{"names with a string verb", `count: 3, names: "svc-%s", ` + ok, []string{`(got "svc-%s")`}},
		{"names with spaces", `count: 3, names: "svc %d", ` + ok, []string{`fleet.generate.names: must not give names with spaces or control characters (got "svc %d")`}},
		// hostile #8: the names become Deployments' and functions' names
		{"names Kubernetes refuses", `count: 3, names: "SVC-%03d", ` + ok, []string{`fleet.generate.names: makes "SVC-000", which is not a Kubernetes object's or a Lambda function's name: a lowercase RFC 1123 label must consist of`}},
		{"a per cent sign", `count: 3, names: "api%%-%d", ` + ok, []string{`fleet.generate.names: makes "api%-0", which`}},
		{"the last name too long", `count: 100, names: "` + strings.Repeat("a", 62) + `%d", ` + ok, []string{`fleet.generate.names: makes "` + strings.Repeat("a", 62) + `99", which`, "must be no more than 63 characters"}},
		{"no shapes", `count: 3, rate: "1", ` + fleetWork, []string{"fleet.generate.shapes: give the mix of shapes with their shares, e.g. {idle: 0.8, steady: 0.2} (shapes: idle, steady, business-hours, diurnal)"}},
		{"unknown shape", `count: 3, rate: "1", shapes: {idle: 0.5, spiky: 0.5}, ` + fleetWork, []string{`fleet.generate.shapes[1].shape: must be one of idle, steady, business-hours, diurnal (got "spiky")`}},
		{"shares", `count: 3, rate: "1", shapes: {idle: 0.5, steady: 0.4}, ` + fleetWork, []string{"fleet.generate.shapes: the shares must add up to 1 (got 0.9)"}},
		{"a share out of range", `count: 3, rate: "1", shapes: {idle: 1.5, steady: -0.5}, ` + fleetWork, []string{
			"fleet.generate.shapes[0].share: must be between 0 and 1 (got 1.5)", "fleet.generate.shapes[1].share: must be between 0 and 1 (got -0.5)"}},
		{"no share", `count: 3, rate: "1", shapes: [{shape: idle}], ` + fleetWork, []string{"fleet.generate.shapes[0].share: give the shape's share of the services, between 0 and 1"}},
		{"no rate", `count: 3, shapes: {idle: 1}, ` + fleetWork, []string{`fleet.generate.rate: give the distribution of the services' mean rates per second, e.g. "lognormal(median=0.01,sigma=2)", here or in each shape (fleet.generate.shapes[0] have none)`}},
		{"a bad rate", `count: 3, rate: "lognormal(median=1)", shapes: {idle: 1}, ` + fleetWork, []string{"fleet.generate.rate: lognormal: give either median and sigma, or p50 and p99, or mean and sd"}},
		{"a rate in seconds", `count: 3, rate: "exp(mean=1s)", shapes: {idle: 1}, ` + fleetWork, []string{`fleet.generate.rate: exp: bad number "1s" for mean in exp(mean=1s) (want a number like 0.5)`}},
		{"a zero rate drawn", `count: 3, rate: "0", shapes: {steady: 1}, ` + fleetWork, []string{"fleet.generate.shapes[0].rate: drew 0 requests per second for service svc-000: draws must be positive and at most 1e+06 (got 0)"}},
		{"no work", `count: 3, rate: "1", shapes: {idle: 1}`, []string{`fleet.generate.work: give the services' work, e.g. {cpu: "exp(mean=10ms)", io: "exp(mean=50ms)"}, here or in each shape (fleet.generate.shapes[0] have none)`}},
		{"empty work", `count: 3, rate: "1", shapes: {idle: 1}, work: {payloadKB: -1}`, []string{
			`fleet.generate.work: give cpu: and/or io: as distributions (e.g. io: "exp(mean=100ms)")`, "fleet.generate.work.payloadKB: must be a finite number of KB, at least 0 (got -1)"}},
		{"bad work", `count: 3, rate: "1", shapes: {idle: 1}, work: {io: "exp(mean=5)", scale: "-1"}`, []string{
			`fleet.generate.work.io: bad duration "5" in exp(mean=5)`, "fleet.generate.work.scale: number must not be negative (got -1)"}},
		{"a setting of another shape", `count: 3, rate: "1", shapes: [{shape: steady, share: 1, every: 1h, peakAt: 2h}], ` + fleetWork, []string{
			"fleet.generate.shapes[0].every: only for shape idle (this one is steady)", "fleet.generate.shapes[0].peakAt: only for shape diurnal (this one is steady)"}},
		{"idle settings", `count: 3, rate: "1", shapes: [{shape: idle, share: 1, every: 1h, for: 2h, inBursts: 0}], ` + fleetWork, []string{
			"fleet.generate.shapes[0].for: must be positive and at most every (1h0m0s): one burst per interval (got 2h0m0s)",
			"fleet.generate.shapes[0].inBursts: must be above 0 and at most 1 (the share of the requests that come in bursts; use shape steady for none) (got 0)"}},
		{"business-hours settings", `count: 3, rate: "1", shapes: [{shape: business-hours, share: 1, days: "weekdayz", from: 18h, to: 9h}], ` + fleetWork, []string{
			`fleet.generate.shapes[0].days: must be a list of days or ranges such as mon-fri or sat,sun (got "weekdayz")`,
			"fleet.generate.shapes[0].to: must be after from (18h0m0s) and at most 24h (got 9h0m0s)"}},
		{"diurnal settings", `count: 3, rate: "1", shapes: [{shape: diurnal, share: 1, amplitude: 2, peakAt: 24h}], ` + fleetWork, []string{
			"fleet.generate.shapes[0].amplitude: must be between 0 and 1 (got 2)", "fleet.generate.shapes[0].peakAt: must be within [0s, 24h) (got 24h0m0s)"}},
		{"hours on a calendar", `count: 3, rate: "1", shapes: {diurnal: 1}, hours: {from: 9h, to: 18h}, ` + fleetWork, []string{
			"fleet.generate.hours: gates idle and steady shapes only: diurnal (shapes[0]) keeps a calendar of its own"}},
		{"hours reversed", `count: 3, rate: "1", shapes: {steady: 1}, hours: {days: mon-fri, from: 18h, to: 9h}, ` + fleetWork, []string{
			"fleet.generate.hours.to: must be after hours.from (18h0m0s) and at most 24h (got 9h0m0s)"}},
		{"compress", `count: 3, compress: -1, ` + ok, []string{"fleet.generate.compress: must be positive and at most 1e+06 (got -1)"}},
		{"compress past the calendar", `count: 3, compress: 1000, ` + ok, []string{"fleet.generate.compress: compress × duration (8784h0m0s) must be at most 146 years of calendar (got 1000)"}},
		{"a duplicate with a written service", `count: 3, ` + ok, []string{`services[0].name: duplicate service name (got svc-001)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fleetSrc(tc.gen)
			switch tc.name {
			case "compress past the calendar":
				src = strings.Replace(src, "duration: 1h", "duration: 8784h", 1)
			case "a duplicate with a written service":
				src = strings.Replace(src, "lambda:", "services:\n  - {name: svc-001, arrivals: {ratePerSecond: 1}, work: {io: 1s}}\nlambda:", 1)
			}
			_, err := scenario.Parse([]byte(src), nil, platformtest.Registry())
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\nlacks %q", err, w)
				}
			}
		})
	}
}
