package lambda

import (
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/internal/dist"
)

// coldStart is a function's cold start in its parts: platform overhead
// (placement, microVM, code download), the runtime's init (or the SnapStart
// restore) and the application's own init. Parts are drawn in that order
// from one stream.
type coldStart struct {
	overhead, init, app dist.Dist
	snapStart           bool
}

// maxInit is the INIT phase's limit for on-demand environments
// (lambda-runtime-environment.html): past it Lambda gives up and runs init
// again inside the first invoke, under the function timeout.
const maxInit = 10 * time.Second

// sample draws one cold start: how long the request waits before its
// invocation starts, the billed INIT duration, and init work that spills
// into the invocation (a suppressed init, when INIT exceeded 10 s).
func (c coldStart) sample(r *rand.Rand) (wait, billed, spill time.Duration) {
	draw := func(d dist.Dist) time.Duration {
		if d == nil {
			return 0
		}
		return d.Sample(r)
	}
	overhead := draw(c.overhead)
	init := draw(c.init) + draw(c.app)
	if c.snapStart {
		// SnapStart restores a snapshot taken after the whole init phase,
		// the application's included; a restore is not billed as INIT
		// (snapstart.html). Python and .NET pay per GB restored and for
		// the snapshot's cache, cost lines of their own (Usage.
		// SnapStartCharged, models/cost); the Billed Restore Duration
		// (runtime load and after-restore hooks, snapstart-monitoring.html)
		// cannot be told apart from the restore time drawn here, so it is
		// not billed, and validate says so (platforms/lambda snapStartNotes).
		return overhead + init, 0, 0
	}
	if init > maxInit {
		return overhead + maxInit, maxInit, init
	}
	return overhead + init, init, 0
}

// cold assembles f's cold start: its own distributions where given, else
// the measured init (or restore) durations of its runtime.
func cold(f *Function) coldStart {
	if f.SnapStart {
		restore := f.Restore
		if restore == nil {
			row, _ := LookupRestore(f.Runtime, f.MemoryMB) // checked by Validate
			restore = row.sharedDist()
		}
		return coldStart{overhead: f.PlatformOverhead, init: restore, snapStart: true}
	}
	init := f.Init
	if init == nil {
		row, _ := LookupInit(f.Runtime, f.Arch, f.Package, f.MemoryMB)
		init = row.sharedDist()
	}
	return coldStart{overhead: f.PlatformOverhead, init: init, app: f.AppInit}
}
