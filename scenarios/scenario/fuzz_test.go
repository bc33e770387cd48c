package scenario_test

import (
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// FuzzParse: no scenario text or override makes Parse panic; bad input is an
// error. The seed corpus runs with the ordinary tests; `go test -fuzz
// FuzzParse ./scenarios/scenario` explores further.
func FuzzParse(f *testing.F) {
	f.Add([]byte("name: x\nworkload:\n  arrivals: {ratePerSecond: 5}\n  work: {io: 1s}\nlambda: {}\n"), "lambda.memoryMB=256")
	f.Add([]byte("name: x\nservices: [{name: a}, {name: a}]\nlambda: {memoryMB: 64}\n"), "services[3].name=b")
	f.Add([]byte("name: [\n"), "a..b=1")
	f.Add([]byte("workload:\n  arrivals: {process: profile, profile: [{at: 2h, ratePerSecond: 1}, {at: 1h, ratePerSecond: -1}]}\n"), "workload=3")
	f.Add([]byte("name: x\nduration: -5s\nwindow: 1h\nlambda: {retry: {attempts: 0}, keepAlive: 'empirical(p0=1s)'}\n"), "lambda.retry=[1,2]")
	f.Add([]byte("name: x\nfleet:\n  generate: {count: 3, rate: \"lognormal(median=1,sigma=2)\", shapes: [{shape: idle, share: 0.5, every: 1h}, {shape: business-hours, share: 0.5}], work: {io: 1s, scale: \"exp(mean=1)\"}, compress: 4}\nlambda: {}\n"), "fleet.generate.count=2")
	f.Add([]byte("name: x\nworkload:\n  arrivals: {process: bursts, burstRatePerSecond: 1, every: 1h, for: 1m, hours: {days: sat, from: 1h, to: 2h}, compress: 3}\n  work: {io: 1s}\nlambda: {}\n"), "workload.arrivals.compress=0")
	f.Fuzz(func(t *testing.T, src []byte, set string) {
		var overrides []scenario.Override
		if o, err := scenario.ParseOverride(set); err == nil {
			overrides = append(overrides, o)
		}
		plan, err := scenario.Parse(src, overrides, platformtest.Registry())
		if err == nil && plan == nil {
			t.Fatal("no plan and no error")
		}
	})
}
