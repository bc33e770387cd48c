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
func (c *Cluster) route(di int32) int32 {
	d := &c.deps[di]
	n := len(d.serving)
	if n == 0 {
		return -1
	}
	switch d.cfg.Routing {
	case KubeProxyRandom:
		return d.serving[c.rngRoute.IntN(n)]
	case ALBLeastOutstanding:
		start := d.rr % n
		best := int32(-1)
		var bestOut int32
		for j := range n {
			pi := d.serving[(start+j)%n]
			p := c.pods.At(pi)
			if out := p.active + p.queued; best < 0 || out < bestOut {
				best, bestOut = pi, out
			}
		}
		d.rr = (int(c.pods.At(best).servIdx) + 1) % n
		return best
	default:
		i := d.rr % n
		d.rr = i + 1
		return d.serving[i]
	}
}
