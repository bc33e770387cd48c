// Package hybrid is the blend of platforms behind the platform contract:
// the scenario's placement: section makes execsim place each service on
// the cheapest platform that meets the SLO for it (or where the user pins
// it), then simulate that blend as a platform of its own, "hybrid". The
// blend runs after the platforms it is built from (platform.Composite):
// each of them runs only its own services (platform.Subsetter) on one
// kernel, so Kubernetes services still share nodes and autoscale and
// Lambda functions still share the account's quota, and the blend's totals
// come from that run, never from adding per-service numbers.
package hybrid
