package scenarios

import (
	"fmt"
	"math"

	"github.com/execsim/execsim/models/lambda"
)

// MeanRate is the plan's average request rate over its duration (req/s),
// summed over services: the exact integral of the arrival processes.
func (p *Plan) MeanRate() float64 {
	var n float64
	for _, s := range p.Workload.Services {
		n += s.Arrivals.Expected(0, p.Duration)
	}
	return n / p.Duration.Seconds()
}

// AtRate is a copy of the plan whose workload keeps its shape (profile,
// spikes, mix of services) scaled to an average of rate req/s.
func (p *Plan) AtRate(rate float64) (*Plan, error) {
	base := p.MeanRate()
	if !(base > 0) {
		return nil, InputError(fmt.Errorf("scenario %s has no arrivals to scale", p.Name))
	}
	q := *p
	q.Workload.Services = append(q.Workload.Services[:0:0], p.Workload.Services...)
	for i := range q.Workload.Services {
		q.Workload.Services[i].Arrivals = q.Workload.Services[i].Arrivals.Scaled(rate / base)
	}
	return &q, nil
}

// WithLambdaMemory is a copy of the plan whose functions all have memoryMB.
func (p *Plan) WithLambdaMemory(memoryMB int) (*Plan, error) {
	if p.Lambda == nil {
		return nil, InputError(fmt.Errorf("scenario %s has no lambda: section", p.Name))
	}
	if memoryMB < lambda.MinMemoryMB || memoryMB > lambda.MaxMemoryMB {
		return nil, InputError(fmt.Errorf("--lambda-memory %d: must be between %d and %d MB", memoryMB, lambda.MinMemoryMB, lambda.MaxMemoryMB))
	}
	q := *p
	cfg := *p.Lambda
	cfg.Functions = append(cfg.Functions[:0:0], p.Lambda.Functions...)
	for i := range cfg.Functions {
		cfg.Functions[i].MemoryMB = memoryMB
	}
	if err := cfg.Validate(); err != nil {
		return nil, InputError(fmt.Errorf("--lambda-memory %d: %w", memoryMB, err))
	}
	q.Lambda = &cfg
	return &q, nil
}

// CurvePoint is both models at one average rate.
type CurvePoint struct {
	RatePerSecond float64
	Models        []ModelPoint // in the Result's model order
}

// ModelPoint is one model's cost and tail at a rate.
type ModelPoint struct {
	Model         string
	MonthlyUSD    float64
	PerMillionUSD float64
	P99Ms         float64
	Refused       float64 // fraction throttled, rejected or failed
	MeanMs        float64
	Arrivals      int64
}

// LogSpace returns n rates from lo to hi, evenly spaced on a log scale.
func LogSpace(lo, hi float64, n int) []float64 {
	if n == 1 {
		return []float64{lo}
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = lo * math.Pow(hi/lo, float64(i)/float64(n-1))
	}
	return out
}

// Evaluate runs the plan at each rate on up to workers goroutines; the
// result is in the rates' order whatever the scheduling.
func Evaluate(plans []*Plan, rates []float64, workers int, progress func(done int)) ([]CurvePoint, error) {
	out := make([]CurvePoint, len(plans))
	err := forEach(len(plans), workers, func(i int) error {
		res, err := Run(plans[i], Options{})
		if err == nil {
			out[i] = curvePoint(rates[i], res)
		}
		return err
	}, progress)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func curvePoint(rate float64, res *Result) CurvePoint {
	s := res.Summary(false)
	cp := CurvePoint{RatePerSecond: rate}
	add := func(name string, o Outcomes, lat Latency, c *Cost) {
		mp := ModelPoint{Model: name, P99Ms: lat.P99, MeanMs: lat.Mean, Arrivals: s.Arrivals}
		if c != nil {
			mp.MonthlyUSD, mp.PerMillionUSD = c.MonthlyUSD, c.PerMillionUSD
		}
		if s.Arrivals > 0 {
			mp.Refused = float64(o.Throttled+o.Rejected+o.Failed) / float64(s.Arrivals)
		}
		cp.Models = append(cp.Models, mp)
	}
	if k := s.Models.Kubernetes; k != nil {
		add(ModelKubernetes, k.Outcomes, k.LatencyMs, k.Cost)
	}
	if l := s.Models.Lambda; l != nil {
		add(ModelLambda, l.Outcomes, l.LatencyMs, l.Cost)
	}
	return cp
}

// gap is Kubernetes' monthly cost minus Lambda's at a point.
func gap(c CurvePoint) float64 {
	var k, l float64
	for _, m := range c.Models {
		switch m.Model {
		case ModelKubernetes:
			k = m.MonthlyUSD
		case ModelLambda:
			l = m.MonthlyUSD
		}
	}
	return k - l
}

// Crossing is a rate where the two models' monthly costs are equal.
type Crossing struct {
	RatePerSecond float64
	MonthlyUSD    float64 // the common cost there
	// Cheaper says which model is cheaper above the crossing.
	CheaperAbove string
	// Bracket is the final interval the crossing was refined to.
	Lo, Hi float64
}

// Crossings brackets every sign change of the cost gap on the curve, then
// refines each by bisection in log-rate (each step one more pair of runs)
// until the bracket is narrower than tol (relative) or steps run out.
func Crossings(plan *Plan, curve []CurvePoint, tol float64, steps, workers int) ([]Crossing, error) {
	var out []Crossing
	for i := 1; i < len(curve); i++ {
		a, b := curve[i-1], curve[i]
		ga, gb := gap(a), gap(b)
		if ga == 0 || ga*gb > 0 {
			continue
		}
		lo, hi, glo, ghi := a.RatePerSecond, b.RatePerSecond, ga, gb
		for step := 0; step < steps && hi/lo-1 > tol; step++ {
			mid := math.Sqrt(lo * hi)
			q, err := plan.AtRate(mid)
			if err != nil {
				return nil, err
			}
			pts, err := Evaluate([]*Plan{q}, []float64{mid}, workers, nil)
			if err != nil {
				return nil, err
			}
			switch g := gap(pts[0]); {
			case g == 0: // costs are whole micro-dollars: an exact tie is the crossing
				lo, hi, glo, ghi = mid, mid, 0, 0
			case g*glo > 0:
				lo, glo = mid, g
			default:
				hi, ghi = mid, g
			}
		}
		// linear interpolation of the gap inside the final bracket
		r := lo
		if glo != ghi {
			r = lo + (hi-lo)*glo/(glo-ghi)
		}
		// which model wins above comes from the bracketing curve points,
		// not from a refined point that may tie
		c := Crossing{RatePerSecond: r, Lo: lo, Hi: hi, CheaperAbove: ModelLambda}
		if gb < 0 {
			c.CheaperAbove = ModelKubernetes
		}
		// the common cost, interpolated from the bracket's end points
		c.MonthlyUSD = interpolateCost(curve, r)
		out = append(out, c)
	}
	return out, nil
}

func interpolateCost(curve []CurvePoint, r float64) float64 {
	for i := 1; i < len(curve); i++ {
		a, b := curve[i-1], curve[i]
		if r >= a.RatePerSecond && r <= b.RatePerSecond {
			t := (r - a.RatePerSecond) / (b.RatePerSecond - a.RatePerSecond)
			var ka, kb float64
			for j := range a.Models {
				if a.Models[j].Model == ModelKubernetes {
					ka, kb = a.Models[j].MonthlyUSD, b.Models[j].MonthlyUSD
				}
			}
			return ka + t*(kb-ka)
		}
	}
	return math.NaN()
}
