// Command execsim replays one request arrival stream against execution
// platforms side by side (a Kubernetes cluster, an AWS Lambda region) and
// reports latency, throttling, cold starts, capacity and cost.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// A fatal error of the Go runtime (out of memory, a stack overflow)
	// exits with status 2 by default, which is execsim's status for bad
	// input: CI read validate running out of memory as "bad input"
	// (hostile #5). "crash" makes the runtime abort with SIGABRT instead
	// (status 134 in a shell), after the same report. A panic never gets
	// here: execute turns it into an internal error, status 1.
	debug.SetTraceback("crash")
	// Ctrl-C (or a TERM from a batch system) interrupts the work: what
	// finished is written, marked partial, and execsim exits with 130.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := newApp(os.Stdout, os.Stderr)
	code := exitCode(execute(ctx, app, os.Args), os.Stderr)
	stop()
	os.Exit(code)
}
