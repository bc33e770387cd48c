package kubernetes

import (
	"math"

	"github.com/execsim/execsim/sim"
)

// A pod's CPU is processor-shared (serving.go explains the model): the
// requests in their CPU phase progress at rate/n each, tracked in virtual
// time with a heap of finishing points, so that only the next completion
// is ever scheduled.

type psItem struct {
	fin  float64 // the pod's virtual time at which the request's CPU work is done
	slot int32
	gen  uint32
}

// psHeap is a binary min-heap on fin.
type psHeap []psItem

func (h *psHeap) push(it psItem) {
	*h = append(*h, it)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].fin <= it.fin {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = it
}

func (h *psHeap) pop() psItem {
	s := *h
	top := s[0]
	n := len(s) - 1
	last := s[n]
	s = s[:n]
	*h = s
	if n == 0 {
		return top
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && s[r].fin < s[l].fin {
			l = r
		}
		if last.fin <= s[l].fin {
			break
		}
		s[i] = s[l]
		i = l
	}
	s[i] = last
	return top
}

// cpuDone handles the pod's next CPU completion (and any at the same time).
func (c *Cluster) cpuDone(k *sim.Kernel, pi int32) {
	now := k.Now()
	c.psAdvance(pi, now)
	p := c.pods.At(pi)
	done := c.scratch[:0]
	for len(p.ps) > 0 {
		top := p.ps[0]
		if !c.psLive(pi, top) {
			p.ps.pop()
			continue
		}
		// Completions were scheduled at the ceiling nanosecond, so v has
		// reached fin up to float rounding.
		if top.fin > p.v+0.5 {
			break
		}
		p.ps.pop()
		p.nCPU--
		done = append(done, top.slot)
	}
	c.psReschedule(k, pi)
	c.scratch = done[:0]
	for _, slot := range done {
		c.startIO(k, slot)
	}
}

func (c *Cluster) psLive(pi int32, it psItem) bool {
	rs := c.reqs.At(it.slot)
	return rs.live && rs.gen == it.gen && rs.pod == pi && rs.phase == phaseCPU
}

// psAdvance brings the pod's virtual time and CPU account up to now.
func (c *Cluster) psAdvance(pi int32, now sim.Time) {
	p := c.pods.At(pi)
	if p.nCPU > 0 && now > p.psLast {
		dt := float64(now - p.psLast)
		p.v += p.rate * dt
		p.cpuNs += p.rate * float64(p.nCPU) * dt
	}
	if now > p.psLast {
		p.psLast = now
	}
}

func (p *pod) psRate() float64 {
	if p.nCPU == 0 {
		return 0
	}
	return min(1, p.capCPU/float64(p.nCPU))
}

func (c *Cluster) psJoin(k *sim.Kernel, pi, slot int32, work float64) {
	c.psAdvance(pi, k.Now())
	p := c.pods.At(pi)
	p.ps.push(psItem{fin: p.v + work, slot: slot, gen: c.reqs.At(slot).gen})
	p.nCPU++
	c.psReschedule(k, pi)
}

func (c *Cluster) psLeave(k *sim.Kernel, pi int32) {
	c.psAdvance(pi, k.Now())
	c.pods.At(pi).nCPU--
	c.psReschedule(k, pi)
}

// setCPUCap changes the cores a pod may use.
func (c *Cluster) setCPUCap(k *sim.Kernel, pi int32, cores float64) {
	p := c.pods.At(pi)
	if p.capCPU == cores {
		return
	}
	c.psAdvance(pi, k.Now())
	p.capCPU = cores
	if p.nCPU > 0 {
		c.psReschedule(k, pi)
	}
}

// psReschedule recomputes the rate and schedules the next completion,
// cancelling the previous one.
func (c *Cluster) psReschedule(k *sim.Kernel, pi int32) {
	p := c.pods.At(pi)
	p.psGen++
	p.rate = p.psRate()
	for len(p.ps) > 0 && !c.psLive(pi, p.ps[0]) {
		p.ps.pop()
	}
	if p.nCPU == 0 || len(p.ps) == 0 {
		p.ps = p.ps[:0]
		return
	}
	if !(p.rate > 0) {
		return // no CPU at all: nothing completes until the cap changes
	}
	dt := math.Ceil((p.ps[0].fin - p.v) / p.rate)
	if dt < 0 {
		dt = 0
	}
	k.Schedule(sim.Event{At: k.Now() + sim.Time(dt), Kind: kindCPUDone, ID: int64(pi), Gen: p.psGen, To: c})
}

// liveCPUSeconds is the CPU used so far by deployment di's existing pods.
func (c *Cluster) liveCPUSeconds(di int) float64 {
	now := c.k.Now()
	var s float64
	for _, pi := range c.deps[di].pods {
		p := c.pods.At(pi)
		ns := p.cpuNs
		if p.nCPU > 0 && now > p.psLast {
			ns += p.rate * float64(p.nCPU) * float64(now-p.psLast)
		}
		s += ns / 1e9
	}
	return s
}
