// Package sim is the discrete-event kernel of execsim: virtual time in integer
// nanoseconds, a value-typed event queue ordered by (time, insertion sequence),
// lazy cancellation by generation numbers, named random streams and a run
// fingerprint folded from every event executed.
//
// The kernel is single-threaded by design. A goroutine-per-process kernel costs
// about ten times more per event and makes results depend on the Go scheduler;
// parallelism lives one level up, one Kernel per run (see STYLE.md §2).
//
// sim imports the standard library only. Test helpers that need the
// models (request sources, recorders) live in sim/simtest, which sim never
// imports.
package sim
