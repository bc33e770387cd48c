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

var outcomeNames = [...]string{"completed", "throttled", "rejected", "failed"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "outcome(?)"
}
