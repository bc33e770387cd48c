package summary_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
)

const three = `name: s
seed: 2
duration: 5m
workload:
  arrivals: {ratePerSecond: 3}
  work: {io: "exp(mean=100ms)"}
pool: {servers: 2}
lambda: {runtime: go}
kubernetes: {}
`

var registry = platforms.Default().With(platformtest.Pool{})

func run(t *testing.T) *runner.Result { return platformtest.Run(t, three, platformtest.Pool{}) }

// summary.json keeps the registry's order, reads back to the same bytes,
// and a platform the reader does not know is an error, not a silent drop.
func TestSummaryJSONRoundTrip(t *testing.T) {
	s := summary.Of(run(t), false)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	k, l, p := strings.Index(text, `"kubernetes": {`), strings.Index(text, `"lambda": {`), strings.Index(text, `"pool": {`)
	if !(0 < k && k < l && l < p) {
		t.Errorf("models not in registry order:\n%s", text)
	}
	back, err := summary.Decode(buf.Bytes(), registry)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	enc = json.NewEncoder(&again)
	enc.SetIndent("", "  ")
	_ = enc.Encode(back)
	if again.String() != text {
		t.Errorf("summary changed through Decode:\n%s\n---\n%s", text, again.String())
	}
	if _, err := summary.Decode(buf.Bytes(), platforms.Default()); err == nil || !strings.Contains(err.Error(), `unknown platform "pool"`) {
		t.Errorf("decoding with a registry that lacks pool: %v", err)
	}
	if _, err := summary.Decode([]byte(`{"schema":"other"}`), registry); err == nil {
		t.Error("a foreign schema decoded")
	}
}

// Fields flatten each platform's entry, common fields first, then its own.
func TestFieldsPerPlatform(t *testing.T) {
	var names []string
	for _, f := range summary.Of(run(t), false).Fields() {
		names = append(names, f.Name)
	}
	all := strings.Join(names, " ")
	for _, w := range []string{"arrivals", "kubernetes.completed", "kubernetes.peak_pods", "lambda.latency_ms.p99",
		"lambda.peak_concurrency", "pool.cost.monthly_usd", "pool.servers", "pool.peak_queue"} {
		if !strings.Contains(" "+all+" ", " "+w+" ") {
			t.Errorf("fields lack %s:\n%s", w, all)
		}
	}
	if strings.Index(all, "pool.cost.total_usd") > strings.Index(all, "pool.servers") {
		t.Error("a platform's own fields come before the common ones")
	}
}

// The golden text has a section per platform with its own lines and its
// cost lines where the platform puts them.
func TestGoldenSections(t *testing.T) {
	g := summary.Golden(run(t))
	for _, w := range []string{"\n[kubernetes]\n", "\n[lambda]\n", "\n[pool]\n", "servers 2 peak_queue ", `cost_line "pool servers" 16667`} {
		if !strings.Contains(g, w) {
			t.Errorf("golden lacks %q:\n%s", w, g)
		}
	}
	if strings.Index(g, "\n[lambda]\n") > strings.Index(g, "\n[pool]\n") {
		t.Error("golden sections not in registry order")
	}
}
