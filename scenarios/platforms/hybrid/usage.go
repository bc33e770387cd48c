package hybrid

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
)

// usage is what a blend's platforms used, each priced as its own run.
type usage struct {
	blend *blend
	run   platform.Run
	parts []partUsage
}

type partUsage struct {
	name     string
	platform string // the part's platform, whose front door it bills
	services int
	// rejected is the requests the part rejected (after any warm-up, as
	// the blend's own count), so that the blend can say why by its parts
	rejected int64
	usage    platform.Usage
	// bill and weights are the part's usage priced (Usage.Cost), or err.
	bill    cost.Breakdown
	weights []cost.Money
	err     error
}

// lineName is the one rule that names the blend's bill lines and its
// shared amounts, wherever they appear (cost.csv, summary.json's lines,
// breakdown and shared_cost, services.csv's shared rows, golden files):
// who pays, a colon, then the item as that platform's own bill names it —
// "lambda: lambda requests", "kubernetes: idle", "kubernetes+knative: eks
// control plane" (a part running two platforms' services on one cluster),
// "kubernetes+lambda: alb hours" (the ALB the parts share, sharedALB).
// The payer is one or more of the blend's platforms joined by "+", so a
// reader finds it with strings.Cut(item, ": ") and compares the rest with
// the platforms' own columns. Lines were named three ways before
// (outputs9): "kubernetes: idle", "lambda requests" (a line already
// starting with its platform's name kept it) and "alb hours" (the shared
// ALB, named after no one).
func lineName(payer, item string) string { return payer + ": " + item }

// sharedPayer names the parts that share the blend's ALB, in the parts'
// order, for lineName.
func (u *usage) sharedPayer(sharing []bool) string {
	var names []string
	for j, p := range u.parts {
		if sharing[j] {
			names = append(names, p.name)
		}
	}
	return strings.Join(names, "+")
}

// Cost implements platform.Usage: every platform's lines, named after it
// (lineName), and their windows' amounts added up.
//
// Parts that each bill an ALB share one instead (sharedALB): their ALB
// lines give way to the shared ALB's, after theirs, named after the parts
// that share it.
func (u *usage) Cost() (cost.Breakdown, []cost.Money, error) {
	shared, sharing, err := u.sharedALB()
	if err != nil {
		return cost.Breakdown{}, nil, err
	}
	var b cost.Breakdown
	var weights []cost.Money
	for j, p := range u.parts {
		pb, pw := p.bill, p.weights
		if p.err != nil {
			return cost.Breakdown{}, nil, p.err
		}
		for _, l := range pb.Lines {
			if unused(l) || sharing[j] && albLine(l.Item) {
				continue
			}
			l.Item = lineName(p.name, l.Item)
			b.Lines = append(b.Lines, l)
		}
		cum := cost.Cumulative(pb.Total(), pw)
		if weights == nil {
			weights = make([]cost.Money, len(cum))
		}
		var prev cost.Money
		for i, c := range cum {
			if i < len(weights) {
				weights[i] += c - prev
			}
			prev = c
		}
	}
	// the parts' weights spread their own ALBs' hours: the shared one is
	// spread the same way, in proportion (runner: cost.Cumulative)
	for _, l := range shared.Lines {
		l.Item = lineName(u.sharedPayer(sharing), l.Item)
		b.Lines = append(b.Lines, l)
	}
	return b, weights, nil
}

// albBiller is implemented by a part's usage whose bill can include an
// ALB (scenarios/platforms/lambda and kubernetes usage.go): its ALB usage
// as its bill counts it, and the GB an LCU-hour processes for its kind of
// target; ok is false when its requests pass no ALB.
type albBiller interface {
	ALB() (a cost.ALBUsage, gbPerLCUHour float64, ok bool)
}

// sharedALB is the one ALB the blend's parts share when more than one of
// them bills an ALB, and which parts share it (by index, one entry per
// part); no lines and no part when fewer do. One ALB forwards to Lambda
// target groups and to IP target groups (the Kubernetes part's pods)
// from the same listener, by rules
// on path or host (Elastic Load Balancing, "Use Lambda functions as
// targets of an Application Load Balancer": register the function as a
// target and "configure a listener rule to forward requests to the
// target group for your Lambda function"), so a team running both pays
// one hourly fee, not one per platform (costrev: +$16.43 a month per
// mixed blend tilted the placement toward one platform).
//
// The shared ALB's LCUs follow ELB pricing's rule, an hour billed at the
// largest of its four dimensions, applied to run totals as every ALB in
// execsim is billed (models/cost frontdoor.go, Breakdown.alb): each
// dimension is the combined traffic's total over the run, in LCU-hours,
// and the bill takes the largest. That is exact for a run of an hour or
// less, and for longer runs whose largest dimension is the same every
// hour; otherwise it understates what AWS bills hour by hour (a blend
// whose Lambda part's connections lead by day and whose Kubernetes
// part's bytes lead by night pays for both, the run-total rule for the
// larger sum only). Hour-by-hour dimensions would need each hour's bytes
// by service, which the recorder's windows do not keep (they count
// arrivals, not which service's payload arrived). New and active
// connections and rule evaluations add up. Processed bytes
// are priced per kind of target: an LCU covers 1 GB an hour to EC2 and IP
// targets, 0.4 GB to Lambda targets (ELB pricing page, "LCU details").
// The page gives no example of a load balancer with both; execsim counts
// each byte against the capacity of the target it went to, so the byte
// dimension in LCUs is the sum of each part's GB over its own GB per LCU
// (written as Lambda-target GB: GB × 0.4 / 1 for IP targets, so that
// models/cost prices it at the Lambda rate). Its hours are the parts'
// less one ALB's for every part but the first: a part that bills two
// (Kubernetes beside Knative's gateway) keeps its second.
//
// A part behind another front door (API Gateway in front of Lambda) keeps
// its own door, and the blend its cost: the blend's front_door says so.
// The search prices every blend it tries through Cost, so its costs and
// the blend column's follow the same rule.
func (u *usage) sharedALB() (cost.Breakdown, []bool, error) {
	cp := u.run.Cost
	lambdaGB := cp.Prices.ALB.LCUProcessedGBPerHourLambda
	sharing := make([]bool, len(u.parts))
	var sum cost.ALBUsage
	n := 0
	for j, p := range u.parts {
		ab, ok := p.usage.(albBiller)
		if !ok || p.err != nil {
			continue
		}
		a, gb, ok := ab.ALB()
		if !ok || gb <= 0 {
			continue
		}
		sharing[j] = true
		n++
		sum.Hours += a.Hours
		sum.NewConnections += a.NewConnections
		sum.ActiveConnectionHours += a.ActiveConnectionHours
		sum.RuleEvaluations += a.RuleEvaluations
		sum.ProcessedGB += a.ProcessedGB * lambdaGB / gb
	}
	if n < 2 {
		return cost.Breakdown{}, make([]bool, len(u.parts)), nil
	}
	sum.Hours = max(sum.Hours-float64(n-1)*u.run.Duration.Hours(), 0)
	opt := cp.Options
	opt.Run = u.run.Duration
	b, err := cp.Prices.FrontDoorCost(cost.FrontDoorUsage{Kind: cost.FrontDoorALB, ALB: sum}, opt)
	if err != nil {
		return cost.Breakdown{}, nil, fmt.Errorf("internal error: the blend's shared alb: %w", err)
	}
	return b, sharing, nil
}

// frontDoor is Extra.FrontDoor: the shared ALB's parts, then every other
// part's own door.
func (u *usage) frontDoor() string {
	if len(u.parts) < 2 {
		return ""
	}
	_, sharing, err := u.sharedALB()
	if err != nil {
		return ""
	}
	var shared, own []string
	for j, p := range u.parts {
		if sharing[j] {
			shared = append(shared, p.name)
			continue
		}
		own = append(own, p.name+": "+u.run.Cost.FrontDoorOf(p.platform).String())
	}
	var out []string
	if len(shared) > 0 {
		out = append(out, "one ALB shared by "+format.And(shared))
	}
	out = append(out, own...)
	s := strings.Join(out, "; ")
	if len(own) > 0 {
		s += " (each billed)"
	}
	return s
}

// albLine tells whether a part's bill line is its ALB's.
func albLine(item string) bool { return item == "alb hours" || item == "alb lcu-hours" }

// unused reports whether a part's bill line is for something the blend
// does not use: nothing used and nothing owed. A part runs every service's
// configuration, so Lambda prices the architecture of a function whose
// service went elsewhere at 0 GB-s; in the blend's bill that line says
// only that the blend has no such function. A line its platform marks
// cost.Line.KeepAtZero is the exception: Kubernetes shows a switched-off
// control plane at no hours on purpose, so that every breakdown says
// whether the cluster's fixed fee was counted (scenarios/platforms/
// kubernetes usage.go, cost.controlPlane: false).
func unused(l cost.Line) bool {
	return l.Quantity == 0 && l.Amount == 0 && !l.KeepAtZero
}

// Extra is the hybrid entry's own fields in summary.json.
type Extra struct {
	Parts []PartSummary `json:"parts"`
	// FrontDoor says what the blend's requests pass: "one ALB shared by
	// kubernetes and lambda" (sharedALB), or each part's own door
	// ("lambda: api-gateway-rest; kubernetes: alb") when they differ, each
	// billed; absent for a blend of one part.
	FrontDoor string `json:"front_door,omitempty"`
	// peers read a part's details as its platform does.
	peers *peerSet
}

// PartSummary is one platform's share of a blend.
type PartSummary struct {
	Platform string `json:"platform"`
	// Runs names what the part's details and rows describe when it is not
	// the platform's own services alone: "kubernetes+knative" for
	// Knative's part running the Kubernetes part's services too, on one
	// cluster (ClusterSharer), whose pods, nodes and rejections are the
	// whole cluster's. The part's bill lines carry the same name
	// (lineName). Absent for a part that runs its own services only.
	Runs     string `json:"runs,omitempty"`
	Services int    `json:"services"`
	// CostUSD is the part's share of the blend's bill: the parts add up to
	// the blend's total_usd. Parts that share one ALB each carry a share
	// of its hours and LCU-hours, in proportion to what each line came to
	// in the part's own bill, instead of an ALB of their own (partCosts).
	CostUSD float64 `json:"cost_usd"`
	// Rejected is the part's share of the blend's rejected requests, so
	// that the blend's rejections are put down to its parts' causes
	// (RejectionCause); absent when the part rejected none.
	Rejected int64 `json:"rejected,omitempty"`
	// Details are the part's own fields, as its platform writes them for a
	// run of its own (peak_pods, mean_environments, …).
	Details json.RawMessage `json:"details,omitempty"`
}

// Extra implements platform.Usage.
func (u *usage) Extra() platform.Extra {
	x := &Extra{peers: &peerSet{}, FrontDoor: u.frontDoor()}
	for _, p := range u.blend.parts {
		x.peers.peers = append(x.peers.peers, p.peer.Platform)
	}
	costs := u.partCosts()
	for _, p := range u.blend.parts {
		ps := PartSummary{Platform: p.peer.Platform.Name(), Services: p.services}
		for j, q := range u.parts {
			if q.name == p.name() && p.cfg != nil {
				if p.label != "" {
					ps.Runs = p.label
				}
				if q.err == nil {
					ps.CostUSD = costs[j].USD()
				}
				ps.Rejected = q.rejected
				if d, err := json.Marshal(q.usage.Extra()); err == nil {
					ps.Details = d
				}
			}
		}
		x.Parts = append(x.Parts, ps)
	}
	return x
}

// partCosts is each part's share of the blend's bill (PartSummary.CostUSD),
// one entry per u.parts: its own bill, but where parts share one ALB
// (sharedALB) without its own ALB lines and with a share of the shared
// ALB's instead, so that the parts add up to the blend's total exactly
// (audit 2: each part kept its own ALB's hours, and byof ×40's parts came
// to $18.44 against a bill of $17.90). Each shared line is apportioned
// among the sharing parts in proportion to what that line came to in
// their own bills, by largest remainder to the micro-dollar: the hours
// evenly between parts that each ran an ALB for the whole run (a part
// that billed two, Kubernetes beside Knative's gateway, takes two
// shares), the LCU-hours by the LCUs each part's own traffic ran up
// alone. Like any apportionment of a fixed fee it is a convention, not a
// marginal cost.
func (u *usage) partCosts() []cost.Money {
	out := make([]cost.Money, len(u.parts))
	shared, sharing, err := u.sharedALB()
	for j, p := range u.parts {
		if p.err != nil {
			continue
		}
		out[j] = p.bill.Total()
		if err != nil || !sharing[j] {
			continue
		}
		for _, l := range p.bill.Lines {
			if albLine(l.Item) {
				out[j] -= l.Amount
			}
		}
	}
	if err != nil {
		return out
	}
	for _, l := range shared.Lines {
		weights := make([]cost.Money, len(u.parts))
		for j, p := range u.parts {
			if !sharing[j] {
				continue
			}
			if own, ok := p.bill.Line(l.Item); ok {
				weights[j] = own.Amount
			}
		}
		for j, m := range apportionMoney(l.Amount, weights, sharing) {
			out[j] += m
		}
	}
	return out
}

// apportionMoney splits total among the entries that take part (in) in
// proportion to their weights (evenly when those weigh nothing, or any
// weighs less than nothing), by largest remainder: the shares add up to
// total exactly, and equal remainders go to the earlier entry.
func apportionMoney(total cost.Money, weights []cost.Money, in []bool) []cost.Money {
	out := make([]cost.Money, len(weights))
	w := make([]*big.Int, len(weights))
	sum := new(big.Int)
	even := false
	for j := range weights {
		w[j] = new(big.Int)
		if !in[j] {
			continue
		}
		if weights[j] < 0 {
			even = true
		}
		w[j].SetInt64(int64(weights[j]))
		sum.Add(sum, w[j])
	}
	if even || sum.Sign() == 0 {
		sum.SetInt64(0)
		for j := range w {
			if in[j] {
				w[j].SetInt64(1)
				sum.Add(sum, w[j])
			}
		}
	}
	if sum.Sign() == 0 {
		return out
	}
	neg := total < 0
	abs := int64(total)
	if neg {
		abs = -abs
	}
	rem := make([]*big.Int, len(w))
	left := abs
	for j := range w {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(abs), w[j]), sum, new(big.Int))
		out[j], rem[j] = cost.Money(q.Int64()), r
		left -= q.Int64()
	}
	for ; left > 0; left-- {
		best := -1
		for j := range w {
			if in[j] && (best < 0 || rem[j].Cmp(rem[best]) > 0) {
				best = j
			}
		}
		out[best]++
		rem[best].SetInt64(-1)
	}
	if neg {
		for j := range out {
			out[j] = -out[j]
		}
	}
	return out
}

// Placement implements platform.Placer. The monthly totals are the
// summary's to fill in: they come from the runs' entries.
func (u *usage) Placement() *platform.Placement {
	slo := u.blend.cfg.slo
	pl := &platform.Placement{
		SLO:        platform.PlacementSLO{Percentile: slo.Percentile(), TargetMs: platform.Ms(slo.Target), Refused: slo.Refused},
		Counts:     map[string]int{},
		MonthlyUSD: map[string]float64{},
	}
	for _, p := range u.blend.parts {
		pl.Counts[p.peer.Platform.Name()] = p.services
	}
	// every run judged by the one SLO the placement placed by, so its
	// verdicts agree with its services' (meets_slo)
	pl.RunSLO = map[string]*platform.SLOResult{Name: u.blend.cfg.judgeRun(u.run.Rec)}
	for k, r := range u.blend.runSLO {
		pl.RunSLO[k] = r
	}
	pl.MinRequests, pl.Trials, pl.Settled, pl.Interrupted = u.blend.cfg.minRequests, u.blend.trials, u.blend.settled, u.blend.stopped
	for i, c := range u.blend.choices {
		ps := platform.PlacedService{Name: c.Service, RatePerSecond: platform.Round(c.RatePerSecond, 9), Platform: c.Platform, Reason: c.Reason,
			Requests: c.Requests, TooFewRequests: c.TooFew, Cheapest: c.Cheapest, Pinned: c.Pinned, Marginal: c.Marginal, MarginalOpen: c.MarginalOpen}
		if i < len(u.blend.cfg.own) && u.blend.cfg.own[i] != nil {
			o := u.blend.cfg.own[i]
			ps.SLO = &platform.PlacementSLO{Percentile: o.Percentile(), TargetMs: platform.Ms(o.Target), Refused: o.Refused}
		}
		for _, o := range c.Options {
			ps.Options = append(ps.Options, platform.PlacedOption{Platform: o.Platform, TailMs: platform.Ms(o.Tail),
				Refused: platform.Round(o.Refused, 6), MonthlyUSD: platform.Round(o.MonthlyUSD, 6), LoadedMonthlyUSD: platform.Round(o.LoadedUSD, 6), MeetsSLO: o.Meets,
				NotJudged: c.TooFew && o.Meets, NoTail: c.TooFew || o.Completed == 0, Why: o.Why})
		}
		pl.Services = append(pl.Services, ps)
	}
	return pl
}

// RejectionCause implements platform.RejectionCauser: the blend rejects
// only through its parts, so the cause is theirs, each as its platform's
// column says it ("no pod was ready to take them" for a Kubernetes part
// without a ready pod, not the full queues a blend would otherwise be
// blamed for). With rejections on several parts each is named with its
// share: "kubernetes 80.00 %: full queues; knative 20.00 %: …". A summary
// written before parts counted their rejections gives no shares: then the
// one part whose platform can say why is asked, if there is one.
func (x *Extra) RejectionCause() string {
	var total int64
	for _, p := range x.Parts {
		total += p.Rejected
	}
	if total == 0 {
		var causes []string
		for _, p := range x.Parts {
			if c := x.partRejectionCause(p); c != "" {
				causes = append(causes, c)
			}
		}
		if len(causes) == 1 {
			return causes[0]
		}
		return ""
	}
	var out []string
	for _, p := range x.Parts {
		if p.Rejected == 0 {
			continue
		}
		c := x.partRejectionCause(p)
		if c == "" {
			c = "full queues"
		}
		if p.Rejected == total {
			return c
		}
		out = append(out, fmt.Sprintf("%s %s: %s", p.name(), format.PercentOf(p.Rejected, total), c))
	}
	return strings.Join(out, "; ")
}

// FailureCause implements platform.FailureCauser: the blend fails
// requests only through its parts, so a part whose platform can say why
// (a Kubernetes part that lost a zone) says it, named by its platform:
// "kubernetes: lost or timed out with the failure of zone b at 1:00:00".
// Without a part that can say, the report's general causes stand.
func (x *Extra) FailureCause() string {
	var out []string
	for _, p := range x.Parts {
		if fc, ok := x.partExtra(p).(platform.FailureCauser); ok {
			if c := fc.FailureCause(); c != "" {
				out = append(out, p.name()+": "+c)
			}
		}
	}
	return strings.Join(out, "; ")
}

// ThrottleCause implements platform.ThrottleCauser: the blend throttles
// only through its parts (its Lambda part), so a part that can say why
// (the account's requests-per-second cap) says it, and the blend's verdict
// names the same cause as the Lambda column's (fidlam2 left the blend with
// the general "a concurrency or scaling limit"). "" leaves that general
// cause.
func (x *Extra) ThrottleCause() string {
	var out []string
	for _, p := range x.Parts {
		if tc, ok := x.partExtra(p).(platform.ThrottleCauser); ok {
			if c := tc.ThrottleCause(); c != "" {
				out = append(out, c)
			}
		}
	}
	return strings.Join(out, "; ")
}

// partRejectionCause is what a part's platform says of its rejections,
// read from the part's details; "" when it cannot say.
func (x *Extra) partRejectionCause(p PartSummary) string {
	if rc, ok := x.partExtra(p).(platform.RejectionCauser); ok {
		return rc.RejectionCause()
	}
	return ""
}

// partExtra is a part's details read as its platform's Extra, or nil when
// it has none or this build does not know its platform or cannot read them.
func (x *Extra) partExtra(p PartSummary) platform.Extra {
	if len(p.Details) == 0 {
		return nil
	}
	e := x.peers.extraOf(p.Platform)
	if e == nil || json.Unmarshal(p.Details, e) != nil {
		return nil
	}
	return e
}

// Golden implements platform.Usage: where each service went, then the
// cost lines.
func (u *usage) Golden(w io.Writer, costLines func()) {
	for _, c := range u.blend.choices {
		fmt.Fprintf(w, "placed %s on %s\n", c.Service, c.Platform)
	}
	costLines()
}

// Rows implements platform.Extra: the services on each part, then each
// part's own rows, named and formatted as its platform's column prints
// them ("kubernetes: worker slots busy 0.07 %", not the raw 0.0007 of its
// details); a part whose platform this build does not know prints its
// details' top-level numbers.
func (x *Extra) Rows() [][2]string {
	var rows [][2]string
	if x.FrontDoor != "" {
		rows = append(rows, [2]string{"front door", x.FrontDoor})
	}
	for _, p := range x.Parts {
		rows = append(rows, [2]string{"services on " + p.Platform, format.Count(int64(p.Services))})
	}
	for _, p := range x.Parts {
		if e, ok := x.partExtra(p).(ownRows); ok && p.Runs != "" {
			// a part that shares its cluster: the cluster's rows count
			// both parts' pods, its own rows its platform's alone
			for _, kv := range e.ClusterRows() {
				rows = append(rows, [2]string{p.name() + ": " + kv[0], kv[1]})
			}
			for _, kv := range e.OwnRows() {
				rows = append(rows, [2]string{p.Platform + ": " + kv[0], kv[1]})
			}
			continue
		}
		for _, kv := range x.partRows(p) {
			rows = append(rows, [2]string{p.name() + ": " + kv[0], kv[1]})
		}
	}
	return rows
}

// ownRows is a part's Extra whose rows are partly the cluster's it runs
// on and partly its platform's alone (knative.Extra: the activator's, its
// control-plane pods'), so that a part sharing its cluster with another
// names each after what it counts.
type ownRows interface {
	ClusterRows() [][2]string
	OwnRows() [][2]string
}

// name is what a part's rows and causes are named after: what it runs
// (Runs, "kubernetes+knative": the shared cluster's pods and nodes, not
// Knative's alone, outputs9), else its platform. The rows that count its
// platform alone are named after the platform (ownRows).
func (p PartSummary) name() string {
	if p.Runs != "" {
		return p.Runs
	}
	return p.Platform
}

// partRows are a part's own rows: its platform's, read from its details.
func (x *Extra) partRows(p PartSummary) [][2]string {
	if len(p.Details) == 0 {
		return nil
	}
	if e := x.partExtra(p); e != nil {
		return e.Rows()
	}
	var rows [][2]string
	for _, f := range numericFields(p.Details) {
		rows = append(rows, [2]string{strings.ReplaceAll(f.name, "_", " "), f.value})
	}
	return rows
}

type field struct{ name, value string }

// numericFields lists a JSON object's top-level numbers in their order,
// formatted for a table: whole numbers grouped, others to two decimals.
func numericFields(obj json.RawMessage) []field {
	if len(obj) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out []field
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return out
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return out
		}
		n, ok := v.(json.Number)
		if !ok {
			continue
		}
		if i, err := n.Int64(); err == nil {
			out = append(out, field{key.(string), format.Count(i)})
		} else if f, err := n.Float64(); err == nil {
			out = append(out, field{key.(string), fmt.Sprintf("%.2f", f)})
		}
	}
	return out
}

// Units implements platform.Extra.
func (x *Extra) Units() (string, [][]string) { return "", nil }

// Allocate implements platform.Allocator: each part splits its own bill
// among its services (the others owe it nothing) and its shared lines
// stay shared, named after the part.
func (u *usage) Allocate(cost.Breakdown) (cost.Allocation, error) {
	// the parts' exact amounts added up and rounded once (cost.Rounded)
	parts := make([]*big.Rat, len(u.blend.route))
	for i := range parts {
		parts[i] = new(big.Rat)
	}
	var out []cost.ExactShare
	money := func(m cost.Money) *big.Rat { return new(big.Rat).SetInt64(m.Micros()) }
	shared, sharing, err := u.sharedALB()
	if err != nil {
		return cost.Allocation{}, err
	}
	for j, p := range u.parts {
		pb := p.bill
		if p.err != nil {
			return cost.Allocation{}, p.err
		}
		al, ok := p.usage.(platform.Allocator)
		if !ok {
			amount := pb.Total()
			for _, l := range pb.Lines {
				if sharing[j] && albLine(l.Item) {
					amount -= l.Amount // the shared ALB's, below
				}
			}
			out = append(out, cost.ExactShare{Item: lineName(p.name, "not split by service"), Amount: money(amount)})
			continue
		}
		a, err := al.Allocate(pb)
		if err != nil {
			return cost.Allocation{}, fmt.Errorf("%s in the blend: %w", p.name, err)
		}
		for i, x := range a.ExactParts() {
			parts[i].Add(parts[i], x)
		}
		for _, sh := range a.ExactShared() {
			if sharing[j] && albLine(sh.Item) {
				continue // the shared ALB's, below
			}
			if l, ok := pb.Line(sh.Item); ok && sh.Amount.Sign() == 0 && unused(l) {
				// a line the blend's bill leaves out (Cost): no row of
				// nothing in services.csv either (audit 6: "(lambda:
				// lambda duration arm64)" at 0 where no function ran on
				// arm64)
				continue
			}
			sh.Item = lineName(p.name, sh.Item)
			out = append(out, sh)
		}
	}
	for _, l := range shared.Lines {
		out = append(out, cost.ExactShare{Item: lineName(u.sharedPayer(sharing), l.Item), Amount: money(l.Amount)})
	}
	return cost.Rounded(parts, out), nil
}
