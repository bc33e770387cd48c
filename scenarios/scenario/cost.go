package scenario

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
	"go.yaml.in/yaml/v3"
)

// CostFile is the cost: section.
type CostFile struct {
	// Region picks the price catalogue [us-east-1].
	Region string `yaml:"region"`
	// FreeTier applies Lambda's monthly free tier [false].
	FreeTier *bool `yaml:"freeTier"`
	// Volume is what Lambda's volume tiers and free tier apply to: monthly
	// (the run's volume projected to 730 h) or run (the raw volume) [monthly].
	Volume string `yaml:"volume"`
	// InitBilled bills cold-start INIT (the rule since 2025-08-01) [true].
	InitBilled *bool `yaml:"initBilled"`
	// FrontDoor is the kind of front door in front of every platform that
	// bills one: alb, none, api-gateway-rest, http-api or function-url
	// [alb]. One kind on every side keeps the comparison fair; a platform
	// that cannot take the kind is an error naming FrontDoors.
	FrontDoor string `yaml:"frontDoor"`
	// FrontDoors overrides the kind per platform, keyed by platform name
	// (e.g. {lambda: http-api}); every output then warns that the sides
	// are fronted differently.
	FrontDoors map[string]string `yaml:"frontDoors"`
	// ControlPlane bills a cluster platform's control plane (the EKS
	// fee) [true]; ExtendedSupport at the extended-support rate [false].
	ControlPlane    *bool `yaml:"controlPlane"`
	ExtendedSupport bool  `yaml:"extendedSupport"`
	// Prices overrides catalogue prices by path (execsim validate lists
	// them), e.g. {lambda.gbSecondX86USD: 0.000015, ec2.m6i.large.hourUSD: 0.08}.
	Prices PriceOverrides `yaml:"prices"`
}

// PriceOverrides are prices by dotted path. A path may also be written as
// nested mappings ({lambda: {requestsPerMillionUSD: 0.3}}), which is what
// --set cost.prices.lambda.requestsPerMillionUSD=0.3 makes of it: walk4
// found that refused with the YAML library's "cannot unmarshal !!map into
// float64". Where both forms name one path, the later one wins, as a
// --set comes after the file.
type PriceOverrides map[string]float64

// UnmarshalYAML flattens nested mappings into dotted paths.
func (o *PriceOverrides) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if *o == nil {
		*o = PriceOverrides{}
	}
	return o.flatten("", n)
}

// flatten reports its problems as a *yaml.TypeError of "line N: …"
// messages: the decoder then lists them with the file's other mistyped
// values, by line, and a --set's have their line dropped, where a plain
// error stopped decoding as "invalid YAML".
func (o PriceOverrides) flatten(prefix string, n *yaml.Node) error {
	var problems []string
	o.walk(prefix, n, &problems)
	if len(problems) > 0 {
		return &yaml.TypeError{Errors: problems}
	}
	return nil
}

func (o PriceOverrides) walk(prefix string, n *yaml.Node, problems *[]string) {
	if n.Kind != yaml.MappingNode {
		*problems = append(*problems, fmt.Sprintf("line %d: cost.prices%s: want prices by path, e.g. {lambda.requestsPerMillionUSD: 0.2}", n.Line, dotted(prefix)))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := k.Value
		if prefix != "" {
			path = prefix + "." + k.Value
		}
		// a mapping key twice is refused as everywhere else in the file
		// (the decoder's own check does not reach a mapping read by hand):
		// the last price won without a word
		if first, twice := seen[k.Value]; twice {
			*problems = append(*problems, fmt.Sprintf("line %d: cost.prices%s: mapping key %q already defined at line %d", k.Line, dotted(prefix), k.Value, first))
			continue
		}
		seen[k.Value] = k.Line
		if v.Kind == yaml.MappingNode {
			o.walk(path, v, problems)
			continue
		}
		// A key with nothing after it is YAML null, which decodes to 0
		// without a word: a free Lambda was what the user got for a price
		// they had not filled in yet. A real 0 is written as 0.
		if v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || v.Value == "") {
			*problems = append(*problems, fmt.Sprintf("line %d: cost.prices.%s: the price is empty (got %s); want a number in USD, 0 for free, or leave the key out to keep the catalogue's price", v.Line, path, emptyWord(v)))
			continue
		}
		var x float64
		if err := v.Decode(&x); err != nil {
			*problems = append(*problems, fmt.Sprintf("line %d: cost.prices.%s: want a number (got %q)", v.Line, path, v.Value))
			continue
		}
		o[path] = x
	}
}

// emptyWord is how an empty scalar was written: null, ~, "" or nothing.
func emptyWord(v *yaml.Node) string {
	switch {
	case v.Value != "":
		return v.Value
	case v.Tag == "!!null":
		return "nothing"
	}
	return `""`
}

// dotted is "."+path, or "" for the empty path.
func dotted(path string) string {
	if path == "" {
		return ""
	}
	return "." + path
}

func compileCost(p *models.Problems, f *CostFile, plan *Plan) platform.CostPlan {
	c := platform.CostPlan{Prices: cost.Default(), ControlPlane: true, FrontDoor: DefaultFrontDoor}
	if f == nil {
		f = &CostFile{}
	}
	if f.Region != "" {
		prices, err := cost.Catalogue(f.Region)
		var fe *models.FieldError
		switch {
		case errors.As(err, &fe):
			// the catalogue's own path is "region": keep its words, not
			// its path, under ours
			p.Add("cost.region", fe.Value, fe.Err, "%s", fe.Msg)
		case err != nil:
			p.Add("cost.region", nil, models.ErrUnknown, "%v", err)
		default:
			c.Prices = prices
		}
	}
	platform.Set(&c.Options.FreeTier, f.FreeTier)
	platform.Set(&c.ControlPlane, f.ControlPlane)
	c.ExtendedSupport = f.ExtendedSupport
	platform.Enum(p, "cost.volume", f.Volume, cost.ParseScope, &c.Options.Scope)
	platform.Enum(p, "cost.frontDoor", f.FrontDoor, cost.ParseFrontDoor, &c.FrontDoor)
	c.FrontDoors, c.Warnings = compileFrontDoors(p, f, c.FrontDoor, plan)
	if f.InitBilled != nil {
		if err := c.Prices.Override("lambda.initBilled", *f.InitBilled); err != nil {
			p.Add("cost.initBilled", nil, models.ErrInvalid, "%v", err)
		}
	}
	// the region's catalogue, before any price of the scenario's: the
	// bounds of checkPriceBounds are relative to it (Prices copies on
	// write, so later overrides leave base as it is)
	base := c.Prices
	// Platforms add prices of their own (custom instance types, …) before
	// the scenario's overrides apply, and say what their models assume.
	for _, c2 := range plan.Platforms {
		if pr, ok := c2.Config.(platform.Pricer); ok {
			pr.AddPrices(&c.Prices, p)
		}
		if a, ok := c2.Config.(platform.Assumer); ok {
			c.Assumptions = append(c.Assumptions, a.Assumptions()...)
		}
	}
	// A custom instance type's own priceUSDPerHour is bounded too, and so
	// is that of one named like a catalogue type, which AddPrices bills
	// instead of the catalogue's: skipping every type the catalogue knows
	// let {name: m6i.large, priceUSDPerHour: 1e15} through validate and
	// crash run with an int64 overflow (review9b D1). A price written
	// under cost.prices wins and is bounded below, under its own path.
	for _, typ := range c.Prices.EC2.Types() {
		if _, written := f.Prices["ec2."+typ+".hourUSD"]; written {
			continue
		}
		if ip, ok := base.EC2.Instance(typ); ok {
			if cur, _ := c.Prices.EC2.Instance(typ); cur.HourUSD == ip.HourUSD {
				continue // the catalogue's own price
			}
		}
		v, _ := c.Prices.Get("ec2." + typ + ".hourUSD")
		checkPriceBound(p, "kubernetes.instanceTypes."+typ+".priceUSDPerHour", "ec2."+typ+".hourUSD", v, &base, f.Region)
	}
	for _, path := range slices.Sorted(maps.Keys(f.Prices)) {
		if !checkPriceBound(p, "cost.prices."+path, path, f.Prices[path], &base, f.Region) {
			continue
		}
		if !checkPricedType(p, path, &c.Prices, plan) {
			continue
		}
		err := c.Prices.Override(path, f.Prices[path])
		if err == nil {
			if c.PriceOverrides == nil {
				c.PriceOverrides = map[string]float64{}
			}
			c.PriceOverrides[path] = f.Prices[path]
		}
		if err != nil {
			known := c.Prices.Paths()
			if !strings.HasPrefix(path, "ec2.") && !slices.Contains(known, path) {
				hint := "execsim validate --prices lists them"
				if s := platform.Closest(path, known); s != "" {
					hint = "did you mean " + s + "?"
				}
				p.Add("cost.prices."+path, nil, models.ErrUnknown, "unknown price (%s)", hint)
				continue
			}
			// the catalogue's own error names the path already: under
			// cost.prices it read "cost.prices.ec2.minimumSeconds:
			// ec2.minimumSeconds: must be ≥ 0" (rev12c)
			var fe *models.FieldError
			if errors.As(err, &fe) && fe.Path == path {
				p.Merge("cost.prices", fe)
				continue
			}
			p.Add("cost.prices."+path, nil, models.ErrInvalid, "%v", err)
		}
	}
	// Platforms that choose by price see the prices they are billed at.
	for _, c2 := range plan.Platforms {
		if pu, ok := c2.Config.(platform.PriceUser); ok {
			pu.UsePrices(&c.Prices)
		}
	}
	return c
}

// MaxPriceFactor is how far from the catalogue a price may be set: at most
// this many times the catalogue's price (a divisor such as
// alb.lcuProcessedGBPerHour: at least the catalogue's over it). Bills are
// summed exactly and kept in int64 micro-dollars, which hold at most
// $9.2 trillion: a price of 1e12 per million requests overflowed them and
// crashed run, sweep, tune and breakeven while validate accepted it
// (hostile #4). Within the factor a bill is at most 1000 times the
// catalogue's, so only a run whose catalogue bill passes $9.2 billion a
// month could overflow; no AWS price is a thousandth or a thousand times
// another region's or another year's (regional prices differ by well
// under 2×), so what-if prices fit.
const MaxPriceFactor = 1000

// multipliers are the paths that are not prices but multiply the billed
// units, as a price multiplies the dollars: a billing increment or a
// minimum billed time of 1e300 s passed validate and overflowed run's
// bill (rev11a #2's sweep of every path). They are bounded as prices are.
var multipliers = []string{"lambda.provisionedIncrementSeconds", "ec2.minimumSeconds"}

// checkPriceBound checks the price v at the catalogue path against
// MaxPriceFactor and base (the region's catalogue), reporting problems
// under field; it tells whether v is within bounds (or not a bounded
// price). An EC2 type the catalogue lacks (a custom instance type) is
// bounded by the catalogue's most expensive type, its spot price too:
// that one had no bound, and ec2.<custom>.spotHourUSD: 1e15 passed
// validate and overflowed run's bill (rev11a #2). What is left unbounded
// above (free-tier amounts, tier sizes) only lowers a bill as it grows;
// TestNoPricePathOverflows runs every path at its extremes.
func checkPriceBound(p *models.Problems, field, path string, v any, base *cost.Prices, region string) bool {
	x, ok := v.(float64)
	if !ok {
		return true
	}
	region = cmp.Or(region, cost.DefaultRegion)
	var ref float64
	what := "the " + region + " catalogue's " + path
	if typ, ok := ec2PriceType(path); ok {
		ip, known := base.EC2.Instance(typ)
		switch {
		case known && strings.HasSuffix(path, ".spotHourUSD"):
			ref, what = ip.HourUSD, "the "+region+" catalogue's on-demand "+typ+" price"
		case known:
			ref = ip.HourUSD
		default:
			for _, t := range base.EC2.Instances {
				if t.HourUSD > ref {
					ref, what = t.HourUSD, "the "+region+" catalogue's dearest instance type, "+t.Type+","
				}
			}
		}
	} else if cur, err := base.Get(path); err == nil {
		if f, isNum := cur.(float64); isNum {
			ref = f
		}
	}
	if ref <= 0 || math.IsNaN(x) {
		return true // unknown, free or not a number: Override judges it
	}
	divisor := strings.HasPrefix(path, "alb.lcu") && !strings.HasSuffix(path, "USD") || path == "apiGateway.httpMeteringKB"
	switch {
	case divisor && x > 0 && x < ref/MaxPriceFactor:
		p.Add(field, x, models.ErrRange, "must be at least %g (%s %g over %d): a smaller unit multiplies the billed units past what a bill in int64 micro-dollars holds",
			ref/MaxPriceFactor, what, ref, MaxPriceFactor)
		return false
	case slices.Contains(multipliers, path) && x > ref*MaxPriceFactor:
		p.Add(field, x, models.ErrRange, "must be at most %g (%d × %s %g): a longer time multiplies the billed units past what a bill in int64 micro-dollars holds",
			ref*MaxPriceFactor, MaxPriceFactor, what, ref)
		return false
	case !divisor && strings.HasSuffix(path, "USD") && x > ref*MaxPriceFactor:
		p.Add(field, x, models.ErrRange, "must be at most %g (%d × %s %g): bills are kept in int64 micro-dollars, at most $9.2 trillion, and a price this far from any AWS price would overflow them",
			ref*MaxPriceFactor, MaxPriceFactor, what, ref)
		return false
	}
	return true
}

// checkPricedType refuses a per-type EC2 price (ec2.<type>.hourUSD,
// .spotHourUSD) of a type no node pool may launch: Override adds any type
// it is given, so ec2.m6i.larg.hourUSD (a typo) was accepted and changed
// nothing (hostile #7). The error lists the types the pools launch. A
// plan without a node pool, or with one that may launch any type
// (Karpenter without a list), is checked against the priced types, and
// so is a plan whose sweep sets the node pools (SweepsNodeTypes): a sweep
// over nodePools[0].instanceTypes to c7g.large could not price c7g.large,
// which the base pools and the other points do not launch (review9b D2);
// CheckPoints checks such a price against every point's pools instead.
func checkPricedType(p *models.Problems, path string, prices *cost.Prices, plan *Plan) bool {
	typ, ok := ec2PriceType(path)
	if !ok {
		return true
	}
	launched, pooled, anyType := launchedTypes(plan)
	if pooled && !anyType && !plan.SweepsNodeTypes() {
		if slices.Contains(launched, typ) {
			return true
		}
		p.Add("cost.prices."+path, nil, models.ErrUnknown, "no node pool launches %s, so the price would change nothing (the node pools launch: %s)",
			typ, typesHint(typ, launched))
		return false
	}
	if _, known := prices.EC2.Instance(typ); known {
		return true
	}
	types := prices.EC2.Types()
	hint := ""
	if s := platform.Closest(typ, types); s != "" {
		hint = "; did you mean " + s + "?"
	}
	p.Add("cost.prices."+path, nil, models.ErrUnknown, "no instance type %s is priced or defined (kubernetes.instanceTypes); priced: %s%s", typ, strings.Join(types, ", "), hint)
	return false
}

// typesHint lists the launched types, and the one typ may be a typo of.
func typesHint(typ string, launched []string) string {
	hint := strings.Join(launched, ", ")
	if s := platform.Closest(typ, launched); s != "" {
		hint += "; did you mean " + s + "?"
	}
	return hint
}

// ec2PriceType is the instance type of a per-type EC2 price path
// (ec2.<type>.hourUSD or .spotHourUSD).
func ec2PriceType(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "ec2.")
	if !ok {
		return "", false
	}
	typ, found := strings.CutSuffix(rest, ".hourUSD")
	if !found {
		typ, found = strings.CutSuffix(rest, ".spotHourUSD")
	}
	return typ, found
}

// launchedTypes is what the plan's node pools may launch: the types in
// order, whether the plan has a cluster (pooled) and whether a pool may
// launch any type (anyType: Karpenter without a list).
func launchedTypes(plan *Plan) (launched []string, pooled, anyType bool) {
	for _, c := range plan.Platforms {
		if nt, ok := c.Config.(platform.NodeTyper); ok {
			pooled = true
			names, all := nt.NodeTypes()
			anyType = anyType || all
			for _, n := range names {
				if !slices.Contains(launched, n) {
					launched = append(launched, n)
				}
			}
		}
	}
	return launched, pooled, anyType
}

// SweepsNodeTypes tells whether a sweep axis sets the node pools, whole
// (kubernetes, kubernetes.nodePools) or in part (nodePools[0]…): the
// types the pools launch may then differ from point to point. Nothing
// else of the section changes them (NodeTypes reads the pools alone):
// any kubernetes.* axis used to count, so a sweep over
// kubernetes.replicas let a price of a type no pool launches through
// the base plan's check (rev11a #5).
func (p *Plan) SweepsNodeTypes() bool {
	return slices.ContainsFunc(p.Axes, func(a Axis) bool {
		rest, ok := strings.CutPrefix(a.Path, "kubernetes.nodePools")
		return a.Path == "kubernetes" || ok && (rest == "" || rest[0] == '.' || rest[0] == '[')
	})
}

// sweptTypes gathers, over the points of a sweep that sets the node pools,
// the types their node pools launch and their per-type EC2 prices, so
// that err can refuse a price of a type no point launches: the
// sweep-wide checkPricedType.
type sweptTypes struct {
	launched, paths []string
	anyType         bool
}

func (s *sweptTypes) add(q *Plan) {
	names, _, anyType := launchedTypes(q)
	s.anyType = s.anyType || anyType
	for _, n := range names {
		if !slices.Contains(s.launched, n) {
			s.launched = append(s.launched, n)
		}
	}
	for path := range q.Cost.PriceOverrides {
		if _, ok := ec2PriceType(path); ok && !slices.Contains(s.paths, path) {
			s.paths = append(s.paths, path)
		}
	}
}

func (s *sweptTypes) err() error {
	if s.anyType || len(s.launched) == 0 {
		return nil // any type, or no cluster at all: checkPricedType judged them
	}
	slices.Sort(s.paths)
	var p models.Problems
	for _, path := range s.paths {
		if typ, _ := ec2PriceType(path); !slices.Contains(s.launched, typ) {
			p.Add("cost.prices."+path, nil, models.ErrUnknown, "no node pool launches %s at any point of the sweep, so the price would change nothing (the node pools launch: %s)",
				typ, typesHint(typ, s.launched))
		}
	}
	return p.Err()
}
