package kubernetes

import (
	"fmt"
	"time"

	model "github.com/execsim/execsim/models/kubernetes"
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
	return out
}
