package knative

import "time"

// Timeouts implements platform.Timeouter: each service's requests run in
// the pods of its revision's Deployment, which fail a request not done
// within the Deployment's timeout (the kubernetes: section's timeout, or
// the cluster model's 60 s without one), as in the kubernetes column; a
// trace's durations are compared with it (the duration-unit warning), so
// that a scenario with a knative: section and no kubernetes: one is told
// its durations read as seconds would time out (a review: the warning
// named Lambda's and Kubernetes' timeouts only). The activator's timeout
// (activatorTimeout, Knative's timeoutSeconds) is left out: in the model
// it bounds a request's wait for a pod, not its run, so a long duration
// does not reach it. The label names the field a user sets, which is the
// kubernetes: section's: no knative: field sets a pod's timeout, and
// "knative's pod timeout" left the reader of a warning without the field
// to change (review7).
func (c *Config) Timeouts() (string, []time.Duration) {
	field, per := c.kube.Timeouts()
	return field + " for " + Name + "'s pods", per
}
