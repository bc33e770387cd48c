package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/internal/version"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
	"github.com/urfave/cli/v2"
)

func mergeCommand(reg platform.Registry) *cli.Command {
	return command("merge", "join the output folders of sweep shards into one results.csv and aggregate.csv", "DIR...",
		[]cli.Flag{outFlag("write the merged files into `DIR` (required)")},
		func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("merge needs the shards' output folders")
			}
			if c.String("out") == "" {
				return usagef("merge needs --out DIR, the folder to write the merged files into")
			}
			return merge(c.App.Writer, reg, c.Args().Slice(), c.String("out"))
		})
}

// shardIdentity is what makes shards parts of one sweep, beyond the
// manifest's seed, axes and shard i/n: sweep writes it into sweep.json, and
// merge refuses shards whose identities differ.
type shardIdentity struct {
	// ScenarioSHA256 is the hex SHA-256 of the scenario bytes as read (the
	// file, or the built-in's text), before any --set.
	ScenarioSHA256 string `json:"scenario_sha256"`
	// Overrides are the --set values as "path=value", in command-line
	// order; empty, never null, without --set.
	Overrides []string `json:"overrides"`
}

// newShardIdentity is the identity of a sweep of the scenario text src
// with the command line's overrides.
func newShardIdentity(src []byte, overrides []scenario.Override) shardIdentity {
	sum := sha256.Sum256(src)
	id := shardIdentity{ScenarioSHA256: hex.EncodeToString(sum[:]), Overrides: []string{}}
	for _, o := range overrides {
		id.Overrides = append(id.Overrides, o.Path+"="+o.Value)
	}
	return id
}

// shardBuild names the execsim that ran a shard (internal/version). A
// Job's pods pull an image by tag, and a tag can be pushed again: a pod
// retried after the push, or scheduled on a node that pulled later, runs
// another model, and its rows would join the others' as if one execsim
// had run them all. merge refuses shards whose builds differ. Absent
// (all empty) from a sweep.json written before execsim recorded it: such
// shards are merged, with a warning.
type shardBuild struct {
	// Execsim is the module version ("v1.2.3", a pseudo-version, or
	// v0.0.0-devel for a build from a checkout).
	Execsim string `json:"execsim_version,omitempty"`
	// Commit is the first 12 hex digits of the commit it was built from,
	// "" when the build does not know it.
	Commit string `json:"execsim_commit,omitempty"`
	// Modified marks a build from a work tree with uncommitted changes:
	// two such builds of one commit may differ, which merge cannot see.
	Modified bool `json:"execsim_modified,omitempty"`
}

// thisBuild is the shardBuild of this binary.
func thisBuild() shardBuild {
	i := version.Get()
	return shardBuild{Execsim: i.Module, Commit: i.Revision, Modified: i.Modified}
}

// String names a build as version (commit …, modified).
func (b shardBuild) String() string {
	return version.Info{Module: b.Execsim, Revision: b.Commit, Modified: b.Modified}.String()
}

// unknown says whether a manifest predates the build's fields.
func (b shardBuild) unknown() bool { return b.Execsim == "" && b.Commit == "" }

// shard is one sweep output folder, read and checked on its own.
type shard struct {
	dir   string
	m     manifest
	id    shardIdentity
	i, n  int // shard i of n; 1 of 1 for a whole sweep
	table report.Table
	units []int // the unit of each row of table
	// costs is the shard's cost.csv; nil for a shard written before it.
	costs *report.Table
}

// shardFiles are the files readShard reads from a shard's folder.
var shardFiles = []string{"sweep.json", "results.csv", report.SweepCostFile}

// readShard reads and checks the sweep.json and results.csv of one sweep
// output folder: a well-formed manifest of this version, and one row per
// unit of the shard, each unit in range, in the shard and consistent with
// its point and replication. Errors name the file (and the line).
func readShard(dir string) (*shard, error) {
	path := filepath.Join(dir, "sweep.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s is not a sweep output folder: %w", dir, err)
	}
	s := &shard{dir: dir}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return nil, fmt.Errorf("%s: not an %s manifest: %v", path, manifestSchema, err)
	}
	if err := json.Unmarshal(data, &s.m); err != nil {
		return nil, fmt.Errorf("%s: not an %s manifest: %v", path, manifestSchema, err)
	}
	switch {
	case s.m.Schema == manifestSchema:
	case strings.HasPrefix(s.m.Schema, "execsim/sweep/"):
		return nil, fmt.Errorf("%s: written by another version of execsim (%s; this one reads %s); rerun the shards", path, s.m.Schema, manifestSchema)
	default:
		return nil, fmt.Errorf("%s: not an %s manifest (schema %q)", path, manifestSchema, s.m.Schema)
	}
	for _, k := range []string{"scenario_sha256", "overrides"} {
		if _, ok := keys[k]; !ok {
			return nil, fmt.Errorf("%s: written by an older execsim (no %s, so the shards cannot be checked to belong together); rerun the shards", path, k)
		}
	}
	if err := json.Unmarshal(data, &s.id); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	path = filepath.Join(dir, "results.csv")
	data, err = os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s is not a sweep output folder: %w", dir, err)
	}
	axes := make([]string, len(s.m.Axes))
	for k, a := range s.m.Axes {
		axes[k] = a.Path
	}
	if s.table, err = report.ReadResults(bytes.NewReader(data), axes); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := s.checkRows(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	path = filepath.Join(dir, report.SweepCostFile)
	if data, err = os.ReadFile(path); err == nil {
		t, err := report.ReadSweepCost(bytes.NewReader(data), axes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		s.costs = &t
	}
	return s, nil
}

// check checks the manifest on its own.
func (s *shard) check() error {
	m := &s.m
	if m.UnitsTotal < 1 {
		return fmt.Errorf("units_total is %d; a sweep has at least 1 run", m.UnitsTotal)
	}
	if m.Replications < 1 || m.UnitsTotal%m.Replications != 0 {
		return fmt.Errorf("replications is %d, which does not divide units_total %d", m.Replications, m.UnitsTotal)
	}
	s.i, s.n = 1, 1
	if m.Shard != "" {
		a, b, ok := strings.Cut(m.Shard, "/")
		var err1, err2 error
		s.i, err1 = strconv.Atoi(a)
		s.n, err2 = strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || s.n < 1 || s.i < 1 || s.i > s.n {
			return fmt.Errorf("shard %q: want i/n with 1 ≤ i ≤ n", m.Shard)
		}
	}
	if m.Partial {
		return fmt.Errorf("the sweep was interrupted: %d of its runs finished; rerun the shard", m.Units)
	}
	// shard i of n holds the units u < units_total with u % n = i-1
	want := 0
	if m.UnitsTotal >= s.i {
		want = (m.UnitsTotal-s.i)/s.n + 1
	}
	if m.Units != want {
		return fmt.Errorf("units is %d; shard %d/%d of %d runs has %d", m.Units, s.i, s.n, m.UnitsTotal, want)
	}
	for _, o := range s.id.Overrides {
		if _, err := scenario.ParseOverride(o); err != nil {
			return fmt.Errorf("overrides: %w", err)
		}
	}
	return nil
}

// checkRows checks each row of results.csv against the manifest.
func (s *shard) checkRows() error {
	m := &s.m
	if len(s.table.Rows) != m.Units {
		return fmt.Errorf("has %d runs; sweep.json says %d", len(s.table.Rows), m.Units)
	}
	seen := make(map[int]bool, len(s.table.Rows))
	for k, r := range s.table.Rows {
		line := s.table.Line(k)
		// ReadResults checked that the first three columns are whole numbers
		u, _ := strconv.Atoi(r[0])
		point, _ := strconv.Atoi(r[1])
		rep, _ := strconv.Atoi(r[2])
		seed, _ := strconv.ParseUint(r[3], 10, 64)
		switch {
		case u >= m.UnitsTotal:
			return fmt.Errorf("line %d: unit %d is outside 0..%d (units_total %d)", line, u, m.UnitsTotal-1, m.UnitsTotal)
		case u%s.n != s.i-1:
			return fmt.Errorf("line %d: unit %d does not belong to shard %d/%d", line, u, s.i, s.n)
		case seen[u]:
			return fmt.Errorf("line %d: unit %d appears twice", line, u)
		case rep >= m.Replications || point != u/m.Replications || rep != u%m.Replications:
			return fmt.Errorf("line %d: unit %d is point %d, replication %d of %d; the row says point %d, replication %d",
				line, u, u/m.Replications, u%m.Replications, m.Replications, point, rep)
		case seed != m.Seed+uint64(rep):
			return fmt.Errorf("line %d: unit %d has seed %d; the sweep's seed %d gives replication %d seed %d", line, u, seed, m.Seed, rep, m.Seed+uint64(rep))
		}
		seen[u] = true
		s.units = append(s.units, u)
	}
	return nil
}

// differences lists what sets shard t apart from s, as "what: this vs that".
func (s *shard) differences(t *shard) []string {
	var out []string
	if s.id.ScenarioSHA256 != t.id.ScenarioSHA256 {
		out = append(out, fmt.Sprintf("scenario file (sha256 %.12s… vs %.12s…)", s.id.ScenarioSHA256, t.id.ScenarioSHA256))
	}
	if a, b := s.m.shardBuild, t.m.shardBuild; a != b && !a.unknown() && !b.unknown() {
		out = append(out, fmt.Sprintf("the execsim that ran them (%s vs %s)", a, b))
	}
	if s.m.Scenario != t.m.Scenario {
		out = append(out, fmt.Sprintf("scenario name (%q vs %q)", s.m.Scenario, t.m.Scenario))
	}
	if !slices.Equal(s.id.Overrides, t.id.Overrides) {
		out = append(out, fmt.Sprintf("--set (%s vs %s)", setList(s.id.Overrides), setList(t.id.Overrides)))
	}
	if s.m.Seed != t.m.Seed {
		out = append(out, fmt.Sprintf("seed (%d vs %d)", s.m.Seed, t.m.Seed))
	}
	if s.n != t.n {
		out = append(out, fmt.Sprintf("sharding (%s vs %s)", shardsOf(s.n), shardsOf(t.n)))
	}
	if s.m.Replications != t.m.Replications || s.m.UnitsTotal != t.m.UnitsTotal {
		out = append(out, fmt.Sprintf("size (%d runs of %d replications vs %d of %d)", s.m.UnitsTotal, s.m.Replications, t.m.UnitsTotal, t.m.Replications))
	}
	if !axesEqual(s.m.Axes, t.m.Axes) {
		out = append(out, "sweep: axes or values")
	}
	return out
}

func axesEqual(a, b []scenario.Axis) bool {
	return slices.EqualFunc(a, b, func(x, y scenario.Axis) bool { return x.Path == y.Path && slices.Equal(x.Values, y.Values) })
}

func setList(overrides []string) string {
	if len(overrides) == 0 {
		return "none"
	}
	return strings.Join(overrides, " ")
}

func shardsOf(n int) string {
	if n == 1 {
		return "a whole sweep"
	}
	return fmt.Sprintf("%d shards", n)
}

// joinShards reads the shard folders and joins their rows, sorted by unit.
// It refuses folders of different sweeps, units present twice and units
// missing. The columns are the union of the shards' in the order of the
// column schema of reg's platforms, as the unsharded sweep lays them out:
// shards whose runs differ in the fields they have (a run with no cold
// start has no cold-start latency) merge into the unsharded bytes. The
// manifest returned describes the whole sweep.
func joinShards(reg platform.Registry, dirs []string) (manifest, report.Table, *report.Table, error) {
	var shards []*shard
	for k, dir := range dirs {
		for _, prev := range dirs[:k] {
			if samePath(prev, dir) {
				if prev == dir {
					return manifest{}, report.Table{}, nil, fmt.Errorf("the folder %s is given twice", dir)
				}
				return manifest{}, report.Table{}, nil, fmt.Errorf("%s and %s are the same folder, given twice", prev, dir)
			}
		}
		s, err := readShard(dir)
		if err != nil {
			return manifest{}, report.Table{}, nil, err
		}
		if len(shards) > 0 {
			if diff := shards[0].differences(s); len(diff) > 0 {
				return manifest{}, report.Table{}, nil, fmt.Errorf("%s and %s are not shards of the same sweep: they differ in %s",
					shards[0].dir, dir, strings.Join(diff, "; "))
			}
		}
		shards = append(shards, s)
	}
	first := shards[0]
	fixed := report.LeadColumns(len(first.m.Axes))
	var names []string
	for _, s := range shards {
		names = append(names, s.table.Header[fixed:]...)
	}
	header := append(slices.Clone(first.table.Header[:fixed]), report.UnionColumns(summary.ColumnsOf(reg), names)...)
	for _, s := range shards {
		s.table = report.Relayout(s.table, header)
	}
	table := report.Table{Header: header}
	type row struct {
		unit int
		rec  []string
	}
	var rows []row
	seen := map[int]*shard{}
	for _, s := range shards {
		for k, u := range s.units {
			if prev, dup := seen[u]; dup {
				if prev.i == s.i && prev.n == s.n {
					// a copy of a folder, or one shard run twice
					return manifest{}, report.Table{}, nil, fmt.Errorf("%s and %s are both shard %d/%d (unit %d appears in both)", prev.dir, s.dir, s.i, s.n, u)
				}
				return manifest{}, report.Table{}, nil, fmt.Errorf("unit %d appears in both %s and %s", u, prev.dir, s.dir)
			}
			seen[u] = s
			rows = append(rows, row{u, s.table.Rows[k]})
		}
	}
	total := first.m.UnitsTotal
	if len(seen) < total {
		// list the first few missing units: at most len(seen)+20 steps
		var missing []string
		for u := 0; u < total && len(missing) < 20; u++ {
			if _, ok := seen[u]; !ok {
				missing = append(missing, strconv.Itoa(u))
			}
		}
		if total-len(seen) > len(missing) {
			missing = append(missing, "…")
		}
		return manifest{}, report.Table{}, nil, fmt.Errorf("the shards cover %d of %d runs; %smissing units %s", len(seen), total, missingShards(shards, total), strings.Join(missing, ", "))
	}
	slices.SortFunc(rows, func(a, b row) int { return a.unit - b.unit })
	for _, r := range rows {
		table.Rows = append(table.Rows, r.rec)
	}
	if _, err := report.Aggregate(table); err != nil {
		return manifest{}, report.Table{}, nil, err
	}
	m := first.m
	for _, s := range shards {
		if s.m.unknown() {
			m.stale = append(m.stale, s.dir)
		} else if s.m.Modified {
			m.dirty = true
		}
	}
	m.Shard, m.Units = "", total
	return m, table, joinCosts(shards), nil
}

// missingShards names the shards i/n absent from a set of shards of one
// sweep (they all have the same n: differences refuses any other), with
// the Indexed Job completion index that runs each (a lost pod is what a
// CI log shows), as "missing shard 3/4 (JOB_COMPLETION_INDEX=2), so ";
// "" for a set of whole sweeps. A shard that owns no run (shard 3/3 of a
// sweep of 2 runs) is not missing: nothing needs it rerun (revcli).
func missingShards(shards []*shard, total int) string {
	n := shards[0].n
	if n <= 1 {
		return ""
	}
	have := make([]bool, n+1)
	for _, s := range shards {
		have[s.i] = true
	}
	var absent []string
	for i := 1; i <= n; i++ {
		// shard i of n holds the units u with u % n = i-1
		if !have[i] && i-1 < total {
			absent = append(absent, fmt.Sprintf("%d/%d (%s=%d)", i, n, jobIndexVar, i-1))
		}
	}
	if len(absent) == 0 {
		return ""
	}
	word := "shard"
	if len(absent) > 1 {
		word = "shards"
	}
	return fmt.Sprintf("missing %s %s, so ", word, strings.Join(absent, ", "))
}

// joinCosts joins the shards' cost.csv rows, sorted by unit (each unit's
// lines in their order), or nil when a shard has none.
func joinCosts(shards []*shard) *report.Table {
	var rows [][]string
	for _, s := range shards {
		if s.costs == nil {
			return nil
		}
		rows = append(rows, s.costs.Rows...)
	}
	slices.SortStableFunc(rows, func(a, b []string) int {
		x, _ := strconv.Atoi(a[0])
		y, _ := strconv.Atoi(b[0])
		return x - y
	})
	return &report.Table{Header: shards[0].costs.Header, Rows: rows}
}

func merge(w io.Writer, reg platform.Registry, dirs []string, out string) error {
	if err := checkOutFolder(out, sweepOutput); err != nil {
		return err
	}
	if err := checkMergeOut(out, dirs); err != nil {
		return err
	}
	m, table, costs, err := joinShards(reg, dirs)
	if err != nil {
		return scenario.InputError(err)
	}
	if len(m.stale) > 0 {
		fmt.Fprintf(w, "warning: %s %s written by an execsim that did not record its version, so merge cannot check that one execsim ran every shard\n",
			strings.Join(m.stale, ", "), format.Plural(len(m.stale), "was", "were"))
	}
	if m.dirty {
		fmt.Fprintf(w, "warning: the shards were run by %s, built from a work tree with uncommitted changes: merge cannot tell whether every shard ran the same code\n", m.shardBuild)
	}
	m.Command = "execsim merge " + strings.Join(dirs, " ") + " --out " + out
	files, err := writeSweep(out, m, table, costs, true)
	if err != nil {
		return err
	}
	charts, err := sweepCharts(out, reg, m, table)
	if err != nil {
		return err
	}
	files = append(files, charts...)
	fmt.Fprintf(w, "merged %d shards: %d runs of %s\nwrote %s\n", len(dirs), m.UnitsTotal, m.Scenario, strings.Join(files, ", "))
	return nil
}
