// Package hpa is the decision logic of the Kubernetes HorizontalPodAutoscaler
// (autoscaling/v2), ported rule for rule from kubernetes/kubernetes so the
// simulated cluster scales as a real one does. It is pure: no goroutines, no
// wall clock (time comes in as a sim.Time), no map iteration.
//
// What is ported, and from where (all under pkg/controller/podautoscaler
// unless noted):
//
//   - replica_calculator.go: groupPods (Calculator.Classify, GroupPods) with
//     the CPU initialisation period and initial readiness delay;
//     GetResourceReplicas (Calculator.ResourceReplicas) for a CPU
//     averageUtilization target, with the conservative rebalancing of
//     missing pods (0 % on scale-up, max(100 %, target) of request on
//     scale-down) and unready pods (0 %, scale-up only) and the checks that
//     keep the count when the rebalanced ratio is within tolerance or flips
//     direction; calcPlainMetricReplicas (Calculator.PlainReplicas) behind
//     GetMetricReplicas (Pods metrics) and GetRawResourceReplicas (CPU
//     averageValue); Tolerances and isWithin.
//   - metrics/utilization.go: GetResourceUtilizationRatio (utilisation as
//     integer percent, truncated) and GetMetricUsageRatio (integer mean).
//   - horizontal.go: reconcileAutoscaler for one metric (Autoscaler.Reconcile),
//     recordInitialRecommendation, the legacy path normalizeDesiredReplicas
//     (StabilizeRecommendation, ConvertDesiredReplicasWithRules,
//     ScaleUpLimit = max(2 × current, 4)), the behavior path
//     normalizeDesiredReplicasWithBehaviors
//     (StabilizeRecommendationWithBehaviors,
//     ConvertDesiredReplicasWithBehaviorRate, ScaleUpLimitWithScalingRules,
//     ScaleDownLimitWithBehaviors, ReplicasChangePerPeriod), the scale-event
//     history (StoreScaleEvent, LongestPolicyPeriod), the per-direction
//     tolerance of HPAConfigurableTolerance, and the condition reasons.
//   - pkg/apis/autoscaling/v2/defaults.go: GenerateHPAScaleUpRules and
//     GenerateHPAScaleDownRules (GenerateScaleUpRules, GenerateScaleDownRules):
//     up max(4 pods, 100 %) per 15 s with no stabilisation, down 100 % per
//     15 s after the controller's 300 s window.
//   - pkg/controller/podautoscaler/config/v1alpha1/defaults.go: the controller
//     flags in DefaultConfig (15 s sync, 0.1 tolerance, 5 min downscale
//     window, 5 min CPU initialisation, 30 s readiness delay).
//
// The tests re-express upstream's replica_calculator_test.go and
// horizontal_test.go cases and expect the same replica counts.
//
// Deliberately not ported:
//
//   - Object and External metrics, ContainerResource metrics and metrics
//     other than CPU: the simulator feeds per-pod CPU or one per-pod value.
//   - Several metrics per HPA (computeReplicasForMetrics takes the maximum
//     and refuses to scale down when one fails): an Autoscaler has one.
//   - Scale to zero (the alpha HPAScaleToZero gate): minReplicas ≥ 1.
//   - Metrics for pods the selector does not list ("superfluous" metrics):
//     a sample always belongs to a PodSample.
//   - Pod-level resource requests and per-container requests: a pod carries
//     one CPU request, the sum upstream's calculateRequests would compute.
//   - The big-integer overflow fallbacks of utilization.go: milli-core sums
//     of a simulated cluster stay far inside int64.
//   - The API server, informers, events, status writes, the work queue and
//     its rate limiter: the simulator schedules Reconcile itself. Upstream
//     re-queues an HPA a sync period after the previous reconcile finished;
//     with exact 15 s ticks the previous tick's scale event sits exactly on
//     a 15 s policy's cutoff and, as upstream's strict After comparison
//     does, is excluded.
//
// A Ready condition here is True or False; upstream's Unknown status, which
// groupPods treats like True, is not represented.
package hpa
