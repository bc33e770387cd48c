// Command execsim replays one request arrival stream against execution
// platforms side by side (a Kubernetes cluster, an AWS Lambda region) and
// reports latency, throttling, cold starts, capacity and cost.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// Ctrl-C (or a TERM from a batch system) interrupts the work: what
	// finished is written, marked partial, and execsim exits with 130.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := newApp(os.Stdout, os.Stderr)
	code := exitCode(execute(ctx, app, os.Args), os.Stderr)
	stop()
	os.Exit(code)
}
