package cost

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/execsim/execsim/models"
)

// Allocation is a bill split among the parts that ran it up (a fleet's
// services, DESIGN §10): Parts[i] is what part i owes, and Shared what no
// one part owes alone — a line of the bill, or the rest of one, such as a
// cluster's idle capacity. The parts and the shared amounts add up to the
// bill's total exactly (Check).
//
// The split is worked out exactly and rounded once, last: Parts and the
// shared Amounts are the exact amounts rounded to the micro-dollar by
// largest remainder over the whole allocation (Rounded), and the exact
// ones stay beside them (ExactParts, ExactShared) for what is computed
// from them, such as a month projected from a 30-minute run, which would
// otherwise multiply each part's rounding by 1,460 (outputs9: a function
// owing 0.6 µ$ a run showed $0.00146 a month, one whole micro-dollar's
// worth). The bill's lines are rounded once each, as before; only how
// they are split among parts is kept exact.
type Allocation struct {
	Parts  []Money
	Shared []Share
	// exact are the amounts before rounding, in micro-dollars: one per
	// part, then one per shared amount; nil when Parts and Shared are
	// exact (an allocation written in whole micro-dollars)
	exact []*big.Rat
	// unrounded are the same amounts split from the bill's lines before
	// they were rounded (Line.exact), in exact's order; nil when the
	// allocation was not split from lines (see Unrounded)
	unrounded []*big.Rat
}

// ExactShare is a shared amount before rounding, in micro-dollars.
type ExactShare struct {
	Item   string
	Amount *big.Rat
}

// Rounded is the allocation of the exact amounts parts and shared (in
// micro-dollars; they add up to whole micro-dollars, a bill's total),
// rounded once: each amount down to the micro-dollar, then the
// micro-dollars left one each to the largest remainders, the earlier
// amount first on a tie (parts before shared), so that the rounded
// amounts add up to the exact total.
func Rounded(parts []*big.Rat, shared []ExactShare) Allocation {
	a := Allocation{Parts: make([]Money, len(parts)), Shared: make([]Share, len(shared))}
	a.exact = make([]*big.Rat, 0, len(parts)+len(shared))
	for _, x := range parts {
		a.exact = append(a.exact, new(big.Rat).Set(x))
	}
	for k, s := range shared {
		a.Shared[k].Item = s.Item
		a.exact = append(a.exact, new(big.Rat).Set(s.Amount))
	}
	type rest struct {
		k    int
		frac *big.Rat
	}
	rounded := make([]Money, len(a.exact))
	rests := make([]rest, len(a.exact))
	var floors int64
	for k, x := range a.exact {
		f := new(big.Int).Div(x.Num(), x.Denom()) // Euclidean: the floor, as Denom > 0
		rounded[k] = Money(f.Int64())
		floors += f.Int64()
		rests[k] = rest{k, sub(x, new(big.Rat).SetInt(f))}
	}
	left := roundHalfAway(add(a.exact...)) - floors
	slices.SortStableFunc(rests, func(x, y rest) int { return y.frac.Cmp(x.frac) })
	for j := range min(left, int64(len(rests))) {
		rounded[rests[j].k]++
	}
	copy(a.Parts, rounded)
	for k := range a.Shared {
		a.Shared[k].Amount = rounded[len(parts)+k]
	}
	return a
}

// ExactParts are the parts' amounts before rounding, in micro-dollars.
func (a Allocation) ExactParts() []*big.Rat {
	out := make([]*big.Rat, len(a.Parts))
	for i := range out {
		out[i] = a.exactAt(i, a.Parts[i])
	}
	return out
}

// ExactShared are the shared amounts before rounding, in a.Shared's order.
func (a Allocation) ExactShared() []ExactShare {
	out := make([]ExactShare, len(a.Shared))
	for k, s := range a.Shared {
		out[k] = ExactShare{s.Item, a.exactAt(len(a.Parts)+k, s.Amount)}
	}
	return out
}

// UnroundedParts are the parts' amounts split from the bill's unrounded
// lines, in micro-dollars, and UnroundedShared the shared amounts so: what
// a part's own usage comes to at the list price, whatever the other parts
// ran up. ExactParts split the lines' rounded amounts, so that they add up
// to the bill; but a line rounds to the micro-dollar from the whole
// account's quantity, and a part's exact share of it carries the line's
// rounding in proportion: walk14 (defect 5) edited one service's traffic
// and the "lambda init" line, 158.8 µ$ rounded to 159 µ$ before and 175.13
// µ$ to 175 µ$ after, moved every other function's share of it by a
// tenth of a percent, ×1,460 in a 30-minute run's month (auth's $1.351345
// became $1.351339). A month is projected from these instead
// (platform.MonthlyShares). They are ExactParts and ExactShared when the
// allocation was not split from the lines (Rounded, KubernetesAllocation:
// a cluster's parts are priced from the node's price, not its line).
func (a Allocation) UnroundedParts() []*big.Rat {
	if a.unrounded == nil {
		return a.ExactParts()
	}
	out := make([]*big.Rat, len(a.Parts))
	for i := range out {
		out[i] = new(big.Rat).Set(a.unrounded[i])
	}
	return out
}

// UnroundedShared are the shared amounts split from the bill's unrounded
// lines (see UnroundedParts), in a.Shared's order.
func (a Allocation) UnroundedShared() []ExactShare {
	if a.unrounded == nil {
		return a.ExactShared()
	}
	out := make([]ExactShare, len(a.Shared))
	for k, s := range a.Shared {
		out[k] = ExactShare{s.Item, new(big.Rat).Set(a.unrounded[len(a.Parts)+k])}
	}
	return out
}

// exactAt is exact amount k (a copy), or m when a keeps none.
func (a Allocation) exactAt(k int, m Money) *big.Rat {
	if a.exact == nil || k >= len(a.exact) {
		return ratInt(int64(m))
	}
	return new(big.Rat).Set(a.exact[k])
}

// Clone is a copy of a that shares nothing with it.
func (a Allocation) Clone() Allocation {
	return Allocation{Parts: slices.Clone(a.Parts), Shared: slices.Clone(a.Shared), exact: slices.Clone(a.exact),
		unrounded: slices.Clone(a.unrounded)}
}

// exactSplit is an allocation being worked out, before rounding.
type exactSplit struct {
	parts  []*big.Rat
	shared []ExactShare
}

func newExactSplit(parts int) *exactSplit {
	e := &exactSplit{parts: make([]*big.Rat, parts)}
	for i := range e.parts {
		e.parts[i] = new(big.Rat)
	}
	return e
}

// share adds amount to the shared item, after the items before it.
func (e *exactSplit) share(item string, amount *big.Rat) {
	for i := range e.shared {
		if e.shared[i].Item == item {
			e.shared[i].Amount.Add(e.shared[i].Amount, amount)
			return
		}
	}
	e.shared = append(e.shared, ExactShare{item, new(big.Rat).Set(amount)})
}

// split adds total × w_i / Σw to each part i; false (and nothing added)
// when the weights sum to zero.
func (e *exactSplit) split(total *big.Rat, weights []*big.Rat) bool {
	sum := add(weights...)
	if sum.Sign() == 0 {
		return false
	}
	for i, w := range weights {
		if w.Sign() != 0 {
			e.parts[i].Add(e.parts[i], quo(mul(total, w), sum))
		}
	}
	return true
}

func (e *exactSplit) round() Allocation { return Rounded(e.parts, e.shared) }

// Share is an amount of a bill that no one part owes.
type Share struct {
	Item   string // a line's item ("eks control plane"), or "idle", "daemonsets"
	Amount Money
}

// Total is the parts and the shared amounts added up.
func (a Allocation) Total() Money {
	var t Money
	for _, m := range a.Parts {
		t += m
	}
	for _, s := range a.Shared {
		t += s.Amount
	}
	return t
}

// Check reports an allocation that does not add up to b's total.
func (a Allocation) Check(b Breakdown) error {
	if got, want := a.Total(), b.Total(); got != want {
		return fmt.Errorf("cost: the allocation adds up to %v; the bill is %v", got, want)
	}
	return nil
}

// splitLines splits each line of b whose weights returns non-zero
// weights among parts parts in proportion, exactly, and shares the others
// under their items; the whole is rounded once (Rounded).
func splitLines(b Breakdown, parts int, weights func(item string) []*big.Rat) Allocation {
	// u splits the lines' unrounded amounts the same way
	// (Allocation.UnroundedParts)
	e, u := newExactSplit(parts), newExactSplit(parts)
	for _, l := range b.Lines {
		amount, unrounded := ratInt(int64(l.Amount)), ratInt(int64(l.Amount))
		if l.exact != nil {
			unrounded = mul(l.exact, million)
		}
		if w := weights(l.Item); w == nil || !e.split(amount, w) {
			e.share(l.Item, amount)
			u.share(l.Item, unrounded)
		} else {
			u.split(unrounded, w)
		}
	}
	a := e.round()
	a.unrounded = append(u.parts, make([]*big.Rat, 0, len(u.shared))...)
	for _, s := range u.shared {
		a.unrounded = append(a.unrounded, s.Amount)
	}
	return a
}

// LambdaAllocation splits b, the bill LambdaCost wrote for in and o, among
// in's functions (Parts in the order of in.Functions). A function owes
// exactly its own part of each line it ran up — its requests; its
// on-demand, INIT and provisioned GB-seconds; its provisioned concurrency;
// its calls through an API Gateway or a function URL (LambdaUsage.Calls) —
// each line split exactly in proportion, the whole rounded once to the
// micro-dollar so that the parts and shared lines add up to the bill. The account's lines stay shared, under their items: the free tier
// and the volume-tier credits (AWS grants them per account and month, not
// per function) and an ALB front door's hours and LCUs.
func (p *Prices) LambdaAllocation(b Breakdown, in LambdaInput, o Options) (Allocation, error) {
	lp := &p.Lambda
	n := len(in.Functions)
	type column struct {
		item string
		w    []*big.Rat
	}
	var cols []column
	col := func(item string) []*big.Rat {
		for _, c := range cols {
			if c.item == item {
				return c.w
			}
		}
		w := make([]*big.Rat, n)
		for i := range w {
			w[i] = new(big.Rat)
		}
		cols = append(cols, column{item, w})
		return w
	}
	requests, calls := col("lambda requests"), make([]*big.Rat, n)
	for i, u := range in.Functions {
		f := newFunction(u)
		g := f.gbSeconds(lp)
		arch := u.Arch.String()
		requests[i] = ratInt(u.Requests)
		col("lambda duration " + arch)[i] = g.invoke
		col("lambda init " + arch)[i] = g.init
		col("lambda provisioned concurrency " + arch)[i] = g.pcAlloc
		col("lambda provisioned duration " + arch)[i] = g.pcDur
		col("lambda snapstart cache")[i] = g.snapCache
		col("lambda snapstart restore")[i] = g.snapRestore
		calls[i] = ratInt(u.Calls)
	}
	for _, item := range []string{"api gateway rest requests", "api gateway http requests", "function url requests"} {
		cols = append(cols, column{item, calls})
	}
	a := splitLines(b, n, func(item string) []*big.Rat {
		for _, c := range cols {
			if c.item == item {
				return c.w
			}
		}
		return nil
	})
	if err := a.Check(b); err != nil {
		return Allocation{}, err
	}
	return a, nil
}

// NodeShare is the time a workload held nodes of one kind, weighted by its
// share of each node: Σ over its pods of share × seconds bound.
type NodeShare struct {
	InstanceType string
	Capacity     models.Capacity
	Seconds      float64
}

// KubernetesPart is what one part of a cluster (a service's Deployment)
// held and sent.
type KubernetesPart struct {
	Nodes []NodeShare
	// CrossAZGB is the part's bytes in KubernetesUsage.CrossAZGB, in GB.
	CrossAZGB float64
}

// KubernetesAllocation splits b, the bill KubernetesCost wrote, among parts
// the way OpenCost and Kubecost allocate a cluster (the OpenCost
// specification, opencost/opencost spec/opencost-specv01.md: Total Cluster
// Costs = Workload Costs + Cluster Idle Costs + Cluster Overhead Costs;
// idle is the asset cost no workload was allocated).
//
//   - A node line ("node m6i.large on-demand"): each part owes its
//     share-weighted node-hours of that kind (NodeShare, see
//     models/kubernetes for the share) at the line's hourly price, and the
//     DaemonSets theirs, shared as "daemonsets" (system pods every tenant
//     needs); the rest of the line — capacity no pod requested, nodes not
//     yet Ready, EC2's minimum per launch — is "idle".
//   - "cross-az transfer" is apportioned by the parts' cross-zone GB, a
//     usage cost each part caused.
//   - Everything else is overhead, shared under its own item: the EKS
//     control plane and the ALB's hours and LCUs.
//
// The amounts are rounded so that parts, idle and shared lines add up to
// the bill exactly.
func (p *Prices) KubernetesAllocation(b Breakdown, parts []KubernetesPart, daemonSets []NodeShare) (Allocation, error) {
	e := newExactSplit(len(parts) + 1) // the last the DaemonSets'
	e.parts = e.parts[:len(parts)]
	ds := new(big.Rat)
	// One row per node line the shares fall on: its price in micro-dollars
	// per node-second and each part's exact micro-dollars on it, the last
	// entry the DaemonSets'.
	type row struct {
		item   string
		price  *big.Rat
		exact  []*big.Rat
		billed bool
	}
	var rows []*row
	hold := func(i int, s NodeShare) error {
		item := nodeItem(s.InstanceType, s.Capacity)
		k := slices.IndexFunc(rows, func(r *row) bool { return r.item == item })
		if k < 0 {
			hour, ok := p.nodeHourPrice(s.InstanceType, s.Capacity)
			if !ok {
				return fmt.Errorf("cost: no price for instance type %q", s.InstanceType)
			}
			r := &row{item: item, price: quo(mul(hour, million), ratInt(3600)), exact: make([]*big.Rat, len(parts)+1)}
			for j := range r.exact {
				r.exact[j] = new(big.Rat)
			}
			rows = append(rows, r)
			k = len(rows) - 1
		}
		r := rows[k]
		r.exact[i].Add(r.exact[i], mul(dec(s.Seconds), r.price))
		return nil
	}
	crossAZ := make([]*big.Rat, len(parts))
	for i, part := range parts {
		for _, s := range part.Nodes {
			if err := hold(i, s); err != nil {
				return Allocation{}, err
			}
		}
		crossAZ[i] = dec(part.CrossAZGB)
	}
	for _, s := range daemonSets {
		if err := hold(len(parts), s); err != nil {
			return Allocation{}, err
		}
	}
	for _, l := range b.Lines {
		k := slices.IndexFunc(rows, func(r *row) bool { return r.item == l.Item })
		amount := ratInt(int64(l.Amount))
		switch {
		case k >= 0:
			r := rows[k]
			r.billed = true
			// what the shares held, within the line (a node's minimum
			// billing makes the line more; never less but by rounding)
			sum := add(r.exact...)
			held := maxRat(minRat(sum, amount), new(big.Rat))
			if sum.Sign() > 0 {
				for i, x := range r.exact[:len(parts)] {
					e.parts[i].Add(e.parts[i], quo(mul(held, x), sum))
				}
				ds.Add(ds, quo(mul(held, r.exact[len(parts)]), sum))
			}
			e.share("idle", sub(amount, held))
			if len(daemonSets) > 0 {
				e.share("daemonsets", new(big.Rat)) // after idle, in the order of before
			}
		case l.Item == "cross-az transfer" && add(crossAZ...).Sign() > 0:
			e.split(amount, crossAZ)
		default:
			e.share(l.Item, amount)
		}
	}
	for _, r := range rows {
		if !r.billed {
			return Allocation{}, fmt.Errorf("cost: node time held on %s, which the bill has no line for", r.item)
		}
	}
	if len(daemonSets) > 0 {
		e.share("daemonsets", ds)
	}
	a := e.round()
	if err := a.Check(b); err != nil {
		return Allocation{}, err
	}
	return a, nil
}

// SplitParts splits each part of a among its members, for parts shared by
// several (a Deployment serving several services): member j belongs to
// part of[j] and weighs weights[j] (none negative). Each part's exact
// amount is split among its members in proportion to their weights, or
// evenly when its members' weights are all zero, and the whole rounded
// once (Rounded). The result has one part per member, and the shared
// amounts of a; it adds up to the same total. A part with an amount and
// no member is an error.
func (a Allocation) SplitParts(of []int, weights []int64) (Allocation, error) {
	if len(weights) != len(of) {
		return Allocation{}, fmt.Errorf("cost: %d weights for %d members", len(weights), len(of))
	}
	exact := a.ExactParts()
	e := &exactSplit{parts: make([]*big.Rat, len(of)), shared: a.ExactShared()}
	for j := range e.parts {
		e.parts[j] = new(big.Rat)
	}
	members := make([][]int, len(a.Parts))
	for j, p := range of {
		if p < 0 || p >= len(a.Parts) {
			return Allocation{}, fmt.Errorf("cost: member %d of part %d; there are %d parts", j, p, len(a.Parts))
		}
		if weights[j] < 0 {
			return Allocation{}, fmt.Errorf("cost: member %d weighs %d", j, weights[j])
		}
		members[p] = append(members[p], j)
	}
	for p, amount := range a.Parts {
		m := members[p]
		if len(m) == 0 {
			if amount != 0 || exact[p].Sign() != 0 {
				return Allocation{}, fmt.Errorf("cost: part %d owes %v and has no member", p, amount)
			}
			continue
		}
		if amount < 0 || exact[p].Sign() < 0 { // never for a cluster's parts
			return Allocation{}, fmt.Errorf("cost: part %d owes %v", p, amount)
		}
		w := make([]*big.Rat, len(m))
		for k, j := range m {
			w[k] = ratInt(weights[j])
		}
		if add(w...).Sign() == 0 {
			for k := range w {
				w[k] = ratInt(1)
			}
		}
		sum := add(w...)
		for k, j := range m {
			e.parts[j] = quo(mul(exact[p], w[k]), sum)
		}
	}
	return e.round(), nil
}
