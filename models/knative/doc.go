// Package knative models Knative Serving on a Kubernetes cluster: each
// revision is a Deployment of the cluster model (models/kubernetes), so
// its pods share node pools, the scheduler, zone spread and the node
// autoscaler with ordinary Deployments, and what differs is what upstream
// adds in front of and beside them:
//
//   - the KPA (decider.go, knative/serving pkg/autoscaler/scaling/
//     autoscaler.go): the queue-proxy's concurrency or requests per second,
//     averaged over the stable window (60 s) and the panic window (10 % of
//     it) in one-second buckets (window.go, pkg/autoscaler/aggregation/
//     bucketing.go); ⌈value / target⌉ pods with target = containerConcurrency
//     (or the soft target 100, or the target annotation) × utilisation
//     (70 %); panic mode at 200 % of the ready pods' capacity, held for a
//     stable window with no scale-down; max scale-up rate 1000 and
//     scale-down rate 2 per 2-s tick; activation scale. Upstream's decider
//     unit tests are its test vectors (decider_test.go).
//   - the PodAutoscaler reconciler (model.go reconcile and toZero;
//     pkg/reconciler/autoscaling/kpa/kpa.go and scaler.go): min/max scale,
//     scale to zero only once the revision was active for a stable window,
//     went inactive and was backed by the activator for the grace period
//     (30 s; at once when the activator was already in the path, after the
//     reconciler's 3-s re-check), and the activator in the path whenever
//     no pod is wanted or the excess burst capacity (ready × capacity −
//     target-burst-capacity − panic concurrency) is negative.
//   - the activator (model.go activate, drain; pkg/activator): it holds a
//     revision's requests in a FIFO while it has no pod in its endpoints or
//     no free slot, forwards them as capacity appears, pokes the autoscaler
//     on a request for a revision at zero (pkg/autoscaler/scaling/
//     multiscaler.go, Poke), fails requests it held for activatorTimeout
//     (the revision timeout, 300 s) and refuses those beyond its queue
//     (10000, the throttler's breakerQueueDepth). A request's latency runs
//     from its arrival, so it includes its time in the activator.
//   - the queue-proxy: containerConcurrency is the pod's hard limit (its
//     worker slots in the cluster model) with a breaker queue of 10 ×
//     containerConcurrency (pkg/queue/sharedmain/main.go, buildBreaker);
//     set by the platform adapter, scenarios/platforms/knative.
//
// The cluster reaches the model through small hooks (models/kubernetes
// external.go): SetReplicas, ServingPods, Outstanding and OnServing. The
// model counts a revision's requests in flight itself — those in the
// activator and, through a recorder wrapper that sees every request the
// cluster ends, those in its pods — which is what the queue-proxies and the
// activator report together.
//
// Choices a user should know:
//
//   - Time zero is steady state, as in the cluster model: a revision runs
//     its initial scale, Ready, and has been active since time zero, so it
//     can go to zero after its first stable window without traffic.
//   - The target-burst-capacity default is upstream's current 211
//     (config-autoscaler; the issue and older docs say 200). With one pod
//     and the soft target of 100 the excess burst capacity is negative, so
//     the activator stays in the path of small revisions, as upstream.
//   - The activator's capacity is the revision's (pods ×
//     containerConcurrency in flight), and the cluster's routing picks the
//     pod; upstream's throttler tracks each pod. One activator is modelled,
//     with no latency of its own, and scale-down-delay,
//     scale-to-zero-pod-retention's probe timing and the activation
//     timeout (progress deadline) are not.
//   - A request's activator timeout runs from its arrival; once forwarded,
//     the Deployment's own timeout (the cluster model's) runs from then.
//   - The stats of the queue-proxies and the activator reach the buckets at
//     whole seconds, each the time-average of the second before; the
//     activator's immediate report of a first request adds 1 to its second's
//     bucket, as upstream's does.
//
// Deterministic: no wall clock, goroutines or map iteration; the ticks'
// phases come from the kernel's stream knative/autoscaler.
package knative
