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
//   - counts: a trace's arrivals per bin (the Azure Functions 2019 per-minute
//     counts), every bin's count kept exactly and placed within the bin as
//     conditional Poisson (n sorted uniform offsets), equidistant or all at
//     the bin's start (timers), optionally scaled;
//   - replay: a trace's rows (one per request, with their own durations)
//     replayed from a Feed as they are read.
//
// Non-constant processes are non-homogeneous Poisson processes by default
// (Spacing Random); Spacing Regular places the n-th arrival where the expected
// count reaches n instead. Piecewise processes are drawn by inverting the
// cumulative intensity segment by segment (exact, and stretches with rate zero
// are skipped whole); the diurnal sinusoid by Lewis–Shedler thinning.
//
// A service's work is CPU and IO drawn from two distributions, or one
// Duration (a trace's measured wall time) split between them by CPUFraction.
//
// A Stream regenerates the arrivals from a seed alone: each service draws its
// arrival times from the named stream "workload/<name>/arrivals" and its work
// from "workload/<name>/work" (or, when Service.Streams is set, from
// "<Streams>/arrivals" and "<Streams>/work"), so both models of a run see
// identical arrivals and work, changing a work distribution never moves an
// arrival, and adding a service never changes another's arrivals. A Stream
// keeps O(services) state and a window of requests drawn ahead (about
// 512, or one per service in larger fleets: each service draws all its
// arrivals in the window at once, and the window is sorted by arrival), and
// allocates nothing per request. Replayed
// services share one source per Feed, which each Stream opens afresh: the
// rows are read as the run goes (a trace file), never held per request
// unless the feed itself holds them (Rows, for files not in time order).
//
// Configuration is typed; the scenarios package maps YAML onto it. Enumerations
// have Parse functions and implement encoding.TextMarshaler and
// encoding.TextUnmarshaler with their lower-case names.
package workload
