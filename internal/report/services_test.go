package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/golden"
	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
)

// services.csv of a three-service fleet is pinned in
// testdata/fleet-three.services.csv (rewrite with go test ./internal/report
// -update); per platform its cost_usd adds up to the platform's total and
// its arrivals to the run's, and every count is an integer.
func TestServicesCSVGolden(t *testing.T) {
	plan, err := scenarios.Load("../../scenarios/testdata/fleet-three.yaml", nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := FromResult(res, "")
	data := b.ServicesCSV()
	golden.Check(t, "testdata/fleet-three.services.csv", data)

	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(ServicesHeader, ",") {
		t.Fatalf("header %v; want %v", rows[0], ServicesHeader)
	}
	micros := map[string]int64{}
	arrivals := map[string]int64{}
	for _, r := range rows[1:] {
		for j := 3; j <= 7; j++ {
			if _, err := strconv.ParseInt(r[j], 10, 64); err != nil {
				t.Errorf("%s %s: %s = %q is not an integer", r[1], r[0], ServicesHeader[j], r[j])
			}
		}
		if (r[2] == KindService) == strings.HasPrefix(r[0], "(") {
			t.Errorf("row %v: service names in parentheses are the shared rows", r)
		}
		usd, err := strconv.ParseFloat(r[10], 64)
		if err != nil {
			t.Fatalf("%s %s: cost_usd %q", r[1], r[0], r[10])
		}
		micros[r[1]] += int64(math.Round(usd * 1e6))
		n, _ := strconv.ParseInt(r[3], 10, 64)
		arrivals[r[1]] += n
	}
	for _, m := range res.Platforms {
		if got, want := micros[m.Name], m.Cost.Breakdown.Total().Micros(); got != want {
			t.Errorf("%s: cost_usd adds up to %d µ$; total %d µ$", m.Name, got, want)
		}
		if arrivals[m.Name] != res.Arrivals() {
			t.Errorf("%s: arrivals add up to %d; the run had %d", m.Name, arrivals[m.Name], res.Arrivals())
		}
	}

	// and it survives the run folder: written, read back, written again
	dir := t.TempDir()
	if _, err := b.Write(dir, nil); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir, registry)
	if err != nil {
		t.Fatal(err)
	}
	if string(back.ServicesCSV()) != string(data) {
		t.Error("services.csv changed through a re-render")
	}
}

// A damaged services.csv is an error naming the file, the line and the column.
func TestReadServicesErrors(t *testing.T) {
	head := strings.Join(ServicesHeader, ",") + "\n"
	for _, tc := range []struct{ body, want string }{
		{"a,lambda,other,1,1,0,0,0,,,,,\n", "line 2, kind"},
		{"a,nowhere,service,1,1,0,0,0,,,,,\n", "line 2, platform"},
		{"a,lambda,service,1.5,1,0,0,0,,,,,\n", "line 2, arrivals"},
		{"a,lambda,service,1,1,0,0,0,x,,,,\n", "line 2, p50_ms"},
		{"a,hybrid,service,1,1,0,0,0,,,,,nowhere\n", "line 2, placed_on"},
		{"(idle),hybrid,idle,0,0,0,0,0,,,0.5,365,lambda\n", "line 2, placed_on"},
	} {
		if _, err := readServices([]byte(head+tc.body), registry); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("readServices(%q) = %v; want an error at %q", tc.body, err, tc.want)
		}
	}
	rows, err := readServices([]byte(head+"(idle),kubernetes,idle,0,0,0,0,0,,,0.5,365,\n"), registry)
	if err != nil || len(rows) != 1 || rows[0].P50Ms != nil || rows[0].CostUSD == nil || *rows[0].CostUSD != 0.5 {
		t.Errorf("readServices(idle row) = %+v, %v", rows, err)
	}
}

// An idle shared cost is of kind idle, a hybrid's part's too.
func TestSharedRowKind(t *testing.T) {
	for _, tc := range []struct{ item, want string }{
		{"idle", KindIdle},
		{"kubernetes: idle", KindIdle},
		{"alb_hours", KindShared},
		{"kubernetes: alb_hours", KindShared},
		{"idle nodes", KindShared},
	} {
		if got := sharedRow("hybrid", platform.SharedCost{Item: tc.item}).Kind; got != tc.want {
			t.Errorf("sharedRow(%q).Kind = %s; want %s", tc.item, got, tc.want)
		}
	}
}
