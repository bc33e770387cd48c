// Command execsim replays one request arrival stream against a Kubernetes
// cluster model and an AWS Lambda model and reports latency, throttling,
// cold starts, capacity and cost.
package main

import (
	"os"
)

func main() {
	app := newApp(os.Stdout, os.Stderr)
	os.Exit(exitCode(app.Run(interspersed(app, os.Args)), os.Stderr))
}
