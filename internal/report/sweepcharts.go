package report

import (
	"strconv"
	"strings"

	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
)

// sweepFields are charted against the first swept parameter: the chart's
// name, the field's label and unit, and its column in aggregate.csv after
// the platform's name ("<platform>.latency_ms.p99").
var sweepFields = []struct {
	name, field, unit, column string
}{
	{"sweep-latency-p99", "latency p99", "ms", "latency_ms.p99"},
	{"sweep-monthly-cost", "monthly cost", "USD", "cost.monthly_usd"},
	{"sweep-cold-starts", "cold starts", "", "cold_starts"},
}

// SweepChartNames are the base names of the sweep charts (a sweep folder
// owns name.svg and name.png of each).
func SweepChartNames() []string {
	var out []string
	for _, f := range sweepFields {
		out = append(out, f.name)
	}
	return out
}

// SweepCharts draws each headline field against the first swept parameter,
// one line per platform of the registry and combination of the other
// parameters, over its 95 % band. A non-numeric first parameter gets no
// charts (nil).
func SweepCharts(h plots.Header, agg Table, axes int, reg platform.Registry) []struct {
	Name  string
	Chart *plots.Chart
} {
	if axes == 0 {
		return nil
	}
	col := map[string]int{}
	for i, c := range agg.Header {
		col[c] = i
	}
	xs := make([]float64, len(agg.Rows))
	for i, r := range agg.Rows {
		x, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			return nil
		}
		xs[i] = x
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	param := strings.TrimPrefix(agg.Header[1], "sweep.")
	var out []struct {
		Name  string
		Chart *plots.Chart
	}
	for _, f := range sweepFields {
		var series []plots.SweepSeries
		for _, p := range reg {
			mean, ok := col[p.Name()+"."+f.column+".mean"]
			if !ok {
				continue
			}
			// one series per combination of the other swept parameters, in first-seen order
			var order []string
			byGroup := map[string]*plots.SweepSeries{}
			for i, r := range agg.Rows {
				key := strings.Join(r[2:1+axes], ", ")
				s, ok := byGroup[key]
				if !ok {
					model := p.Look().Chart(p.Name())
					name := model.DisplayName()
					if key != "" {
						var parts []string
						for j, v := range r[2 : 1+axes] {
							parts = append(parts, strings.TrimPrefix(agg.Header[2+j], "sweep.")+"="+v)
						}
						name += " (" + strings.Join(parts, ", ") + ")"
					}
					s = &plots.SweepSeries{Name: name, Model: model}
					byGroup[key] = s
					order = append(order, key)
				}
				y, err := strconv.ParseFloat(r[mean], 64)
				if err != nil {
					continue
				}
				ci, _ := strconv.ParseFloat(r[mean+1], 64) // blank for one replication: no band
				s.X = append(s.X, xs[i])
				s.Mean = append(s.Mean, y)
				s.Lo = append(s.Lo, y-ci)
				s.Hi = append(s.Hi, y+ci)
			}
			for _, k := range order {
				series = append(series, *byGroup[k])
			}
		}
		if len(series) == 0 {
			continue
		}
		ax := plots.SweepAxes{Parameter: param, Field: f.field, FieldUnit: f.unit, LogX: lo > 0 && hi/lo >= 20}
		out = append(out, struct {
			Name  string
			Chart *plots.Chart
		}{f.name, plots.Sweep(h, ax, series)})
	}
	return out
}
