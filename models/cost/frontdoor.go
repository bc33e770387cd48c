package cost

import (
	"math"
	"math/big"

	"github.com/execsim/execsim/models"
)

// FrontDoor is what receives HTTP requests in front of Lambda functions.
type FrontDoor uint8

const (
	FrontDoorNone        FrontDoor = iota // direct invocation (SDK, events)
	FrontDoorREST                         // Amazon API Gateway REST API
	FrontDoorHTTPAPI                      // Amazon API Gateway HTTP API
	FrontDoorALB                          // Application Load Balancer, Lambda targets
	FrontDoorFunctionURL                  // Lambda function URL: no charge of its own
)

var frontDoors = models.Enum[FrontDoor]{What: "front door",
	Names: []string{"none", "api-gateway-rest", "http-api", "alb", "function-url"}, Unknown: "%d"}

func (f FrontDoor) String() string { return frontDoors.String(f) }

// ParseFrontDoor parses none | api-gateway-rest | http-api | alb | function-url.
func ParseFrontDoor(s string) (FrontDoor, error) { return parse(frontDoors, s) }

// FrontDoorUsage is what the front door of a Lambda run handled.
type FrontDoorUsage struct {
	Kind FrontDoor
	// Requests is metered requests: for an HTTP API each request counts
	// once per started Prices.APIGateway.HTTPMeteringKB (HTTPAPIRequests).
	Requests int64
	// ALB is the load balancer's usage when Kind is FrontDoorALB.
	ALB ALBUsage
}

// ALBUsage is an Application Load Balancer's usage over a run. Every field
// is a total, so per-window increments add up.
type ALBUsage struct {
	// Hours is load-balancer hours (the run's length, for one ALB).
	Hours float64
	// NewConnections is connections opened (one per request without
	// keep-alive).
	NewConnections float64
	// ActiveConnectionHours is the integral of open connections over time,
	// in connection-hours (mean open connections × Hours).
	ActiveConnectionHours float64
	// ProcessedGB is request and response bytes through the ALB, in GB
	// (GB converts bytes).
	ProcessedGB float64
	// RuleEvaluations is listener-rule evaluations beyond the 10 free rules
	// (requests × (rules − 10) when there are more than 10).
	RuleEvaluations float64
}

// BytesPerGB is the GB data prices count: 2^30 bytes. AWS's pricing pages
// price data per "GB" without defining it, and their worked examples
// convert bytes with 2^30: the S3 FAQ's storage example writes "100GB
// (107,374,182,400 bytes)" and divides byte-hours by "1,073,741,824 bytes"
// for GB-months, and its S3 Express One Zone example bills per-GB upload
// and retrieval as "10 KB / 1,048,576" GB (aws.amazon.com/s3/faqs); Lambda
// counts 1,024 MB per GB. Cross-AZ transfer, ALB processed bytes and the
// summary's cross_az_gb all use it.
const BytesPerGB = 1 << 30

// GB converts bytes to GB.
func GB(bytes float64) float64 { return bytes / BytesPerGB }

// HTTPAPIRequests is how many requests an HTTP API meters for one request
// of payloadKB: one per started Prices.APIGateway.HTTPMeteringKB, at
// least one.
func (p *Prices) HTTPAPIRequests(payloadKB float64) int64 {
	inc := p.APIGateway.HTTPMeteringKB
	if payloadKB <= inc || inc <= 0 {
		return 1
	}
	return int64(math.Ceil(payloadKB / inc))
}

// FrontDoorCost bills a Lambda front door. Lines: for API Gateway
// "api gateway rest requests" (or "api gateway http requests") at the
// first tier's price per million, then a credit per higher volume tier
// reached ("... tier N discount"), tiers applied as Options.Scope says; for
// an ALB "alb hours" and "alb lcu-hours" (Lambda-target byte dimension);
// for a function URL a zero-priced "function url requests"; nothing for
// none.
func (p *Prices) FrontDoorCost(u FrontDoorUsage, o Options) (Breakdown, error) {
	var pr models.Problems
	pr.Merge("", p.Validate())
	s, err := o.scale()
	pr.Merge("", err)
	fd := mergeFrontDoors(&pr, []FrontDoorUsage{u}, nil)
	if err := pr.Err(); err != nil {
		return Breakdown{}, err
	}
	var b Breakdown
	b.frontDoor(p, fd, s)
	return b, nil
}

// frontDoorTotals is the sum of front-door usages.
type frontDoorTotals struct {
	kind     FrontDoor
	requests *big.Rat
	alb      albTotals
}

// mergeFrontDoors validates and sums usages (per-window increments), whose
// kinds must agree; a zero FrontDoorUsage counts as none used. paths[i]
// prefixes the problems of us[i] ("frontDoor." when paths is nil).
func mergeFrontDoors(pr *models.Problems, us []FrontDoorUsage, paths []string) frontDoorTotals {
	t := frontDoorTotals{requests: new(big.Rat)}
	albs := make([]ALBUsage, 0, len(us))
	for i, u := range us {
		prefix := "frontDoor."
		if paths != nil {
			prefix = paths[i] + prefix
		}
		if u.Requests < 0 {
			pr.Add(prefix+"requests", u.Requests, models.ErrRange, "must be ≥ 0")
		}
		if u.Kind > FrontDoorFunctionURL {
			pr.Add(prefix+"kind", u.Kind, models.ErrUnknown, "must be none, api-gateway-rest, http-api, alb or function-url")
			continue
		}
		if u.Kind != FrontDoorALB && u.ALB != (ALBUsage{}) {
			pr.Add(prefix+"alb", nil, models.ErrInvalid, "ALB usage given for front door %s", u.Kind)
		}
		if u == (FrontDoorUsage{}) {
			continue
		}
		if t.kind != FrontDoorNone && u.Kind != t.kind {
			pr.Add(prefix+"kind", u.Kind, models.ErrInvalid, "differs from an earlier window's %s", t.kind)
			continue
		}
		t.kind = u.Kind
		t.requests.Add(t.requests, ratInt(u.Requests))
		if u.Kind == FrontDoorALB && u.ALB.validate(pr, prefix+"alb.") {
			albs = append(albs, u.ALB)
		}
	}
	t.alb = sumALB(albs)
	return t
}

func (b *Breakdown) frontDoor(p *Prices, u frontDoorTotals, s *big.Rat) {
	switch u.kind {
	case FrontDoorREST:
		b.apiGateway("api gateway rest requests", u.requests, p.APIGateway.REST[:], s)
	case FrontDoorHTTPAPI:
		b.apiGateway("api gateway http requests", u.requests, p.APIGateway.HTTP[:], s)
	case FrontDoorALB:
		b.alb(&p.ALB, u.alb, dec(p.ALB.LCUProcessedGBPerHourLambda))
	case FrontDoorFunctionURL:
		b.add("function url requests", quo(u.requests, million), "1M requests", new(big.Rat))
	}
}

func (b *Breakdown) apiGateway(item string, req *big.Rat, tiers []Tier, s *big.Rat) {
	b.add(item, quo(req, million), "1M requests", dec(tiers[0].PriceUSD))
	b.tierDiscounts(item, req, tiers, s, million, "1M requests")
}

// albTotals is the exact sum of ALB usages.
type albTotals struct {
	hours, newConnections, activeConnectionHours, processedGB, ruleEvaluations *big.Rat
}

func sumALB(us []ALBUsage) albTotals {
	t := albTotals{new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat)}
	for _, u := range us {
		t.hours.Add(t.hours, dec(u.Hours))
		t.newConnections.Add(t.newConnections, dec(u.NewConnections))
		t.activeConnectionHours.Add(t.activeConnectionHours, dec(u.ActiveConnectionHours))
		t.processedGB.Add(t.processedGB, dec(u.ProcessedGB))
		t.ruleEvaluations.Add(t.ruleEvaluations, dec(u.RuleEvaluations))
	}
	return t
}

// alb writes the hourly fee and the LCU-hours. An hour is billed at the
// largest of its LCU dimensions; from run totals that is, per dimension,
// the total over one LCU's hourly capacity:
//
//	LCU-h = max(newConnections / (3,600 × 25), activeConnectionHours / 3,000,
//	            processedGB / gbPerLCUHour, ruleEvaluations / (3,600 × 1,000))
//
// which is exact when the largest dimension is the same every hour and
// otherwise a lower bound (AWS takes the maximum hour by hour).
func (b *Breakdown) alb(ap *ALBPrices, u albTotals, gbPerLCUHour *big.Rat) {
	if u.hours.Sign() == 0 {
		return // validate: no traffic without hours
	}
	hour := ratInt(3600)
	lcu := quo(u.newConnections, mul(hour, dec(ap.LCUNewConnectionsPerSecond)))
	lcu = maxRat(lcu, quo(u.activeConnectionHours, dec(ap.LCUActiveConnections)))
	lcu = maxRat(lcu, quo(u.processedGB, gbPerLCUHour))
	lcu = maxRat(lcu, quo(u.ruleEvaluations, mul(hour, dec(ap.LCURuleEvaluationsPerSecond))))
	b.add("alb hours", u.hours, "h", dec(ap.HourUSD))
	b.add("alb lcu-hours", lcu, "LCU-h", dec(ap.LCUHourUSD))
}

// validate reports problems with u and whether it is usable.
func (u *ALBUsage) validate(pr *models.Problems, prefix string) bool {
	ok := true
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"hours", u.Hours}, {"newConnections", u.NewConnections}, {"activeConnectionHours", u.ActiveConnectionHours},
		{"processedGB", u.ProcessedGB}, {"ruleEvaluations", u.RuleEvaluations},
	} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			pr.Add(prefix+f.name, f.v, models.ErrRange, "must be ≥ 0")
			ok = false
		}
	}
	if ok && u.Hours == 0 && *u != (ALBUsage{}) {
		pr.Add(prefix+"hours", u.Hours, models.ErrRange, "must be > 0 when the ALB carries traffic")
	}
	return ok
}
