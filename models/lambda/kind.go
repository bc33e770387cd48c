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
)

var kindNames = map[sim.Kind]string{
	kindInitDone: "init-done",
	kindDone:     "done",
	kindExpire:   "expire",
	kindRetry:    "retry",
}

// KindName names an event kind of this model, for traces.
func KindName(k sim.Kind) string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "unknown"
}
