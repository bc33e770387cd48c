package lambda

import "github.com/execsim/execsim/sim"

// Event kinds handled by Region.Handle.
const (
	// kindInitDone: an environment finished initialising (ID = environment).
	kindInitDone sim.Kind = iota + 1
	// kindDone: an invocation finished or hit its timeout (ID = environment).
	kindDone
	// kindExpire: an idle environment's keep-alive or lifetime ran out (ID = environment).
	kindExpire
	// kindRetry: a throttled or failed request tries again (ID = request slot).
	kindRetry
	// kindFrontDoorTimeout: the front door gave up waiting for the
	// request's invocation and answered its client (ID = request slot).
	kindFrontDoorTimeout
)
