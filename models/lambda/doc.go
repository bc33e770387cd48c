// Package lambda models an AWS Lambda region: execution environments
// (initialising, busy, idle), the account concurrency quota shared by every
// function, reserved and provisioned concurrency, the per-function scaling
// token bucket (and the legacy account-wide burst, and for comparison fixed
// 10-s windows, the rule as talks often state it), the 10 × concurrency
// requests-per-second caps (the function's, its provisioned version's and
// the account's), warm selection, keep-alive and maximum lifetime,
// cold starts from measured init durations, SnapStart, synchronous and
// asynchronous invocation with their retry rules, and function timeouts.
//
// Sources, cited where each rule is implemented:
//   - AWS Lambda Developer Guide: scaling-behavior.html, lambda-concurrency.html,
//     configuration-concurrency.html, provisioned-concurrency.html,
//     invocation-async-error-handling.html, configuration-memory.html,
//     gettingstarted-limits.html, burst-concurrency.html (legacy), snapstart.html,
//     lambda-runtime-environment.html.
//   - Measured init durations: maxday/lambda-perf (data/SOURCE.md).
//
// The model is a single-threaded state machine driven by a sim.Kernel: one
// Handle method switching on the event kind (kind.go). Nothing in it reads the
// wall clock or global random state; every random draw comes from a named
// stream, and every draw belongs to one function: its cold starts, keep-alives,
// warm picks and retry jitter come from streams of its own
// (<Streams>/cold-start, /keep-alive, /warm-selection, /retry; Streams is
// lambda/<Name> unless set), so one function's traffic never moves another
// function's draws. What functions share is the account's concurrency, its
// requests per second and the legacy burst bucket, all deterministic: a
// change to function b leaves function a's results byte-identical unless it
// changes whether a is throttled by what they share (streams.go).
//
// Files follow the request's path: region.go holds the state machine
// (arrive → warm, cold or throttle → run → done), pool.go the environments
// and the concurrency they hold, coldstart.go the sampling of a cold start,
// retry.go throttling and retries, usage.go what is billed; config.go,
// validate.go and enum.go the configuration.
package lambda
