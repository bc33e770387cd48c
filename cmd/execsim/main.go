// Command execsim replays one request arrival stream against execution
// platforms side by side (a Kubernetes cluster, an AWS Lambda region) and
// reports latency, throttling, cold starts, capacity and cost.
package main

import (
	"os"
)

func main() {
	app := newApp(os.Stdout, os.Stderr)
	os.Exit(exitCode(execute(app, os.Args), os.Stderr))
}
