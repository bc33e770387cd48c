package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/plots"
)

// Swept parameters are named in words with their units (issue 10).
func TestParamLabel(t *testing.T) {
	for _, tc := range []struct {
		path, label, unit string
	}{
		{"workload.arrivals.ratePerSecond", "arrival rate", "req/s"},
		{"lambda.memoryMB", "Lambda memory", "MB"},
		{"lambda.reservedConcurrency", "Lambda reserved concurrency", "environments"},
		{"kubernetes.replicas", "Kubernetes replicas", ""},
		{"kubernetes.hpa.maxReplicas", "Kubernetes HPA max replicas", ""},
		{"kubernetes.cpuRequestMilli", "Kubernetes CPU request", "millicores"},
		{"kubernetes.hpa.targetCPUUtilizationPercent", "Kubernetes HPA target CPU utilization", "%"},
		{"lambda.scalingRefillPerSecond", "Lambda scaling refill", "per s"},
		{"kubernetes.memoryRequestMiB", "Kubernetes memory request", "MiB"},
		{"cost.prices.natGatewayUSDPerHour", "cost prices nat gateway", "USD/h"},
		{"workload.work.cpu", "workload work CPU", ""},
		{"seed", "seed", ""},
		// walk14 #15: not "Lambda every function memory"
		{"lambda.everyFunction.memoryMB", "Lambda memory of every function", "MB"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if l, u := paramLabel(tc.path, registry); l != tc.label || u != tc.unit {
				t.Errorf("paramLabel(%s) = %q, %q; want %q, %q", tc.path, l, u, tc.label, tc.unit)
			}
		})
	}
}

// changes finds whether a parameter moves a platform's results.
func TestChanges(t *testing.T) {
	// point, rate, memory, then a platform's two mean columns
	rows := [][]string{
		{"0", "10", "512", "5", "1"},
		{"1", "10", "1024", "5", "2"},
		{"2", "20", "512", "7", "1"},
		{"3", "20", "1024", "7", "3"},
	}
	for _, tc := range []struct {
		name string
		axis int
		cols []int
		want bool
	}{
		{"rate moves the first column", 0, []int{3}, true},
		{"memory leaves the first column", 1, []int{3}, false},
		{"memory moves the second column", 1, []int{4}, true},
		{"one differing column is enough", 1, []int{3, 4}, true},
		{"rate leaves the second column at 512 but not at 1024", 0, []int{4}, true},
	} {
		if got := changes(rows, 2, tc.axis, tc.cols); got != tc.want {
			t.Errorf("%s: changes(axis %d, cols %v) = %v; want %v", tc.name, tc.axis, tc.cols, got, tc.want)
		}
	}
}

// sweepTable is an aggregate of a rate × Lambda memory sweep: Lambda's
// results change with memory; Kubernetes' do not, unless k8sMoves.
func sweepTable(k8sMoves bool) Table {
	t := Table{Header: []string{"point", "sweep.workload.arrivals.ratePerSecond", "sweep.lambda.memoryMB", "replications",
		"kubernetes.latency_ms.p99.mean", "kubernetes.latency_ms.p99.ci95", "lambda.latency_ms.p99.mean", "lambda.latency_ms.p99.ci95"}}
	p := 0
	for _, rate := range []string{"10", "20", "40"} {
		for i, mem := range []string{"512", "1024"} {
			k := rate + "0"
			if k8sMoves && i == 1 {
				k = rate + "1"
			}
			t.Rows = append(t.Rows, []string{string(rune('0' + p)), rate, mem, "3", k, "4", rate + mem, ""})
			p++
		}
	}
	return t
}

func TestSweepChartsOneLinePerDistinctResult(t *testing.T) {
	for _, tc := range []struct {
		name       string
		k8sMoves   bool
		want, lack []string
	}{
		{"a Lambda parameter leaves Kubernetes one line", false,
			[]string{">Kubernetes<", ">AWS Lambda (memory 512 MB)<", ">AWS Lambda (memory 1024 MB)<",
				"Kubernetes gives the same results whatever the Lambda memory: one line for all its values.",
				">arrival rate (req/s)<", "Latency p99 vs arrival rate"},
			[]string{"Kubernetes (", "sweep.", "lambda.memoryMB", "ratePerSecond"}},
		{"results that move keep their lines", true,
			[]string{">Kubernetes (Lambda memory 512 MB)<", ">Kubernetes (Lambda memory 1024 MB)<", ">AWS Lambda (memory 512 MB)<"},
			[]string{">Kubernetes<", "same results"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			charts := SweepCharts(plots.Header{Scenario: "s", Seed: 1}, sweepTable(tc.k8sMoves), 2, registry, nil, nil, 0)
			if len(charts) != 1 || charts[0].Name != "sweep-latency-p99" {
				t.Fatalf("%d charts; want the latency one only (the table has no other field)", len(charts))
			}
			var buf bytes.Buffer
			if err := charts[0].Chart.Render(&buf, "svg"); err != nil {
				t.Fatal(err)
			}
			svg := buf.String() + strings.Join(charts[0].Chart.Notes, "\n") + charts[0].Chart.Title
			for _, w := range tc.want {
				if !strings.Contains(svg, w) {
					t.Errorf("chart lacks %q", w)
				}
			}
			for _, l := range tc.lack {
				if strings.Contains(svg, l) {
					t.Errorf("chart has %q", l)
				}
			}
		})
	}
}

// Lambda memory on x, the rate as the second parameter: Kubernetes is flat
// along x; its latency changes with the rate (two lines), its cost does not
// (one line in the cost chart).
func TestSweepChartsOneLinePerChartWhenAFieldIsTheSame(t *testing.T) {
	tab := Table{Header: []string{"point", "sweep.lambda.memoryMB", "sweep.workload.arrivals.ratePerSecond", "replications",
		"kubernetes.latency_ms.p99.mean", "kubernetes.latency_ms.p99.ci95", "kubernetes.cost.monthly_usd.mean", "kubernetes.cost.monthly_usd.ci95",
		"lambda.latency_ms.p99.mean", "lambda.latency_ms.p99.ci95", "lambda.cost.monthly_usd.mean", "lambda.cost.monthly_usd.ci95"}}
	for i, mem := range []string{"512", "1024", "2048"} {
		for j, rate := range []string{"10", "40"} {
			tab.Rows = append(tab.Rows, []string{strconv.Itoa(2*i + j), mem, rate, "3", rate + "0", "1", "300", "", mem + rate, "", mem + rate, ""})
		}
	}
	got := map[string]string{}
	for _, c := range SweepCharts(plots.Header{Scenario: "s", Seed: 1}, tab, 2, registry, nil, nil, 0) {
		var buf bytes.Buffer
		if err := c.Chart.Render(&buf, "svg"); err != nil {
			t.Fatal(err)
		}
		got[c.Name] = buf.String() + strings.Join(c.Chart.Notes, "\n")
	}
	for _, tc := range []struct {
		chart      string
		want, lack []string
	}{
		{"sweep-latency-p99", []string{">Kubernetes (arrival rate 10 req/s)<", ">Kubernetes (arrival rate 40 req/s)<",
			"Kubernetes gives the same results whatever the Lambda memory: its lines are flat."}, []string{">Kubernetes<"}},
		{"sweep-monthly-cost", []string{">Kubernetes<", ">AWS Lambda (arrival rate 10 req/s)<",
			"Kubernetes has the same monthly cost whatever the arrival rate: one line.",
			"Kubernetes gives the same results whatever the Lambda memory: its line is flat."}, []string{">Kubernetes (arrival"}},
	} {
		svg, ok := got[tc.chart]
		if !ok {
			t.Errorf("no %s chart", tc.chart)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(svg, w) {
				t.Errorf("%s lacks %q", tc.chart, w)
			}
		}
		for _, l := range tc.lack {
			if strings.Contains(svg, l) {
				t.Errorf("%s has %q", tc.chart, l)
			}
		}
	}
}

// A sweep whose points warn that the swept value changes nothing (a
// lambda.memoryMB no function takes) says so beside the flat lines, not
// only "Lambda gives the same results whatever the Lambda memory", which
// read as a finding about memory (walk14 #1); a warning of another kind
// comes with the cost chart's warnings, naming its points.
func TestSweepChartsSayWhyALineIsFlat(t *testing.T) {
	tab := Table{Header: []string{"point", "sweep.lambda.memoryMB", "replications",
		"kubernetes.cost.monthly_usd.mean", "kubernetes.cost.monthly_usd.ci95",
		"lambda.cost.monthly_usd.mean", "lambda.cost.monthly_usd.ci95"}}
	for i, mem := range []string{"512", "1024", "2048"} {
		tab.Rows = append(tab.Rows, []string{strconv.Itoa(i), mem, "2", "300", "", "65", ""})
	}
	warn := func(mb string) string {
		return "lambda.memoryMB: " + mb + " MB is not the function's size: it has its own"
	}
	points := []SweepWarning{
		{warn("512"), "point 0 (lambda.memoryMB=512)"},
		{warn("1024"), "point 1 (lambda.memoryMB=1024)"},
		{warn("2048"), "point 2 (lambda.memoryMB=2048)"},
		{"lambda.timeout: something else", "point 2 (lambda.memoryMB=2048)"},
	}
	for _, tc := range []struct {
		name       string
		points     []SweepWarning
		want, lack []string
	}{
		{"warned", points, []string{
			"Lambda gives the same results whatever the Lambda memory: its line is flat. The sweep warns why: " + warn("512") +
				" (at point 0 (lambda.memoryMB=512); 2 more such warnings at its other values).",
			"Kubernetes gives the same results whatever the Lambda memory: its line is flat.\n",
			"Warning, at point 2 (lambda.memoryMB=2048): lambda.timeout: something else",
		}, []string{"Warning, at point 0", "Kubernetes gives the same results whatever the Lambda memory: its line is flat. The sweep"}},
		{"not warned", nil, []string{"Lambda gives the same results whatever the Lambda memory: its line is flat.\n"},
			[]string{"warns why"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			charts := SweepCharts(plots.Header{Scenario: "s", Seed: 1}, tab, 1, registry, nil, tc.points, 0)
			if len(charts) != 1 {
				t.Fatalf("%d charts; want the cost one", len(charts))
			}
			notes := strings.Join(charts[0].Chart.Notes, "\n") + "\n"
			for _, w := range tc.want {
				if !strings.Contains(notes, w) {
					t.Errorf("notes lack %q:\n%s", w, notes)
				}
			}
			for _, l := range tc.lack {
				if strings.Contains(notes, l) {
					t.Errorf("notes have %q:\n%s", l, notes)
				}
			}
		})
	}
}
