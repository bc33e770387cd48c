package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/sim"
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
	// FrontDoor is what fronts the functions: none, api-gateway-rest,
	// http-api, alb or function-url [none].
	FrontDoor string `yaml:"frontDoor"`
	// ControlPlane bills the EKS control plane [true]; ExtendedSupport at
	// the extended-support rate [false].
	ControlPlane    *bool `yaml:"controlPlane"`
	ExtendedSupport bool  `yaml:"extendedSupport"`
	// Prices overrides catalogue prices by path (execsim validate lists
	// them), e.g. {lambda.gbSecondX86USD: 0.000015, ec2.m6i.large.hourUSD: 0.08}.
	Prices map[string]float64 `yaml:"prices"`
}

// CostPlan is the compiled cost: section.
type CostPlan struct {
	Prices          cost.Prices
	Options         cost.Options // Run is set per run
	FrontDoor       cost.FrontDoor
	ControlPlane    bool
	ExtendedSupport bool
}

func init() { registerSection("CostFile", CostFile{}) }

func compileCost(p *models.Problems, f *CostFile, k8s *kubernetes.Config) CostPlan {
	c := CostPlan{Prices: cost.Default(), ControlPlane: true}
	if f == nil {
		f = &CostFile{}
	}
	if f.Region != "" {
		prices, err := cost.Catalogue(f.Region)
		if err != nil {
			p.Add("cost.region", nil, models.ErrUnknown, "%v", err)
		} else {
			c.Prices = prices
		}
	}
	set(&c.Options.FreeTier, f.FreeTier)
	set(&c.ControlPlane, f.ControlPlane)
	c.ExtendedSupport = f.ExtendedSupport
	parseEnum(p, "cost.volume", f.Volume, cost.ParseScope, &c.Options.Scope)
	parseEnum(p, "cost.frontDoor", f.FrontDoor, cost.ParseFrontDoor, &c.FrontDoor)
	if f.InitBilled != nil {
		if err := c.Prices.Override("lambda.initBilled", *f.InitBilled); err != nil {
			p.Add("cost.initBilled", nil, models.ErrInvalid, "%v", err)
		}
	}
	// Custom instance types price themselves unless the catalogue knows them.
	if k8s != nil {
		for _, t := range k8s.InstanceTypes {
			if _, err := c.Prices.Get("ec2." + t.Name + ".hourUSD"); err != nil {
				if err := c.Prices.Override("ec2."+t.Name+".hourUSD", t.PriceUSDPerHour); err != nil {
					p.Add("kubernetes.instanceTypes."+t.Name+".priceUSDPerHour", nil, models.ErrInvalid, "%v", err)
				}
			}
		}
	}
	for _, path := range slices.Sorted(func(yield func(string) bool) {
		for k := range f.Prices {
			if !yield(k) {
				return
			}
		}
	}) {
		if err := c.Prices.Override(path, f.Prices[path]); err != nil {
			known := c.Prices.Paths()
			if !strings.HasPrefix(path, "ec2.") && !slices.Contains(known, path) {
				hint := "execsim validate --prices lists them"
				if s := closest(path, known); s != "" {
					hint = "did you mean " + s + "?"
				}
				p.Add("cost.prices."+path, nil, models.ErrUnknown, "unknown price (%s)", hint)
				continue
			}
			p.Add("cost.prices."+path, nil, models.ErrInvalid, "%v", err)
		}
	}
	return c
}

// ModelCost is one model's money: the run's exact breakdown and its
// cumulative total per series window.
type ModelCost struct {
	Breakdown  cost.Breakdown
	Cumulative []cost.Money // one per window, ending at Breakdown.Total()
}

// lambdaCost bills the region's usage, and spreads the exact total over
// the series windows in proportion to each window's GB-seconds and
// completed requests at list prices.
func lambdaCost(plan *Plan, usage []lambda.Usage, rec *metrics.Recorder) (*ModelCost, error) {
	cp := plan.Cost
	opt := cp.Options
	opt.Run = plan.Duration
	in := cost.LambdaInput{FrontDoor: cost.FrontDoorUsage{Kind: cp.FrontDoor}}
	// list price of one GB-second, for spreading the total over windows
	gbSecondPrice := cp.Prices.Lambda.X86_64.GBSecond[0].PriceUSD
	var gb, pcPerSecond float64
	var calls int64
	for _, u := range usage {
		arch := cost.X86_64
		if u.Arch == lambda.Arm64 {
			arch = cost.Arm64
		}
		in.Functions = append(in.Functions, cost.LambdaUsage{
			Name: u.Name, Requests: u.Invocations, BilledDurationMs: u.DurationMs, BilledInitMs: u.InitMs,
			InitAlwaysBilled: u.InitAlwaysBilled,
			MemoryMB:         u.MemoryMB, Arch: arch, Provisioned: u.Provisioned,
			ProvisionedSeconds: plan.Duration.Seconds(), ProvisionedDurationMs: u.ProvisionedDurationMs,
		})
		gb += float64(u.MemoryMB) / 1024 / float64(len(usage))
		calls += u.Calls
		pcPerSecond += float64(u.Provisioned) * float64(u.MemoryMB) / 1024 * cp.Prices.Lambda.X86_64.ProvisionedGBSecondUSD
	}
	// Every call passes the front door, throttled ones and client retries
	// included (API Gateway meters calls, not successful invocations).
	in.FrontDoor.Requests = calls
	switch cp.FrontDoor {
	case cost.FrontDoorHTTPAPI:
		in.FrontDoor.Requests = calls * cp.Prices.HTTPAPIRequests(payloadKB(plan))
	case cost.FrontDoorALB:
		in.FrontDoor.ALB = albUsage(plan, rec, models.Concurrency)
	}
	b, err := cp.Prices.LambdaCost(in, opt)
	if err != nil {
		return nil, fmt.Errorf("internal error: lambda cost: %w", err)
	}
	weights := make([]cost.Money, 0, len(rec.Windows()))
	for _, w := range rec.Windows() {
		secs := (w.End - w.Start).Seconds()
		envSeconds := w.GaugeMean[models.Concurrency] * secs
		// provisioned concurrency is paid by the second whether used or not
		usd := envSeconds*gb*gbSecondPrice + float64(w.Completed())*cp.Prices.Lambda.RequestsPerMillionUSD/1e6 + pcPerSecond*secs
		weights = append(weights, cost.Money(usd*1e6))
	}
	return &ModelCost{Breakdown: b, Cumulative: cost.Cumulative(b.Total(), weights)}, nil
}

// kubernetesCost bills nodes, the control plane, the ALB (when deployments
// are routed by one) and cross-zone traffic (only without an ALB: an ALB's
// own cross-zone routing is free, lambda-and-prices.md §4.2). The total is
// spread over windows by node-seconds plus the hourly fixed charges.
func kubernetesCost(plan *Plan, u *kubernetes.Usage, rec *metrics.Recorder) (*ModelCost, error) {
	cp := plan.Cost
	in := cost.KubernetesUsage{ExtendedSupport: cp.ExtendedSupport}
	if cp.ControlPlane {
		in.ControlPlaneHours = plan.Duration.Hours()
	}
	var nodeHourUSD, nodeSeconds float64
	for _, n := range u.Nodes {
		capacity := cost.OnDemand
		if n.Capacity == kubernetes.Spot {
			capacity = cost.Spot
		}
		// one line of usage per node launched: the catalogue's rule (per
		// started second, ec2.minimumSeconds) applies to each launch
		for _, life := range n.Lifetimes {
			in.Nodes = append(in.Nodes, cost.NodeUsage{InstanceType: n.InstanceType, Capacity: capacity, Nodes: 1, Lifetime: life})
		}
		nodeHourUSD += n.PriceUSDPerHour * n.Seconds
		nodeSeconds += n.Seconds
	}
	if nodeSeconds > 0 {
		nodeHourUSD /= nodeSeconds
	}
	// Per deployment: an ALB-routed one sends its bytes through the ALB
	// (whose own cross-zone routing is free, lambda-and-prices.md §4.2); a
	// kube-proxy-routed one pays for the bytes that cross zones.
	alb := false
	var albArrivals float64
	for di, d := range plan.Kubernetes.Deployments {
		st := u.Deployments[di]
		if d.Routing.ALB() {
			alb = true
			albArrivals += float64(st.Arrivals) * plan.Workload.Services[di].PayloadKB * 1024
		} else {
			in.CrossAZGB += cost.GB(st.CrossAZBytes)
		}
	}
	if alb {
		in.ALB = albUsage(plan, rec, models.Busy)
		in.ALB.ProcessedGB = cost.GB(albArrivals)
	}
	b, err := cp.Prices.KubernetesCost(in)
	if err != nil {
		return nil, fmt.Errorf("internal error: kubernetes cost: %w", err)
	}
	fixedPerHour := 0.0
	if cp.ControlPlane {
		fixedPerHour += cp.Prices.EKS.ClusterHourUSD
	}
	if alb {
		fixedPerHour += cp.Prices.ALB.HourUSD
	}
	weights := make([]cost.Money, 0, len(rec.Windows()))
	for _, w := range rec.Windows() {
		h := (w.End - w.Start).Hours()
		usd := w.GaugeMean[models.Nodes]*h*nodeHourUSD + fixedPerHour*h
		weights = append(weights, cost.Money(usd*1e6))
	}
	return &ModelCost{Breakdown: b, Cumulative: cost.Cumulative(b.Total(), weights)}, nil
}

// albUsage estimates an ALB's LCU inputs. Clients are assumed to reuse
// connections (no new connection per request); active connections follow
// the requests in service; processed bytes are the requests' payloads.
func albUsage(plan *Plan, rec *metrics.Recorder, busy models.Gauge) cost.ALBUsage {
	hours := plan.Duration.Hours()
	return cost.ALBUsage{
		Hours:                 hours,
		ActiveConnectionHours: rec.GaugeMean(busy, sim.At(plan.Duration)) * hours,
		ProcessedGB:           cost.GB(float64(rec.Arrivals()) * payloadKB(plan) * 1024),
	}
}

// payloadKB is the arrival-weighted mean payload of the plan's services.
func payloadKB(plan *Plan) float64 {
	var sum, n float64
	for _, s := range plan.Workload.Services {
		r := s.Arrivals.Expected(0, plan.Duration)
		sum += s.PayloadKB * r
		n += r
	}
	if n == 0 {
		return 0
	}
	return sum / n
}
