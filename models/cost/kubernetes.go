package cost

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/models"
)

// NodeUsage is the billed life of worker nodes of one instance type and
// capacity type, in one of two forms:
//
//   - Lifetime: each of Nodes nodes (0 counts as 1) lived this long;
//     EC2 bills it per started second with a minimum of
//     Prices.EC2.MinimumSeconds per launch (a node living 10 s costs 60 s,
//     one living 61 s costs 61 s). NodeBetween builds it from launch and
//     termination times.
//   - BilledSeconds > 0: node-seconds already billed by the caller, the
//     minimum applied (kubernetes.NodeUsage.BilledSeconds), or a window's
//     increment of them; Lifetime must be 0 and Nodes is ignored.
type NodeUsage struct {
	InstanceType  string
	Capacity      models.Capacity
	Nodes         int
	Lifetime      time.Duration
	BilledSeconds float64
}

// KubernetesUsage is what an EKS cluster cost over a run.
type KubernetesUsage struct {
	Nodes []NodeUsage
	// ControlPlaneHours is EKS cluster-hours (the run's length, for one
	// cluster).
	ControlPlaneHours float64
	// ExtendedSupport bills the control plane at the extended-support rate.
	ExtendedSupport bool
	// ALB is the ingress load balancer (EC2/IP targets); zero for none.
	ALB ALBUsage
	// CrossAZGB is data that crossed availability zones, counted once; it
	// is billed in each direction. Traffic through an ALB's own cross-zone
	// routing is free and belongs not here.
	CrossAZGB float64
}

// KubernetesCost bills a cluster. Lines, in order: one per instance type
// and capacity type, sorted by type then on-demand before spot ("node
// m6i.large on-demand", billed node-hours at the hourly price; spot at
// SpotHourUSD or HourUSD × (1 − SpotDiscount)); "eks control plane";
// "alb hours" and "alb lcu-hours" (EC2-target byte dimension);
// "cross-az transfer" (GB at twice the per-direction price).
func (p *Prices) KubernetesCost(u KubernetesUsage) (Breakdown, error) {
	return p.kubernetesCost([]KubernetesUsage{u}, nil)
}

// kubernetesCost bills the sum of windows; paths[i] prefixes the problems
// of windows[i] (none when paths is nil).
func (p *Prices) kubernetesCost(windows []KubernetesUsage, paths []string) (Breakdown, error) {
	var pr models.Problems
	pr.Merge("", p.Validate())
	var nodes []NodeUsage
	var albs []ALBUsage
	controlPlane, crossAZ := new(big.Rat), new(big.Rat)
	extended := false
	for i := range windows {
		w := &windows[i]
		prefix := ""
		if paths != nil {
			prefix = paths[i]
		}
		if !w.validate(&pr, p, prefix) {
			continue
		}
		nodes = append(nodes, w.Nodes...)
		if w.ALB != (ALBUsage{}) {
			albs = append(albs, w.ALB)
		}
		controlPlane.Add(controlPlane, dec(w.ControlPlaneHours))
		crossAZ.Add(crossAZ, dec(w.CrossAZGB))
		extended = extended || w.ExtendedSupport
	}
	if err := pr.Err(); err != nil {
		return Breakdown{}, err
	}

	type group struct {
		typ     string
		c       models.Capacity
		seconds *big.Rat
	}
	var groups []group
	minimum := dec(p.EC2.MinimumSeconds)
	for _, n := range nodes {
		var secs *big.Rat
		if n.BilledSeconds > 0 {
			secs = dec(n.BilledSeconds)
		} else {
			secs = mul(maxRat(ceilRat(ratDuration(n.Lifetime)), minimum), ratInt(int64(max(n.Nodes, 1))))
		}
		i := slices.IndexFunc(groups, func(g group) bool { return g.typ == n.InstanceType && g.c == n.Capacity })
		if i < 0 {
			groups = append(groups, group{n.InstanceType, n.Capacity, new(big.Rat)})
			i = len(groups) - 1
		}
		groups[i].seconds.Add(groups[i].seconds, secs)
	}
	slices.SortFunc(groups, func(a, b group) int {
		return cmp.Or(strings.Compare(a.typ, b.typ), cmp.Compare(a.c, b.c))
	})

	var b Breakdown
	hour := ratInt(3600)
	for _, g := range groups {
		price, _ := p.nodeHourPrice(g.typ, g.c) // checked by validate
		b.add(nodeItem(g.typ, g.c), quo(g.seconds, hour), "node-h", price)
	}
	if controlPlane.Sign() > 0 {
		price := p.EKS.ClusterHourUSD
		if extended {
			price = p.EKS.ClusterHourExtendedUSD
		}
		b.add("eks control plane", controlPlane, "cluster-h", dec(price))
	}
	b.alb(&p.ALB, sumALB(albs), dec(p.ALB.LCUProcessedGBPerHour))
	if crossAZ.Sign() > 0 {
		b.add("cross-az transfer", crossAZ, "GB", mul(ratInt(2), dec(p.Transfer.CrossAZGBUSD)))
	}
	return b, nil
}

// nodeItem is the line of nodes of one instance type and capacity type.
func nodeItem(typ string, c models.Capacity) string { return fmt.Sprintf("node %s %s", typ, c) }

// nodeHourPrice is the price of one node-hour of type typ and capacity
// type c: on-demand at HourUSD; spot at SpotHourUSD or HourUSD × (1 −
// SpotDiscount). It is false for a type without a price.
func (p *Prices) nodeHourPrice(typ string, c models.Capacity) (*big.Rat, bool) {
	ip, ok := p.EC2.Instance(typ)
	if !ok {
		return nil, false
	}
	price := dec(ip.HourUSD)
	if c == models.Spot {
		if ip.SpotHourUSD > 0 {
			price = dec(ip.SpotHourUSD)
		} else {
			price = mul(price, sub(ratInt(1), dec(p.EC2.SpotDiscount)))
		}
	}
	return price, true
}

// NodeHourUSD is the price one node-hour of type typ and capacity type c
// is billed at (nodeHourPrice, as a float): what the cluster model's
// Karpenter ranks instance types by, so that it chooses by the prices the
// bill charges. It is false for a type without a price.
func (p *Prices) NodeHourUSD(typ string, c models.Capacity) (float64, bool) {
	r, ok := p.nodeHourPrice(typ, c)
	if !ok {
		return 0, false
	}
	f, _ := r.Float64()
	return f, true
}

// validate reports what is wrong with u, under prefix, and whether it is
// usable.
func (u *KubernetesUsage) validate(pr *models.Problems, p *Prices, prefix string) bool {
	ok := true
	bad := func(path string, v any, sentinel error, format string, args ...any) {
		pr.Add(prefix+path, v, sentinel, format, args...)
		ok = false
	}
	for i, n := range u.Nodes {
		at := fmt.Sprintf("nodes[%d].", i)
		if _, found := p.EC2.Instance(n.InstanceType); !found {
			bad(at+"instanceType", n.InstanceType, models.ErrUnknown,
				"no price; priced: %s (set ec2.<type>.hourUSD)", strings.Join(p.EC2.Types(), ", "))
		}
		if n.Capacity > models.Spot {
			bad(at+"capacity", uint8(n.Capacity), models.ErrUnknown, "must be on-demand or spot")
		}
		if n.Nodes < 0 {
			bad(at+"nodes", n.Nodes, models.ErrRange, "must be ≥ 0")
		}
		if n.Lifetime < 0 {
			bad(at+"lifetime", n.Lifetime, models.ErrRange, "must be ≥ 0")
		}
		if v := n.BilledSeconds; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			bad(at+"billedSeconds", v, models.ErrRange, "must be ≥ 0")
		}
		if n.BilledSeconds > 0 && n.Lifetime != 0 {
			bad(at+"lifetime", n.Lifetime, models.ErrInvalid, "give lifetime or billedSeconds, not both")
		}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"controlPlaneHours", u.ControlPlaneHours}, {"crossAZGB", u.CrossAZGB}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			bad(f.name, f.v, models.ErrRange, "must be ≥ 0")
		}
	}
	if !u.ALB.validate(pr, prefix+"alb.") {
		ok = false
	}
	return ok
}
