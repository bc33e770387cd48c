package kubernetes

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simtest"
)

// A cluster forgets a stretch of traffic once its requests are done and
// its capacity is back where it began; it remembers requests still in
// service, replicas an HPA changed (and a window that still holds them),
// and zone failures set at fixed times.
func TestUnforgotten(t *testing.T) {
	short := models.Work{IO: 100 * time.Millisecond}
	withHPA := func(min int) func(*Config, *Deployment) {
		return func(c *Config, d *Deployment) {
			instant(d)
			h := hpa.DefaultConfig()
			h.MinReplicas, h.MaxReplicas = min, 10
			h.Metric = hpa.MetricTarget{Type: hpa.CPUUtilization, AverageUtilizationPercent: 50}
			d.HPA = &h
		}
	}
	for _, tc := range []struct {
		name    string
		cfg     Config
		src     models.Source
		horizon time.Duration
		want    string // a phrase of the reason; "" for none
	}{
		{"no traffic", oneDeployment(func(_ *Config, d *Deployment) { instant(d) }), &simtest.List{}, time.Hour, ""},
		{"traffic long over", oneDeployment(func(_ *Config, d *Deployment) { instant(d) }), reqsAt(short, time.Second, 2*time.Second, 3*time.Second), time.Hour, ""},
		{"a request in service", oneDeployment(func(_ *Config, d *Deployment) { instant(d); d.Timeout = 10 * time.Hour }),
			reqsAt(models.Work{IO: 2 * time.Hour}, time.Second), time.Hour, "requests in service"},
		{"an HPA at its floor, as at the start", oneDeployment(withHPA(2)), reqsAt(short, time.Second), time.Hour, ""},
		{"an HPA that scaled down from the start", oneDeployment(withHPA(1)), reqsAt(short, time.Second), time.Hour, "replicas [1] ([2] at the start)"},
		// big (1100m) and small (400m) fill node 0 and web (600m) node 1
		// under MostAllocated; node 1's web fits nowhere else, so the first
		// scan finds it unremovable and leaves it alone for 5 minutes.
		{"a node the cluster autoscaler will recheck", unremovable(), &simtest.List{}, 30 * time.Second, "waiting to recheck 1 nodes"},
		{"zone failures at set times", oneDeployment(func(c *Config, d *Deployment) {
			instant(d)
			c.AZFailures = []AZFailure{{Zone: c.Zones[1], At: 48 * time.Hour}}
		}), &simtest.List{}, time.Hour, "zone failures are set at fixed times"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var start State
			r := simulate(t, tc.cfg, tc.src, tc.horizon, 1, func(_ *sim.Kernel, c *Cluster) { start = c.State() })
			got := strings.Join(r.c.Unforgotten(start), "; ")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("Unforgotten = %q, want %q", got, tc.want)
			}
		})
	}
}

// unremovable is a cluster-autoscaler cluster of two m6i.large nodes whose
// second node holds a pod that fits on no other node.
func unremovable() Config {
	cfg := caCluster(2, 1)
	cfg.NodePools[0].MinNodes = 1
	cfg.Scheduler.Scoring = MostAllocated
	big := cfg.Deployments[0]
	big.Name, big.CPURequestMilli, big.CPULimitMilli = "big", 1100, 1100
	small := DefaultDeployment("small")
	small.Replicas, small.CPURequestMilli, small.CPULimitMilli = 1, 400, 400
	web := DefaultDeployment("web")
	web.Replicas, web.CPURequestMilli, web.CPULimitMilli = 1, 600, 600
	cfg.Deployments = []Deployment{big, small, web}
	return cfg
}

// Usage counts the pods still Pending at its time and how long the oldest
// has waited, and StartPending those New leaves Pending: 20 pods of 1000m
// on 2 m6i.large fit one a node, so 18 wait; with no node autoscaler they
// wait to the end, and the cluster autoscaler places them all.
func TestStillPending(t *testing.T) {
	for _, tc := range []struct {
		name        string
		autoscaler  NodeAutoscaler
		wantPending int
		wantLongest time.Duration
	}{
		{"no autoscaler", NoAutoscaler, 18, 30 * time.Minute},
		{"cluster autoscaler", ClusterAutoscaler, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := caCluster(2, 20)
			cfg.NodePools[0].MaxNodes = 20
			cfg.NodeAutoscaler = tc.autoscaler
			pending, pods, err := StartPending(cfg)
			if err != nil || pending != 18 || pods != 20 {
				t.Errorf("StartPending = %d, %d, %v; want 18 of 20", pending, pods, err)
			}
			k, c := build(t, cfg, 1)
			k.RunUntil(sim.At(30 * time.Minute))
			u := c.Usage()
			if u.StillPending != tc.wantPending || u.LongestPending != tc.wantLongest ||
				u.Stranded != tc.wantPending || u.LongestStranded != tc.wantLongest {
				t.Errorf("still pending %d, the oldest for %v, stranded %d, the oldest for %v; want %d, %v both",
					u.StillPending, u.LongestPending, u.Stranded, u.LongestStranded, tc.wantPending, tc.wantLongest)
			}
		})
	}
}

// A run that ends during a scale-up leaves pods Pending that are not
// stranded: nodes are launching for them, or the node autoscaler has not
// had the time to act. Two m6i.large hold one 1000m pod each; at 100 s
// the deployment grows to 6, and CA launches four nodes at its next scan
// (the scan phase is drawn), which take 60 s. Cut 5 s after the step, the
// pods are too new; cut at 2m30s, their nodes are launching; with
// maxNodes 2 nothing comes for them, and cut at 2m30s they are stranded,
// for 50 s.
func TestStrandedLeavesOutAScaleUp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		maxNodes int
		end      time.Duration
		stranded int
	}{
		{"too new", 10, 105 * time.Second, 0},
		{"nodes launching", 10, 150 * time.Second, 0},
		{"no room to grow", 2, 150 * time.Second, 4},
	} {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%s/seed=%d", tc.name, seed), func(t *testing.T) {
				cfg := caCluster(2, 2)
				cfg.NodePools[0].MaxNodes = tc.maxNodes
				k, c := build(t, cfg, seed)
				scaleAt(k, c, 100*time.Second, 6)
				k.RunUntil(sim.At(tc.end))
				u := c.Usage()
				want := time.Duration(0)
				if tc.stranded > 0 {
					want = tc.end - 100*time.Second
				}
				if u.StillPending != 4 || u.Stranded != tc.stranded || u.LongestStranded != want {
					t.Errorf("still pending %d, stranded %d, the oldest for %v (launches at %v); want 4, %d, %v",
						u.StillPending, u.Stranded, u.LongestStranded, launches(c), tc.stranded, want)
				}
			})
		}
	}
}
