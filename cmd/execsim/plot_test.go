package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/report"
)

// headerHas is how a short row's error names series.csv's width.
var headerHas = fmt.Sprintf("header has %d", len(report.SeriesHeader))

// runFolder runs the cluster scenario into a fresh folder and returns it.
func runFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, errOut, code := execsim(t, "run", "--out", dir, writeScenario(t, cluster)); code != 0 {
		t.Fatalf("run: exit %d %s", code, errOut)
	}
	return dir
}

// copyFolder copies the regular files of src into a new temporary folder.
func copyFolder(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestPlotRefusesDamagedRunFolders: a damaged run folder is bad input (exit
// 2) with a message naming the file, the line and the problem — never a
// panic (issue 11).
func TestPlotRefusesDamagedRunFolders(t *testing.T) {
	orig := runFolder(t)
	lines := func(file string) []string {
		return strings.Split(strings.TrimSuffix(readFile(t, filepath.Join(orig, file)), "\n"), "\n")
	}
	// setLine replaces line n (1-based) of file.
	setLine := func(file string, n int, text string) string {
		l := lines(file)
		l[n-1] = text
		return strings.Join(l, "\n") + "\n"
	}
	// mapLines rewrites every line of file from the second on.
	mapLines := func(file string, f func(string) string) string {
		l := lines(file)
		for i := 1; i < len(l); i++ {
			l[i] = f(l[i])
		}
		return strings.Join(l, "\n") + "\n"
	}
	series := lines("series.csv")
	seriesFields := strings.Split(series[1], ",")
	withSeriesField := func(j int, v string) string {
		f := append([]string(nil), seriesFields...)
		f[j] = v
		return setLine("series.csv", 2, strings.Join(f, ","))
	}
	cases := []struct {
		name, file, content string
		want                []string
	}{
		{"latency one column", "latency.csv", mapLines("latency.csv", func(s string) string { a, _, _ := strings.Cut(s, ","); return a }),
			[]string{"latency.csv: line 2", "1 columns", "header has 3"}},
		{"latency all one column", "latency.csv", "model\nlambda\nlambda\n",
			[]string{"latency.csv: line 1", "model,fraction,latency_ms"}},
		{"latency short row", "latency.csv", setLine("latency.csv", 3, "lambda,0.5"),
			[]string{"latency.csv: line 3", "2 columns", "header has 3"}},
		{"latency long row", "latency.csv", setLine("latency.csv", 4, "lambda,0.5,3,4"),
			[]string{"latency.csv: line 4", "4 columns"}},
		{"latency without header", "latency.csv", strings.Join(lines("latency.csv")[1:], "\n") + "\n",
			[]string{"latency.csv: line 1", "header"}},
		{"latency empty", "latency.csv", "", []string{"latency.csv: empty"}},
		{"latency blank lines", "latency.csv", "\n\n\n", []string{"latency.csv: empty"}},
		{"latency NaN", "latency.csv", setLine("latency.csv", 5, "lambda,0.03,NaN"),
			[]string{"latency.csv: line 5", "latency_ms", `"NaN"`}},
		{"latency infinite", "latency.csv", setLine("latency.csv", 5, "lambda,0.03,+Inf"),
			[]string{"latency.csv: line 5", `"+Inf"`}},
		{"latency huge", "latency.csv", setLine("latency.csv", 5, "lambda,0.03,1e308"),
			[]string{"latency.csv: line 5", `"1e308"`, "out of range"}},
		{"latency fraction above one", "latency.csv", setLine("latency.csv", 5, "lambda,7,12.5"),
			[]string{"latency.csv: line 5", "fraction", "between 0 and 1"}},
		{"latency not a number", "latency.csv", setLine("latency.csv", 2, "lambda,x,1"),
			[]string{"latency.csv: line 2", "fraction", `"x" is not a number`}},
		{"latency unknown model", "latency.csv", setLine("latency.csv", 2, "fargate,0,1"),
			[]string{"latency.csv: line 2", `unknown platform "fargate"`}},
		{"latency bad quote", "latency.csv", setLine("latency.csv", 6, `lambda,"0.5,1`),
			[]string{"latency.csv: line 6"}},
		{"series one column", "series.csv", mapLines("series.csv", func(s string) string { a, _, _ := strings.Cut(s, ","); return a }),
			[]string{"series.csv: line 2", "1 columns", headerHas}},
		{"series without header", "series.csv", strings.Join(series[1:], "\n") + "\n",
			[]string{"series.csv: line 1", "header"}},
		{"series empty", "series.csv", "", []string{"series.csv: empty"}},
		{"series short row", "series.csv", setLine("series.csv", 3, "lambda,0,60"),
			[]string{"series.csv: line 3", "3 columns", headerHas}},
		{"series NaN", "series.csv", withSeriesField(5, "NaN"), []string{"series.csv: line 2", "completed", `"NaN"`}},
		{"series huge", "series.csv", withSeriesField(1, "-1e300"), []string{"series.csv: line 2", "window_start_s", "out of range"}},
		{"series unknown model", "series.csv", withSeriesField(0, "fargate"), []string{"series.csv: line 2", `unknown platform "fargate"`}},
		{"summary array", "summary.json", "[1, 2]\n", []string{"summary.json"}},
		{"summary string", "summary.json", `"execsim"`, []string{"summary.json"}},
		{"summary empty", "summary.json", "", []string{"summary.json"}},
		{"summary models array", "summary.json", strings.Replace(readFile(t, filepath.Join(orig, "summary.json")), `"models": {`, `"models": [{`, 1),
			[]string{"summary.json"}},
		{"summary wrong types", "summary.json", `{"schema": 5, "seed": "x", "models": 3}`, []string{"summary.json"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyFolder(t, orig)
			if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, errOut, code := execsim(t, "plot", "--out", t.TempDir(), dir)
			if code != exitInput {
				t.Fatalf("plot with a damaged %s: exit %d; want %d\n%s", tc.file, code, exitInput, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("plot with a damaged %s: message lacks %q:\n%s", tc.file, w, errOut)
				}
			}
		})
	}
	// the undamaged folder still re-renders
	if _, errOut, code := execsim(t, "plot", "--out", t.TempDir(), orig); code != 0 {
		t.Errorf("plot of the intact folder: exit %d %s", code, errOut)
	}
}

// series.csv carries latency_p95_ms per window (issue 10): between p50 and
// p99 of the same window, read back by `execsim plot` and written again
// unchanged.
func TestSeriesP95RoundTrip(t *testing.T) {
	dir := runFolder(t)
	again := t.TempDir()
	if _, errOut, code := execsim(t, "plot", "--out", again, dir); code != 0 {
		t.Fatalf("plot: exit %d %s", code, errOut)
	}
	for _, d := range []string{dir, again} {
		tab, err := report.ReadCSV(strings.NewReader(readFile(t, filepath.Join(d, report.SeriesFile))))
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range tab.Header {
			col[h] = i
		}
		p95, ok := col["latency_p95_ms"]
		if !ok || col["latency_p50_ms"] != p95-1 || col["latency_p99_ms"] != p95+1 {
			t.Fatalf("%s: header %v; want latency_p95_ms between latency_p50_ms and latency_p99_ms", d, tab.Header)
		}
		timed := 0
		for _, r := range tab.Rows {
			if r[col["completed"]] == "0.000" {
				continue
			}
			timed++
			var p50, p95v, p99 float64
			fmt.Sscan(r[p95-1], &p50)
			fmt.Sscan(r[p95], &p95v)
			fmt.Sscan(r[p95+1], &p99)
			if !(p50 <= p95v && p95v <= p99 && p95v > 0) {
				t.Errorf("%s: %s window at %s s: p50 %v, p95 %v, p99 %v; want 0 < p50 ≤ p95 ≤ p99", d, r[0], r[1], p50, p95v, p99)
			}
		}
		if timed == 0 {
			t.Errorf("%s: no window with completed requests", d)
		}
	}
	if a, b := readFile(t, filepath.Join(dir, report.SeriesFile)), readFile(t, filepath.Join(again, report.SeriesFile)); a != b {
		t.Errorf("series.csv differs after execsim plot")
	}
}

// plot redraws a sweep folder's charts from its results.csv, byte for byte
// (walk3: it said "not an execsim run folder", and merge was the only way
// to redraw a sweep); a shard of several is refused, naming what it lacks.
func TestPlotSweepFolder(t *testing.T) {
	f := writeScenario(t, good+"sweep: {lambda.memoryMB: [256, 512]}\n")
	dir := t.TempDir()
	if _, errOut, code := execsim(t, "sweep", f, "--no-progress", "--out", dir); code != 0 {
		t.Fatalf("sweep: exit %d %s", code, errOut)
	}
	charts, err := filepath.Glob(filepath.Join(dir, "*.svg"))
	if err != nil || len(charts) == 0 {
		t.Fatalf("no sweep charts: %v", err)
	}
	before := map[string]string{}
	for _, c := range charts {
		before[c] = readFile(t, c)
		if err := os.Remove(c); err != nil {
			t.Fatal(err)
		}
	}
	results := readFile(t, filepath.Join(dir, "results.csv"))
	out, errOut, code := execsim(t, "plot", dir)
	if code != 0 || !strings.Contains(out, "re-rendered the sweep of") {
		t.Fatalf("plot: exit %d\n%s%s", code, out, errOut)
	}
	for c, svg := range before {
		if got := readFile(t, c); got != svg {
			t.Errorf("%s differs when redrawn", filepath.Base(c))
		}
	}
	if readFile(t, filepath.Join(dir, "results.csv")) != results {
		t.Error("plot rewrote results.csv")
	}
	// into a folder not made yet, the same charts (rev11b 4: exit 2)
	other := filepath.Join(t.TempDir(), "new", "charts")
	if out, errOut, code := execsim(t, "plot", dir, "--out", other); code != 0 {
		t.Fatalf("plot --out a new folder: exit %d\n%s%s", code, out, errOut)
	}
	for c, svg := range before {
		if got := readFile(t, filepath.Join(other, filepath.Base(c))); got != svg {
			t.Errorf("%s differs when drawn into a new folder", filepath.Base(c))
		}
	}

	shard := t.TempDir()
	if _, errOut, code := execsim(t, "sweep", f, "--no-progress", "--shard", "1/2", "--out", shard); code != 0 {
		t.Fatalf("sweep --shard: exit %d %s", code, errOut)
	}
	if _, errOut, code := execsim(t, "plot", shard); code != exitInput || !strings.Contains(errOut, "missing shard 2/2") {
		t.Errorf("plot of a shard: exit %d %s", code, errOut)
	}
}

// redrawn removes the charts name.{png,svg} of dir, runs execsim plot
// with args and checks it drew them again byte for byte, and left every
// other file of dir as it was.
func redrawn(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	before := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		before[e.Name()] = readFile(t, filepath.Join(dir, e.Name()))
	}
	for _, ext := range []string{".png", ".svg"} {
		if before[name+ext] == "" {
			t.Fatalf("the command wrote no %s%s", name, ext)
		}
		if err := os.Remove(filepath.Join(dir, name+ext)); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := execsim(t, append([]string{"plot", dir}, args...)...)
	if code != 0 || !strings.Contains(out, "re-rendered the ") {
		t.Fatalf("plot: exit %d\n%s%s", code, out, errOut)
	}
	for f, data := range before {
		if got := readFile(t, filepath.Join(dir, f)); got != data {
			t.Errorf("%s differs after execsim plot", f)
		}
	}
}

// setJSON rewrites the JSON file path with edit applied to its top-level
// object.
func setJSON(t *testing.T, path string, edit func(map[string]any)) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(readFile(t, path)), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// plot redraws a break-even folder's chart from breakeven.json byte for
// byte (walk3: it said "not an execsim run folder"), also into another
// folder; a folder that lacks the chart's data, or breakeven.json, is
// refused naming what it lacks and how to get it.
func TestPlotBreakevenFolder(t *testing.T) {
	f := writeScenario(t, good+"kubernetes: {}\n")
	dir := t.TempDir()
	if _, errOut, code := execsim(t, "breakeven", f, "--from", "1", "--to", "100", "--points", "3", "--no-progress", "--out", dir); code != 0 {
		t.Fatalf("breakeven: exit %d %s", code, errOut)
	}
	if j := readFile(t, filepath.Join(dir, "breakeven.json")); !strings.Contains(j, `"chart": {`) {
		t.Fatalf("breakeven.json holds no chart data:\n%s", j)
	}
	redrawn(t, dir, "breakeven")
	other := filepath.Join(t.TempDir(), "again")
	if out, errOut, code := execsim(t, "plot", dir, "--out", other); code != 0 || !strings.Contains(out, "re-rendered the break-even of small (seed 5)") {
		t.Fatalf("plot --out: exit %d\n%s%s", code, out, errOut)
	}
	for _, ext := range []string{".png", ".svg"} {
		if readFile(t, filepath.Join(other, "breakeven"+ext)) != readFile(t, filepath.Join(dir, "breakeven"+ext)) {
			t.Errorf("breakeven%s differs when redrawn into another folder", ext)
		}
	}

	old := copyFolder(t, dir)
	setJSON(t, filepath.Join(old, "breakeven.json"), func(m map[string]any) { delete(m, "chart") })
	if _, errOut, code := execsim(t, "plot", old); code != exitInput || !strings.Contains(errOut, `has no chart data ("chart")`) ||
		!strings.Contains(errOut, "run execsim breakeven again with --out "+old) {
		t.Errorf("plot of a break-even without chart data: exit %d %s", code, errOut)
	}
	if err := os.Remove(filepath.Join(old, "breakeven.json")); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := execsim(t, "plot", old); code != exitInput || !strings.Contains(errOut, "holds breakeven.csv but not breakeven.json") {
		t.Errorf("plot of a break-even without breakeven.json: exit %d %s", code, errOut)
	}
}

// The same for a tuning: tune writes tune.json, which plot redraws
// tune.{png,svg} from; a folder of a version that wrote only tune.csv is
// refused, saying to run tune again.
func TestPlotTuneFolder(t *testing.T) {
	f := writeScenario(t, good)
	dir := t.TempDir()
	if _, errOut, code := execsim(t, "tune", f, "--memory", "128,512", "--no-progress", "--out", dir); code != 0 {
		t.Fatalf("tune: exit %d %s", code, errOut)
	}
	redrawn(t, dir, "tune")

	bad := copyFolder(t, dir)
	setJSON(t, filepath.Join(bad, "tune.json"), func(m map[string]any) { m["chart"].(map[string]any)["balanced"] = 7 })
	if _, errOut, code := execsim(t, "plot", bad); code != exitInput || !strings.Contains(errOut, "chart.balanced 7: want -1 (none) or the index of one of its 2 points") {
		t.Errorf("plot of a damaged tune.json: exit %d %s", code, errOut)
	}
	if err := os.Remove(filepath.Join(bad, "tune.json")); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := execsim(t, "plot", bad); code != exitInput || !strings.Contains(errOut, "holds tune.csv but not tune.json") ||
		!strings.Contains(errOut, "run execsim tune again with --out "+bad) {
		t.Errorf("plot of a tuning without tune.json: exit %d %s", code, errOut)
	}
}

// A folder holding a break-even's and a tuning's outputs has both charts
// redrawn; an empty one names every kind of folder plot reads.
func TestPlotFolderKinds(t *testing.T) {
	f := writeScenario(t, good+"kubernetes: {}\n")
	dir := t.TempDir()
	if _, errOut, code := execsim(t, "breakeven", f, "--from", "1", "--to", "100", "--points", "2", "--no-progress", "--out", dir); code != 0 {
		t.Fatalf("breakeven: exit %d %s", code, errOut)
	}
	if _, errOut, code := execsim(t, "tune", writeScenario(t, good), "--memory", "256,1024", "--no-progress", "--out", dir); code != 0 {
		t.Fatalf("tune: exit %d %s", code, errOut)
	}
	out, errOut, code := execsim(t, "plot", dir)
	if code != 0 || !strings.Contains(out, "re-rendered the break-even of") || !strings.Contains(out, "re-rendered the memory tuning of") {
		t.Errorf("plot of a break-even and tune folder: exit %d\n%s%s", code, out, errOut)
	}
	_, errOut, code = execsim(t, "plot", t.TempDir())
	for _, w := range []string{"summary.json (execsim run --out)", "sweep.json", "breakeven.json (execsim breakeven)", "tune.json (execsim tune)"} {
		if code != exitInput || !strings.Contains(errOut, w) {
			t.Errorf("plot of an empty folder: exit %d %s; want %q", code, errOut, w)
		}
	}
	help, _, _ := execsim(t, "plot", "--help")
	for _, w := range []string{"run --out DIR", "sweep/merge", "breakeven --out DIR", "tune --out DIR"} {
		if !strings.Contains(help, w) {
			t.Errorf("plot --help does not name %q:\n%s", w, help)
		}
	}
}
