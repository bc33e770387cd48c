package runner

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
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
	err := CheckConservation("lambda", rec)
	if err == nil || !strings.Contains(err.Error(), "internal error: lambda model broke conservation") {
		t.Fatalf("checkConservation = %v; want an internal error", err)
	}
	if errors.Is(err, scenario.ErrInput) {
		t.Error("a conservation violation must not be reported as bad input")
	}
	ok := metrics.NewRecorder(time.Minute, 1)
	ok.Arrive(0, req)
	ok.Close(sim.At(time.Minute))
	if err := CheckConservation("lambda", ok); err != nil {
		t.Errorf("in-flight request reported as a violation: %v", err)
	}
}
