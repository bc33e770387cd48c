// Package trace reads production traces and turns them into a fleet of
// workload services that replay them (issue 9; the data's provenance is in
// scenarios/builtin/traces/README.md).
//
// # Readers
//
// Each format has a reader that streams its file row by row with
// encoding/csv: columns are found by name in the header (any order, any
// case; other columns are ignored with a warning), a byte-order mark,
// CRLF and blank lines are read past (blank lines between rows are
// counted in a warning). A malformed row is an *Error reading
// "file:line: what is wrong (got X)"; the reader goes on past it, and
// after the last row returns every one (up to MaxProblems, then a count)
// instead of io.EOF, so that a file is fixed in one go. Warnings
// (each reader's Warnings, and Warnings of a loaded trace) say what was
// read otherwise than written. The readers:
//
//   - CountsReader, DurationsReader, MemoryReader: Azure Functions 2019
//     invocations per function per minute, durations percentiles per
//     function, and memory percentiles per application (or, in the
//     In-Vitro excerpts, per function);
//   - InvocationsReader: Azure Functions Invocation Trace 2021, one row per
//     invocation (app, func, end_timestamp, duration; not in order of
//     end_timestamp, though the excerpt is in order of start);
//   - LLMReader: Azure LLM inference trace 2023, one row per request
//     (TIMESTAMP, ContextTokens, GeneratedTokens; in time order);
//   - CSVReader: a user's own log, timestamp[,service][,duration] with a
//     header, timestamps in seconds (from 10^11 on, Unix milliseconds),
//     RFC 3339, or a date and time without a zone, read as UTC; plain
//     durations in the unit the column's name says (duration_s,
//     duration_ms, duration_us) or Options.DurationUnit, else seconds, with
//     a warning (UnitWarning) when their median is 10 s or more or reaches
//     the scenario's shortest timeout.
//
// # Replay
//
// Load reads a trace's files (Options) and returns its services. Their
// memory is bounded by the trace's rows, never by its invocations:
//
//   - Azure 2019: one service per function, named <trigger>-<first 8 hex
//     of HashFunction> (longer where two would collide), with process
//     workload.Counts over the window's minutes (4 bytes a minute). A
//     minute's n invocations (scaled) are placed by Options.Placement:
//     poisson (n sorted uniform offsets: a Poisson process conditioned on
//     the count, so every per-minute count is reproduced exactly; the
//     default), equidistant ((i+½)·60s/n) or start (all at second 0);
//     functions with trigger timer use Options.Timers (the scenario's
//     default: the same as placement).
//   - Per-invocation formats: one service per (app, func) for Azure 2021
//     (named <app 8 hex>-<func 8 hex>), one for LLM 2023, one per value of
//     the service column of a CSV (named by it). Files in time order are
//     read once whole (the services and counts), and again by each run as
//     it goes (workload.Replay with a Feed that
//     opens the file); files out of order are loaded once into compact rows
//     (20 bytes a row) and sorted. Each
//     service also keeps a histogram of its rows (at most 1,440 bins) for
//     Rate and Expected.
//
// Time 0 of a trace is the start of its first minute column (Azure 2019),
// the trace's own zero (Azure 2021: start = end_timestamp − duration), or
// its earliest request (LLM 2023, CSV). The window [From, From+For) is cut
// in that time; Speed compresses it (a trace minute lasts 1m/Speed;
// durations are not compressed); Scale multiplies arrivals: ⌊n·Scale⌋ per
// minute (or per row) plus one more with probability frac(n·Scale), drawn
// from the service's arrivals stream, so Scale 1 draws nothing and keeps
// every count.
//
// # Work
//
// Azure 2019 durations: the inverse CDF through the seven percentile
// points (0, 1, 25, 50, 75, 99, 100), log-linear between them
// (dist.Empirical), with every point below 1 ms raised to 1 ms (Azure
// records sub-millisecond executions as 0). DurationModel extremes puts
// the true Minimum and Maximum at p0 and p100 (the percentiles are of
// 30-second window averages and understate the tails); average uses the
// constant Average. Azure 2021 durations are the rows' own, raised to at
// least 1 ms. LLM 2023 durations come from Tokens, a linear map of the
// token counts. CSV durations are the rows' own; rows without one draw
// from Options.CPU and IO.
//
// A trace's duration is wall time measured on Azure. It becomes work
// (DESIGN §3) split by CPUFraction: that part is CPU at one vCPU, the rest
// IO. The default is 0: the trace carries no CPU figure, and all-IO replays
// every duration as measured on every platform, whatever the Lambda memory
// size or the pod's CPU share, so no platform is slowed by a split the data
// does not support. Raise it to study CPU-bound sizing (with 0 the pods use
// no CPU, so a Kubernetes HPA should scale on inflight or rps, not cpu).
//
// # Memory
//
// Azure 2019 memory: a service's MemoryMB is AverageAllocatedMb and its
// PeakMemoryMB the p100 (or p99) column: the figures for a pod's request
// and a Lambda memory size. Rows of the original per-application file are
// shared evenly by the app's functions in the trace, as the In-Vitro
// excerpts share them; summing an app's services gives the app back.
package trace
