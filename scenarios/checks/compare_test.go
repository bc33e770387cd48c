package checks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/summary"
)

// fileOf builds a golden File from "name value" pairs.
func fileOf(text string, pairs ...string) File {
	f := File{Text: text, Fields: []summary.Field{}}
	for _, p := range pairs {
		i := strings.LastIndex(p, " ")
		fl := summary.Field{Name: p[:i], Text: p[i+1:]}
		if x, err := strconv.ParseFloat(fl.Text, 64); err == nil {
			fl.Value, fl.Numeric = x, true
		}
		f.Fields = append(f.Fields, fl)
	}
	return f
}

// specOf splits a scenario holding only golden: and expect: sections.
func specOf(t *testing.T, yaml string) Spec {
	t.Helper()
	_, s, err := Split([]byte("name: x\n" + yaml))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var goldenFields = []string{
	"arrivals 1000", "fingerprint aaaa", "events 5000",
	"lambda.completed 990", "lambda.throttled 10", "lambda.rejected 0", "lambda.failed 0", "lambda.in_flight 0",
	"lambda.cold_starts 4", "lambda.latency_ms.p99 500", "lambda.slo.met 1", "lambda.cost.total_usd 0.25",
}

// moved is goldenFields with some values replaced.
func moved(changes ...string) []string {
	out := append([]string(nil), goldenFields...)
	for _, c := range changes {
		name := c[:strings.LastIndex(c, " ")]
		for i, f := range out {
			if strings.HasPrefix(f, name+" ") {
				out[i] = c
			}
		}
	}
	return out
}

func TestCompare(t *testing.T) {
	gold := fileOf("text\n", goldenFields...)
	cases := []struct {
		name     string
		now      File
		spec     string
		drift    []string // "field golden now change tolerance"
		textDiff bool
	}{
		{name: "identical", now: fileOf("text\n", goldenFields...)},
		{name: "only the text moved", now: fileOf("other\n", goldenFields...), textDiff: true},
		{name: "a count moved", now: fileOf("text\n", moved("lambda.throttled 11")...),
			drift: []string{"lambda.throttled 10 11 +10.00% exact"}},
		{name: "within a percentage", spec: "golden: {tolerance: {lambda.latency_ms.p99: 2%}}",
			now: fileOf("other\n", moved("lambda.latency_ms.p99 510", "fingerprint bbbb", "events 5003")...)},
		{name: "beyond a percentage", spec: "golden: {tolerance: {lambda.latency_ms.p99: 2%}}",
			now:   fileOf("other\n", moved("lambda.latency_ms.p99 489.9", "fingerprint bbbb")...),
			drift: []string{"lambda.latency_ms.p99 500 489.9 -2.02% 2% (±10)"}},
		{name: "a duration", spec: "golden: {tolerance: {lambda.latency_ms.p99: 5ms}}",
			now:   fileOf("text\n", moved("lambda.latency_ms.p99 505.001")...),
			drift: []string{"lambda.latency_ms.p99 500 505.001 +1.00% 5ms"}},
		// walk14 #9: a plain number is in the field's unit, and the
		// column says which ("0.05" read like 5 %)
		{name: "a plain number is in the field's unit", spec: "golden: {tolerance: {lambda.latency_ms.p99: 0.05, lambda.cost.total_usd: 0.001, lambda.throttled: 0.5}}",
			now:   fileOf("text\n", moved("lambda.latency_ms.p99 500.1", "lambda.cost.total_usd 0.252", "lambda.throttled 11")...),
			drift: []string{"lambda.throttled 10 11 +10.00% 0.5", "lambda.latency_ms.p99 500 500.1 +0.02% 0.05 ms", "lambda.cost.total_usd 0.25 0.252 +0.80% 0.001 USD"}},
		{name: "exactly the tolerance passes", spec: "golden: {tolerance: {lambda.cost.total_usd: $0.01}}",
			now: fileOf("text\n", moved("lambda.cost.total_usd 0.26")...)},
		{name: "a pattern, and the longest pattern wins",
			spec:  "golden: {tolerance: {\"lambda.*\": 50%, \"lambda.latency_ms.*\": 1%}}",
			now:   fileOf("text\n", moved("lambda.throttled 14", "lambda.latency_ms.p99 600")...),
			drift: []string{"lambda.latency_ms.p99 500 600 +20.00% 1% (±5)"}},
		{name: "a change from zero", now: fileOf("text\n", moved("lambda.failed 3")...),
			drift: []string{"lambda.failed 0 3 +3 exact"}},
		{name: "fields gone and new", now: fileOf("text\n", append(moved(), "lambda.new 1")[1:]...),
			drift: []string{"arrivals 1000 - - exact", "lambda.new - 1 - exact"}},
		{name: "without tolerances the fingerprint counts", now: fileOf("text\n", moved("fingerprint bbbb")...),
			drift: []string{"fingerprint aaaa bbbb - exact"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			drifts, textDiff, err := Compare(gold, tc.now, specOf(t, tc.spec))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range drifts {
				got = append(got, strings.Join([]string{d.Field, orNone(d.Golden), orNone(d.Now), orNone(d.Change), d.Tolerance}, " "))
			}
			if strings.Join(got, "\n") != strings.Join(tc.drift, "\n") || textDiff != tc.textDiff {
				t.Errorf("Compare = %q, text differs %v; want %q, %v", got, textDiff, tc.drift, tc.textDiff)
			}
		})
	}
}

func TestCompareLegacyGolden(t *testing.T) {
	legacy := File{Text: "text\n"}
	if _, differs, err := Compare(legacy, fileOf("text\n", goldenFields...), Spec{}); err != nil || differs {
		t.Errorf("legacy golden, same text: differs %v, %v; want a match", differs, err)
	}
	if _, differs, err := Compare(legacy, fileOf("other\n", goldenFields...), Spec{}); err != nil || !differs {
		t.Errorf("legacy golden, other text: differs %v, %v; want a difference", differs, err)
	}
	_, _, err := Compare(legacy, fileOf("text\n", goldenFields...), specOf(t, "golden: {tolerance: {arrivals: 1%}}"))
	if err == nil || !strings.Contains(err.Error(), "no [fields] section") {
		t.Errorf("legacy golden with tolerances: %v; want an error", err)
	}
}

func TestCheck(t *testing.T) {
	now := fileOf("text\n", goldenFields...)
	cases := []struct {
		expect string
		failed []string
	}{
		{expect: "{lambda.rejected: 0, lambda.throttled: \"<= 10\", lambda.latency_ms.p99: \"< 1s\", lambda.cost.total_usd: \"> $0.2\"}"},
		{expect: "{lambda.throttled: 0}", failed: []string{"expect lambda.throttled == 0: got 10"}},
		{expect: "{lambda.latency_ms.p99: \"<= 400ms\"}", failed: []string{"expect lambda.latency_ms.p99 <= 400ms: got 500ms"}},
		{expect: "{lambda.throttled: \"< 1%\"}", failed: []string{"expect lambda.throttled < 1%: got 1% (10 of 1000 arrivals)"}},
		{expect: "{lambda.throttled: \"<= 1%\", lambda.cold_starts: \"< 0.5%\"}"},
		{expect: "{\"lambda.*ed\": \"== 0\"}", failed: []string{
			"expect lambda.completed == 0: got 990", "expect lambda.throttled == 0: got 10"}},
		// walk11 #5: summary.json writes slo.met as a boolean
		{expect: "{lambda.slo.met: true}"},
		{expect: "{lambda.slo.met: false}", failed: []string{"expect lambda.slo.met == false: got true"}},
		{expect: "{lambda.cost.total_usd: \">= $1\"}", failed: []string{"expect lambda.cost.total_usd >= $1: got $0.25"}},
	}
	for _, tc := range cases {
		t.Run(tc.expect, func(t *testing.T) {
			spec := specOf(t, "expect: "+tc.expect)
			if err := spec.Validate(now); err != nil {
				t.Fatal(err)
			}
			failed, err := Check(now, spec)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range failed {
				got = append(got, f.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.failed, "\n") {
				t.Errorf("Check = %q; want %q", got, tc.failed)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	now := fileOf("text\n", goldenFields...)
	cases := []struct {
		spec string
		want []string
	}{
		{spec: "golden: {tolerance: {lambda.throtled: 1}}\nexpect: {lambda.latncy_ms.p99: 1}", want: []string{
			"line 2: golden.tolerance.lambda.throtled: no such field in this run (did you mean lambda.throttled?)",
			"line 3: expect.lambda.latncy_ms.p99: no such field in this run (did you mean lambda.latency_ms.p99?)"}},
		// walk11 #5: the unit suffix left out is three edits away
		{spec: "expect: {lambda.latency.p99: \"<= 1s\"}", want: []string{
			"line 2: expect.lambda.latency.p99: no such field in this run (did you mean lambda.latency_ms.p99?)"}},
		{spec: "expect: {lambda.cost.total: \"<= $1\"}", want: []string{"(did you mean lambda.cost.total_usd?)"}},
		// walk11 #5: true only where the field is a yes/no one
		{spec: "expect: {lambda.completed: true}", want: []string{
			"line 2: expect.lambda.completed: lambda.completed is not a yes/no field, so true does not apply (write a number)"}},
		{spec: "expect: {kubernetes.nothing: 1}", want: []string{"no such field in this run (the fields are those of execsim run --json"}},
		{spec: "golden: {tolerance: {\"lambda.*\": 5ms}}", want: []string{
			"line 2: golden.tolerance.lambda.*: lambda.completed is a number without a unit; 5ms does not apply"}},
		{spec: "expect: {lambda.latency_ms.p99: \"< 1%\"}", want: []string{
			"line 2: expect.lambda.latency_ms.p99: lambda.latency_ms.p99 is not an outcome count, so 1% (a share of arrivals) does not apply"}},
		{spec: "expect: {fingerprint: 1}", want: []string{`fingerprint is not a number (it is "aaaa")`}},
		// identity fields are never compared once tolerances are set: a
		// tolerance on them alone was accepted and bounded nothing
		{spec: "golden: {tolerance: {events: 5%}}", want: []string{
			"line 2: golden.tolerance.events: events counts the simulated events, which any change to the run changes, so it is not compared at all " +
				"once a scenario sets tolerances; drop this tolerance (an expectation can bound it"}},
		{spec: "golden: {tolerance: {fingerprint: 1, \"lambda.*\": 1%}}", want: []string{
			"line 2: golden.tolerance.fingerprint: fingerprint identifies the simulated event sequence"}},
		{spec: "golden: {tolerance: {\"[ef]*\": 1%}}", want: []string{
			"line 2: golden.tolerance.[ef]*: it names only fingerprint and events, which identify the simulated event sequence, which any change to the run changes, so they are not compared"}},
	}
	for _, tc := range cases {
		t.Run(tc.spec, func(t *testing.T) {
			err := specOf(t, tc.spec).Validate(now)
			if err == nil {
				t.Fatalf("Validate = nil; want %q", tc.want)
			}
			if n := len(strings.Split(err.Error(), "\n")); n != len(tc.want) {
				t.Errorf("Validate gave %d problems; want %d:\n%v", n, len(tc.want), err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// walk5's defect 7: a yes/no field drifted as "1 → 0 −100.00 %", and a
// trace that lost one service and gained another listed some 30 rows per
// service with no line saying which services.
func TestReportServicesAndYesNo(t *testing.T) {
	drift := []Drift{
		{Field: "lambda.slo.met", Golden: "1", Now: "0", Change: "-100.00%", Tolerance: "exact"},
		{Field: "lambda.completed", Golden: "10", Now: "12", Change: "+20.00%", Tolerance: "exact"},
	}
	for _, f := range []string{"kubernetes.services.users.p50_ms", "lambda.functions.users.completed", "kubernetes.deployments.users.lost"} {
		drift = append(drift, Drift{Field: f, Golden: "3", Tolerance: "exact"})
	}
	for _, f := range []string{"kubernetes.services.billing.p50_ms", "lambda.functions.billing.completed"} {
		drift = append(drift, Drift{Field: f, Now: "4", Tolerance: "exact"})
	}
	// a service still in both, one of its fields moved: listed
	drift = append(drift, Drift{Field: "lambda.functions.cart.completed", Golden: "5", Now: "6", Change: "+20.00%", Tolerance: "exact"})
	o := Outcome{Job: Job{Version: "v"}, GoldenVersion: "v", Drift: drift}
	got := o.Report("", false)
	for _, w := range []string{
		"service users gone (in the golden, not in this run), service billing new (in this run, not in the golden); their 5 fields are not listed\n",
		"lambda.slo.met                   yes     no   -        exact\n",
		"lambda.functions.cart.completed  5       6    +20.00%",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("Report lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "users.p50_ms") || strings.Contains(got, "-100.00%") {
		t.Errorf("Report lists a gone service's field, or a yes/no field as a percentage:\n%s", got)
	}
}

// walk11 #5: one CPU request changed gave a 782-line drift report with no
// line saying whether any service changed platform or a total moved.
func TestReportOpensWithWhatDecides(t *testing.T) {
	gold := File{Text: "placed a on lambda\nplaced b on kubernetes\nplaced c on lambda\n"}
	now := File{Text: "placed a on kubernetes\nplaced b on kubernetes\nplaced c on lambda\n"}
	drift := []Drift{
		{Field: "kubernetes.services.a.cost_usd", Golden: "1", Now: "2", Change: "+100.00%", Tolerance: "exact"},
		{Field: "hybrid.cost.monthly_usd", Golden: "905.43625", Now: "940.1", Change: "+3.83%", Tolerance: "exact"},
		{Field: "hybrid.slo.met", Golden: "0", Now: "1", Change: "+1", Tolerance: "exact"},
	}
	o := Outcome{Job: Job{Version: "v"}, GoldenVersion: "v", Gold: gold, Now: now, Drift: drift}
	got := o.Report("  ", false)
	want := "  placement: 1 service changed platform: a (lambda → kubernetes)\n" +
		"  totals: hybrid $905.44 → $940.10 a month (+3.83%); hybrid SLO met no → yes\n" +
		"  detail:\n  field"
	if !strings.HasPrefix(got, want) {
		t.Errorf("Report opens\n%s\nwant it to open\n%s", got, want)
	}
	// nothing moved that decides: said so, then the detail
	o.Now, o.Drift = gold, drift[:1]
	got = o.Report("", false)
	if want := "placement: no service changed platform\ntotals: no platform's monthly total or SLO verdict moved\ndetail:\n"; !strings.HasPrefix(got, want) {
		t.Errorf("Report opens\n%s\nwant it to open\n%s", got, want)
	}
}

// walk14 #6: a sweep whose rate axis went from 80 to 81 listed every
// field of the runs at 80 as gone and of those at 81 as new, 1,117 lines
// for one value. The runs gone and new are named instead, and the table
// keeps the fields of the runs both pin.
func TestReportNamesSweepRunsGoneAndNew(t *testing.T) {
	runs := func(rates ...string) File {
		var f File
		for _, r := range rates {
			for _, rep := range []string{"r0", "r1"} {
				f.Fields = append(f.Fields, summary.Field{Name: "p000-ratePerSecond=" + r + "/" + rep + "/arrivals", Text: "1", Value: 1, Numeric: true})
			}
		}
		return f
	}
	gold, now := runs("40", "80"), runs("40", "81")
	var drift []Drift
	for _, rep := range []string{"r0", "r1"} {
		for _, f := range []string{"arrivals", "lambda.completed", "kubernetes.completed"} {
			drift = append(drift, Drift{Field: "p000-ratePerSecond=80/" + rep + "/" + f, Golden: "7", Tolerance: "exact"})
		}
	}
	for _, rep := range []string{"r0", "r1"} {
		for _, f := range []string{"arrivals", "lambda.completed", "kubernetes.completed"} {
			drift = append(drift, Drift{Field: "p000-ratePerSecond=81/" + rep + "/" + f, Now: "8", Tolerance: "exact"})
		}
	}
	// a run both pin, one of its fields moved: listed
	drift = append(drift, Drift{Field: "p000-ratePerSecond=40/r1/lambda.completed", Golden: "5", Now: "6", Change: "+20.00%", Tolerance: "exact"})
	o := Outcome{Job: Job{Version: "v"}, GoldenVersion: "v", Gold: gold, Now: now, Drift: drift}
	got := o.Report("", false)
	want := "2 runs gone (in the golden, not in this run): p000-ratePerSecond=80/r0 and p000-ratePerSecond=80/r1; " +
		"2 runs new (in this run, not in the golden): p000-ratePerSecond=81/r0 and p000-ratePerSecond=81/r1; their 12 fields are not listed\n"
	if !strings.Contains(got, want) {
		t.Errorf("Report lacks\n%s\nin\n%s", want, got)
	}
	if !strings.Contains(got, "p000-ratePerSecond=40/r1/lambda.completed") {
		t.Errorf("Report leaves out the run both pin:\n%s", got)
	}
	if strings.Contains(got, "=80/r0/arrivals") || strings.Contains(got, "=81/r1/kubernetes") {
		t.Errorf("Report lists a gone or new run's fields:\n%s", got)
	}
}
