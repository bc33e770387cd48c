package kubernetes_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
)

// Settings that change nothing, and durations written in the wrong unit,
// are told by name, value and what is usual (hostile #13, #17); the
// defaults and real values are not.
func TestNotesWarn(t *testing.T) {
	const head = "name: n\nduration: 10m\nworkload:\n  arrivals: {ratePerSecond: 5}\n  work: {io: 10ms}\n"
	for _, tc := range []struct{ section, want string }{
		{"{}", ""},
		{"{nodeAutoscaler: none, clusterAutoscaler: {scanInterval: 20s}}", "kubernetes.clusterAutoscaler is not used: nodeAutoscaler is none, not cluster-autoscaler"},
		{"{nodeAutoscaler: cluster-autoscaler, karpenter: {consolidateAfter: 1m}}", "kubernetes.karpenter is not used: nodeAutoscaler is cluster-autoscaler, not karpenter"},
		{"{azFailure: {zone: us-east-1a, at: 20m}}", "kubernetes.azFailure.at: 20m0s is not before the run's end (duration 10m0s): zone us-east-1a never fails in this run"},
		// the boundary: a failure exactly at the end never happens either
		// (review9a: "at > duration" still passed)
		{"{azFailure: {zone: us-east-1a, at: 10m}}", "kubernetes.azFailure.at: 10m0s is not before the run's end (duration 10m0s): zone us-east-1a never fails in this run"},
		{"{azFailure: {zone: us-east-1a, at: 9m59s}}", ""},
		{"{azFailure: {zone: us-east-1a, at: 5m}}", ""},
		{"{nodeLaunch: 45ms}", "kubernetes.nodeLaunch (its median): 45ms is far below anything real (usually 45s to 90s"},
		{"{nodeLaunch: 45s}", ""},
		{"{hpa: {maxReplicas: 5, syncPeriod: 15ms}}", "kubernetes.hpa.syncPeriod: 15ms is far below anything real (usually 15s, kube-controller-manager"},
		{"{hpa: {maxReplicas: 5, syncPeriod: 15s}}", ""},
		{"{nodeAutoscaler: cluster-autoscaler, clusterAutoscaler: {scaleDownUnneededTime: 10ms}}", "kubernetes.clusterAutoscaler.scaleDownUnneededTime: 10ms is far below anything real (usually 10m by default"},
		{"{nodeAutoscaler: cluster-autoscaler, clusterAutoscaler: {scaleDownUnneededTime: 2m}}", ""},
	} {
		plan := platformtest.Plan(t, head+"kubernetes: "+tc.section+"\n")
		found := ""
		for _, w := range plan.Warnings {
			if strings.Contains(w, "is not used: nodeAutoscaler") || strings.Contains(w, "far below anything real") || strings.Contains(w, "not before the run's end") {
				found = w
			}
		}
		if (tc.want == "") != (found == "") || !strings.Contains(found, tc.want) {
			t.Errorf("%s: warnings %q; want one containing %q", tc.section, plan.Warnings, tc.want)
		}
	}
}

// A CPU utilization target the pod's CPU limit keeps it from passing is
// told, with the limit and the ceiling it sets (walk14 #8:
// averageUtilization 6000 on a 500m request limited to 1 CPU, at most
// 200 %, was taken without a word and the HPA never scaled); one within
// reach, or a pod with no limit, is not. A fleet's deployments that share
// the target are told in one line.
func TestUnreachableCPUTargetWarns(t *testing.T) {
	const head = "name: n\nduration: 10m\nworkload:\n  arrivals: {ratePerSecond: 5}\n  work: {io: 10ms}\n"
	const fleet = "name: n\nduration: 10m\nservices:\n  - {name: a, arrivals: {ratePerSecond: 5}, work: {io: 10ms}}\n  - {name: b, arrivals: {ratePerSecond: 5}, work: {io: 10ms}}\n"
	for _, tc := range []struct{ src, want string }{
		{head + "kubernetes: {cpuRequestMilli: 500, cpuLimitMilli: 1000, hpa: {maxReplicas: 5, targetCPUUtilizationPercent: 6000}}\n",
			"kubernetes.hpa.targetCPUUtilizationPercent: a CPU utilization target of 6000 % is out of reach for deployment n: the pod's CPU limit (1000m on a 500m request) caps its utilization at 200 %, and the HPA scales out only above 6600 % (the target plus its 10 % tolerance), so it never does"},
		// within the tolerance of the ceiling: 200 is not above 190 × 1.1
		{head + "kubernetes: {cpuRequestMilli: 500, cpuLimitMilli: 1000, hpa: {maxReplicas: 5, targetCPUUtilizationPercent: 190}}\n", "target of 190 %"},
		{head + "kubernetes: {cpuRequestMilli: 500, cpuLimitMilli: 1000, hpa: {maxReplicas: 5, targetCPUUtilizationPercent: 180}}\n", ""},
		{head + "kubernetes: {cpuRequestMilli: 500, hpa: {maxReplicas: 5, targetCPUUtilizationPercent: 6000}}\n", ""},
		{head + "kubernetes: {cpuRequestMilli: 500, cpuLimitMilli: 1000, hpa: {maxReplicas: 5, metric: rps, targetAverageValue: 6000}}\n", ""},
		{fleet + "kubernetes: {cpuRequestMilli: 250, cpuLimitMilli: 500, hpa: {maxReplicas: 5, targetCPUUtilizationPercent: 300}}\n",
			"out of reach for 2 deployments: a and b: the pod's CPU limit (500m on a 250m request) caps its utilization at 200 %"},
	} {
		plan := platformtest.Plan(t, tc.src)
		var found []string
		for _, w := range plan.Warnings {
			if strings.Contains(w, "out of reach") {
				found = append(found, w)
			}
		}
		if tc.want == "" && len(found) > 0 || tc.want != "" && (len(found) != 1 || !strings.Contains(found[0], tc.want)) {
			t.Errorf("%s: warnings %q; want one containing %q", tc.src, found, tc.want)
		}
	}
}
