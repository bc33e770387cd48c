package hpa

import (
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// Phase is a pod's status.phase as the HPA sees it.
type Phase uint8

// Pod phases (k8s.io/api/core/v1 PodPhase). The zero value is PodRunning,
// the phase of almost every pod the autoscaler looks at.
const (
	PodRunning Phase = iota
	PodPending
	PodSucceeded
	PodFailed
)

var phases = models.Enum[Phase]{What: "phase", Names: []string{"Running", "Pending", "Succeeded", "Failed"}, Unknown: "Unknown"}

func (p Phase) String() string { return phases.String(p) }

// Sample is one pod's metric as the metrics pipeline reports it. For CPU,
// ValueMilli is the pod's usage in milli-cores averaged over Window and
// ending at Timestamp (metrics-server reports the rate between its last two
// scrapes); for a Pods metric, the per-pod value in milli-units
// (1 request/s = 1000).
type Sample struct {
	ValueMilli int64
	Timestamp  sim.Time
	Window     time.Duration
}

// PodSample is what the HPA reads about one pod of the scale target at a
// reconcile: the pod object (phase, deletion, Ready condition, start time,
// CPU request) and its metric, if the metrics API returned one.
type PodSample struct {
	Name  string
	Phase Phase
	// Deleting is true once the pod has a deletion timestamp (terminating).
	Deleting bool
	// Ready is the status of the pod's Ready condition (True or False), and
	// ReadyTransition that condition's lastTransitionTime.
	Ready           bool
	ReadyTransition sim.Time
	// StartTime is status.startTime: when the kubelet accepted the pod.
	StartTime sim.Time
	// Unreported marks a pod for which the kubelet has reported neither a
	// start time nor a Ready condition yet. Upstream groupPods treats a CPU
	// sample from such a pod as unready, whichever of the two is absent.
	Unreported bool
	// RequestMilliCPU is the pod's CPU request: the sum over its containers
	// (and restartable init containers). Zero means a container has no CPU
	// request, which makes a CPU-utilisation target fail as upstream does.
	RequestMilliCPU int64
	// Metric is nil when the metrics API has no sample for the pod (a new pod
	// before its second scrape, or a pod whose containers lack the metric).
	Metric *Sample
}

// Group is the class upstream groupPods puts a pod in.
type Group uint8

const (
	// GroupReady pods have a usable sample and count in the ratio.
	GroupReady Group = iota
	// GroupUnready pods are pending, or (CPU only) still initialising or
	// never ready: their sample is dropped and they count as 0 % on scale-up.
	GroupUnready
	// GroupMissing pods are running without a sample: 0 % on scale-up, the
	// target (or 100 % of request) on scale-down.
	GroupMissing
	// GroupIgnored pods are being deleted or have failed: left out entirely.
	GroupIgnored
)

var groups = models.Enum[Group]{What: "group", Names: []string{"ready", "unready", "missing", "ignored"}, Unknown: "unknown"}

func (g Group) String() string { return groups.String(g) }

// Calculator carries the two controller flags the upstream ReplicaCalculator
// is built with (replica_calculator.go, NewReplicaCalculator).
type Calculator struct {
	// CPUInitializationPeriod is --horizontal-pod-autoscaler-cpu-initialization-period [5m].
	CPUInitializationPeriod time.Duration
	// InitialReadinessDelay is --horizontal-pod-autoscaler-initial-readiness-delay [30s].
	InitialReadinessDelay time.Duration
}

// Classify puts one pod in its group at time now, as the loop body of
// groupPods in replica_calculator.go does. cpu selects the extra readiness
// rules that upstream applies only when the metric is the CPU resource.
func (c Calculator) Classify(now sim.Time, p *PodSample, cpu bool) Group {
	// Deleted and failed pods never count.
	if p.Deleting || p.Phase == PodFailed {
		return GroupIgnored
	}
	// Pending pods are unready whatever their metric says.
	if p.Phase == PodPending {
		return GroupUnready
	}
	if p.Metric == nil {
		return GroupMissing
	}
	if cpu {
		var unready bool
		switch {
		case p.Unreported:
			unready = true
		case p.StartTime.Add(c.CPUInitializationPeriod) > now:
			// Still in the initialisation period: drop the sample unless the
			// pod is ready and a whole metric window was collected after it
			// became ready.
			unready = !p.Ready || p.Metric.Timestamp < p.ReadyTransition.Add(p.Metric.Window)
		default:
			// Past it: drop the sample only of a pod that is unready and has
			// never been ready (its last transition came within the initial
			// readiness delay of its start).
			unready = !p.Ready && p.StartTime.Add(c.InitialReadinessDelay) > p.ReadyTransition
		}
		if unready {
			return GroupUnready
		}
	}
	return GroupReady
}

// Groups is the outcome of GroupPods: the number of ready pods and the names
// of the others, in the order the pods were given.
type Groups struct {
	Ready   int
	Unready []string
	Missing []string
	Ignored []string
}

// GroupPods classifies every pod (groupPods in replica_calculator.go).
func (c Calculator) GroupPods(now sim.Time, pods []PodSample, cpu bool) Groups {
	var g Groups
	for i := range pods {
		switch c.Classify(now, &pods[i], cpu) {
		case GroupReady:
			g.Ready++
		case GroupUnready:
			g.Unready = append(g.Unready, pods[i].Name)
		case GroupMissing:
			g.Missing = append(g.Missing, pods[i].Name)
		case GroupIgnored:
			g.Ignored = append(g.Ignored, pods[i].Name)
		}
	}
	return g
}
