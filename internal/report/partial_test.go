package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// An interrupted run says so first, plainly, in the text summary,
// summary.md and report.html: how much was simulated of what was asked,
// that its monthly figures are projected from that part, and that the
// hybrid did not run; execsim plot says the same (walk report 3).
func TestPartialRunSaysSoFirst(t *testing.T) {
	res := cutRun(t)
	notice := "Partial run: interrupted after 6 s of the 20 min asked (0.50 % simulated). Every figure covers only that part, and the monthly figures are projected from it; the hybrid was not run (a blend starts only once the platforms it is built from have finished)."
	var text bytes.Buffer
	if err := Text(&text, res, "execsim run cut.yaml --seed 2"); err != nil {
		t.Fatal(err)
	}
	b := FromResult(res, "execsim run cut.yaml --seed 2")
	dir := t.TempDir()
	if _, err := b.Write(dir, nil); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir, registry)
	if err != nil {
		t.Fatal(err)
	}
	if string(back.Scenario) != string(b.Scenario) || back.Command != b.Command {
		t.Errorf("scenario or command changed through scenario.yaml:\n%s", back.Scenario)
	}
	// what the run did not do is in summary.json, where a tool reads it,
	// and scenario.yaml holds only the command and the scenario
	js, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var fields struct {
		Partial   bool     `json:"partial"`
		Requested float64  `json:"requested_duration_s"`
		NotRun    []string `json:"not_run"`
	}
	if err := json.Unmarshal(js, &fields); err != nil || !fields.Partial || fields.Requested != 1200 || !slices.Equal(fields.NotRun, []string{"hybrid"}) {
		t.Errorf("summary.json: %+v (%v); want partial, requested_duration_s 1200, not_run [hybrid]", fields, err)
	}
	yml, err := os.ReadFile(filepath.Join(dir, ScenarioFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := "# " + b.Command + "\n" + string(b.Scenario); string(yml) != want {
		t.Errorf("scenario.yaml:\n%s\nwant the command line, then the scenario:\n%s", yml, want)
	}
	// a folder written before those fields existed has a "# partial:"
	// comment in scenario.yaml instead; it still reads the same
	old := t.TempDir()
	for _, name := range RunFiles() {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		switch name {
		case SummaryFile:
			data = regexp.MustCompile(`(?m)^  "(requested_duration_s|not_run)": [^\n]*\n(    "hybrid"\n  \],\n)?`).ReplaceAll(data, nil)
			if bytes.Contains(data, []byte("requested_duration_s")) || bytes.Contains(data, []byte("not_run")) {
				t.Fatalf("the old summary.json keeps the new fields:\n%s", data)
			}
		case ScenarioFile:
			data = bytes.Replace(data, []byte("\n"), []byte("\n# partial: simulated 6s of 20m0s; not run: hybrid\n"), 1)
		}
		if err := os.WriteFile(filepath.Join(old, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	legacy, err := Load(old, registry)
	if err != nil {
		t.Fatal(err)
	}
	if string(legacy.Scenario) != string(b.Scenario) || legacy.Command != b.Command {
		t.Errorf("an old folder's scenario or command:\n%s", legacy.Scenario)
	}
	if got := legacy.partialNotice(); got != notice {
		t.Errorf("an old folder's notice %q; want %q", got, notice)
	}
	for writer, out := range map[string]string{
		"text": text.String(), "markdown": b.Markdown(nil), "html": b.HTML(nil),
		"markdown re-rendered": back.Markdown(nil), "html re-rendered": back.HTML(nil),
	} {
		want := notice
		switch {
		case writer == "text":
			want = "PARTIAL RUN" + notice[len("Partial run"):]
		case strings.HasPrefix(writer, "markdown"):
			want = markdownText(notice)
		case strings.HasPrefix(writer, "html"):
			want = "<strong>" + notice + "</strong>"
		}
		i := strings.Index(out, want)
		if i < 0 {
			t.Errorf("%s lacks the notice %q:\n%s", writer, want, out)
			continue
		}
		for _, later := range []string{"verdict:", "### Verdict", `<section id="verdict">`, "reproduce:", "simulated, "} {
			if j := strings.Index(out, later); j >= 0 && j < i {
				t.Errorf("%s: %q comes before the notice", writer, later)
			}
		}
	}
	// a complete run has no notice
	done, err := runner.Run(res.Plan, runner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := FromResult(done, "").partialNotice(); n != "" {
		t.Errorf("a complete run's notice %q", n)
	}
}

// Interrupted while the blend ran: the other platforms' figures are
// whole, and the notice says only that the blend did not run.
func TestPartialNoticeOfABlendCutShort(t *testing.T) {
	b := &Bundle{Registry: registry}
	b.Summary.Partial, b.Summary.DurationS, b.Summary.RequestedDurationS, b.Summary.NotRun = true, 1200, 1200, []string{"hybrid"}
	want := "Partial run: interrupted before the hybrid finished, which is left out; the other platforms ran the whole 20 min asked, and their figures are complete."
	if got := b.partialNotice(); got != want {
		t.Errorf("notice %q; want %q", got, want)
	}
}

// cutRun is a two-service run with a placement, interrupted before it
// starts: 6 s of the 20 min asked simulated, the hybrid not run.
func cutRun(t *testing.T) *runner.Result {
	t.Helper()
	plan, err := scenario.Parse([]byte(`name: cut
seed: 2
duration: 20m
services:
  - {name: a, arrivals: {ratePerSecond: 20}, work: {io: "exp(mean=100ms)"}}
  - {name: b, arrivals: {ratePerSecond: 1}, work: {io: "exp(mean=100ms)"}}
kubernetes: {}
lambda: {runtime: go}
placement: {}
`), nil, registry)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := runner.Run(plan, runner.Options{Context: ctx})
	if !errors.Is(err, context.Canceled) || res == nil || !res.Partial {
		t.Fatalf("Run = %v; want a partial result", err)
	}
	return res
}
