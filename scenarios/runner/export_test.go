package runner

// Separate makes a run give every platform a stream of its own, as before
// the tee (TestSharedStreamIsTheSeparateRun).
func Separate(o *Options) { o.separate = true }

// NewGate is a gate of n seats that runs share, and OnGate seats a run's
// simulations on it at urgency prio, as RunAll does (tests that stress
// the two together).
func NewGate(n int) *gate { return newGate(n) }

func OnGate(o *Options, g *gate, prio int64) { o.gate, o.prio = g, prio }

// Ring sizes the tee's ring of a run's shared stream: chunks of chunk
// requests, at most depth of them.
func Ring(o *Options, chunk, depth int) { o.chunk, o.depth = chunk, depth }
