package checks

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platforms"
)

// perAppScenario writes scenarios/testdata/trace-per-app.yaml, with
// extra after it, and its traces into dir: a placement that searched (its
// trials) between Kubernetes and Lambda, in that order.
func perAppScenario(t *testing.T, dir, extra string) {
	t.Helper()
	src, err := os.ReadFile("../testdata/trace-per-app.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "traces"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"apps_invocations.csv", "apps_durations.csv", "apps_memory.csv"} {
		data, err := os.ReadFile(filepath.Join("../testdata/traces", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "traces", f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "per-app.yaml"), append(src, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestToleranceReachesIndexNamedPlacementFields: the placement's trials
// and a service's options are lists without names, so their fields are
// named by index (placement.trials.1.monthly_usd, the run of every
// service on Lambda; placement.services.S.options.1.*, S on Lambda).
// Before they had aliases, a tolerance on Lambda's bill did not reach
// them (each is a copy of a Lambda figure, or a share of it), and a
// tolerance could name them only by index, which nothing in the file
// ties to a platform.
func TestToleranceReachesIndexNamedPlacementFields(t *testing.T) {
	dir := t.TempDir()
	file, gold := filepath.Join(dir, "per-app.yaml"), filepath.Join(dir, "per-app.golden")
	reg := platforms.Default()
	perAppScenario(t, dir, "")
	if o := Run(Job{Ref: file, Golden: gold, Update: true, Version: "test"}, reg); o.Err != nil {
		t.Fatal(o.Err)
	}
	// Lambda's requests at $0.21 a million, not $0.20: its bill moves by
	// a few micro-dollars, and with it every copy of it
	const price = "cost: {prices: {lambda.requestsPerMillionUSD: 0.21}}\n"
	cases := []struct {
		name      string
		tolerance string
		drift     []string // fields listed, as patterns; nil: passes
		err       string
	}{
		{name: "a tolerance on Lambda's bill reaches its trial and its options",
			tolerance: "golden: {tolerance: {lambda.cost.total_usd: $0.01}}"},
		{name: "just below the move, every moved field is named",
			tolerance: "golden: {tolerance: {lambda.cost.total_usd: $0.000001}}",
			drift: []string{"lambda.cost.total_usd", "lambda.cost.per_million_usd", "lambda.cost.monthly_usd",
				"lambda.cost.breakdown.lambda requests", "lambda.services.*.cost_usd", "lambda.services.*.monthly_usd",
				"placement.monthly_usd.all_lambda", "placement.services.*.options.1.monthly_usd", "placement.services.*.options.1.loaded_monthly_usd",
				"placement.trials.1.monthly_usd",
				// the placement settled on Lambda: the blend is Lambda's run
				"hybrid.cost.*", "hybrid.services.*_usd", "hybrid.parts.1.cost_usd", "placement.monthly_usd.hybrid"}},
		{name: "by platform: the trial and the options named by their platform's name",
			tolerance: `golden: {tolerance: {"lambda.*": 1%, placement.trials.all_lambda.monthly_usd: 1%, "placement.services.*.options.lambda.*": 1%, placement.monthly_usd.all_lambda: 1%}}`},
		{name: "a platform's name names only its own options",
			tolerance: `golden: {tolerance: {"placement.services.*.options.kubernetes.*": 50%}}`,
			drift: []string{"lambda.*", "hybrid.*", "placement.monthly_usd.*", "placement.trials.1.monthly_usd",
				"placement.services.*.options.1.monthly_usd", "placement.services.*.options.1.loaded_monthly_usd"}},
		{name: "an index-named field by its index still",
			tolerance: `golden: {tolerance: {"lambda.*": 1%, placement.trials.1.monthly_usd: 1%, "placement.services.*.options.1.*": 1%, placement.monthly_usd.all_lambda: 1%}}`},
		{name: "a platform the placement does not have is no field",
			tolerance: `golden: {tolerance: {placement.trials.all_lamdba.monthly_usd: 1%}}`,
			err:       "placement.trials.all_lamdba.monthly_usd: no such field in this run (did you mean placement.trials.all_lambda.monthly_usd?)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			perAppScenario(t, dir, price+tc.tolerance+"\n")
			o := Run(Job{Ref: file, Golden: gold, Version: "test"}, reg)
			if tc.err != "" {
				if o.Err == nil || !strings.Contains(o.Err.Error(), tc.err) {
					t.Fatalf("error %v; want one saying %q", o.Err, tc.err)
				}
				return
			}
			if o.Err != nil {
				t.Fatal(o.Err)
			}
			for _, f := range []string{"placement.trials.1.monthly_usd", "placement.services.http-checkout.options.1.monthly_usd"} {
				g, _ := o.Gold.Field(f)
				n, _ := o.Now.Field(f)
				if g.Text == n.Text {
					t.Fatalf("%s did not move (%s): the change tests nothing", f, g.Text)
				}
			}
			for _, d := range o.Drift {
				if !slices.ContainsFunc(tc.drift, func(p string) bool { return match(p, d.Field) }) {
					t.Errorf("%s drifted (%s → %s, tolerance %s); want it within", d.Field, d.Golden, d.Now, d.Tolerance)
				}
			}
			for _, p := range tc.drift {
				if !slices.ContainsFunc(o.Drift, func(d Drift) bool { return match(p, d.Field) }) {
					t.Errorf("no field %s drifted; want it named", p)
				}
			}
			if t.Failed() {
				t.Logf("report:\n%s", o.Report("  ", false))
			}
			// the report says which platform a number stands for
			report := o.Report("", false)
			for _, d := range o.Drift {
				if strings.HasPrefix(d.Field, "placement.trials.1.") && !strings.Contains(report, d.Field+" (all_lambda)") ||
					strings.Contains(d.Field, ".options.1.") && !strings.Contains(report, d.Field+" (lambda)") {
					t.Errorf("the report does not name %s's platform:\n%s", d.Field, report)
				}
			}
		})
	}
}

// TestAliasNamesThePlacementsEntries: the names a tolerance may give the
// placement's index-named fields, read from the run.
func TestAliasNamesThePlacementsEntries(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "per-app.yaml")
	perAppScenario(t, dir, "")
	o := Run(Job{Ref: file, Golden: filepath.Join(dir, "g"), Update: true, Version: "test"}, platforms.Default())
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	for name, want := range map[string]string{
		"placement.trials.0.monthly_usd":                     "placement.trials.all_kubernetes.monthly_usd",
		"placement.trials.1.kept":                            "placement.trials.all_lambda.kept",
		"placement.services.http-checkout.options.0.tail_ms": "placement.services.http-checkout.options.kubernetes.tail_ms",
		"placement.services.http-checkout.options.1.tail_ms": "placement.services.http-checkout.options.lambda.tail_ms",
		"placement.services.http-checkout.rate_per_second":   "",
		"placement.monthly_usd.all_lambda":                   "",
		"lambda.services.http-checkout.p99_ms":               "",
	} {
		if _, ok := o.Now.Field(name); !ok {
			t.Errorf("the run has no field %s", name)
		}
		if got := o.Now.alias(name); got != want {
			t.Errorf("alias(%s) = %q; want %q", name, got, want)
		}
	}
	// an expectation may name them so too, and a failure names the field
	failed, err := Check(o.Now, specOf(t, `expect: {placement.trials.all_lambda.kept: 1, "placement.services.http-checkout.options.kubernetes.tail_ms": "< 1ms"}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].Field != "placement.services.http-checkout.options.0.tail_ms" {
		t.Errorf("Check = %v; want one failure, on placement.services.http-checkout.options.0.tail_ms", failed)
	}
	// a blend the search simulated has no platform to be named by
	for _, f := range o.Now.Fields {
		if a := o.Now.alias(f.Name); strings.Contains(a, " ") {
			t.Errorf("alias(%s) = %q", f.Name, a)
		}
	}
	// a golden read back has none: Compare takes them from the run
	back, err := Parse(o.Now.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if a := back.alias("placement.trials.0.monthly_usd"); a != "" {
		t.Errorf("a file read back aliases placement.trials.0.monthly_usd as %q", a)
	}
}

// TestPlacementSLOTakesItsOwnPercentile: the placement judges every run
// by its own SLO (placement: {slo: {p95: …}}), whose percentile need not
// be the scenario's. Its measured tail was taken as a copy of the
// platform's slo.measured_ms (the scenario's p99): a tolerance on p99
// carried to a p95 figure, and one on p95 did not reach its own copy.
func TestPlacementSLOTakesItsOwnPercentile(t *testing.T) {
	gold := []string{
		"kubernetes.latency_ms.p95 300", "kubernetes.latency_ms.p99 500", "kubernetes.slo.measured_ms 500",
		"kubernetes.refused_fraction 0.001", "kubernetes.slo.refused 0.001",
		"placement.run_slo.all_kubernetes.measured_ms 300", "placement.run_slo.all_kubernetes.refused 0.001",
	}
	moved := func(changes ...string) []string {
		out := slices.Clone(gold)
		for _, c := range changes {
			name := c[:strings.LastIndex(c, " ")]
			for i, f := range out {
				if f[:strings.LastIndex(f, " ")] == name {
					out[i] = c
				}
			}
		}
		return out
	}
	cases := []struct {
		name, spec string
		now        []string
		drift      []string
	}{
		{name: "p95 +1.9 % within 2 % on p95: so is the placement's tail, p95",
			spec: "golden: {tolerance: {kubernetes.latency_ms.p95: 2%}}",
			now:  moved("kubernetes.latency_ms.p95 305.7", "placement.run_slo.all_kubernetes.measured_ms 305.7")},
		{name: "p95 +1.9 % with 2 % on p99 only: p95 and its copy are named",
			spec:  "golden: {tolerance: {kubernetes.latency_ms.p99: 2%}}",
			now:   moved("kubernetes.latency_ms.p95 305.7", "placement.run_slo.all_kubernetes.measured_ms 305.7"),
			drift: []string{"kubernetes.latency_ms.p95", "placement.run_slo.all_kubernetes.measured_ms"}},
		{name: "the refused share under the placement's SLO is the run's",
			spec: "golden: {tolerance: {kubernetes.refused_fraction: 0.0005}}",
			now: moved("kubernetes.refused_fraction 0.0014", "kubernetes.slo.refused 0.0014",
				"placement.run_slo.all_kubernetes.refused 0.0014")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, n := fileOf("text\n", gold...), fileOf("text\n", tc.now...)
			n.percentiles = map[string]string{"kubernetes": "p99", "placement": "p95"}
			drifts, _, err := Compare(g, n, specOf(t, tc.spec))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range drifts {
				got = append(got, d.Field+" ("+d.Tolerance+")")
			}
			var want []string
			for _, d := range drifts {
				if slices.Contains(tc.drift, d.Field) {
					want = append(want, d.Field+" ("+d.Tolerance+")")
				}
			}
			if len(got) != len(tc.drift) || len(want) != len(tc.drift) {
				t.Errorf("drifted %q; want %q", got, tc.drift)
			}
		})
	}
}

// TestAliasesInASweep: each run of a sweep names its placement's entries
// by platform, under its unit, and a tolerance without a unit reaches
// them in every run.
func TestAliasesInASweep(t *testing.T) {
	dir := t.TempDir()
	file, gold := filepath.Join(dir, "per-app.yaml"), filepath.Join(dir, "per-app.golden")
	reg := platforms.Default()
	perAppScenario(t, dir, "replications: 2\n")
	o := Run(Job{Ref: file, Golden: gold, Update: true, Version: "test", Workers: 1}, reg)
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	const name = "p000/r1/placement.services.http-checkout.options.1.monthly_usd"
	if _, ok := o.Now.Field(name); !ok {
		t.Fatalf("no field %s in the sweep's golden", name)
	}
	if a := o.Now.alias(name); a != "p000/r1/placement.services.http-checkout.options.lambda.monthly_usd" {
		t.Errorf("alias(%s) = %q", name, a)
	}
	if tw := o.Now.twin("p000/r1/hybrid.latency_ms.p99"); tw != "p000/r1/lambda.latency_ms.p99" {
		t.Errorf("twin(p000/r1/hybrid.latency_ms.p99) = %q", tw)
	}
	perAppScenario(t, dir, "replications: 2\ncost: {prices: {lambda.requestsPerMillionUSD: 0.21}}\n"+
		`golden: {tolerance: {"lambda.cost.total_usd": $0.01, "placement.trials.all_lambda.monthly_usd": 1%}}`+"\n")
	o = Run(Job{Ref: file, Golden: gold, Version: "test", Workers: 1}, reg)
	if !o.Passed() {
		t.Errorf("failed within the tolerances:\n%s", o.Report("  ", false))
	}
}
