package cost

import (
	"cmp"
	"fmt"
	"math/big"
	"math/bits"
	"slices"

	"github.com/execsim/execsim/models"
)

// Allocation is a bill split among the parts that ran it up (a fleet's
// services, DESIGN §10): Parts[i] is what part i owes, and Shared what no
// one part owes alone — a line of the bill, or the rest of one, such as a
// cluster's idle capacity. The parts and the shared amounts add up to the
// bill's total exactly (Check).
type Allocation struct {
	Parts  []Money
	Shared []Share
}

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

// share adds amount to the shared item, after the items before it.
func (a *Allocation) share(item string, amount Money) {
	for i := range a.Shared {
		if a.Shared[i].Item == item {
			a.Shared[i].Amount += amount
			return
		}
	}
	a.Shared = append(a.Shared, Share{Item: item, Amount: amount})
}

// give adds each part's amount.
func (a *Allocation) give(amounts []Money) {
	for i, m := range amounts {
		a.Parts[i] += m
	}
}

// apportion splits total among weights (none negative) in proportion, by
// largest remainder: the amounts add up to total exactly and each is within
// one micro-dollar of total × w_i / Σw; equal remainders go to the lower
// index. It returns nil when the weights sum to zero.
func apportion(total Money, weights []*big.Rat) []Money {
	if out, ok := apportionSmall(total, weights); ok {
		return out
	}
	return apportionRat(total, weights)
}

// apportionRat is apportion in big.Rat, for any weights.
func apportionRat(total Money, weights []*big.Rat) []Money {
	sum := add(weights...)
	if sum.Sign() <= 0 {
		return nil
	}
	out := make([]Money, len(weights))
	type rest struct {
		i    int
		frac *big.Rat
	}
	var rests []rest
	left := int64(total)
	for i, w := range weights {
		if w.Sign() == 0 {
			continue
		}
		exact := quo(mul(ratInt(int64(total)), w), sum)
		floor := new(big.Int).Div(exact.Num(), exact.Denom()) // Euclidean: the floor, as Denom > 0
		out[i] = Money(floor.Int64())
		left -= floor.Int64()
		rests = append(rests, rest{i, sub(exact, new(big.Rat).SetInt(floor))})
	}
	// 0 ≤ left < len(rests): one more micro-dollar to the largest remainders
	slices.SortStableFunc(rests, func(a, b rest) int { return b.frac.Cmp(a.frac) })
	for k := range left {
		out[rests[k].i]++
	}
	return out
}

// apportionSmall is apportion in 64- and 128-bit integers, for the usual
// case of a non-negative total and weights whose numerators, common
// denominator L and scaled weights k_i = w_i·L fit in 64 bits (ok is false
// otherwise, and apportion computes in big.Rat): a fleet's bill has lines
// of 500 weights each, and the rationals' allocations were 3 % of a
// 20-minute run of 500 Lambda functions (BENCHMARKS.md, lam4). Scaling
// every weight by L changes no share: total·w_i/Σw = total·k_i/Σk, whose
// floor is the 128-bit quotient q_i and whose remainder is r_i/Σk, so
// remainders, all over Σk, compare as the r_i do; the same stable sort
// then gives the same micro-dollars to the same parts.
func apportionSmall(total Money, weights []*big.Rat) ([]Money, bool) {
	if total < 0 {
		return nil, false
	}
	l := uint64(1)
	for _, w := range weights {
		d := w.Denom()
		if w.Sign() < 0 || !d.IsUint64() || !w.Num().IsUint64() {
			return nil, false
		}
		dv := d.Uint64()
		hi, lo := bits.Mul64(l/gcd(l, dv), dv)
		if hi != 0 {
			return nil, false
		}
		l = lo
	}
	k := make([]uint64, len(weights))
	var sum uint64
	for i, w := range weights {
		hi, lo := bits.Mul64(w.Num().Uint64(), l/w.Denom().Uint64())
		var carry uint64
		sum, carry = bits.Add64(sum, lo, 0)
		if hi != 0 || carry != 0 {
			return nil, false
		}
		k[i] = lo
	}
	if sum == 0 {
		return nil, true // as apportion: weights summing to zero
	}
	out := make([]Money, len(weights))
	type rest struct {
		i    int
		frac uint64 // the remainder over sum
	}
	rests := make([]rest, 0, len(weights))
	left := uint64(total)
	for i, ki := range k {
		if ki == 0 {
			continue
		}
		// total·k_i/sum ≤ total < 2^63, so hi < sum and Div64 cannot overflow
		hi, lo := bits.Mul64(uint64(total), ki)
		q, r := bits.Div64(hi, lo, sum)
		out[i] = Money(q)
		left -= q
		rests = append(rests, rest{i, r})
	}
	slices.SortStableFunc(rests, func(a, b rest) int { return cmp.Compare(b.frac, a.frac) })
	for j := range left {
		out[rests[j].i]++
	}
	return out, true
}

// gcd is the greatest common divisor of a and b, not both zero.
func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// splitLines apportions each line of b whose weights returns non-zero
// weights among parts parts, and shares the others under their items.
func splitLines(b Breakdown, parts int, weights func(item string) []*big.Rat) Allocation {
	a := Allocation{Parts: make([]Money, parts)}
	for _, l := range b.Lines {
		if amounts := apportion(l.Amount, weights(l.Item)); amounts != nil {
			a.give(amounts)
		} else {
			a.share(l.Item, l.Amount)
		}
	}
	return a
}

// LambdaAllocation splits b, the bill LambdaCost wrote for in and o, among
// in's functions (Parts in the order of in.Functions). A function owes
// exactly its own part of each line it ran up — its requests; its
// on-demand, INIT and provisioned GB-seconds; its provisioned concurrency;
// its calls through an API Gateway or a function URL (LambdaUsage.Calls) —
// each line apportioned to the micro-dollar so that the parts add up to the
// line. The account's lines stay shared, under their items: the free tier
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
	a := Allocation{Parts: make([]Money, len(parts))}
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
		switch {
		case k >= 0:
			r := rows[k]
			r.billed = true
			held := max(min(Money(roundHalfAway(add(r.exact...))), l.Amount), 0)
			amounts := apportion(held, r.exact)
			if amounts == nil {
				amounts = make([]Money, len(r.exact))
			}
			a.give(amounts[:len(parts)])
			a.share("idle", l.Amount-held)
			if len(daemonSets) > 0 {
				a.share("daemonsets", amounts[len(parts)])
			}
		case l.Item == "cross-az transfer" && add(crossAZ...).Sign() > 0:
			a.give(apportion(l.Amount, crossAZ))
		default:
			a.share(l.Item, l.Amount)
		}
	}
	for _, r := range rows {
		if !r.billed {
			return Allocation{}, fmt.Errorf("cost: node time held on %s, which the bill has no line for", r.item)
		}
	}
	if err := a.Check(b); err != nil {
		return Allocation{}, err
	}
	return a, nil
}

// SplitParts splits each part of a among its members, for parts shared by
// several (a Deployment serving several services): member j belongs to
// part of[j] and weighs weights[j] (none negative). Each part is
// apportioned among its members in proportion to their weights, by largest
// remainder (exact to the micro-dollar; equal remainders go to the lower
// member), or evenly when its members' weights are all zero. The result
// has one part per member, and the shared amounts of a; it adds up to the
// same total. A part with an amount and no member is an error.
func (a Allocation) SplitParts(of []int, weights []int64) (Allocation, error) {
	if len(weights) != len(of) {
		return Allocation{}, fmt.Errorf("cost: %d weights for %d members", len(weights), len(of))
	}
	out := Allocation{Parts: make([]Money, len(of)), Shared: slices.Clone(a.Shared)}
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
			if amount != 0 {
				return Allocation{}, fmt.Errorf("cost: part %d owes %v and has no member", p, amount)
			}
			continue
		}
		if amount < 0 { // never for a cluster's parts; apportion wants a total ≥ 0
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
		for k, m := range apportion(amount, w) {
			out.Parts[members[p][k]] = m
		}
	}
	return out, nil
}
