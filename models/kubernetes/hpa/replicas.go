package hpa

import (
	"errors"
	"fmt"
	"math"

	"github.com/execsim/execsim/sim"
)

// Errors of the replica calculator; the messages follow upstream's.
var (
	// ErrNoPods: the scale target has no pods at all.
	ErrNoPods = errors.New("no pods returned by selector while calculating replica count")
	// ErrNoReadyMetrics: no pod has a usable sample (all missing, unready or ignored).
	ErrNoReadyMetrics = errors.New("did not receive metrics for targeted pods (pods might be unready)")
	// ErrMissingRequest: a pod has no CPU request, so utilisation is undefined.
	ErrMissingRequest = errors.New("missing request for cpu")
)

// Tolerances is the band around a usage ratio of 1 inside which the replica
// count is left alone (replica_calculator.go, Tolerances). Both default to
// the controller's --horizontal-pod-autoscaler-tolerance [0.1]; with the
// HPAConfigurableTolerance feature a behavior may set either one.
type Tolerances struct {
	ScaleDown float64
	ScaleUp   float64
}

// Within reports whether ratio is inside [1-ScaleDown, 1+ScaleUp]
// (Tolerances.isWithin).
func (t Tolerances) Within(ratio float64) bool {
	return 1.0-t.ScaleDown <= ratio && ratio <= 1.0+t.ScaleUp
}

// Estimate is what the replica calculator proposes for one metric.
type Estimate struct {
	// Replicas is the proposed replica count before normalisation.
	Replicas int
	// UtilizationPercent is the measured CPU utilisation in whole percent of the
	// request, truncated (resource utilisation targets only). Like upstream
	// status it is the value before the missing/unready rebalancing.
	UtilizationPercent int
	// AverageMilli is the mean metric per ready pod in milli-units (upstream's
	// rawUtilization for CPU, usage for plain metrics), truncated.
	AverageMilli int64
	// Ready, Unready, Missing and Ignored count the pods in each group.
	Ready, Unready, Missing, Ignored int
}

func (e *Estimate) count(g Group) {
	switch g {
	case GroupReady:
		e.Ready++
	case GroupUnready:
		e.Unready++
	case GroupMissing:
		e.Missing++
	case GroupIgnored:
		e.Ignored++
	}
}

// ResourceReplicas proposes a replica count for a CPU target of
// targetUtilization percent of the request: replica_calculator.go,
// GetResourceReplicas, with GetResourceUtilizationRatio from
// metrics/utilization.go. current is the target's spec.replicas.
func (c Calculator) ResourceReplicas(now sim.Time, current, targetUtilization int, tol Tolerances, pods []PodSample) (Estimate, error) {
	var e Estimate
	if len(pods) == 0 {
		return e, ErrNoPods
	}
	// One pass does groupPods, removeMetricsForPods and the sums that
	// GetResourceUtilizationRatio and the rebalancing need.
	fallback := int64(max(100, targetUtilization)) // % of request assumed for a missing pod on scale-down
	var readyUsage, readyRequest, unreadyRequest, missingRequest, missingFallback int64
	for i := range pods {
		p := &pods[i]
		g := c.Classify(now, p, true)
		e.count(g)
		switch g {
		case GroupReady:
			readyUsage += p.Metric.ValueMilli
			readyRequest += p.RequestMilliCPU
		case GroupUnready:
			unreadyRequest += p.RequestMilliCPU
		case GroupMissing:
			missingRequest += p.RequestMilliCPU
			missingFallback += p.RequestMilliCPU * fallback / 100
		}
	}
	if e.Ready == 0 {
		return e, ErrNoReadyMetrics
	}
	// calculateRequests: every pod of the target needs a request.
	for i := range pods {
		if pods[i].RequestMilliCPU <= 0 {
			return e, fmt.Errorf("%w in pod %s", ErrMissingRequest, pods[i].Name)
		}
	}

	utilization := utilizationPercent(readyUsage, readyRequest)
	e.UtilizationPercent = int(utilization)
	e.AverageMilli = readyUsage / int64(e.Ready)
	ratio := float64(utilization) / float64(targetUtilization)
	if e.settle(current, ratio, tol) {
		return e, nil
	}

	// Rebalance conservatively: missing pods use the fallback share of their
	// request on a scale-down and nothing on a scale-up; unready pods use
	// nothing, and only count on a scale-up.
	usage, request, n := readyUsage, readyRequest, e.Ready
	if e.Missing > 0 {
		if ratio < 1.0 {
			usage += missingFallback
			request += missingRequest
			n += e.Missing
		} else if ratio > 1.0 {
			request += missingRequest
			n += e.Missing
		}
	}
	if ratio > 1.0 { // unready pods (if any) count on a scale-up
		request += unreadyRequest
		n += e.Unready
	}
	newRatio := float64(utilizationPercent(usage, request)) / float64(targetUtilization)
	e.Replicas = rebalanced(current, ratio, newRatio, n, tol)
	return e, nil
}

// PlainReplicas proposes a replica count for an average-value target of
// target milli-units per pod: a Pods metric (GetMetricReplicas) or a CPU
// AverageValue target (GetRawResourceReplicas), both through
// calcPlainMetricReplicas in replica_calculator.go and GetMetricUsageRatio in
// metrics/utilization.go. cpu applies the CPU readiness rules of groupPods,
// which upstream uses only for the CPU resource.
func (c Calculator) PlainReplicas(now sim.Time, current int, target int64, tol Tolerances, pods []PodSample, cpu bool) (Estimate, error) {
	var e Estimate
	if len(pods) == 0 {
		return e, ErrNoPods
	}
	var total int64
	for i := range pods {
		p := &pods[i]
		g := c.Classify(now, p, cpu)
		e.count(g)
		if g == GroupReady {
			total += p.Metric.ValueMilli
		}
	}
	if e.Ready == 0 {
		return e, ErrNoReadyMetrics
	}
	e.AverageMilli = total / int64(e.Ready)
	ratio := float64(e.AverageMilli) / float64(target)
	if e.settle(current, ratio, tol) {
		return e, nil
	}

	// Missing pods are taken to be exactly at target on a scale-down and at
	// zero on a scale-up; unready pods at zero on a scale-up.
	n := e.Ready
	if e.Missing > 0 {
		if ratio < 1.0 {
			total += int64(e.Missing) * target
			n += e.Missing
		} else if ratio > 1.0 {
			n += e.Missing
		}
	}
	if ratio > 1.0 {
		n += e.Unready
	}
	newRatio := float64(total/int64(n)) / float64(target)
	e.Replicas = rebalanced(current, ratio, newRatio, n, tol)
	return e, nil
}

// settle is the common middle of GetResourceReplicas and
// calcPlainMetricReplicas: with no missing pods, and no unready pods on a
// scale-up, the ready pods decide alone. It sets Replicas (current within
// tolerance, else ratio × ready pods, rounded up) and reports true; false
// leaves the estimate to rebalancing.
func (e *Estimate) settle(current int, ratio float64, tol Tolerances) bool {
	if e.Missing > 0 || (e.Unready > 0 && ratio > 1.0) {
		return false
	}
	if tol.Within(ratio) {
		e.Replicas = current
	} else {
		e.Replicas = ceilInt(ratio * float64(e.Ready))
	}
	return true
}

// rebalanced is the common tail of GetResourceReplicas and
// calcPlainMetricReplicas once missing and unready pods have been filled in:
// keep the current count if the new ratio is within tolerance or points the
// other way, or if the resulting count would move against the ratio.
func rebalanced(current int, ratio, newRatio float64, n int, tol Tolerances) int {
	if tol.Within(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0) {
		return current
	}
	replicas := ceilInt(newRatio * float64(n))
	if (newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current) {
		return current
	}
	return replicas
}

// utilizationPercent is usage as a whole percentage of request, truncated as
// the integer division in GetResourceUtilizationRatio truncates.
func utilizationPercent(usage, request int64) int64 {
	return usage * 100 / request
}

func ceilInt(x float64) int { return int(math.Ceil(x)) }
