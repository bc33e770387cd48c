package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/breakeven"
	"github.com/execsim/execsim/scenarios/platform"
)

// The charts of break-even and tune are drawn from what their folders
// save (breakeven.json's and tune.json's "chart"), by the command and by
// execsim plot alike, so that plot redraws them byte for byte. The CSV
// files alone cannot: they hold 10 significant digits, not the values the
// chart was drawn from, and neither the runs at the ends of a crossing's
// final bracket (points of every platform's line), the SLO, the month's
// phrase nor the sentences under the chart. Platforms are saved by name
// and drawn with the registry's looks, as a run folder's are; the
// sentences are saved as the command said them (they name the reproducing
// command line, which no data file holds).

// savedFloat is a float64 that may be NaN (a cost per million requests
// where none arrived), which JSON cannot hold: it is written as null.
type savedFloat float64

func (f savedFloat) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(f))
}

func (f *savedFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = savedFloat(math.NaN())
		return nil
	}
	var x float64
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	*f = savedFloat(x)
	return nil
}

func savedFloats(xs []float64) []savedFloat {
	if xs == nil {
		return nil
	}
	out := make([]savedFloat, len(xs))
	for i, x := range xs {
		out[i] = savedFloat(x)
	}
	return out
}

func floatsOf(xs []savedFloat) []float64 {
	if xs == nil {
		return nil
	}
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// breakevenChart is breakeven.{png,svg}'s data: breakeven.json's "chart".
type breakevenChart struct {
	// SLO is the objective in words, Month what a month of traffic is
	// at a rate ("" for a constant rate), Banner the PARTIAL line of an
	// interrupted break-even.
	SLO    string `json:"slo"`
	Month  string `json:"month,omitempty"`
	Banner string `json:"banner,omitempty"`
	// Curves are every platform's line: the curve's points and the runs
	// at the ends of every crossing's final bracket, in rate order.
	Curves    []savedCurve    `json:"curves"`
	Crossings []savedCrossing `json:"crossings"`
	// Notes are the sentences under the chart; OnlyByMissing the hatched
	// ranges of rates (from, to), where the cheaper platform is cheaper
	// only while it misses the SLO.
	Notes         []string        `json:"notes"`
	OnlyByMissing [][2]savedFloat `json:"only_by_missing_slo"`
}

type savedCurve struct {
	Platform      string       `json:"platform"`
	RatePerSecond []savedFloat `json:"rate_per_second"`
	MonthlyUSD    []savedFloat `json:"monthly_usd"`
	// PerMillionUSD is null where no request arrived.
	PerMillionUSD []savedFloat `json:"per_million_usd"`
	MeetsSLO      []bool       `json:"meets_slo"`
	NotJudged     []bool       `json:"not_judged"`
}

type savedCrossing struct {
	A             string     `json:"platform_a"`
	B             string     `json:"platform_b"`
	RatePerSecond savedFloat `json:"rate_per_second"`
	// MonthlyUSD is where the mark is drawn: a jump's halfway up its step.
	MonthlyUSD savedFloat `json:"monthly_usd"`
	// Jump is a jump's label ("" for a crossing of the two costs).
	Jump string `json:"jump,omitempty"`
	// MissesSLO names the platforms that miss the SLO around it, and
	// NotJudged says no request arrived at some of its rates.
	MissesSLO []string `json:"misses_slo"`
	NotJudged bool     `json:"not_judged"`
}

// savedCurves are the chart's lines as breakeven.json saves them.
func savedCurves(curves []plots.CostCurve) []savedCurve {
	out := []savedCurve{}
	for _, cc := range curves {
		out = append(out, savedCurve{Platform: cc.Model.Name, RatePerSecond: savedFloats(cc.RatePerSecond), MonthlyUSD: savedFloats(cc.MonthlyUSD),
			PerMillionUSD: savedFloats(cc.PerMillionUSD), MeetsSLO: cc.MeetsSLO, NotJudged: cc.NotJudged})
	}
	return out
}

// draw is the chart, with the registry's looks of its platforms.
func (c *breakevenChart) draw(reg platform.Registry, h plots.Header) *plots.Chart {
	var curves []plots.CostCurve
	for _, s := range c.Curves {
		curves = append(curves, plots.CostCurve{Model: reg.Look(s.Platform).Chart(s.Platform), RatePerSecond: floatsOf(s.RatePerSecond),
			MonthlyUSD: floatsOf(s.MonthlyUSD), PerMillionUSD: floatsOf(s.PerMillionUSD), MeetsSLO: s.MeetsSLO, NotJudged: s.NotJudged})
	}
	// Notes and Crossings given, even empty, replace the chart's own
	opts := plots.BreakEvenOptions{SLO: c.SLO, Month: c.Month, Notes: append([]string{}, c.Notes...), Crossings: []plots.CrossingMark{}}
	for _, x := range c.Crossings {
		m := plots.CrossingMark{A: reg.Look(x.A).Chart(x.A), B: reg.Look(x.B).Chart(x.B), RatePerSecond: float64(x.RatePerSecond),
			MonthlyUSD: float64(x.MonthlyUSD), Jump: x.Jump, NotJudged: x.NotJudged}
		for _, n := range x.MissesSLO {
			m.Misses = append(m.Misses, reg.Look(n).Label)
		}
		opts.Crossings = append(opts.Crossings, m)
	}
	for _, r := range c.OnlyByMissing {
		opts.OnlyByMissing = append(opts.OnlyByMissing, [2]float64{float64(r[0]), float64(r[1])})
	}
	chart := plots.BreakEvenWith(h, curves, opts)
	chart.Banner = c.Banner
	return chart
}

// tuneChart is tune.{png,svg}'s data: tune.json's "chart".
type tuneChart struct {
	Points []savedTunePoint `json:"points"`
	// Cheapest, Fastest and Balanced index Points (-1: none).
	Cheapest int    `json:"cheapest"`
	Fastest  int    `json:"fastest"`
	Balanced int    `json:"balanced"`
	SLO      string `json:"slo"`
	// P99TargetMs is the SLO's target when it is on p99 (0: no line).
	P99TargetMs float64  `json:"p99_target_ms,omitempty"`
	Notes       []string `json:"notes"`
	Banner      string   `json:"banner,omitempty"`
	// Each is the run of every unit at its own value, together (a
	// fleet's size per function), and Units what those units are.
	Each  *savedTunePoint `json:"each,omitempty"`
	Units string          `json:"units,omitempty"`
}

type savedTunePoint struct {
	Label      string     `json:"label"`
	MonthlyUSD savedFloat `json:"monthly_usd"`
	MeanMs     savedFloat `json:"latency_mean_ms"`
	P99Ms      savedFloat `json:"latency_p99_ms"`
	MeetsSLO   bool       `json:"meets_slo"`
}

func savedTuneChart(t plots.Tuning, banner string) *tuneChart {
	c := &tuneChart{Cheapest: t.Cheapest, Fastest: t.Fastest, Balanced: t.Balanced, SLO: t.SLO, P99TargetMs: t.P99TargetMs, Notes: t.Notes, Banner: banner}
	save := func(p plots.TunePoint) savedTunePoint {
		return savedTunePoint{Label: p.Label, MonthlyUSD: savedFloat(p.MonthlyUSD), MeanMs: savedFloat(p.MeanMs), P99Ms: savedFloat(p.P99Ms), MeetsSLO: p.MeetsSLO}
	}
	for _, p := range t.Points {
		c.Points = append(c.Points, save(p))
	}
	if t.Each != nil {
		e := save(*t.Each)
		c.Each, c.Units = &e, t.Units
	}
	return c
}

// draw is the chart of platform name's setting.
func (c *tuneChart) draw(reg platform.Registry, h plots.Header, name, setting string) *plots.Chart {
	t := plots.Tuning{Model: reg.Look(name).Chart(name), Setting: setting, Cheapest: c.Cheapest, Fastest: c.Fastest, Balanced: c.Balanced,
		SLO: c.SLO, P99TargetMs: c.P99TargetMs, Notes: c.Notes, Units: c.Units}
	load := func(p savedTunePoint) plots.TunePoint {
		return plots.TunePoint{Label: p.Label, MonthlyUSD: float64(p.MonthlyUSD), MeanMs: float64(p.MeanMs), P99Ms: float64(p.P99Ms), MeetsSLO: p.MeetsSLO}
	}
	for _, p := range c.Points {
		t.Points = append(t.Points, load(p))
	}
	if c.Each != nil {
		e := load(*c.Each)
		t.Each = &e
	}
	chart := plots.TuneChart(h, t)
	chart.Banner = c.Banner
	return chart
}

// check refuses chart data the chart cannot be drawn from (a hand-edited
// or damaged breakeven.json), naming the field.
func (c *breakevenChart) check() error {
	if len(c.Curves) == 0 {
		return fmt.Errorf("chart.curves is empty: want one curve per platform")
	}
	var v values
	for i, s := range c.Curves {
		n := len(s.RatePerSecond)
		if n == 0 || len(s.MonthlyUSD) != n || len(s.PerMillionUSD) != n || len(s.MeetsSLO) != n || len(s.NotJudged) != n {
			return fmt.Errorf("chart.curves[%d] (%s) has %d rates, %d monthly costs, %d per-million costs, %d meets_slo and %d not_judged: want as many of each, at least one",
				i, s.Platform, n, len(s.MonthlyUSD), len(s.PerMillionUSD), len(s.MeetsSLO), len(s.NotJudged))
		}
		for j := range s.RatePerSecond {
			at := fmt.Sprintf("chart.curves[%d].%%s[%d]", i, j)
			v.rate(fmt.Sprintf(at, "rate_per_second"), s.RatePerSecond[j])
			v.usd(fmt.Sprintf(at, "monthly_usd"), s.MonthlyUSD[j])
			v.usd(fmt.Sprintf(at, "per_million_usd"), s.PerMillionUSD[j])
		}
	}
	for i, x := range c.Crossings {
		v.rate(fmt.Sprintf("chart.crossings[%d].rate_per_second", i), x.RatePerSecond)
		v.usd(fmt.Sprintf("chart.crossings[%d].monthly_usd", i), x.MonthlyUSD)
	}
	for i, r := range c.OnlyByMissing {
		v.rate(fmt.Sprintf("chart.only_by_missing_slo[%d][0]", i), r[0])
		v.rate(fmt.Sprintf("chart.only_by_missing_slo[%d][1]", i), r[1])
	}
	return v.err
}

// values checks the numbers of chart data against what the commands
// write, keeping the first problem: a number outside it is no chart's.
type values struct{ err error }

func (v *values) fail(field string, x savedFloat, want string) {
	if v.err == nil {
		v.err = fmt.Errorf("%s %g: want %s", field, float64(x), want)
	}
}

// rate is an average request rate, within what break-even scales to.
func (v *values) rate(field string, x savedFloat) {
	if !(float64(x) >= breakeven.MinRate && float64(x) <= breakeven.MaxRate) {
		v.fail(field, x, fmt.Sprintf("a rate from %g to %g req/s", breakeven.MinRate, breakeven.MaxRate))
	}
}

// usd is a cost, or null (none): any amount a bill can be, 0 USD and up.
// The bounds this check once set (1e-9 to 1e12 USD: FuzzReadSavedCharts
// found 1e-300 beside 1e12 panicking a log axis's ticks) are the plots'
// own job now: a chart leaves out a value beyond ±1e15 and says so under
// it, and a cost axis spanning more than a log axis holds is drawn linear,
// with a note (plots' fuzz hardening), so those bounds only refused
// folders the charts draw. A negative amount is no cost the commands
// write.
func (v *values) usd(field string, x savedFloat) {
	if !math.IsNaN(float64(x)) && !(x >= 0) {
		v.fail(field, x, "null or a cost of 0 USD or more")
	}
}

// minMs and maxMs bound a latency or target in ms other than 0: a
// time.Duration's nanosecond and its longest.
const minMs, maxMs = 1e-6, float64(math.MaxInt64) / 1e6

// ms is a latency or a target in milliseconds, or null.
func (v *values) ms(field string, x savedFloat) {
	if !math.IsNaN(float64(x)) && x != 0 && !(x >= minMs && float64(x) <= maxMs) {
		v.fail(field, x, fmt.Sprintf("null, 0 or a duration from %g to %.4g ms", minMs, maxMs))
	}
}

// check refuses chart data the chart cannot be drawn from, naming the
// field.
func (c *tuneChart) check() error {
	if len(c.Points) == 0 {
		return fmt.Errorf("chart.points is empty: want one point per value")
	}
	for _, x := range []struct {
		name string
		i    int
	}{{"cheapest", c.Cheapest}, {"fastest", c.Fastest}, {"balanced", c.Balanced}} {
		if x.i < -1 || x.i >= len(c.Points) {
			return fmt.Errorf("chart.%s %d: want -1 (none) or the index of one of its %d points", x.name, x.i, len(c.Points))
		}
	}
	var v values
	for i, p := range c.Points {
		v.usd(fmt.Sprintf("chart.points[%d].monthly_usd", i), p.MonthlyUSD)
		v.ms(fmt.Sprintf("chart.points[%d].latency_mean_ms", i), p.MeanMs)
		v.ms(fmt.Sprintf("chart.points[%d].latency_p99_ms", i), p.P99Ms)
	}
	if p := c.Each; p != nil {
		v.usd("chart.each.monthly_usd", p.MonthlyUSD)
		v.ms("chart.each.latency_mean_ms", p.MeanMs)
		v.ms("chart.each.latency_p99_ms", p.P99Ms)
	}
	v.ms("chart.p99_target_ms", savedFloat(c.P99TargetMs))
	return v.err
}

// readBreakevenChart reads breakeven.json back: the method and the
// chart's data. A folder of an earlier version, written before the chart
// was saved, is refused, saying how to get one that has it.
func readBreakevenChart(dir string) (breakevenMethod, error) {
	path := filepath.Join(dir, "breakeven.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return breakevenMethod{}, err
	}
	return decodeBreakevenChart(path, dir, data)
}

// decodeBreakevenChart is readBreakevenChart of the bytes data of path
// in folder dir.
func decodeBreakevenChart(path, dir string, data []byte) (breakevenMethod, error) {
	var m breakevenMethod
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case m.Schema != breakevenMethodSchema:
		return m, fmt.Errorf("%s: schema %q: want %q", path, m.Schema, breakevenMethodSchema)
	case m.Chart == nil:
		return m, fmt.Errorf("%s has no chart data (\"chart\"): an execsim before plot redrew break-evens wrote it; run execsim breakeven again with --out %s to write the chart's data", path, dir)
	}
	if err := m.Chart.check(); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// readTuneRecord reads tune.json back.
func readTuneRecord(dir string) (tuneRecord, error) {
	path := filepath.Join(dir, "tune.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return tuneRecord{}, err
	}
	return decodeTuneRecord(path, dir, data)
}

// decodeTuneRecord is readTuneRecord of the bytes data of path in folder
// dir.
func decodeTuneRecord(path, dir string, data []byte) (tuneRecord, error) {
	var r tuneRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case r.Schema != tuneSchema:
		return r, fmt.Errorf("%s: schema %q: want %q", path, r.Schema, tuneSchema)
	case r.Chart == nil:
		return r, fmt.Errorf("%s has no chart data (\"chart\"): run execsim tune again with --out %s to write it", path, dir)
	}
	if err := r.Chart.check(); err != nil {
		return r, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
