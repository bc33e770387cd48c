// Package report writes a run's results for people and programs: the
// readable side-by-side text summary, the JSON summary (the public contract
// of DESIGN §7) and the per-window series CSV. Every writer is deterministic:
// fixed field order, fixed number formats, no wall-clock values unless asked.
package report
