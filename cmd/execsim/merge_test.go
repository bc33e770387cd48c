package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
)

// runShards runs shards i of n of the scenario file f with --set values
// and returns their folders (index i-1 for shard i; "" for shards not run).
func runShards(t *testing.T, f string, n int, which []int, sets ...string) []string {
	t.Helper()
	dirs := make([]string, n)
	for _, i := range which {
		d := filepath.Join(t.TempDir(), fmt.Sprintf("s%d", i))
		args := []string{"sweep", "--workers", "2", "--shard", fmt.Sprintf("%d/%d", i, n), "--out", d, f}
		var overrides []scenario.Override
		for _, s := range sets {
			args = append(args, "--set", s)
			o, err := scenario.ParseOverride(s)
			if err != nil {
				t.Fatal(err)
			}
			overrides = append(overrides, o)
		}
		if _, errOut, code := execsim(t, args...); code != 0 {
			t.Fatalf("shard %d/%d: exit %d %s", i, n, code, errOut)
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		addIdentity(t, d, newShardIdentity(src, overrides))
		dirs[i-1] = d
	}
	return dirs
}

// addIdentity writes the identity into a sweep.json that lacks it (written
// before sweep recorded it).
func addIdentity(t *testing.T, dir string, id shardIdentity) {
	t.Helper()
	editManifest(t, dir, func(m map[string]any) {
		if _, ok := m["scenario_sha256"]; !ok {
			m["scenario_sha256"], m["overrides"] = id.ScenarioSHA256, id.Overrides
		}
	})
}

// editManifest rewrites dir/sweep.json through edit.
func editManifest(t *testing.T, dir string, edit func(map[string]any)) {
	t.Helper()
	p := filepath.Join(dir, "sweep.json")
	var m map[string]any
	if err := json.Unmarshal([]byte(readFile(t, p)), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// editResults rewrites dir/results.csv through edit, which gets its lines.
func editResults(t *testing.T, dir string, edit func([]string) []string) {
	t.Helper()
	p := filepath.Join(dir, "results.csv")
	lines := strings.Split(strings.TrimSuffix(readFile(t, p), "\n"), "\n")
	if err := os.WriteFile(p, []byte(strings.Join(edit(lines), "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMergeChecksShardsBelongTogether: merge refuses shards of different
// sweeps, saying what differs, and damaged manifests or results; it never
// panics (issue 11).
func TestMergeChecksShardsBelongTogether(t *testing.T) {
	f := writeScenario(t, sweepScenario)
	base := runShards(t, f, 3, []int{1, 2, 3})
	// the intact shards merge
	if _, errOut, code := execsim(t, append([]string{"merge", "--out", t.TempDir()}, base...)...); code != 0 {
		t.Fatalf("merge of intact shards: exit %d %s", code, errOut)
	}
	otherSet := runShards(t, f, 3, []int{2}, "lambda.runtime=rust")
	otherSeed := runShards(t, f, 3, []int{2}, "seed=7")
	halves := runShards(t, f, 2, []int{2})
	edited := writeScenario(t, sweepScenario+"# a comment changes the bytes\n")
	otherFile := runShards(t, edited, 3, []int{2})

	// copyShard copies shard folder i (1-based) of base for editing.
	copyShard := func(t *testing.T, i int) []string {
		dirs := append([]string(nil), base...)
		dirs[i-1] = filepath.Join(t.TempDir(), fmt.Sprintf("s%d", i))
		if err := os.Rename(copyFolder(t, base[i-1]), dirs[i-1]); err != nil {
			t.Fatal(err)
		}
		return dirs
	}
	setManifest := func(key string, v any) func(t *testing.T) []string {
		return func(t *testing.T) []string {
			dirs := copyShard(t, 1)
			editManifest(t, dirs[0], func(m map[string]any) { m[key] = v })
			return dirs
		}
	}
	editRow := func(line int, edit func([]string) []string) func(t *testing.T) []string {
		return func(t *testing.T) []string {
			dirs := copyShard(t, 2)
			editResults(t, dirs[1], func(lines []string) []string {
				lines[line-1] = strings.Join(edit(strings.Split(lines[line-1], ",")), ",")
				return lines
			})
			return dirs
		}
	}
	cases := []struct {
		name string
		dirs func(t *testing.T) []string
		want []string
	}{
		{"units_total 0", setManifest("units_total", 0), []string{"s1/sweep.json: units_total is 0"}},
		{"units_total -5", setManifest("units_total", -5), []string{"s1/sweep.json: units_total is -5"}},
		{"units_total too large", setManifest("units_total", 3<<40), []string{"s1/sweep.json: units is 4"}},
		{"units wrong", setManifest("units", 3), []string{"s1/sweep.json: units is 3", "has 4"}},
		{"partial", setManifest("partial", true), []string{"s1/sweep.json: the sweep was interrupted", "rerun the shard"}},
		{"replications 0", setManifest("replications", 0), []string{"s1/sweep.json: replications is 0"}},
		{"shard malformed", setManifest("shard", "4/3"), []string{"s1/sweep.json: shard \"4/3\""}},
		{"manifest wrong shape", setManifest("axes", "lambda.memoryMB"), []string{"s1/sweep.json: not an execsim/sweep/v1 manifest"}},
		{"older manifest", func(t *testing.T) []string {
			dirs := copyShard(t, 3)
			editManifest(t, dirs[2], func(m map[string]any) { delete(m, "scenario_sha256"); delete(m, "overrides") })
			return dirs
		}, []string{"s3/sweep.json: written by an older execsim", "rerun the shards"}},
		// walk5's defect 3: a re-pushed image tag runs another model
		{"another execsim", setManifest("execsim_version", "v9.9.9"),
			[]string{"not shards of the same sweep", "the execsim that ran them (execsim v9.9.9 vs execsim " + thisBuild().Execsim}},
		{"another commit", setManifest("execsim_commit", "1a2b3c4d5e6f"),
			[]string{"not shards of the same sweep", "the execsim that ran them (execsim " + thisBuild().Execsim + " (commit 1a2b3c4d5e6f) vs execsim "}},
		{"other schema", setManifest("schema", "execsim/sweep/v0"), []string{"s1/sweep.json: written by another version of execsim", "rerun the shards"}},
		{"unit 999", editRow(2, func(r []string) []string { r[0] = "999"; return r }),
			[]string{"s2/results.csv: line 2", "unit 999 is outside 0..11"}},
		{"unit of another shard", editRow(2, func(r []string) []string { r[0] = "2"; r[1] = "0"; r[2] = "2"; r[3] = "6"; return r }),
			[]string{"s2/results.csv: line 2", "unit 2 does not belong to shard 2/3"}},
		{"unit negative", editRow(3, func(r []string) []string { r[0] = "-4"; return r }),
			[]string{"s2/results.csv: line 3", "unit", `"-4" is not a whole number`}},
		{"unit twice", editRow(3, func(r []string) []string { r[0] = "1"; return r }),
			[]string{"s2/results.csv: line 3", "unit 1 appears twice"}},
		{"point inconsistent", editRow(2, func(r []string) []string { r[1] = "3"; return r }),
			[]string{"s2/results.csv: line 2", "unit 1 is point 0, replication 1"}},
		{"short row", editRow(3, func(r []string) []string { return r[:5] }),
			[]string{"s2/results.csv: line 3", "5 columns; the header has"}},
		{"long row", editRow(4, func(r []string) []string { return append(r, "7") }),
			[]string{"s2/results.csv: line 4", "columns; the header has"}},
		{"NaN field", editRow(2, func(r []string) []string { r[len(r)-2] = "NaN"; return r }),
			[]string{"s2/results.csv: line 2", `"NaN" is not a finite number`}},
		{"text in a number", editRow(2, func(r []string) []string { r[10] = "many"; return r /* events */ }),
			[]string{"s2/results.csv: line 2", `"many" is not a number`}},
		{"header missing", func(t *testing.T) []string {
			dirs := copyShard(t, 2)
			editResults(t, dirs[1], func(l []string) []string { return l[1:] })
			return dirs
		}, []string{"s2/results.csv: line 1", "want unit,point,replication,seed,sweep.lambda.memoryMB,sweep.kubernetes.replicas"}},
		{"results empty", func(t *testing.T) []string {
			dirs := copyShard(t, 2)
			if err := os.WriteFile(filepath.Join(dirs[1], "results.csv"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return dirs
		}, []string{"s2/results.csv: empty"}},
		{"row missing", func(t *testing.T) []string {
			dirs := copyShard(t, 2)
			editResults(t, dirs[1], func(l []string) []string { return l[:len(l)-1] })
			return dirs
		}, []string{"s2/results.csv: has 3 runs; sweep.json says 4"}},
		{"other --set", func(*testing.T) []string { return []string{base[0], otherSet[1], base[2]} },
			[]string{"not shards of the same sweep", "--set (none vs lambda.runtime=rust)"}},
		{"other seed", func(*testing.T) []string { return []string{base[0], otherSeed[1], base[2]} },
			[]string{"not shards of the same sweep", "seed (4 vs 7)", "--set (none vs seed=7)"}},
		{"other sharding", func(*testing.T) []string { return []string{base[0], halves[1], base[2]} },
			[]string{"not shards of the same sweep", "sharding (3 shards vs 2 shards)"}},
		{"other scenario bytes", func(*testing.T) []string { return []string{base[0], otherFile[1], base[2]} },
			[]string{"not shards of the same sweep", "scenario file (sha256"}},
		// the walk-through's "unit 2 appears in both s2 and s2"
		{"folder twice", func(*testing.T) []string { return []string{base[0], base[1], base[1], base[2]} },
			[]string{"the folder " + base[1] + " is given twice"}},
		{"folder twice, spelled two ways", func(*testing.T) []string {
			return []string{base[0], base[1], filepath.Join(base[1], ".") + "/", base[2]}
		}, []string{base[1] + " and " + base[1] + "/ are the same folder, given twice"}},
		{"a copy of a shard", func(t *testing.T) []string {
			dirs := copyShard(t, 2)
			return append(dirs, base[1])
		}, []string{" and " + base[1] + " are both shard 2/3 (unit 1 appears in both)"}},
		{"shards missing", func(*testing.T) []string { return base[1:2] },
			[]string{"the shards cover 4 of 12 runs; missing shards 1/3 (JOB_COMPLETION_INDEX=0), 3/3 (JOB_COMPLETION_INDEX=2), so missing units 0, 2, 3, 5"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dirs := tc.dirs(t)
			_, errOut, code := execsim(t, append([]string{"merge", "--out", t.TempDir()}, dirs...)...)
			if code != exitInput {
				t.Fatalf("merge: exit %d; want %d\n%s", code, exitInput, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("merge: message lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

// sweep.json records the execsim that ran it; shards written before it
// did are merged with a warning naming them, and their merge is the same.
func TestMergeWarnsOfShardsWithoutTheirExecsim(t *testing.T) {
	f := writeScenario(t, sweepScenario)
	dirs := runShards(t, f, 2, []int{1, 2})
	var m map[string]any
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dirs[0], "sweep.json"))), &m); err != nil {
		t.Fatal(err)
	}
	if m["execsim_version"] != thisBuild().Execsim {
		t.Errorf("sweep.json execsim_version = %v; want %q", m["execsim_version"], thisBuild().Execsim)
	}
	out, errOut, code := execsim(t, "merge", "--out", t.TempDir(), dirs[0], dirs[1])
	if code != 0 || strings.Contains(out, "warning") {
		t.Fatalf("merge: exit %d, want 0 without a warning\n%s%s", code, out, errOut)
	}
	editManifest(t, dirs[1], func(m map[string]any) { delete(m, "execsim_version"); delete(m, "execsim_commit") })
	out, errOut, code = execsim(t, "merge", "--out", t.TempDir(), dirs[0], dirs[1])
	want := "warning: " + dirs[1] + " was written by an execsim that did not record its version, so merge cannot check that one execsim ran every shard\n"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("merge of an older shard: exit %d, want 0 and %q\n%s%s", code, want, out, errOut)
	}
}

// TestMergeWithoutOutIsAUsageError: a missing --out is the user's mistake
// (exit 2), not an internal error (issue 11).
func TestMergeWithoutOutIsAUsageError(t *testing.T) {
	_, errOut, code := execsim(t, "merge", t.TempDir())
	if code != exitInput || !strings.Contains(errOut, "--out") || strings.Contains(errOut, "internal error") {
		t.Errorf("merge without --out: exit %d %q; want %d naming --out", code, errOut, exitInput)
	}
}

// A merge whose --out is one of the shard folders it reads is refused
// before writing, and the shard is left as it was: the merged files
// replaced the shard's own sweep.json and results.csv, exit 0, and the
// shard was gone. The same folder by another path (a relative one, or
// through a symlink) is the same folder.
func TestMergeOutOverAShardIsBadInput(t *testing.T) {
	f := writeScenario(t, sweepScenario)
	dirs := runShards(t, f, 2, []int{1, 2})
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dirs[1], link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{dirs[0], dirs[1] + "/", link} {
		before := map[string]string{}
		for _, d := range dirs {
			for _, name := range []string{"sweep.json", "results.csv"} {
				before[filepath.Join(d, name)] = readFile(t, filepath.Join(d, name))
			}
		}
		_, errOut, code := execsim(t, "merge", "--out", out, dirs[0], dirs[1])
		if code != exitInput || !strings.Contains(errOut, "--out "+out+" would overwrite") || !strings.Contains(errOut, "an input of this merge") {
			t.Errorf("merge --out %s: exit %d %q; want %d refusing to overwrite a shard", out, code, errOut, exitInput)
		}
		for p, b := range before {
			if readFile(t, p) != b {
				t.Errorf("merge --out %s rewrote %s", out, p)
			}
		}
	}
	if _, errOut, code := execsim(t, "merge", "--out", filepath.Join(filepath.Dir(dirs[0]), "merged"), dirs[0], dirs[1]); code != 0 {
		t.Errorf("merge beside the shards: exit %d %s; want 0", code, errOut)
	}
}

// FuzzReadShard: no sweep.json and results.csv make merge's reader panic;
// a folder it accepts aggregates and charts.
func FuzzReadShard(f *testing.F) {
	f.Add([]byte(shardManifest), []byte(shardResults))
	f.Add([]byte(strings.Replace(shardManifest, `"units_total": 2`, `"units_total": 0`, 1)), []byte(shardResults))
	f.Add([]byte(strings.Replace(shardManifest, `"units_total": 2`, `"units_total": -5`, 1)), []byte(shardResults))
	f.Add([]byte(strings.Replace(shardManifest, `"shard": "1/1"`, `"shard": "0/0"`, 1)), []byte(shardResults))
	f.Add([]byte(shardManifest), []byte(strings.Replace(shardResults, "1,1,0", "999,1,0", 1)))
	f.Add([]byte(shardManifest), []byte(strings.Replace(shardResults, "250.5", "NaN", 1)))
	f.Add([]byte(shardManifest), []byte("unit,point\n0\n"))
	f.Add([]byte(`{"schema": "execsim/sweep/v1"}`), []byte(""))
	f.Add([]byte("[]"), []byte("\"\n"))
	reg := platforms.Default()
	f.Fuzz(func(t *testing.T, manifest, results []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "sweep.json"), manifest, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "results.csv"), results, 0o644); err != nil {
			t.Fatal(err)
		}
		m, table, _, err := joinShards(reg, []string{dir})
		if err != nil {
			return
		}
		agg, err := report.Aggregate(table)
		if err != nil {
			t.Fatalf("joinShards accepted a table Aggregate refuses: %v", err)
		}
		for _, c := range report.SweepCharts(plots.Header{Scenario: m.Scenario, Seed: m.Seed}, agg, len(m.Axes), reg, m.Warnings, m.chartWarnings(), 0) {
			if err := c.Chart.Render(io.Discard, "svg"); err != nil {
				t.Fatalf("chart %s: %v", c.Name, err)
			}
		}
	})
}

// A one-axis sweep of two runs, as merge reads it.
const shardManifest = `{
  "schema": "execsim/sweep/v1",
  "scenario": "sw",
  "seed": 4,
  "replications": 1,
  "axes": [{"Path": "lambda.memoryMB", "Values": ["128", "1024"]}],
  "units_total": 2,
  "shard": "1/1",
  "units": 2,
  "command": "execsim sweep s.yaml",
  "scenario_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "overrides": ["lambda.runtime=go"]
}
`

const shardResults = `unit,point,replication,seed,sweep.lambda.memoryMB,lambda.completed,lambda.latency_ms.p99,lambda.cost.monthly_usd,lambda.cold_starts,fingerprint
0,0,0,4,128,100,250.5,12.5,3,abc
1,1,0,4,1024,101,120,30,,def
`

// A shard that owns no run (shard 3/3 of a sweep of 2 runs) is not named
// as missing: a CI user would be told to rerun a pod that does not matter
// (revcli).
func TestMissingShardsOwnRuns(t *testing.T) {
	for _, tc := range []struct {
		have  []int
		total int
		want  string
	}{
		{[]int{1}, 2, "missing shard 2/3 (JOB_COMPLETION_INDEX=1), so "},
		{[]int{1, 2}, 2, ""},
		{[]int{2}, 12, "missing shards 1/3 (JOB_COMPLETION_INDEX=0), 3/3 (JOB_COMPLETION_INDEX=2), so "},
	} {
		var shards []*shard
		for _, i := range tc.have {
			shards = append(shards, &shard{i: i, n: 3})
		}
		if got := missingShards(shards, tc.total); got != tc.want {
			t.Errorf("shards %v of 3, %d runs: %q, want %q", tc.have, tc.total, got, tc.want)
		}
	}
}
