package kubernetes

// Routing picks a pod among those receiving traffic (Ready, in the
// endpoints and, behind an ALB, registered). With none the request is
// rejected at once: an ALB answers 503 when its target group has no healthy
// target in IP mode with the pods gone, and a Service without endpoints
// refuses the connection; neither holds the request until a pod appears.
//
//   - alb-round-robin: per request, in turn (ALB round_robin).
//   - alb-least-outstanding: the pod with the fewest requests queued or in
//     service; ties go to the next pod in round-robin order
//     (least_outstanding_requests).
//   - kube-proxy-random: uniformly random (iptables/nftables statistic
//     mode random); each request is taken to open its own connection.
func (c *Cluster) route(di int32, d *depState) int32 {
	n := len(d.serving)
	if n == 0 {
		return -1
	}
	switch d.cfg.Routing {
	case KubeProxyRandom:
		if n == 1 && !c.drawEvery {
			// IntN(1) is one Uint64 of the stream and always 0: the draw
			// is owed, not made (skipDraws), and paid before the next
			// pick among several pods, so every pick is the one the
			// stream would have given. The M/M/10 anchor's one pod
			// took ~75 instructions a customer for it (BENCHMARKS.md
			// "k8s13").
			d.routeOwed++
			return d.serving[0]
		}
		if d.routeOwed > 0 {
			skipDraws(&d.rngRoute, d.routeOwed)
			d.routeOwed = 0
			c.routeSkips++
		}
		return d.serving[c.rng.From(&d.rngRoute).IntN(n)]
	case ALBLeastOutstanding:
		// The first pod, in round-robin order from the cursor, with the
		// fewest outstanding requests (outstanding.go finds it in O(log n)).
		start := d.rr % n
		i := d.out.least(start)
		if c.routed != nil {
			c.routed(di, start, i)
		}
		d.rr = (i + 1) % n
		return d.serving[i]
	default:
		i := d.rr % n
		d.rr = i + 1
		return d.serving[i]
	}
}

// outstanding records a change in pod p's outstanding requests (queued or
// in service): in its deployment's count (Outstanding) and, for
// least-outstanding routing, in the serving pods' tree. Every change to
// p.active or p.queued is followed by a call before the event ends, except
// a queued request starting, which leaves the sum as it was.
func (c *Cluster) outstanding(p *pod) {
	if p.state == podGone {
		return // out of its deployment's pods (finalizePod took its count off)
	}
	d := &c.deps[p.dep]
	n := p.active + p.queued
	d.outReqs += int(n - p.outN)
	p.outN = n
	if p.servIdx >= 0 && d.out != nil {
		d.out.set(int(p.servIdx), n)
	}
}
