package kubernetes

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/sim"
)

func cpuHPA(target, lo, hi int) *hpa.Config {
	h := hpa.DefaultConfig()
	h.Metric = hpa.MetricTarget{Type: hpa.CPUUtilization, AverageUtilizationPercent: target}
	h.MinReplicas, h.MaxReplicas = lo, hi
	return &h
}

func rescales(c *Cluster) []Change {
	var out []Change
	for _, h := range c.History() {
		if h.Kind == Rescale {
			out = append(out, h)
		}
	}
	return out
}

// A step from 100 to 400 requests/s at 300 s against a 60 % CPU target: the
// metric shows the step after a scrape or two (plus the kubelet's stats
// lag) and the HPA acts at its next sync, so the first scale-up comes
// typically 15–45 s after the step; no sync more than doubles the count
// (max(2×current, 4), no behavior); when the load falls back at 900 s
// nothing scales down for the 300-s stabilisation window.
//
// 15 s is not a hard floor: a scrape window of which only ~1.6 s lies after
// a 4× step already averages above the 10 % tolerance band (50 % × (1 + 3 ×
// 1.6/15) > 66 %), so a scrape and a sync that happen to follow the step
// closely scale up sooner. Each seed must scale up after the step and
// within 45 s; the median over the seeds must lie in 15–45 s.
func TestHPAStepTimeline(t *testing.T) {
	const stepAt, fall = 300 * time.Second, 900 * time.Second
	seeds := uint64(5)
	if !testing.Short() {
		seeds = 40
	}
	var delays []time.Duration
	for seed := uint64(1); seed <= seeds; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
				c.NodePools[0].Nodes, c.NodePools[0].MaxNodes = 6, 6
				d.Replicas = 4
				d.CPURequestMilli, d.CPULimitMilli = 500, 2000
				d.HPA = cpuHPA(60, 4, 40)
			})
			src := newPoisson(100, "exp(mean=10ms)", "exp(mean=20ms)", 1500*time.Second, seed).Step(stepAt, 400).Step(fall, 100)
			res := simulate(t, cfg, src, 1500*time.Second, seed)
			rs := rescales(res.c)
			var trace []string
			for _, r := range rs {
				trace = append(trace, fmt.Sprintf("%v:%d→%d", time.Duration(r.At).Round(time.Second), r.From, r.To))
			}
			t.Logf("rescales %s", strings.Join(trace, " "))
			if len(rs) == 0 || rs[0].To <= rs[0].From {
				t.Fatalf("first rescale %v; want a scale-up", rs)
			}
			d := time.Duration(rs[0].At) - stepAt
			delays = append(delays, d)
			if d <= 0 || d > 45*time.Second {
				t.Errorf("first scale-up %v after the step; want within 45s after it", d)
			}
			if rs[0].At < sim.At(stepAt) {
				t.Errorf("scaled before the step: %v", rs[0])
			}
			downs := 0
			for _, r := range rs {
				if r.To > max(2*r.From, 4) {
					t.Errorf("%v: %d → %d exceeds max(2×current, 4)", r.At, r.From, r.To)
				}
				if r.To < r.From {
					downs++
					if r.At < sim.At(fall+300*time.Second) && r.At > sim.At(stepAt) {
						t.Errorf("scale-down %d → %d at %v, within 300 s of the load falling at %v", r.From, r.To, r.At, fall)
					}
				}
			}
			if downs == 0 {
				t.Errorf("never scaled down after the load fell")
			}
		})
	}
	slices.Sort(delays)
	median := delays[len(delays)/2]
	under := 0
	for _, d := range delays {
		if d < 15*time.Second {
			under++
		}
	}
	t.Logf("first scale-up after the step: min %v median %v max %v; %d of %d seeds under 15 s",
		delays[0], median, delays[len(delays)-1], under, len(delays))
	if median < 15*time.Second || median > 45*time.Second {
		t.Errorf("median first scale-up %v after the step; want 15s–45s", median)
	}
}

// Per-pod Pods metrics: with an rps target of 50 per pod, 400 requests/s
// settle at 8 replicas; with an in-flight target of 2 and 0.5 s requests,
// 40 requests/s (20 in flight) settle at 10.
func TestHPAPodsMetrics(t *testing.T) {
	for _, tc := range []struct {
		name   string
		metric string
		target int64
		rate   float64
		io     string
		want   int
	}{
		{"rps", MetricRPS, 50_000, 400, "exp(mean=20ms)", 8},
		{"inflight", MetricInflight, 2_000, 40, "500ms", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
				h := hpa.DefaultConfig()
				h.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: tc.metric, AverageValueMilli: tc.target}
				h.MinReplicas, h.MaxReplicas = 2, 30
				d.HPA = &h
			})
			src := newPoisson(tc.rate, "0s", tc.io, 900*time.Second, 2)
			res := simulate(t, cfg, src, 900*time.Second, 2)
			if got := res.c.Replicas(0); got < tc.want-1 || got > tc.want+1 {
				t.Errorf("replicas %d after 15 min; want %d ± 1 (history %v)", got, tc.want, rescales(res.c))
			}
		})
	}
}

// Pods that fit nowhere make the cluster autoscaler launch nodes, which are
// Ready exactly the configured launch delay later; the latency p99 of the
// window until then shows the shortage.
func TestClusterAutoscalerScaleUp(t *testing.T) {
	const stepAt = 300 * time.Second
	cfg := autoscaledCluster(1)
	src := newPoisson(20, "exp(mean=20ms)", "exp(mean=30ms)", 1200*time.Second, 3).Step(stepAt, 150)
	res := simulate(t, cfg, src, 1200*time.Second, 3)
	c := res.c
	launched := map[string]sim.Time{}
	var firstReady sim.Time = -1
	for _, h := range c.History() {
		switch h.Kind {
		case NodeLaunch:
			launched[h.Node] = h.At
			if h.At < sim.At(stepAt) {
				t.Errorf("node launched at %v before the step", h.At)
			}
		case NodeReady:
			if d := h.At - launched[h.Node]; d != sim.At(60*time.Second) {
				t.Errorf("node %s Ready %v after launch; want 60s", h.Node, d)
			}
			if firstReady < 0 {
				firstReady = h.At
			}
		}
	}
	if len(launched) == 0 || firstReady < 0 {
		t.Fatalf("history %v; want nodes launched and Ready", c.History())
	}
	var before, during, after time.Duration
	for _, w := range res.rec.Windows() {
		switch {
		case w.End <= stepAt && w.Start >= 100*time.Second:
			before = max(before, w.P99)
		case w.Start >= stepAt && w.End <= time.Duration(firstReady):
			during = max(during, w.P99)
		case w.Start >= 1000*time.Second:
			after = max(after, w.P99)
		}
	}
	u := c.Usage()
	t.Logf("nodes launched %d (first Ready at %v), peak nodes %d, peak pods %d; p99 before %v, while nodes boot %v, at the end %v; rejected %d",
		len(launched), firstReady, u.PeakNodes, u.PeakPods, before, during, after, u.Deployments[0].QueueFull)
	if during < 5*before || after > during/5 {
		t.Errorf("window p99 before %v, while nodes boot %v, at the end %v; want the boot window ≥ 5× the others", before, during, after)
	}
}

func TestKarpenter(t *testing.T) {
	pool := func(c *Config) {
		c.NodeAutoscaler = Karpenter
		c.NodeLaunch = dist.Const(60 * time.Second)
		c.NodePools = []NodePool{{Name: "kp", InstanceTypes: []string{"m6i.xlarge", "m7g.large", "m6i.large", "c7g.large", "m7i.large"}, MaxNodes: 10}}
	}
	t.Run("cheapest fitting type", func(t *testing.T) {
		for _, tc := range []struct {
			replicas int
			want     string
		}{{1, "c7g.large"}, {3, "m6i.xlarge"}} {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				pool(c)
				d.Replicas, d.CPURequestMilli, d.MemoryRequestMiB = tc.replicas, 1000, 2048
			})
			k, c := build(t, cfg, 1)
			k.RunUntil(sim.At(2 * time.Minute))
			var got []string
			for _, h := range c.History() {
				if h.Kind == NodeLaunch {
					got = append(got, fmt.Sprintf("%v %s", time.Duration(h.At), strings.Fields(h.Detail)[0]))
				}
			}
			if len(got) != 1 || got[0] != "1s "+tc.want || c.ReadyPods(0) != tc.replicas {
				t.Errorf("%d pods: launches %v, ready pods %d; want [1s %s] (batch idle 1 s) and %d", tc.replicas, got, c.ReadyPods(0), tc.want, tc.replicas)
			}
		}
	})
	t.Run("cheapest at the billed prices", func(t *testing.T) {
		// c7g.large is the catalogue's cheapest type that fits one pod;
		// the prices the bill charges (NodePrices) decide instead
		for _, tc := range []struct {
			name     string
			capacity models.Capacity
			prices   []NodePrice
			want     string
			price    float64
		}{
			{"catalogue", models.OnDemand, nil, "c7g.large", 0.0725},
			{"c7g.large overridden dearer", models.OnDemand, []NodePrice{{Type: "c7g.large", OnDemandUSDPerHour: 0.5, SpotUSDPerHour: 0.2}}, "m7g.large", 0.0816},
			{"spot ranks by spot price", models.Spot, []NodePrice{{Type: "m7i.large", OnDemandUSDPerHour: 0.1008, SpotUSDPerHour: 0.01}}, "m7i.large", 0.01},
			{"on-demand ignores spot prices", models.OnDemand, []NodePrice{{Type: "m7i.large", OnDemandUSDPerHour: 0.1008, SpotUSDPerHour: 0.01}}, "c7g.large", 0.0725},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cfg := oneDeployment(func(c *Config, d *Deployment) {
					pool(c)
					c.NodePools[0].Capacity = tc.capacity
					c.NodePrices = tc.prices
					d.Replicas, d.CPURequestMilli, d.MemoryRequestMiB = 1, 1000, 2048
				})
				k, c := build(t, cfg, 1)
				k.RunUntil(sim.At(2 * time.Minute))
				u := c.Usage()
				if len(u.Nodes) != 1 || u.Nodes[0].InstanceType != tc.want || u.Nodes[0].PriceUSDPerHour != tc.price {
					t.Errorf("nodes %+v; want one %s at $%g/h", u.Nodes, tc.want, tc.price)
				}
			})
		}
	})
	t.Run("consolidation", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			after  int
			remove string
			launch string
		}{{"empty node deleted", 0, "m6i.xlarge", ""}, {"underused node replaced by a cheaper one", 1, "m6i.xlarge", "c7g.large"}} {
			t.Run(tc.name, func(t *testing.T) {
				cfg := oneDeployment(func(c *Config, d *Deployment) {
					pool(c)
					d.Replicas, d.CPURequestMilli, d.MemoryRequestMiB = 3, 1000, 2048
				})
				k, c := build(t, cfg, 1)
				scaleAt(k, c, 200*time.Second, tc.after)
				k.RunUntil(sim.At(10 * time.Minute))
				var removed, launched []string
				var removedAt sim.Time
				for _, h := range c.History() {
					switch {
					case h.Kind == NodeRemove:
						removed = append(removed, strings.Fields(h.Detail)[0])
						removedAt = h.At
					case h.Kind == NodeLaunch && h.At > sim.At(200*time.Second):
						launched = append(launched, strings.Fields(h.Detail)[0])
					}
				}
				t.Logf("removed %v at %v, launched %v", removed, removedAt, launched)
				wantLaunch := []string{}
				if tc.launch != "" {
					wantLaunch = []string{tc.launch}
				}
				if fmt.Sprint(removed) != fmt.Sprint([]string{tc.remove}) || fmt.Sprint(launched) != fmt.Sprint(wantLaunch) || c.ReadyPods(0) != tc.after {
					t.Errorf("removed %v launched %v ready %d; want [%s], %v, %d", removed, launched, c.ReadyPods(0), tc.remove, wantLaunch, tc.after)
				}
				// poll ≤ 10 s + 15 s validation (+ 60 s launch and the drain for a replacement)
				if lo, hi := sim.At(215*time.Second), sim.At(320*time.Second); removedAt < lo || removedAt > hi {
					t.Errorf("removed at %v; want within [%v, %v]", removedAt, lo, hi)
				}
			})
		}
	})
}

// After the load falls the cluster autoscaler removes nodes: only after
// they have been under 50 % requested for 10 min, not within 10 min of the
// last scale-up, and never below the pool's minimum.
func TestClusterAutoscalerScaleDown(t *testing.T) {
	cfg := autoscaledCluster(2)
	src := newPoisson(20, "exp(mean=20ms)", "exp(mean=30ms)", 3600*time.Second, 4).Step(300*time.Second, 150).Step(900*time.Second, 10)
	res := simulate(t, cfg, src, 3600*time.Second, 4)
	c := res.c
	var lastUp sim.Time = -1
	removed := 0
	nodes, minNodes := 2, 2
	for _, h := range c.History() {
		switch h.Kind {
		case NodeLaunch:
			lastUp = h.At
			nodes++
		case NodeRemove:
			removed++
			nodes--
			minNodes = min(minNodes, nodes)
			if h.At-lastUp < sim.At(10*time.Minute) {
				t.Errorf("node %s removed at %v, %v after the last scale-up; want ≥ 10m", h.Node, h.At, time.Duration(h.At-lastUp))
			}
			if h.At < sim.At(10*time.Minute) {
				t.Errorf("node %s removed at %v, before any node can have been unneeded for 10 min", h.Node, h.At)
			}
		}
	}
	t.Logf("launched up to %d nodes; %d removed; %d at the end", c.Usage().PeakNodes, removed, c.Nodes())
	if removed == 0 || minNodes < 2 || c.Nodes() < 2 {
		t.Errorf("removed %d, lowest count %d, final %d; want removals down to the minimum of 2", removed, minNodes, c.Nodes())
	}
}

// Two empty nodes of three are removed together once unneeded for 10 min
// (first found at the first scan, 0–10 s in); the pool keeps its minimum.
func TestClusterAutoscalerRemovesEmptyNodes(t *testing.T) {
	cfg := oneDeployment(func(c *Config, d *Deployment) {
		c.NodeAutoscaler = ClusterAutoscaler
		c.NodePools[0].Nodes, c.NodePools[0].MinNodes = 3, 1
		d.Replicas = 1
	})
	k, c := build(t, cfg, 1)
	k.RunUntil(sim.At(30 * time.Minute))
	var at []sim.Time
	for _, h := range c.History() {
		if h.Kind == NodeRemove {
			at = append(at, h.At)
		}
	}
	if len(at) != 2 || at[0] != at[1] || at[0] < sim.At(10*time.Minute) || at[0] > sim.At(10*time.Minute+20*time.Second) || c.Nodes() != 1 || c.ReadyPods(0) != 1 {
		t.Errorf("removals at %v, nodes %d, ready pods %d; want two at one scan in [10m, 10m20s], 1 node, 1 pod", at, c.Nodes(), c.ReadyPods(0))
	}
}

// autoscaledCluster is one CPU-scaled deployment on a pool the cluster
// autoscaler sizes from nodes (also its minimum) up to 10, each launch
// taking exactly 60 s.
func autoscaledCluster(nodes int) Config {
	return oneDeployment(func(c *Config, d *Deployment) {
		c.NodeAutoscaler = ClusterAutoscaler
		c.NodeLaunch = dist.Const(60 * time.Second)
		c.NodePools[0].Nodes, c.NodePools[0].MinNodes, c.NodePools[0].MaxNodes = nodes, nodes, 10
		d.Replicas = 2
		d.CPURequestMilli, d.CPULimitMilli = 500, 1000
		d.HPA = cpuHPA(60, 2, 20)
	})
}

func podsHPA(metric string, targetMilli int64, lo, hi int) *hpa.Config {
	h := hpa.DefaultConfig()
	h.Metric = hpa.MetricTarget{Type: hpa.PodsAverageValue, Name: metric, AverageValueMilli: targetMilli}
	h.MinReplicas, h.MaxReplicas = lo, hi
	return &h
}

// The Pods metrics' window defaults to prometheus-adapter's rate interval.
func TestDefaultMetricWindow(t *testing.T) {
	if DefaultMetricWindow != 5*time.Minute {
		t.Errorf("DefaultMetricWindow = %v; want 5m (prometheus-adapter's default rate interval)", DefaultMetricWindow)
	}
	if got := DefaultDeployment("web").HPAMetricWindow; got != DefaultMetricWindow {
		t.Errorf("DefaultDeployment().HPAMetricWindow = %v; want %v", got, DefaultMetricWindow)
	}
}

// A step of the load from 10 to 20 requests/s at 600 s, on two pods whose
// HPA cannot rescale (min = max = 2), so the readings are the pipeline's
// alone. At every sync at t the HPA reads, per pod, the requests answered
// in (t − W, t] ÷ W ("rps"), or the time-averaged requests in flight over
// it ("inflight", each request in the pod for exactly 500 ms): in sum over
// the pods exactly that, up to each pod's rounding to a milli-unit. So the
// step shows as a ramp: the reading first exceeds the old level at the
// first sync after the step and shows the whole 2× only at the first sync
// at or after 600 s + W. Syncs in the first W divide the run so far by W,
// as Prometheus's rate() over a series younger than its range does.
func TestHPAMetricWindow(t *testing.T) {
	const (
		stepAt  = 600 * time.Second
		horizon = 1200 * time.Second
		pods    = 2
	)
	for _, tc := range []struct {
		name   string
		metric string
		window time.Duration
		io     time.Duration
	}{
		{"rps over 2m", MetricRPS, 2 * time.Minute, 0},
		{"rps over the default 5m", MetricRPS, DefaultMetricWindow, 0},
		{"rps over 20s, not a multiple of the sync period", MetricRPS, 20 * time.Second, 0},
		{"rps counts answers, not arrivals", MetricRPS, 2 * time.Minute, 500 * time.Millisecond},
		{"inflight over 2m", MetricInflight, 2 * time.Minute, 500 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				instant(d)
				c.StatsHousekeeping = 0
				d.Replicas = pods
				d.HPA = podsHPA(tc.metric, 1000, pods, pods)
				d.HPAMetricWindow = tc.window
			})
			var arrivals []time.Duration
			for at := time.Duration(0); at < horizon; {
				arrivals = append(arrivals, at)
				if at < stepAt {
					at += 100 * time.Millisecond
				} else {
					at += 50 * time.Millisecond
				}
			}
			// want is the reading summed over the pods, in milli-units,
			// at a sync at now.
			want := func(now time.Duration) float64 {
				from := now - tc.window
				var v float64
				for _, a := range arrivals {
					if tc.metric == MetricRPS {
						if done := a + tc.io; done > from && done <= now {
							v++
						}
						continue
					}
					lo, hi := max(a, from), min(a+tc.io, now)
					if hi > lo {
						v += float64(hi - lo)
					}
				}
				if tc.metric == MetricRPS {
					return v / tc.window.Seconds() * 1000
				}
				return v / float64(tc.window) * 1000
			}
			k := sim.New(7)
			rec := metrics.NewRecorder(10*time.Second, 1)
			c, err := New(k, cfg, rec)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			models.Drive(k, reqsAt(models.Work{IO: tc.io}, arrivals...), c, rec)
			old := want(stepAt - time.Second) // the level before the step
			var full time.Duration            // the first sync that shows the whole step
			syncs := 0
			for tick := c.deps[0].hpaTick; k.Next() <= sim.At(horizon) && k.Step(); {
				if c.deps[0].hpaTick == tick {
					continue
				}
				tick = c.deps[0].hpaTick
				now := time.Duration(k.Now())
				var sum int64
				n := 0
				for _, s := range c.deps[0].samples {
					if s.Metric != nil {
						sum += s.Metric.ValueMilli
						n++
						if s.Metric.Window != tc.window || s.Metric.Timestamp != k.Now() {
							t.Fatalf("sync at %v: sample window %v at %v; want %v at the sync", now, s.Metric.Window, s.Metric.Timestamp, tc.window)
						}
					}
				}
				if now < time.Minute {
					continue // pods enter the metrics API after two scrapes
				}
				if n != pods {
					t.Fatalf("sync at %v: %d pods with a metric; want %d", now, n, pods)
				}
				syncs++
				w := want(now)
				if math.Abs(float64(sum)-w) > pods {
					t.Errorf("sync at %v: reading %d milli summed over the pods; want %.1f", now, sum, w)
				}
				if full == 0 && now > stepAt && math.Abs(float64(sum)-2*old) <= pods {
					full = now
				}
				switch {
				case now <= stepAt && math.Abs(float64(sum)-old) > pods && now >= tc.window+tc.io:
					t.Errorf("sync at %v, before the step: reading %d; want the old level %.0f", now, sum, old)
				case now > stepAt+tc.io && now < stepAt+tc.window && !(float64(sum) > old+pods && float64(sum) < 2*old-pods):
					t.Errorf("sync at %v, inside the window after the step: reading %d; want between %.0f and %.0f", now, sum, old, 2*old)
				}
			}
			sync := c.deps[0].hpa.Config().SyncPeriod
			t.Logf("%d syncs; level %.0f → %.0f milli in sum; the step shows in full at %v", syncs, old, 2*old, full)
			if full < stepAt+tc.window || full >= stepAt+tc.io+tc.window+sync {
				t.Errorf("the step to 2× showed in full at %v; want at the first sync at or after %v", full, stepAt+tc.io+tc.window)
			}
		})
	}
}
