package knative

import "github.com/execsim/execsim/sim"

// Event kinds handled by Model.Handle.
const (
	kindSecond    sim.Kind = iota + 1 // a metric bucket closes: every revision reports its last second
	kindTick                          // the autoscaler's tick for a revision (ID = revision)
	kindReconcile                     // the PodAutoscaler reconciler re-checks a revision it enqueued (ID = revision)
	kindTimeout                       // the oldest request held in the activator may have timed out (ID = revision)
	kindDrain                         // the activator tries to forward held requests (ID = revision)
)
