package scenarios

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/sim"
)

func TestConservationViolationIsAnInternalError(t *testing.T) {
	rec := metrics.NewRecorder(time.Minute, 1)
	req := &models.Request{}
	rec.Arrive(0, req)
	rec.Finish(sim.At(time.Second), req, models.Completed, time.Second)
	rec.Finish(sim.At(2*time.Second), req, models.Throttled, 0) // a model finishing a request twice
	rec.Close(sim.At(time.Minute))
	err := runner.CheckConservation("lambda", rec)
	if err == nil || !strings.Contains(err.Error(), "internal error: lambda model broke conservation") {
		t.Fatalf("checkConservation = %v; want an internal error", err)
	}
	if errors.Is(err, scenario.ErrInput) {
		t.Error("a conservation violation must not be reported as bad input")
	}
	ok := metrics.NewRecorder(time.Minute, 1)
	ok.Arrive(0, req)
	ok.Close(sim.At(time.Minute))
	if err := runner.CheckConservation("lambda", ok); err != nil {
		t.Errorf("in-flight request reported as a violation: %v", err)
	}
}

// FuzzParse: no scenario text or override makes Parse panic; bad input is an
// error. The seed corpus runs with the ordinary tests; `go test -fuzz
// FuzzParse ./scenarios` explores further.
func FuzzParse(f *testing.F) {
	f.Add([]byte("name: x\nworkload:\n  arrivals: {ratePerSecond: 5}\n  work: {io: 1s}\nlambda: {}\n"), "lambda.memoryMB=256")
	f.Add([]byte("name: x\nservices: [{name: a}, {name: a}]\nlambda: {memoryMB: 64}\n"), "services[3].name=b")
	f.Add([]byte("name: [\n"), "a..b=1")
	f.Add([]byte("workload:\n  arrivals: {process: profile, profile: [{at: 2h, ratePerSecond: 1}, {at: 1h, ratePerSecond: -1}]}\n"), "workload=3")
	f.Add([]byte("name: x\nduration: -5s\nwindow: 1h\nlambda: {retry: {attempts: 0}, keepAlive: 'empirical(p0=1s)'}\n"), "lambda.retry=[1,2]")
	f.Fuzz(func(t *testing.T, src []byte, set string) {
		var overrides []scenario.Override
		if o, err := scenario.ParseOverride(set); err == nil {
			overrides = append(overrides, o)
		}
		plan, err := scenario.Parse(src, overrides, testRegistry)
		if err == nil && plan == nil {
			t.Fatal("no plan and no error")
		}
	})
}
