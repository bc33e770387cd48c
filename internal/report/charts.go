package report

import (
	"bytes"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/outdir"
	"github.com/execsim/execsim/models"

	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
)

// ChartFile is one rendered chart: its base name (name.png, name.svg), its
// title, and its SVG for inlining in report.html.
type ChartFile struct {
	Name  string
	Title string
	SVG   []byte
	PNG   []byte
}

// Charts builds the run's charts from the bundle.
func (b *Bundle) Charts() []struct {
	Name  string
	Chart *plots.Chart
} {
	h := plots.Header{Scenario: b.Summary.Scenario, Seed: b.Summary.Seed, WarmupS: b.Summary.WarmupS}
	var series []plots.Series
	var cdfs []plots.CDF
	var slo plots.TailSLO // the SLO every platform was judged by (summary.json's slo)
	priced := false
	for _, m := range b.Summary.Models {
		look := b.Registry.Look(m.Name)
		model := look.Chart(m.Name)
		priced = priced || m.Cost != nil
		s := plots.Series{Model: model}
		// each platform's own capacity only: levels it does not report are absent from the chart
		// the demand is drawn under the level that serves one request at a
		// time (the platform's serving capacity, when it is a capacity level)
		for _, lvl := range look.Capacity {
			s.Levels = append(s.Levels, plots.Level{Name: lvl.Name, Main: lvl.Main, Values: []float64{}, Peak: []float64{},
				Demand: look.Utilisation.Name != "" && lvl.Gauge == look.Utilisation.Gauge})
		}
		prevCost := 0.0
		for _, r := range b.rows(m.Name) {
			s.WindowStartS = append(s.WindowStartS, r.Start)
			s.WindowEndS = append(s.WindowEndS, r.End)
			s.Arrivals = append(s.Arrivals, r.Arrivals)
			s.Completed = append(s.Completed, r.Completed)
			s.Throttled = append(s.Throttled, r.Throttled)
			s.Rejected = append(s.Rejected, r.Rejected)
			s.Failed = append(s.Failed, r.Failed)
			s.ColdStarts = append(s.ColdStarts, r.Cold)
			s.LatencyP50MS = append(s.LatencyP50MS, r.P50)
			s.LatencyP99MS = append(s.LatencyP99MS, r.P99)
			for i, lvl := range look.Capacity {
				mean, peak := r.Gauge(lvl.Gauge)
				s.Levels[i].Values = append(s.Levels[i].Values, mean)
				s.Levels[i].Peak = append(s.Levels[i].Peak, peak)
			}
			demand, _ := r.Gauge(look.Demand)
			s.Busy = append(s.Busy, demand)
			s.CostUSD = append(s.CostUSD, r.CostCum-prevCost)
			prevCost = r.CostCum
		}
		// a level the platform never reported (a hybrid's nodes when no
		// part runs on a cluster) is not drawn
		for i, lvl := range look.Capacity {
			if !b.reported(m.Name, lvl.Gauge) {
				s.Levels[i].Values, s.Levels[i].Peak = nil, nil
			}
		}
		if len(s.WindowStartS) > 0 {
			series = append(series, s)
		}
		c := plots.CDF{Model: model}
		for _, p := range b.CDF {
			if p.Model == m.Name {
				c.LatencyMS = append(c.LatencyMS, p.LatencyMs)
				c.Fraction = append(c.Fraction, p.Fraction)
			}
		}
		c.P50MS, c.P95MS, c.P99MS = m.LatencyMs.P50, m.LatencyMs.P95, m.LatencyMs.P99
		// the curve is drawn as a share of all the platform's requests:
		// summary.json's counts say what share did not complete, so a
		// re-render from the folder draws the same curve
		if all := m.Completed + m.Refused() + m.InFlight; all > 0 {
			c.Refused, c.InFlight = float64(m.Refused())/float64(all), float64(m.InFlight)/float64(all)
		}
		// the tail chart stops each line where its completed requests run out
		c.Completed = m.Completed
		if len(c.LatencyMS) > 0 {
			cdfs = append(cdfs, c)
		}
		if m.SLO != nil && slo.TargetMS == 0 {
			o := m.SLO.SLO()
			slo = plots.TailSLO{Quantile: o.Quantile, TargetMS: m.SLO.TargetMs}
		}
	}
	slo.PerService = b.tailPerServiceNote()
	out := []struct {
		Name  string
		Chart *plots.Chart
	}{
		{"latency-cdf", plots.LatencyCDF(h, cdfs)},
		{"latency-tail", plots.LatencyTail(h, cdfs, slo)},
		{"latency-over-time", plots.LatencyOverTime(h, series)},
		{"outcomes", plots.Outcomes(h, series)},
		{"capacity", plots.Capacity(h, series)},
	}
	if f := fleetOf(b.Summary, b.Registry); f != nil {
		if c := fleetChartOf(f, h); c != nil {
			out = append(out, struct {
				Name  string
				Chart *plots.Chart
			}{FleetChart, c})
		}
	}
	if priced {
		c := plots.CumulativeCost(h, series)
		// what the reader must know to trust the comparison (the two
		// sides' front doors differ), as on every other output
		for _, w := range b.Summary.Warnings {
			c.Notes = append(c.Notes, "Warning: "+w)
		}
		out = append(out, struct {
			Name  string
			Chart *plots.Chart
		}{"cumulative-cost", c})
	}
	// an interrupted run says so on every chart, as the text does first:
	// a PNG pasted alone on a slide keeps its banner
	if banner, rest := b.partialBanner(); banner != "" {
		for _, c := range out {
			c.Chart.Banner = banner
			if rest != "" {
				c.Chart.Notes = append([]string{rest}, c.Chart.Notes...)
			}
		}
	}
	return out
}

// partialBanner splits the notice of an interrupted run into its first
// sentence, upper-cased to "PARTIAL RUN: …" for a chart's banner, and the
// rest, for its notes; "" for a complete run.
func (b *Bundle) partialBanner() (banner, rest string) {
	n := b.partialNotice()
	if n == "" {
		return "", ""
	}
	banner, rest, _ = strings.Cut(n, ". ")
	if rest != "" {
		banner += "."
	}
	return strings.ToUpper(banner[:len("partial run")]) + banner[len("partial run"):], rest
}

// reported tells whether the model's series reports gauge g in any window
// (series.csv leaves the cells of a gauge it never reports empty).
func (b *Bundle) reported(model string, g models.Gauge) bool {
	for _, r := range b.rows(model) {
		for j, sg := range seriesGauges {
			if sg == g && r.Blank&(1<<j) == 0 {
				return true
			}
		}
	}
	return false
}

// RenderCharts renders every chart of the bundle as SVG and PNG.
func (b *Bundle) RenderCharts() ([]ChartFile, error) {
	var out []ChartFile
	for _, c := range b.Charts() {
		f, err := RenderChart(c.Name, c.Chart)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// RenderChart renders a chart as SVG and PNG.
func RenderChart(name string, c *plots.Chart) (ChartFile, error) {
	var svg, png bytes.Buffer
	if err := c.Render(&svg, "svg"); err != nil {
		return ChartFile{}, err
	}
	if err := c.Render(&png, "png"); err != nil {
		return ChartFile{}, err
	}
	return ChartFile{Name: name, Title: c.Title, SVG: svg.Bytes(), PNG: png.Bytes()}, nil
}

// Files are the chart's two files, name.svg and name.png.
func (c ChartFile) Files() []outdir.File {
	return []outdir.File{{Name: c.Name + ".svg", Data: c.SVG}, {Name: c.Name + ".png", Data: c.PNG}}
}

// SaveChart writes name.png and name.svg (each atomically) and returns
// the chart for inlining.
func SaveChart(dir, name string, c *plots.Chart) (ChartFile, error) {
	f, err := RenderChart(name, c)
	if err != nil {
		return ChartFile{}, err
	}
	for _, file := range f.Files() {
		if err := outdir.WriteFile(filepath.Join(dir, file.Name), file.Data); err != nil {
			return ChartFile{}, err
		}
	}
	return f, nil
}

// ChartNames are the base names of every chart a run may draw (a run
// folder owns name.svg and name.png of each).
var ChartNames = []string{"latency-cdf", "latency-tail", "latency-over-time", "outcomes", "capacity", "cumulative-cost", FleetChart}

// fleetChartOf is the fleet chart of a placement. Between two platforms
// each service's cost on the one minus on the other says it all (f.chart).
// Among three or more no pair does: a service placed on Knative drawn by
// its Kubernetes − Lambda difference read "cheaper on Lambda" with
// Knative's cost nowhere. There each service is drawn by its cost where
// placed minus on its cheapest other platform, named with that platform
// and whether it misses the SLO (plots.FleetPlaced).
func fleetChartOf(f *fleet, h plots.Header) *plots.Chart {
	if len(f.parts) < 3 {
		return f.chart(h)
	}
	groups := f.chartGroups(func(g *plots.FleetGroup, svc platform.PlacedService) {
		d, versus, misses, placedMisses := math.NaN(), "", false, false
		if own := option(svc, svc.Platform); own != nil {
			var alt *platform.PlacedOption
			for i, o := range svc.Options {
				// the first of the blend's order on equal costs, as the placement decides
				if o.Platform != svc.Platform && (alt == nil || o.MonthlyUSD < alt.MonthlyUSD) {
					alt = &svc.Options[i]
				}
			}
			if alt != nil {
				d = own.MonthlyUSD - alt.MonthlyUSD
				versus, misses = f.reg.Look(alt.Platform).Chart(alt.Platform).DisplayName(), !alt.MeetsSLO
				// no option meets it: the placement chose by refused share
				placedMisses = !slices.ContainsFunc(svc.Options, func(o platform.PlacedOption) bool { return o.MeetsSLO })
			}
		}
		g.Names = append(g.Names, svc.Name)
		g.RatePerSecond = append(g.RatePerSecond, bounded(svc.RatePerSecond))
		g.DiffUSD = append(g.DiffUSD, bounded(d))
		g.Versus = append(g.Versus, versus)
		g.Misses = append(g.Misses, misses)
		g.PlacedMisses = append(g.PlacedMisses, placedMisses)
		g.Pinned = append(g.Pinned, svc.Pinned)
	})
	return plots.FleetPlaced(h, groups)
}
