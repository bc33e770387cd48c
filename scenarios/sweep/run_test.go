package sweep_test

import (
	"context"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/sweep"
)

func TestSweepResultsDoNotDependOnWorkers(t *testing.T) {
	plan := platformtest.Plan(t, sweepSrc(t))
	units := plan.Units()
	one, err := sweep.Run(context.Background(), plan, units, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	four, err := sweep.Run(context.Background(), plan, units, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range one {
		if one[i].Summary.Fingerprint != four[i].Summary.Fingerprint || one[i].Unit != four[i].Unit {
			t.Fatalf("unit %d differs between 1 and 4 workers", i)
		}
	}
	// common random numbers: the same replication sees the same arrivals at every memory size
	if one[0].Summary.Arrivals != one[9].Summary.Arrivals { // unit 0: 128 MB rate 5 rep 0; unit 9: 1024 MB rate 5 rep 0
		t.Errorf("arrivals %d vs %d; want identical streams across a swept model field", one[0].Summary.Arrivals, one[9].Summary.Arrivals)
	}
}

func TestABadPointFailsBeforeAnyRun(t *testing.T) {
	// a bad value in one point fails before any run, naming the point
	src := strings.Replace(sweepSrc(t), "[128, 1024]", "[128, 64]", 1)
	plan := platformtest.Plan(t, src)
	_, err := sweep.Run(context.Background(), plan, plan.Units(), 2, nil)
	if err == nil || !strings.Contains(err.Error(), "sweep point p003-memoryMB=64-ratePerSecond=5") || !strings.Contains(err.Error(), "lambda.memoryMB: must be between 128 and 10240 (got 64)") {
		t.Errorf("error %v; want the point and the field", err)
	}
}

// sweepSrc is the shared sweep scenario.
func sweepSrc(t *testing.T) string { return platformtest.ReadFile(t, "../testdata/sweeps/sweep.yaml") }
