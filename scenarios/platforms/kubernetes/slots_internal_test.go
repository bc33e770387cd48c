package kubernetes

import (
	"testing"

	model "github.com/execsim/execsim/models/kubernetes"
)

// The slots' row names the Deployments' concurrency: one value, or the
// range when they differ; a summary written before it recorded the value
// keeps the label it had (walk13 #8).
func TestSlotsBusyLabelNamesTheConcurrency(t *testing.T) {
	cases := []struct {
		concurrency []int
		want        string
	}{
		{[]int{40}, "worker slots busy (concurrency: 40 a pod)"},
		{[]int{20, 20, 20}, "worker slots busy (concurrency: 20 a pod)"},
		{[]int{100, 20, 40}, "worker slots busy (concurrency: 20–100 a pod, by Deployment)"},
		{nil, "worker slots busy (concurrency: a pod, default 100)"},
	}
	for _, tc := range cases {
		us := &usage{cfg: &Config{}}
		for _, c := range tc.concurrency {
			us.cfg.Deployments = append(us.cfg.Deployments, model.Deployment{Concurrency: c})
		}
		x := &Extra{SlotsPerPod: us.slotsPerPod()}
		if got := x.SlotsBusyLabel(); got != tc.want {
			t.Errorf("concurrency %v: %q; want %q", tc.concurrency, got, tc.want)
		}
	}
}
