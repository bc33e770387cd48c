package kubernetes

import (
	"fmt"
	"strconv"
	"time"

	"github.com/execsim/execsim/internal/format"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/models/kubernetes/hpa"
)

// compileNotes are warnings for what was written and changes nothing in
// the run, or is far from anything real (hostile #13, #17). They are
// warnings, not errors: each is legal and runs, but a reader would
// otherwise take the run for what was meant.
func compileNotes(s *Section, cfg model.Config, duration time.Duration) []string {
	var out []string
	// each node autoscaler reads only its own tuning (Config.Describe
	// prints only that one)
	if s.ClusterAutoscaler != nil && cfg.NodeAutoscaler != model.ClusterAutoscaler {
		out = append(out, fmt.Sprintf("%s.clusterAutoscaler is not used: nodeAutoscaler is %s, not cluster-autoscaler", Name, cfg.NodeAutoscaler))
	}
	// the old name of a setting still works, and is told
	if ca := s.ClusterAutoscaler; ca != nil && ca.MaxEmptyBulkDelete != nil {
		out = append(out, fmt.Sprintf("%s.clusterAutoscaler.maxEmptyBulkDelete is deprecated: write maxScaleDownParallelism, as cluster-autoscaler deprecated --max-empty-bulk-delete for --max-scale-down-parallelism (read as maxScaleDownParallelism %d)", Name, *ca.MaxEmptyBulkDelete))
	}
	if s.Karpenter != nil && cfg.NodeAutoscaler != model.Karpenter {
		out = append(out, fmt.Sprintf("%s.karpenter is not used: nodeAutoscaler is %s, not karpenter", Name, cfg.NodeAutoscaler))
	}
	// a zone failure at or after the end never happens within the run (a
	// spike after the end is refused; a failure may be kept for a longer
	// sweep point, so it is told, not refused)
	if duration > 0 {
		for i, a := range cfg.AZFailures {
			if a.At >= duration {
				at := fmt.Sprintf("%s.azFailures[%d].at", Name, i)
				if s.AZFailure != nil && i == 0 {
					at = Name + ".azFailure.at"
				}
				out = append(out, fmt.Sprintf("%s: %v is not before the run's end (duration %v): zone %s never fails in this run", at, a.At, duration, a.Zone))
			}
		}
	}
	// Unit slips: durations that are seconds to minutes in every real
	// cluster, written in milliseconds (hostile #17: syncPeriod 15ms,
	// nodeLaunch 45ms). Below a second each is far under its documented
	// default and anything a cluster does.
	slip := func(path string, d time.Duration, usual, source string) {
		if d > 0 && d < time.Second {
			out = append(out, fmt.Sprintf("%s: %v is far below anything real (usually %s, %s): a unit slip for s or m?", path, d, usual, source))
		}
	}
	if cfg.NodeLaunch != nil {
		slip(Name+".nodeLaunch (its median)", cfg.NodeLaunch.Quantile(0.5), "45s to 90s from launch to Ready",
			"execsim's default, kubernetes.md A.5.3")
	}
	if s.ClusterAutoscaler != nil && cfg.NodeAutoscaler == model.ClusterAutoscaler {
		ca := cfg.ClusterAutoscaler
		const src = "cluster-autoscaler FAQ, \"What are the parameters to CA?\""
		slip(Name+".clusterAutoscaler.scanInterval", ca.ScanInterval, "10s by default", src)
		slip(Name+".clusterAutoscaler.scaleDownUnneededTime", ca.ScaleDownUnneededTime, "10m by default", src)
		slip(Name+".clusterAutoscaler.scaleDownDelayAfterAdd", ca.ScaleDownDelayAfterAdd, "10m by default", src)
	}
	told := map[time.Duration]bool{}
	for _, d := range cfg.Deployments {
		if d.HPA == nil || told[d.HPA.SyncPeriod] {
			continue
		}
		told[d.HPA.SyncPeriod] = true
		path := Name + ".hpa.syncPeriod"
		if len(cfg.Deployments) > 1 {
			path += " (deployment " + d.Name + ")"
		}
		slip(path, d.HPA.SyncPeriod, "15s", "kube-controller-manager --horizontal-pod-autoscaler-sync-period default")
	}
	return append(out, unreachableCPUTargets(s, cfg)...)
}

// unreachableCPUTargets warns of an HPA whose CPU utilization target its
// pods can never pass: a pod's CPU limit caps its usage, so its
// utilization (usage over request) never exceeds limit / request, and the
// controller scales out only when the pods' mean utilization exceeds the
// target by more than its tolerance (kubernetes/kubernetes@v1.31.0
// pkg/controller/podautoscaler/replica_calculator.go,
// GetResourceReplicas: usageRatio within 1 ± tolerance changes nothing).
// walk14 (#8) wrote averageUtilization: 6000 on a 500m request limited
// to 1 CPU (at most 200 %), and the HPA never scaled, with no word. One
// line per target, limit and request, naming the deployments, so a fleet
// that shares one HPA section is told once.
func unreachableCPUTargets(s *Section, cfg model.Config) []string {
	type key struct {
		target         int
		request, limit int64
		tol            float64
	}
	var order []key
	names := map[key][]string{}
	for _, d := range cfg.Deployments {
		h := d.HPA
		if h == nil || h.Metric.Type != hpa.CPUUtilization || d.CPULimitMilli <= 0 || d.CPURequestMilli <= 0 {
			continue
		}
		tol := h.Tolerance
		if h.Behavior != nil && h.Behavior.ScaleUp != nil && h.Behavior.ScaleUp.Tolerance != nil {
			tol = *h.Behavior.ScaleUp.Tolerance
		}
		ceiling := float64(d.CPULimitMilli) * 100 / float64(d.CPURequestMilli)
		if ceiling > float64(h.Metric.AverageUtilizationPercent)*(1+tol) {
			continue
		}
		k := key{h.Metric.AverageUtilizationPercent, d.CPURequestMilli, d.CPULimitMilli, tol}
		if names[k] == nil {
			order = append(order, k)
		}
		names[k] = append(names[k], d.Name)
	}
	var out []string
	for _, k := range order {
		// the section's key when it wrote this target, else the
		// manifests' HorizontalPodAutoscaler
		where := Name + ".hpa.targetCPUUtilizationPercent"
		if h := s.HPA; len(s.Manifests) > 0 && (h == nil || h.TargetCPUUtilizationPercent == nil || *h.TargetCPUUtilizationPercent != k.target) {
			where = Name + ".manifests: HorizontalPodAutoscaler averageUtilization"
		}
		n := names[k]
		who := "deployment " + n[0]
		if len(n) > 1 {
			who = fmt.Sprintf("%d deployments: %s", len(n), format.FirstNames(n, 5))
		}
		ceiling := float64(k.limit) * 100 / float64(k.request)
		out = append(out, fmt.Sprintf("%s: a CPU utilization target of %d %% is out of reach for %s: the pod's CPU limit (%dm on a %dm request) caps its utilization at %s %%, and the HPA scales out only above %s %% (the target plus its %s %% tolerance), so it never does",
			where, k.target, who, k.limit, k.request, strconv.FormatFloat(ceiling, 'f', -1, 64),
			strconv.FormatFloat(float64(k.target)*(1+k.tol), 'f', 0, 64), strconv.FormatFloat(k.tol*100, 'f', -1, 64)))
	}
	return out
}
