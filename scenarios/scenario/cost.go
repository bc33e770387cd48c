package scenario

import (
	"errors"
	"fmt"
	"maps"
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
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := k.Value
		if prefix != "" {
			path = prefix + "." + k.Value
		}
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
	for _, path := range slices.Sorted(maps.Keys(f.Prices)) {
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
