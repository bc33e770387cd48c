package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/outdir"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/execsim/execsim/scenarios/sweep"
	"github.com/urfave/cli/v2"
)

// manifest describes a sweep's output folder, so shards can be merged safely.
type manifest struct {
	Schema       string          `json:"schema"`
	Scenario     string          `json:"scenario"`
	Seed         uint64          `json:"seed"`
	Replications int             `json:"replications"`
	Axes         []scenario.Axis `json:"axes"`
	UnitsTotal   int             `json:"units_total"`
	Shard        string          `json:"shard,omitempty"` // "i/n"; empty for a whole sweep
	Units        int             `json:"units"`
	Command      string          `json:"command"`
	// Partial marks a sweep interrupted before every unit ran: results.csv
	// holds the units that finished (Units of them).
	Partial bool `json:"partial,omitempty"`
	// Warnings are the scenario's (front doors that differ between
	// platforms), as summary.json carries them.
	Warnings []string `json:"warnings,omitempty"`
	// PointWarnings are the warnings of the points' own values that the
	// scenario as written does not give, or gives some points only (a
	// swept lambda.memoryMB that sizes no function), each once with the
	// points it applies to: the charts say why a line is flat with them.
	PointWarnings []pointWarning `json:"point_warnings,omitempty"`
	// SLO is the objective the runs were judged by (slo.met): the p99
	// chart draws its target, merge too.
	SLO *manifestSLO `json:"slo,omitempty"`
	// scenario_sha256 and overrides: merge checks that shards agree on them
	shardIdentity
	// the execsim that ran the sweep: merge checks it too
	shardBuild
	// stale names the shards merged without a build (older manifests),
	// and dirty says the build was from a modified work tree: merge
	// warns of both. Neither is written.
	stale []string
	dirty bool
}

// pointWarning is a warning of some of a sweep's points, as sweep.json
// writes it: the points (results.csv's point column), and where, the
// same in words ("points 0–2 (lambda.memoryMB=512)"; "" for every point).
type pointWarning struct {
	Warning string `json:"warning"`
	Points  []int  `json:"points,omitempty"`
	Where   string `json:"where,omitempty"`
}

// pointWarningsOf are the sweep's warnings (scenario.SweepWarnings) that
// the base plan's own (base: RunWarnings) do not say for every point.
func pointWarningsOf(ws []scenario.PointWarning, base []string, axes []scenario.Axis) []pointWarning {
	var out []pointWarning
	for _, w := range ws {
		if w.Points == nil && slices.Contains(base, w.Text) {
			continue
		}
		out = append(out, pointWarning{Warning: w.Text, Points: w.Points, Where: w.Where(axes)})
	}
	return out
}

// chartWarnings are the point warnings as the sweep charts take them.
func (m manifest) chartWarnings() []report.SweepWarning {
	var out []report.SweepWarning
	for _, w := range m.PointWarnings {
		out = append(out, report.SweepWarning{Text: w.Warning, Where: w.Where})
	}
	return out
}

// manifestSLO is an SLO as sweep.json writes it. Judgement is how a
// fleet's runs were judged, as summary.json's slo.judgement says
// ("pooled" or "per_service"; empty for one service).
type manifestSLO struct {
	Percentile string  `json:"percentile"`
	TargetMs   float64 `json:"target_ms"`
	Refused    float64 `json:"refused"`
	Judgement  string  `json:"judgement,omitempty"`
}

// manifestSLOOf is the plan's SLO for sweep.json: judged service by
// service when the scenario, or an axis on a service's slo:, gives a
// service an SLO of its own (every point then has it).
func manifestSLOOf(plan *scenario.Plan) *manifestSLO {
	s := plan.SLO
	m := &manifestSLO{Percentile: s.Percentile(), TargetMs: platform.Ms(s.Target), Refused: s.Refused}
	if per := plan.ServiceSLOs; per != nil {
		m.Judgement = platform.JudgedPooled
		if per.PerService || slices.ContainsFunc(plan.Axes, sweepsServiceSLO) {
			m.Judgement = platform.JudgedPerService
		}
	}
	return m
}

// sweepsSLO tells whether the axis changes an SLO: slo:'s, placement.
// slo:'s (the scenario's without one) or a service's (sweepsServiceSLO).
func sweepsSLO(a scenario.Axis) bool {
	return slices.Contains(strings.Split(a.Path, "."), "slo")
}

// sweepsServiceSLO tells whether the axis changes a service's slo:
// (services[2].slo.p99, fleet.generate.shapes[0].slo,
// fleet.prometheus.services.<name>.slo.refused).
func sweepsServiceSLO(a scenario.Axis) bool {
	parts := strings.Split(a.Path, ".")
	at := slices.Index(parts, "slo")
	return at > 0 && parts[0] != "placement"
}

// p99Target is the SLO's p99 target for the p99 chart: 0 (no line) when
// the SLO is on another percentile, or when the sweep changes the SLO
// (one line would stand for some points only), or is unknown, or when
// each service was judged by its own SLO (the chart's p99 is pooled over
// the fleet, which no target judged).
func (m manifest) p99Target() float64 {
	if m.SLO == nil || m.SLO.Percentile != "p99" || m.SLO.Judgement == platform.JudgedPerService {
		return 0
	}
	if slices.ContainsFunc(m.Axes, sweepsSLO) {
		return 0
	}
	return m.SLO.TargetMs
}

const manifestSchema = "execsim/sweep/v1"

type sweepOptions struct {
	maxArrivals   float64
	ref           string
	overrides     []scenario.Override
	workers       int
	out           string
	shard, shards int
	progress      progressMode
}

func sweepCommand(reg platform.Registry) *cli.Command {
	return scenarioCommand("sweep", "run every point of the scenario's sweep: section, in parallel",
		[]cli.Flag{
			workersFlag(),
			outFlag("write results.csv, aggregate.csv and sweep.json into `DIR` (default out/<scenario>-sweep)"),
			&cli.StringFlag{Name: "shard", Usage: "run only shard `i/n` (a deterministic subset; 1 ≤ i ≤ n), or auto/n to take i from JOB_COMPLETION_INDEX + 1 (a Kubernetes Indexed Job); join shards with execsim merge"},
			maxRequestsFlag(),
			noProgressFlag(),
		},
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			o := sweepOptions{ref: ref, overrides: overrides, out: c.String("out"), shard: 1, shards: 1, progress: progressFor(c), maxArrivals: maxRequestsOf(c)}
			var err error
			if o.workers, err = workersOf(c); err != nil {
				return err
			}
			if s := c.String("shard"); s != "" {
				if o.shard, o.shards, err = parseShard(s, os.LookupEnv); err != nil {
					return err
				}
			}
			return runSweep(c.Context, c.App.Writer, c.App.ErrWriter, reg, o)
		})
}

// jobIndexVar is the variable a Kubernetes Indexed Job sets in each of its
// pods: the pod's completion index, 0 to completions−1 (see
// https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode).
const jobIndexVar = "JOB_COMPLETION_INDEX"

// parseShard reads --shard: "i/n" with 1 ≤ i ≤ n, or "auto/n", where i is
// the Indexed Job's 0-based completion index plus one (index 0 runs shard
// 1/n, index n−1 shard n/n), read through lookup (os.LookupEnv).
func parseShard(s string, lookup func(string) (string, bool)) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	n, err2 := strconv.Atoi(b)
	if ok && a == "auto" {
		if err2 != nil || n < 1 {
			return 0, 0, usagef("--shard %q: want auto/n with n ≥ 1, e.g. --shard auto/4", s)
		}
		v, set := lookup(jobIndexVar)
		if !set || v == "" {
			return 0, 0, usagef("--shard %s: %s is not set; it is set in each pod of a Kubernetes Job with completionMode: Indexed (0 to n−1); elsewhere give --shard i/n", s, jobIndexVar)
		}
		idx, err := strconv.Atoi(v)
		if err != nil || idx < 0 || idx >= n {
			return 0, 0, usagef("--shard %s: %s=%q: want a whole number from 0 to %d (the Job's completions must equal n = %d)", s, jobIndexVar, v, n-1, n)
		}
		return idx + 1, n, nil
	}
	i, err1 := strconv.Atoi(a)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, usagef("--shard %q: want i/n with 1 ≤ i ≤ n, e.g. --shard 2/4, or auto/n in a Kubernetes Indexed Job", s)
	}
	return i, n, nil
}

func runSweep(ctx context.Context, w, errOut io.Writer, reg platform.Registry, o sweepOptions) error {
	src, err := scenarios.ReadSource(o.ref)
	if err != nil {
		return err
	}
	plan, err := loadPlan(scenario.Reading{Context: ctx, Progress: errOut}, reg, o.ref, o.overrides, o.maxArrivals)
	if err != nil {
		return err
	}
	if len(plan.Axes) == 0 && plan.Replications == 1 {
		return scenario.InputError(fmt.Errorf("scenario %s has no sweep: section and one replication: use execsim run", o.ref))
	}
	// every bad point at once, before anything runs (as validate lists
	// them), not the first one a worker meets
	warnings, err := plan.SweepWarnings()
	if err != nil {
		if ctx.Err() != nil {
			// the check stopped, between points or in a point's trace
			// load: the first line says where, and nothing has run yet
			first, _, _ := strings.Cut(err.Error(), "\n")
			fmt.Fprintf(w, "interrupted: 0 of %d runs finished, while checking the sweep's points; nothing was written\n", len(plan.Units()))
			return stoppedf(ctx.Err(), "%s; no run started", first)
		}
		return scenario.InputError(fmt.Errorf("scenario %s: %w", o.ref, err))
	}
	all := plan.Units()
	units := scenario.Shard(all, o.shard, o.shards)
	if o.out == "" {
		o.out = filepath.Join("out", safeName(plan.Name)+"-sweep")
		if o.shards > 1 {
			o.out = filepath.Join(o.out, fmt.Sprintf("shard-%d-of-%d", o.shard, o.shards))
		}
	}
	if err := checkOutFolder(o.out, sweepOutput); err != nil {
		return err
	}
	if err := checkOutInputs(o.out, plan, sweepOwned); err != nil {
		return err
	}
	if err := outdir.Prepare(o.out); err != nil { // before the work, not after
		return scenario.InputError(fmt.Errorf("--out %s: %w", o.out, err))
	}
	bar := o.progress.begin(errOut, plan.Name+" sweep")
	results, err := sweep.Run(ctx, plan, units, o.workers, bar.work)
	bar.end()
	interrupted, err := interruption(err)
	if err != nil {
		return err
	}
	table := report.ResultsTable(reg, plan, results)
	m := manifest{Schema: manifestSchema, Scenario: plan.Name, Seed: plan.Seed, Replications: plan.Replications,
		Axes: plan.Axes, UnitsTotal: len(all), Units: len(results), Command: sweepCommandLine(o), Partial: interrupted != nil,
		Warnings: plan.Cost.Warnings, PointWarnings: pointWarningsOf(warnings, plan.RunWarnings(), plan.Axes),
		SLO: manifestSLOOf(plan), shardIdentity: newShardIdentity(src, o.overrides),
		shardBuild: thisBuild()}
	if o.shards > 1 {
		m.Shard = fmt.Sprintf("%d/%d", o.shard, o.shards)
	}
	// an interrupted sweep keeps the runs that finished, marked partial,
	// with no aggregate: it is not the whole sweep
	complete := o.shards == 1 && interrupted == nil
	costs := report.SweepCostTable(plan, results)
	files, err := writeSweep(o.out, m, table, &costs, complete)
	if err != nil {
		return err
	}
	if interrupted != nil {
		fmt.Fprintf(w, "interrupted: %d of %d runs finished\nwrote %s\n", len(results), len(units), strings.Join(files, ", "))
		return stoppedf(interrupted, "stopped with %d of %d runs finished; they are written, marked partial", len(results), len(units))
	}
	if complete {
		charts, err := sweepCharts(o.out, reg, m, table)
		if err != nil {
			return err
		}
		files = append(files, charts...)
	}
	fmt.Fprintf(w, "scenario %s · %d points × %d replications = %d runs", plan.Name, len(plan.Points()), plan.Replications, len(all))
	if o.shards > 1 {
		fmt.Fprintf(w, " · shard %d/%d ran %d", o.shard, o.shards, len(units))
	}
	fmt.Fprintf(w, "\nreproduce: %s\n", m.Command)
	if s := sweepMonthBasis(plan); s != "" {
		fmt.Fprintln(w, s)
	}
	writeSweepWarnings(w, plan, warnings)
	if complete {
		agg, err := report.Aggregate(table)
		if err != nil {
			return err
		}
		fmt.Fprintln(w)
		report.SweepText(w, agg, len(plan.Axes), reg)
	}
	fmt.Fprintf(w, "\nwrote %s\n", strings.Join(files, ", "))
	return nil
}

func sweepCommandLine(o sweepOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "execsim sweep %s", format.ShellQuote(o.ref))
	for _, s := range o.overrides {
		fmt.Fprintf(&b, " --set %s", format.ShellQuote(s.Path+"="+s.Value))
	}
	if o.shards > 1 {
		fmt.Fprintf(&b, " --shard %d/%d", o.shard, o.shards)
	}
	return b.String()
}

// writeSweep writes results.csv, sweep.json, the runs' bills as cost.csv
// (unless costs is nil: merged shards written before it) and, for a
// complete sweep, aggregate.csv.
func writeSweep(dir string, m manifest, table report.Table, costs *report.Table, complete bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, scenario.InputError(fmt.Errorf("--out %s: %w", dir, err))
	}
	var res, agg, man bytes.Buffer
	if err := report.WriteCSV(&res, table); err != nil {
		return nil, err
	}
	enc := json.NewEncoder(&man)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	files := []struct {
		name string
		data []byte
	}{{"results.csv", res.Bytes()}, {"sweep.json", man.Bytes()}}
	if costs != nil {
		var c bytes.Buffer
		if err := report.WriteCSV(&c, *costs); err != nil {
			return nil, err
		}
		files = append(files, struct {
			name string
			data []byte
		}{report.SweepCostFile, c.Bytes()})
	}
	if complete {
		a, err := report.Aggregate(table)
		if err != nil {
			return nil, err
		}
		if err := report.WriteCSV(&agg, a); err != nil {
			return nil, err
		}
		files = append(files, struct {
			name string
			data []byte
		}{"aggregate.csv", agg.Bytes()})
	}
	var out []outdir.File
	for _, f := range files {
		out = append(out, outdir.File{Name: f.name, Data: f.data})
	}
	// the folder's sweep files are replaced as a set: a shard written where
	// a whole sweep was leaves no stale aggregate or chart behind (the
	// charts of a complete sweep are written next, by sweepCharts)
	names, err := outdir.Replace(dir, sweepOwned, out)
	if err != nil {
		return nil, scenario.InputError(fmt.Errorf("--out %s: %w", dir, err))
	}
	return names, nil
}

// sweepOwned are the files a sweep (or merge) owns in its folder.
var sweepOwned = append([]string{"results.csv", "sweep.json", "aggregate.csv", report.SweepCostFile}, chartFiles(report.SweepChartNames())...)

// chartFiles are the SVG and PNG of each named chart.
func chartFiles(names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, n+".svg", n+".png")
	}
	return out
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isTerminalFd(f)
}

// sweepCharts draws the aggregate's headline fields against the first swept
// parameter into dir, for the sweep m describes.
func sweepCharts(dir string, reg platform.Registry, m manifest, table report.Table) ([]string, error) {
	agg, err := report.Aggregate(table)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, c := range report.SweepCharts(plots.Header{Scenario: m.Scenario, Seed: m.Seed}, agg, len(m.Axes), reg, m.Warnings, m.chartWarnings(), m.p99Target()) {
		if _, err := report.SaveChart(dir, c.Name, c.Chart); err != nil {
			return nil, scenario.InputError(fmt.Errorf("--out %s: %w", dir, err))
		}
		paths = append(paths, filepath.Join(dir, c.Name+".{png,svg}"))
	}
	return paths, nil
}

// writeWarnings prints the plan's warnings (front doors that differ, and
// what the files it names say that execsim cannot use), one a line, as
// break-even, sweep and validate print them under their header.
func writeWarnings(w io.Writer, plan *scenario.Plan) {
	// sweep and break-even run every platform of the plan
	for _, x := range plan.RunWarnings() {
		fmt.Fprintf(w, "warning: %s\n", x)
	}
}

// writeSweepWarnings prints a sweep's warnings (scenario.SweepWarnings),
// one a line, each once, naming the points it applies to when it is not
// every point: a sweep printed the base plan's alone, so a swept value
// that changed nothing ran without a word (walk14 #1).
func writeSweepWarnings(w io.Writer, plan *scenario.Plan, ws []scenario.PointWarning) {
	for _, x := range ws {
		fmt.Fprintf(w, "warning: %s\n", x.Line(plan.Axes))
	}
}

// sweepMonthBasis says what the sweep's monthly figures are projected
// from, as run says it (audit 7: the sweep printed $/month with no
// basis): the scenario's projection, or each point's own when an axis
// sets the duration.
func sweepMonthBasis(plan *scenario.Plan) string {
	for _, a := range plan.Axes {
		if a.Path == "duration" {
			return "Monthly figures are projected from each point's own run: × 730 h over its duration."
		}
	}
	return summary.PlanProjection(plan).Statement()
}
