// Package workload generates the request arrival stream that every execution
// model replays: when requests arrive, for which service, and the work each one
// carries (DESIGN §1, §3).
//
// A Config lists one or more services. Each has its own arrival process
// (Arrivals) and its own work distributions. Arrival processes are:
//
//   - poisson: a constant rate with exponential inter-arrival times;
//   - even: a constant rate with exactly equal spacing;
//   - profile: a piecewise rate, step or linear between points, optionally
//     repeating daily (with a set of active weekdays) or weekly;
//   - diurnal: a sinusoid around a mean rate, peaking at a time of day;
//   - spike: a base rate plus a burst of extra traffic for a while;
//   - bursts: near idle with rare bursts, one burst at a hashed random time
//     in every interval of a given length.
//
// Two options change a process's clock. Hours runs a process without a
// calendar of its own (poisson, even, bursts) only inside daily windows on
// some days, on a clock that stops outside them. Compress runs a process's
// calendar faster than the run's clock with its rates unchanged, so a run
// shows a longer stretch of the shape: a day of the process lasts
// 24h/Compress. Rate and Expected stay exact through both.
//
// Non-constant processes are non-homogeneous Poisson processes by default
// (Spacing Random); Spacing Regular places the n-th arrival where the expected
// count reaches n instead. Piecewise processes are drawn by inverting the
// cumulative intensity segment by segment (exact, and stretches with rate zero
// are skipped whole); the diurnal sinusoid by Lewis–Shedler thinning.
//
// A Stream regenerates the arrivals from a seed alone: each service draws its
// arrival times from the named stream "workload/<name>/arrivals" and its work
// from "workload/<name>/work" (or, when Service.Streams is set, from
// "<Streams>/arrivals" and "<Streams>/work"), so both models of a run see
// identical arrivals and work, changing a work distribution never moves an
// arrival, and adding a service never changes another's arrivals. A Stream
// keeps O(services) state and allocates nothing per request.
//
// Configuration is typed; the scenarios package maps YAML onto it. Enumerations
// have Parse functions and implement encoding.TextMarshaler and
// encoding.TextUnmarshaler with their lower-case names.
package workload
