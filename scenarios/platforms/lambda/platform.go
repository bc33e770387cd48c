package lambda

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
)

// Name is the platform's key: the lambda: section, --model lambda, the
// "lambda" object of summary.json.
const Name = "lambda"

// Platform is AWS Lambda behind the platform contract.
type Platform struct{ platform.Basics }

// New returns the Lambda platform. Its orange is a deepened AWS orange
// (#FF9900 itself has a 2.1:1 contrast on white, too faint for a thin line;
// #E07800 has 3.1:1, the WCAG minimum for graphics), text in it a darker
// shade (≥ 4.5:1), dashed lines the second cue in greyscale; its demand is
// the environments initialising or busy.
func New() Platform {
	envs := []platform.Level{{Gauge: models.Environments, Name: "environments", Main: true}}
	return Platform{platform.Basics{
		Key: Name,
		Appearance: platform.Look{Label: "AWS Lambda", Noun: "Lambda", Abbrev: "λ",
			Line: platform.RGB(0xE0, 0x78, 0x00), Text: platform.RGB(0xA6, 0x58, 0x00), Dash: plots.Dashed, Glyph: plots.Box,
			Capacity: envs, Demand: models.Concurrency, Growth: envs, Utilisation: envs[0]},
		Section:     func() any { return &Section{} },
		Override:    func() any { return &Function{} },
		Extra:       func() platform.Extra { return &Extra{} },
		SweepFields: []string{"latency_ms.p99", "throttled", "cold_starts", "cost.monthly_usd"},
	}}
}

// Findings implements platform.Platform.
func (Platform) Findings(e *platform.Entry, arrivals int64) ([]string, string) {
	var out []string
	if e.ColdStarts > 0 {
		out = append(out, fmt.Sprintf("Lambda started %s execution environments cold (%s of requests); the slowest request took %s.",
			format.Count(e.ColdStarts), format.PercentOf(e.ColdStarts, arrivals), format.Millis(e.LatencyMs.Max)))
	}
	x, _ := e.Extra.(*Extra)
	if x == nil {
		return out, ""
	}
	if n := x.refusedRequests(); n > 0 {
		// the first sentence: it decides the run more than any other
		out = append([]string{fmt.Sprintf("%s: it failed %s requests (%s of requests) before any function ran: AWS answers a request over the limit 413 (Lambda's RequestTooLargeException, or API Gateway's own quota).",
			x.payloadCause(), format.Count(n), format.PercentOf(n, arrivals))}, out...)
	}
	// environments and requests are different counts (Extra): say which
	// is which; an older summary.json has no peak of environments
	if x.PeakEnvironments == nil {
		return out, fmt.Sprintf("Lambda peaked at %s concurrent requests (%.1f environments on average)",
			format.Count(x.PeakConcurrency), x.MeanEnvironments)
	}
	return out, fmt.Sprintf("Lambda peaked at %s execution environments and %s concurrent requests (%.1f environments on average)",
		format.Count(*x.PeakEnvironments), format.Count(x.PeakConcurrency), x.MeanEnvironments)
}

// Tuning implements platform.Tunable: Lambda's memory size, the Power
// Tuning question.
func (Platform) Tuning() platform.Tuning {
	return platform.Tuning{Flag: "memory", Usage: "Lambda memory sizes to compare, in MB, e.g. `128,256,512,1024,1769,3008`",
		Setting: "memory", Unit: "MB", Note: "the Power Tuning question", Every: Name + ".everyFunction.memoryMB", Units: "function",
		Each: Name + ".memoryMB"}
}
