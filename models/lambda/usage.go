package lambda

import (
	"strings"
	"time"

	"github.com/execsim/execsim/models"
)

// Usage is what a function consumed, for the cost model.
type Usage struct {
	Name string
	// Invocations counts invocations that ran (billed requests).
	Invocations int64
	// DurationMs is billed invocation duration, each rounded up to 1 ms.
	DurationMs int64
	// InitMs is billed init duration of on-demand cold starts, rounded up to
	// 1 ms: the runtime's and the application's INIT phase (at most 10 s),
	// not the platform overhead, and nothing for SnapStart restores.
	InitMs int64
	// InitAlwaysBilled: a custom runtime or a container image, whose INIT
	// was billed even before 2025-08-01.
	InitAlwaysBilled bool
	// SnapStartCharged: a SnapStart function on a runtime whose snapshot
	// cache and restores are charged (Python, .NET: SnapStartOf); each of
	// its cold starts is a restore. (Beside InitAlwaysBilled, in its
	// padding: fnState holds a Usage, TestFnStateLayout.)
	SnapStartCharged bool
	// Calls is requests made to the function's front door: every
	// synchronous attempt (client retries included), every asynchronous
	// event once.
	Calls int64
	// ProvisionedDurationMs is the part of DurationMs run on provisioned environments.
	ProvisionedDurationMs int64
	ColdStarts            int64
	MemoryMB              int
	Arch                  models.Arch
	Provisioned           int
	// Throttled counts the invocation attempts refused (429), retried or
	// not, of requests that arrived from Region.CountFrom on;
	// RateThrottled those of them refused by the function's own
	// requests-per-second cap and AccountRateThrottled those refused by
	// the account's (Region.admitRate). The rest were refused for
	// concurrency or the scaling rate.
	Throttled, RateThrottled, AccountRateThrottled int64
	// BusySeconds is ∫ busy environments dt (running an invocation) and
	// EnvironmentSeconds ∫ environments dt (initialising, busy or idle),
	// up to now: their ratio is the utilisation of the environments.
	BusySeconds, EnvironmentSeconds float64
}

// newUsage is f's usage before anything ran.
func newUsage(f *Function) Usage {
	return Usage{Name: f.Name, MemoryMB: f.MemoryMB, Arch: f.Arch, Provisioned: f.ProvisionedConcurrency,
		InitAlwaysBilled: initAlwaysBilled(f), SnapStartCharged: f.SnapStart && SnapStartOf(f.Runtime) == SnapStartCharged}
}

// invocation bills one invocation of duration d, in the function's hot
// counters (fnState; Region.Usage copies them into its Usage).
func (fs *fnState) invocation(d time.Duration, provisioned bool) {
	ms := ceilMs(d)
	fs.invocations++
	fs.durationMs += ms
	if provisioned {
		fs.usage.ProvisionedDurationMs += ms
	}
}

// coldStart counts one cold start with its billed INIT duration. INIT is
// billed for on-demand functions since 2025-08-01 (AWS Compute Blog, "AWS
// Lambda standardizes billing for INIT Phase").
func (u *Usage) coldStart(billed time.Duration) {
	if billed > 0 {
		u.InitMs += ceilMs(billed)
	}
	u.ColdStarts++
}

// Usage reports every function's consumption so far.
func (r *Region) Usage() []Usage {
	out := make([]Usage, len(r.fns))
	for i := range r.fns {
		fs := &r.fns[i]
		out[i] = fs.usage
		out[i].Calls, out[i].Invocations, out[i].DurationMs = fs.calls, fs.invocations, fs.durationMs
		out[i].BusySeconds = fs.busyNs / 1e9
		out[i].EnvironmentSeconds = r.allNs[i] / 1e9
	}
	// environments that still exist count up to now
	now := r.k.Now()
	for e := range int32(r.envs.Len()) {
		en := r.envs.At(e)
		if en.state == envGone {
			continue
		}
		out[en.fn].EnvironmentSeconds += float64(now-en.created) / 1e9
		if en.state == envBusy {
			out[en.fn].BusySeconds += float64(now-en.mark) / 1e9
		}
	}
	return out
}

// initAlwaysBilled tells custom runtimes (provided.al2/al2023) and container
// images, whose INIT AWS billed before 2025-08-01 too.
func initAlwaysBilled(f *Function) bool {
	if f.Package == Image {
		return true
	}
	if f.Init == nil {
		row, err := LookupInit(f.Runtime, f.Arch, f.Package, f.MemoryMB)
		return err == nil && strings.Contains(row.Raw, "prov.")
	}
	return false
}

// ceilMs rounds a duration up to whole milliseconds, at least one (Lambda
// bills in 1-ms increments since December 2020).
func ceilMs(d time.Duration) int64 {
	return max(1, int64((d+time.Millisecond-1)/time.Millisecond))
}
