package cost

import (
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/execsim/execsim/models"
)

// Every price has a stable path, the name a scenario file uses to change
// it (Override) and the key of its row in prices.csv. The fixed paths are
// listed in params; instance types add ec2.<type>.hourUSD and
// ec2.<type>.spotHourUSD.

type rule uint8

const (
	nonNegative rule = iota // ≥ 0
	positive                // > 0
	fraction                // in [0, 1]
)

var ruleMsg = [...]string{"must be ≥ 0", "must be > 0", "must be between 0 and 1"}

func (r rule) ok(v float64) bool {
	switch r {
	case positive:
		return v > 0
	case fraction:
		return v >= 0 && v <= 1
	}
	return v >= 0
}

// param is one fixed path: a number (num) or a switch (flag).
type param struct {
	path string
	num  func(*Prices) *float64
	flag func(*Prices) *bool
	rule rule
}

var params = slices.Concat(
	[]param{
		{path: "lambda.requestsPerMillionUSD", num: func(p *Prices) *float64 { return &p.Lambda.RequestsPerMillionUSD }},
	},
	archParams("X86", "x86", func(p *Prices) *LambdaArchPrices { return &p.Lambda.X86_64 }),
	archParams("Arm64", "arm64", func(p *Prices) *LambdaArchPrices { return &p.Lambda.Arm64 }),
	[]param{
		{path: "lambda.provisionedIncrementSeconds", num: func(p *Prices) *float64 { return &p.Lambda.ProvisionedIncrementSeconds }},
		{path: "lambda.initBilled", flag: func(p *Prices) *bool { return &p.Lambda.InitBilled }},
		{path: "lambda.freeRequests", num: func(p *Prices) *float64 { return &p.Lambda.FreeRequests }},
		{path: "lambda.freeGBSeconds", num: func(p *Prices) *float64 { return &p.Lambda.FreeGBSeconds }},
		{path: "lambda.snapStartCacheGBSecondUSD", num: func(p *Prices) *float64 { return &p.Lambda.SnapStartCacheGBSecondUSD }},
		{path: "lambda.snapStartRestoreGBUSD", num: func(p *Prices) *float64 { return &p.Lambda.SnapStartRestoreGBUSD }},

		{path: "apiGateway.restPerMillionUSD", num: func(p *Prices) *float64 { return &p.APIGateway.REST[0].PriceUSD }},
		{path: "apiGateway.restTier2PerMillionUSD", num: func(p *Prices) *float64 { return &p.APIGateway.REST[1].PriceUSD }},
		{path: "apiGateway.restTier3PerMillionUSD", num: func(p *Prices) *float64 { return &p.APIGateway.REST[2].PriceUSD }},
		{path: "apiGateway.restTier4PerMillionUSD", num: func(p *Prices) *float64 { return &p.APIGateway.REST[3].PriceUSD }},
		{path: "apiGateway.restTier1Requests", num: func(p *Prices) *float64 { return &p.APIGateway.REST[0].Size }, rule: positive},
		{path: "apiGateway.restTier2Requests", num: func(p *Prices) *float64 { return &p.APIGateway.REST[1].Size }, rule: positive},
		{path: "apiGateway.restTier3Requests", num: func(p *Prices) *float64 { return &p.APIGateway.REST[2].Size }, rule: positive},
		{path: "apiGateway.httpPerMillionUSD", num: func(p *Prices) *float64 { return &p.APIGateway.HTTP[0].PriceUSD }},
		{path: "apiGateway.httpTier2PerMillionUSD", num: func(p *Prices) *float64 { return &p.APIGateway.HTTP[1].PriceUSD }},
		{path: "apiGateway.httpTier1Requests", num: func(p *Prices) *float64 { return &p.APIGateway.HTTP[0].Size }, rule: positive},
		{path: "apiGateway.httpMeteringKB", num: func(p *Prices) *float64 { return &p.APIGateway.HTTPMeteringKB }, rule: positive},

		{path: "alb.hourUSD", num: func(p *Prices) *float64 { return &p.ALB.HourUSD }},
		{path: "alb.lcuHourUSD", num: func(p *Prices) *float64 { return &p.ALB.LCUHourUSD }},
		{path: "alb.lcuNewConnectionsPerSecond", num: func(p *Prices) *float64 { return &p.ALB.LCUNewConnectionsPerSecond }, rule: positive},
		{path: "alb.lcuActiveConnections", num: func(p *Prices) *float64 { return &p.ALB.LCUActiveConnections }, rule: positive},
		{path: "alb.lcuProcessedGBPerHour", num: func(p *Prices) *float64 { return &p.ALB.LCUProcessedGBPerHour }, rule: positive},
		{path: "alb.lcuProcessedGBPerHourLambda", num: func(p *Prices) *float64 { return &p.ALB.LCUProcessedGBPerHourLambda }, rule: positive},
		{path: "alb.lcuRuleEvaluationsPerSecond", num: func(p *Prices) *float64 { return &p.ALB.LCURuleEvaluationsPerSecond }, rule: positive},

		{path: "eks.clusterHourUSD", num: func(p *Prices) *float64 { return &p.EKS.ClusterHourUSD }},
		{path: "eks.clusterHourExtendedUSD", num: func(p *Prices) *float64 { return &p.EKS.ClusterHourExtendedUSD }},

		{path: "ec2.minimumSeconds", num: func(p *Prices) *float64 { return &p.EC2.MinimumSeconds }},
		{path: "ec2.spotDiscount", num: func(p *Prices) *float64 { return &p.EC2.SpotDiscount }, rule: fraction},

		{path: "transfer.crossAZGBUSD", num: func(p *Prices) *float64 { return &p.Transfer.CrossAZGBUSD }},
	},
)

// archParams are the paths of one Lambda architecture: lambda.gbSecondX86USD,
// lambda.gbSecondX86Tier2USD, lambda.x86Tier1GBSeconds, ...
func archParams(name, lower string, get func(*Prices) *LambdaArchPrices) []param {
	return []param{
		{path: "lambda.gbSecond" + name + "USD", num: func(p *Prices) *float64 { return &get(p).GBSecond[0].PriceUSD }},
		{path: "lambda.gbSecond" + name + "Tier2USD", num: func(p *Prices) *float64 { return &get(p).GBSecond[1].PriceUSD }},
		{path: "lambda.gbSecond" + name + "Tier3USD", num: func(p *Prices) *float64 { return &get(p).GBSecond[2].PriceUSD }},
		{path: "lambda." + lower + "Tier1GBSeconds", num: func(p *Prices) *float64 { return &get(p).GBSecond[0].Size }, rule: positive},
		{path: "lambda." + lower + "Tier2GBSeconds", num: func(p *Prices) *float64 { return &get(p).GBSecond[1].Size }, rule: positive},
		{path: "lambda.provisionedGBSecond" + name + "USD", num: func(p *Prices) *float64 { return &get(p).ProvisionedGBSecondUSD }},
		{path: "lambda.provisionedDurationGBSecond" + name + "USD", num: func(p *Prices) *float64 { return &get(p).ProvisionedDurationGBSecondUSD }},
	}
}

// Instance-type paths: ec2.<type>.hourUSD and ec2.<type>.spotHourUSD.
const (
	instancePrefix = "ec2."
	hourSuffix     = ".hourUSD"
	spotSuffix     = ".spotHourUSD"
)

func findParam(path string) (param, bool) {
	i := slices.IndexFunc(params, func(prm param) bool { return prm.path == path })
	if i < 0 {
		return param{}, false
	}
	return params[i], true
}

// instancePath splits ec2.<type>.hourUSD or ec2.<type>.spotHourUSD.
func instancePath(path string) (typ string, spot, ok bool) {
	rest, ok := strings.CutPrefix(path, instancePrefix)
	if !ok {
		return "", false, false
	}
	if t, ok := strings.CutSuffix(rest, spotSuffix); ok && t != "" {
		return t, true, true
	}
	if t, ok := strings.CutSuffix(rest, hourSuffix); ok && t != "" {
		return t, false, true
	}
	return "", false, false
}

// Paths lists every path Override accepts for p: the fixed paths, then
// ec2.<type>.hourUSD and ec2.<type>.spotHourUSD for each priced type.
// Setting a price of a type not listed adds the type.
func (p *Prices) Paths() []string {
	out := make([]string, 0, len(params)+2*len(p.EC2.Instances))
	for _, prm := range params {
		out = append(out, prm.path)
	}
	for _, ip := range p.EC2.Instances {
		out = append(out, instancePrefix+ip.Type+hourSuffix, instancePrefix+ip.Type+spotSuffix)
	}
	return out
}

// Get returns the value at path: a float64, or a bool for lambda.initBilled.
func (p *Prices) Get(path string) (any, error) {
	if prm, ok := findParam(path); ok {
		if prm.flag != nil {
			return *prm.flag(p), nil
		}
		return *prm.num(p), nil
	}
	if typ, spot, ok := instancePath(path); ok {
		if ip, ok := p.EC2.Instance(typ); ok {
			if spot {
				return ip.SpotHourUSD, nil
			}
			return ip.HourUSD, nil
		}
		return nil, models.Fieldf(path, nil, models.ErrUnknown, "no price for instance type %s; priced: %s",
			typ, strings.Join(p.EC2.Types(), ", "))
	}
	return nil, p.unknown(path, nil)
}

// Override sets the price at path, e.g. Override("lambda.gbSecondX86USD",
// 0.00002) or Override("lambda.initBilled", false); value is a number (any
// Go integer or float type) or, for lambda.initBilled, a bool. Setting
// ec2.<type>.hourUSD of an unpriced type adds it. Errors are
// *models.FieldError: models.ErrUnknown for an unknown path (the message
// lists the known ones), models.ErrInvalid for a value of the wrong kind,
// models.ErrRange for a value out of range. The price's source becomes
// [override].
func (p *Prices) Override(path string, value any) error {
	if err := p.assign(path, value); err != nil {
		return err
	}
	p.setSource(Source{Path: path, Tag: "[override]", Ref: "scenario override"})
	return nil
}

// assign sets path to value, checking its kind and range.
func (p *Prices) assign(path string, value any) error {
	prm, fixed := findParam(path)
	typ, spot, inst := instancePath(path)
	if !fixed && !inst {
		return p.unknown(path, value)
	}
	if fixed && prm.flag != nil {
		b, ok := value.(bool)
		if !ok {
			return models.Fieldf(path, value, models.ErrInvalid, "must be true or false")
		}
		*prm.flag(p) = b
		return nil
	}
	v, ok := number(value)
	if !ok {
		return models.Fieldf(path, value, models.ErrInvalid, "must be a number")
	}
	r := nonNegative
	if fixed {
		r = prm.rule
	} else if !spot {
		r = positive
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || !r.ok(v) {
		return models.Fieldf(path, value, models.ErrRange, "%s", ruleMsg[r])
	}
	if fixed {
		*prm.num(p) = v
		return nil
	}
	e := &p.EC2
	i := slices.IndexFunc(e.Instances, func(ip InstancePrice) bool { return ip.Type == typ })
	e.Instances = slices.Clone(e.Instances) // copy on write
	if i < 0 {
		e.Instances = append(e.Instances, InstancePrice{Type: typ})
		i = len(e.Instances) - 1
	}
	if spot {
		e.Instances[i].SpotHourUSD = v
	} else {
		e.Instances[i].HourUSD = v
	}
	return nil
}

func (p *Prices) unknown(path string, value any) error {
	return models.Fieldf(path, value, models.ErrUnknown, "unknown price; known: %s, ec2.<instance type>%s, ec2.<instance type>%s",
		strings.Join(p.fixedPaths(), ", "), hourSuffix, spotSuffix)
}

func (p *Prices) fixedPaths() []string {
	out := make([]string, len(params))
	for i, prm := range params {
		out[i] = prm.path
	}
	return out
}

// number converts any Go integer or float to float64.
func number(v any) (float64, bool) {
	switch r := reflect.ValueOf(v); {
	case r.CanFloat():
		return r.Float(), true
	case r.CanInt():
		return float64(r.Int()), true
	case r.CanUint():
		return float64(r.Uint()), true
	}
	return 0, false
}

// Validate reports every price out of range at once, as an errors.Join of
// *models.FieldError named by path.
func (p *Prices) Validate() error {
	var pr models.Problems
	if p.Region == "" {
		pr.Add("region", nil, models.ErrRequired, "must name a region")
	}
	for _, prm := range params {
		if prm.num == nil {
			continue
		}
		v := *prm.num(p)
		if math.IsNaN(v) || math.IsInf(v, 0) || !prm.rule.ok(v) {
			pr.Add(prm.path, v, models.ErrRange, "%s", ruleMsg[prm.rule])
		}
	}
	for i, ip := range p.EC2.Instances {
		switch {
		case ip.Type == "":
			pr.Add("ec2", nil, models.ErrRequired, "instance %d has no type", i)
		case slices.IndexFunc(p.EC2.Instances[:i], func(o InstancePrice) bool { return o.Type == ip.Type }) >= 0:
			pr.Add(instancePrefix+ip.Type, nil, models.ErrInvalid, "priced twice")
		}
		if v := ip.HourUSD; math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
			pr.Add(instancePrefix+ip.Type+hourSuffix, v, models.ErrRange, "must be > 0")
		}
		if v := ip.SpotHourUSD; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			pr.Add(instancePrefix+ip.Type+spotSuffix, v, models.ErrRange, "must be ≥ 0 (0: on-demand × (1 − ec2.spotDiscount))")
		}
	}
	return pr.Err()
}
