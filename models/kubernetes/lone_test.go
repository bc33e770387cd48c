package kubernetes

import (
	"fmt"
	"hash"
	"hash/fnv"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// callLog hashes every recorder call, arguments and order, so that two runs
// can be compared call for call.
type callLog struct {
	h hash.Hash64
	n int
}

func (l *callLog) Arrive(now sim.Time, req *models.Request) {
	l.n++
	fmt.Fprintf(l.h, "A %d %+v\n", now, *req)
}

func (l *callLog) Finish(now sim.Time, req *models.Request, o models.Outcome, latency time.Duration) {
	l.n++
	fmt.Fprintf(l.h, "F %d %+v %d %d\n", now, *req, o, latency)
}

func (l *callLog) ColdStart(now sim.Time, req *models.Request) {
	l.n++
	fmt.Fprintf(l.h, "C %d %+v\n", now, *req)
}

func (l *callLog) Gauge(now sim.Time, g models.Gauge, v float64) {
	l.n++
	fmt.Fprintf(l.h, "G %d %d %x\n", now, g, v) // %x: the float's exact value
}

// loneRun runs cfg against src with the lone-request paths on or off and
// returns everything a run reports: the recorder calls, the cluster's usage
// and history, the pods' CPU accounts and the kernel's events.
func loneRun(t *testing.T, cfg Config, src models.Source, horizon time.Duration, noLone bool) (string, int64) {
	t.Helper()
	k := sim.New(7)
	log := &callLog{h: fnv.New64a()}
	c, err := New(k, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	c.noLone = noLone
	models.Drive(k, src, c, log)
	k.RunUntil(sim.At(horizon))
	u := c.Usage()
	w := u.Wait
	u.Wait = nil // (a pointer: its contents below)
	out := fmt.Sprintf("calls %d %x\nevents %d fingerprint %x\nusage %+v\nwait %d %v %v %v %v\nhistory %+v\n",
		log.n, log.h.Sum64(), k.Events(), k.Fingerprint(), u,
		w.Count(), w.Mean(), w.Min(), w.Max(), w.Quantile(0.99), c.History())
	for i := range int32(c.pods.Len()) {
		p := c.pods.At(i)
		out += fmt.Sprintf("pod %d %x %x %x %d\n", i, p.cpuNs, p.v, p.alloc, p.next)
	}
	return out, c.lones
}

// The lone-request paths (loneJoin, loneLeave) are a shortcut through
// cpuChanged and psPlan: with them on or off, every recorder call, in the
// same order, the usage, the history, each pod's CPU account and the
// events must be the same, in configurations that meet every case they
// decline (isolated sharing, nodes divided by weight, aborts leaving dead
// heap entries, pods and nodes lost) and deterministic ties.
func TestLonePathsChangeNothing(t *testing.T) {
	even := func(n int, every time.Duration, w models.Work) models.Source {
		offs := make([]time.Duration, n)
		for i := range offs {
			offs[i] = time.Duration(i+1) * every
		}
		return reqsAt(w, offs...)
	}
	for _, tc := range []struct {
		name    string
		cfg     Config
		src     func() models.Source
		horizon time.Duration
		lone    bool // whether the run takes the shortcuts at all
	}{
		{"steady", oneDeployment(func(c *Config, d *Deployment) {
			c.NodePools[0].InstanceTypes = []string{"m6i.2xlarge"}
			d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 10, 1000, 1000
		}), func() models.Source {
			return newPoisson(500, "exp(mean=10ms)", "exp(mean=30ms)", 60*time.Second, 1)
		}, 60 * time.Second, true},
		{"contended", oneDeployment(func(c *Config, d *Deployment) {
			d.Replicas, d.CPURequestMilli = 12, 100
		}), func() models.Source {
			return newPoisson(400, "exp(mean=10ms)", "exp(mean=30ms)", 60*time.Second, 2)
		}, 60 * time.Second, true},
		{"autoscaled, zone lost, timeouts", func() Config {
			cfg := oneDeployment(func(c *Config, d *Deployment) {
				c.NodeAutoscaler = ClusterAutoscaler
				c.NodePools[0].MaxNodes = 8
				c.AZFailures = []AZFailure{{Zone: "us-east-1b", At: 150 * time.Second}}
				d.CPURequestMilli, d.CPULimitMilli = 300, 900
				d.Concurrency, d.Queue, d.Timeout = 8, 20, 5*time.Second
				d.HPA = cpuHPA(70, 3, 12)
			})
			for i, req := range []int64{100, 700} {
				d := DefaultDeployment(fmt.Sprintf("s%d", i))
				d.CPURequestMilli, d.Replicas, d.Concurrency = req, 3, 10
				cfg.Deployments = append(cfg.Deployments, d)
			}
			return cfg
		}(), func() models.Source {
			return roundRobin{newPoisson(120, "exp(mean=25ms)", "exp(mean=20ms)", 300*time.Second, 3).Step(100*time.Second, 300), 3}
		}, 300 * time.Second, true},
		{"isolated, HPA", oneDeployment(func(c *Config, d *Deployment) {
			c.CPUSharing = Isolated
			d.Replicas, d.CPURequestMilli = 3, 250
			d.HPA = cpuHPA(60, 2, 8)
		}), func() models.Source {
			return newPoisson(80, "exp(mean=20ms)", "exp(mean=10ms)", 200*time.Second, 4)
		}, 200 * time.Second, false},
		{"even arrivals, constant work: ties", oneDeployment(func(c *Config, d *Deployment) {
			instant(d)
			d.Replicas, d.Concurrency, d.Queue, d.Timeout = 1, 1, 0, 100*time.Millisecond
		}), func() models.Source {
			return even(50, 100*time.Millisecond, models.Work{CPU: 50 * time.Millisecond, IO: 50 * time.Millisecond})
		}, 10 * time.Second, true},
		{"constant CPU only, two per pod", oneDeployment(func(c *Config, d *Deployment) {
			instant(d)
			d.Replicas, d.CPURequestMilli, d.CPULimitMilli = 2, 500, 1000
		}), func() models.Source {
			return newPoisson(30, "40ms", "0s", 60*time.Second, 5)
		}, 60 * time.Second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			with, lones := loneRun(t, tc.cfg, tc.src(), tc.horizon, false)
			without, none := loneRun(t, tc.cfg, tc.src(), tc.horizon, true)
			if with != without {
				a, b := strings.Split(with, "\n"), strings.Split(without, "\n")
				for i := range min(len(a), len(b)) {
					if a[i] != b[i] {
						t.Errorf("line %d with the lone paths:\n%s\nwithout:\n%s", i, a[i], b[i])
						break
					}
				}
			}
			if none != 0 || (lones > 0) != tc.lone {
				t.Errorf("lone paths taken %d times (%d when off); want some: %v", lones, none, tc.lone)
			}
			t.Logf("lone paths taken %d times", lones)
		})
	}
}
