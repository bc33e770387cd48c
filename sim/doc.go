// Package sim is the discrete-event kernel of execsim: virtual time in integer
// nanoseconds, a value-typed event queue ordered by (time, insertion sequence),
// lazy cancellation by generation numbers, named random streams and a run
// fingerprint folded from every event executed.
//
// The queue is four places that Step reads as one: a 4-ary heap of events
// due soon, one of events due more than farAfterDefault ahead, a ring of
// events scheduled in time order (the lane: completions of a constant
// service time never touch a heap) and one offered slot (the next arrival).
// Step runs the earliest of their heads by (time, sequence), so which place
// holds an event decides only what it costs, never when it runs.
//
// The kernel is single-threaded by design. A goroutine-per-process kernel costs
// about ten times more per event and makes results depend on the Go scheduler;
// parallelism lives one level up, one Kernel per run (see STYLE.md §2).
//
// sim imports the standard library only. Test helpers that need the
// models (request sources, recorders) live in sim/simtest, which sim never
// imports.
package sim
