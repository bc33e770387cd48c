package kubernetes

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim/simtest"
)

// One pod with c slots, an unbounded queue, Poisson arrivals and
// exponential io (cpu 0) is an M/M/c queue: the waiting probability is
// Erlang C and the mean response 1/μ + C/(cμ − λ) (DESIGN §8). n pods
// behind random routing split the Poisson stream: n independent M/M/c
// queues at λ/n.
func TestErlangC(t *testing.T) {
	const c, lambdaPerPod, mu = 10, 8.0, 1.0
	wantWait := simtest.ErlangC(c, lambdaPerPod/mu)          // 0.40918
	wantMean := 1/mu + wantWait/(float64(c)*mu-lambdaPerPod) // 1.20459 s
	for _, tc := range []struct {
		pods    int
		horizon time.Duration
		long    bool
	}{
		{1, 60_000 * time.Second, false},
		{3, 30_000 * time.Second, false},
		{1, 400_000 * time.Second, true},
	} {
		t.Run(fmt.Sprintf("pods=%d horizon=%v", tc.pods, tc.horizon), func(t *testing.T) {
			if tc.long && testing.Short() {
				t.Skip("long statistical check")
			}
			cfg := oneDeployment(func(_ *Config, d *Deployment) {
				instant(d)
				d.Replicas = tc.pods
				d.Concurrency = c
				d.Queue = -1
				d.Timeout = 0
			})
			src := newPoisson(lambdaPerPod*float64(tc.pods), "0s", "exp(mean=1s)", tc.horizon, 7)
			res := simulate(t, cfg, src, tc.horizon, 1)
			st := res.c.Usage().Deployments[0]
			pWait := float64(st.Queued) / float64(st.Arrivals)
			mean := res.rec.Latency().Mean().Seconds()
			t.Logf("arrivals %d P(wait) %.5f (Erlang C %.5f) mean %.5f s (M/M/c %.5f s) p50 %v p99 %v",
				st.Arrivals, pWait, wantWait, mean, wantMean, res.rec.Latency().Quantile(0.5), res.rec.Latency().Quantile(0.99))
			name := fmt.Sprintf("M/M/10, λ = 8, μ = 1, %d pod(s) behind random routing, %v", tc.pods, tc.horizon)
			simtest.CheckMMc(t, "kubernetes", name, pWait, wantWait, mean, wantMean)
			if res.rec.Count(models.Rejected)+res.rec.Count(models.Failed) != 0 {
				t.Errorf("rejected %d failed %d; want none", res.rec.Count(models.Rejected), res.rec.Count(models.Failed))
			}
		})
	}
}

// Processor sharing: n requests of CPU work w that start together on a pod
// with cap C cores all finish after n·w/min(n, C) (each gets min(1, C/n)).
func TestProcessorSharing(t *testing.T) {
	// (the pods of this test run on m6i.xlarge: 3.69 cores for pods)
	for _, tc := range []struct {
		name     string
		limit    int64
		n        int
		cpu, io  time.Duration
		wantLast time.Duration
	}{
		{"one request, one core", 1000, 1, time.Second, 0, time.Second},
		{"two requests share one core", 1000, 2, time.Second, 0, 2 * time.Second},
		{"two requests, two cores", 2000, 2, time.Second, 0, time.Second},
		{"single-threaded: one request cannot use two cores", 2000, 1, time.Second, 0, time.Second},
		{"four requests on half a core", 500, 4, 100 * time.Millisecond, 0, 800 * time.Millisecond},
		{"cpu then io", 1000, 2, time.Second, 500 * time.Millisecond, 2500 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				instant(d)
				d.Replicas = 1
				d.CPURequestMilli = min(tc.limit, 1000)
				d.CPULimitMilli = tc.limit
				// a node with the cores the limit grants: a limit never
				// gives more CPU than the node has
				c.NodePools[0].InstanceTypes = []string{"m6i.xlarge"}
			})
			offsets := make([]time.Duration, tc.n)
			for i := range offsets {
				offsets[i] = time.Second
			}
			res := simulate(t, cfg, reqsAt(models.Work{CPU: tc.cpu, IO: tc.io}, offsets...), time.Minute, 1)
			if got := res.rec.Latency().Max(); got != tc.wantLast {
				t.Errorf("slowest latency %v; want %v", got, tc.wantLast)
			}
			if cpu := res.c.Usage().CPUSeconds; simtest.RelErr(cpu, float64(tc.n)*tc.cpu.Seconds()) > 1e-6 {
				t.Errorf("CPU-seconds %.6f; want %.6f", cpu, float64(tc.n)*tc.cpu.Seconds())
			}
		})
	}
	// Staggered arrivals: A (2 s of CPU) alone for 1 s, then shares with B
	// (0.5 s): B finishes 1 s later at t=2 s, A at 2.5 s.
	cfg := oneDeployment(func(_ *Config, d *Deployment) {
		instant(d)
		d.Replicas = 1
		d.CPURequestMilli, d.CPULimitMilli = 1000, 1000
	})
	l := &simtest.List{Reqs: []models.Request{
		{ID: 0, Arrival: 0, Work: models.Work{CPU: 2 * time.Second}},
		{ID: 1, Arrival: 1e9, Work: models.Work{CPU: 500 * time.Millisecond}},
	}}
	res := simulate(t, cfg, l, time.Minute, 1)
	h := res.rec.Latency()
	if h.Max() != 2500*time.Millisecond || h.Quantile(0) != time.Second {
		t.Errorf("latencies min %v max %v; want 1s (B) and 2.5s (A)", h.Quantile(0), h.Max())
	}
	_ = dist.Const
}
