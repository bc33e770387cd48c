package models

// Outcome is the final fate of a request (DESIGN §7).
type Outcome uint8

const (
	// Completed: served successfully; its latency is recorded.
	Completed Outcome = iota
	// Throttled: refused by a concurrency or scaling limit, after any client retries.
	Throttled
	// Rejected: refused by a full pod accept queue.
	Rejected
	// Failed: timed out or lost (an AZ failure, a function timeout).
	Failed
)

var outcomes = Enum[Outcome]{What: "outcome", Names: []string{"completed", "throttled", "rejected", "failed"}, Unknown: "outcome(?)"}

func (o Outcome) String() string { return outcomes.String(o) }
