package lambda

import (
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
)

func TestSnapStartUsesRestoreTime(t *testing.T) {
	cfg := oneFunction(func(c *Config, f *Function) {
		f.Runtime = "java21"
		f.PlatformOverhead = dist.Const(0)
		f.SnapStart = true
		f.Restore = dist.Const(123 * time.Millisecond)
	})
	res := simulate(t, cfg, at(0, 0), time.Minute, nil)
	if got := res.rec.Latency().Max(); got != 123*time.Millisecond {
		t.Errorf("latency %v; want the 123ms restore", got)
	}
	row, err := LookupRestore("java21", 1024)
	if err != nil || row.P50 < 500*time.Millisecond {
		t.Errorf("LookupRestore(java21) = %+v, %v; want the measured restore row", row, err)
	}
}

func TestInitTableLookup(t *testing.T) {
	for _, tc := range []struct {
		runtime  string
		mem      int
		p50, p99 time.Duration // the measured row's bounds
	}{
		{"go", 128, 30 * time.Millisecond, 200 * time.Millisecond},
		{"python3.12", 512, 50 * time.Millisecond, 400 * time.Millisecond},
		{"java21", 1024, 150 * time.Millisecond, 1500 * time.Millisecond},
	} {
		row, err := LookupInit(tc.runtime, models.X86_64, Zip, tc.mem)
		if err != nil {
			t.Fatalf("LookupInit(%s): %v", tc.runtime, err)
		}
		if row.P50 < tc.p50 || row.P99 > tc.p99 || row.MemoryMB != tc.mem {
			t.Errorf("LookupInit(%s, %d MB) = %+v; want p50 ≥ %v, p99 ≤ %v", tc.runtime, tc.mem, row, tc.p50, tc.p99)
		}
	}
	if row, _ := LookupInit("go", models.X86_64, Zip, 3000); row.MemoryMB != 1024 {
		t.Errorf("3000 MB picked the %d MB row; want the nearest measured, 1024", row.MemoryMB)
	}
}

// INIT is limited to 10 s; past that Lambda runs init again inside the first
// invocation, under the function timeout.
func TestInitLimitTenSeconds(t *testing.T) {
	for _, tc := range []struct {
		timeout  time.Duration
		want     models.Outcome
		wantLate time.Duration
	}{
		{3 * time.Second, models.Failed, 0},
		{time.Minute, models.Completed, 10*time.Second + 30*time.Second + 100*time.Millisecond},
	} {
		cfg := oneFunction(func(c *Config, f *Function) {
			noColdStart(f)
			f.AppInit = dist.Const(30 * time.Second)
			f.Timeout = tc.timeout
		})
		res := simulate(t, cfg, at(100*time.Millisecond, 0), 2*time.Minute, nil)
		if res.rec.Count(tc.want) != 1 {
			t.Errorf("timeout %v: outcome counts completed %d failed %d; want one %v", tc.timeout,
				res.rec.Count(models.Completed), res.rec.Count(models.Failed), tc.want)
		}
		if got := res.r.Usage()[0].InitMs; got != 10_000 {
			t.Errorf("timeout %v: billed INIT %d ms; want the 10,000 ms the INIT phase may take", tc.timeout, got)
		}
		if tc.want == models.Completed && res.rec.Latency().Max() != tc.wantLate {
			t.Errorf("latency %v; want %v (10 s failed init, then init and work in the invocation)", res.rec.Latency().Max(), tc.wantLate)
		}
	}
}
