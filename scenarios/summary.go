package scenarios

import (
	"math"
	"time"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
)

// SummarySchema names the JSON contract of DESIGN §7.
const SummarySchema = "execsim/summary/v1"

// Summary is the public JSON summary of a run. Field names are stable; new
// fields may be added. Everything in it is deterministic for a scenario and
// seed, except WallS, present only when asked for.
type Summary struct {
	Schema      string        `json:"schema"`
	Scenario    string        `json:"scenario"`
	Seed        uint64        `json:"seed"`
	DurationS   float64       `json:"duration_s"`
	Arrivals    int64         `json:"arrivals"`
	Fingerprint string        `json:"fingerprint"`
	Events      uint64        `json:"events"`
	WallS       *float64      `json:"wall_s,omitempty"`
	Models      ModelsSummary `json:"models"`
}

// ModelsSummary holds one entry per model the run included.
type ModelsSummary struct {
	Kubernetes *KubernetesSummary `json:"kubernetes,omitempty"`
	Lambda     *LambdaSummary     `json:"lambda,omitempty"`
}

// Outcomes are the counts every model reports; they obey conservation:
// arrivals = completed + throttled + rejected + failed + in_flight.
type Outcomes struct {
	Completed  int64 `json:"completed"`
	Throttled  int64 `json:"throttled"`
	Rejected   int64 `json:"rejected"`
	Failed     int64 `json:"failed"`
	InFlight   int64 `json:"in_flight"`
	ColdStarts int64 `json:"cold_starts"`
}

// Cost is a model's money for the run (DESIGN §6): the total, per million
// requests (arrivals), a 730-hour projection of the run's average, and one
// breakdown line per item (JSON sorts the items by name).
type Cost struct {
	TotalUSD      float64            `json:"total_usd"`
	PerMillionUSD float64            `json:"per_million_usd"`
	MonthlyUSD    float64            `json:"monthly_usd"`
	Breakdown     map[string]float64 `json:"breakdown"`
}

func costSummary(plan *Plan, m *ModelResult) *Cost {
	if m.Cost == nil {
		return nil
	}
	total := m.Cost.Breakdown.Total()
	c := &Cost{
		TotalUSD:      total.USD(),
		PerMillionUSD: cost.PerMillion(total, m.Rec.Arrivals()).USD(),
		MonthlyUSD:    cost.Monthly(total, plan.Duration).USD(),
		Breakdown:     map[string]float64{},
	}
	for _, l := range m.Cost.Breakdown.Lines {
		c.Breakdown[l.Item] += l.USD()
	}
	return c
}

// Latency is in milliseconds, rounded to the microsecond; percentiles are
// nearest-rank within the histogram's 1 % precision, max and mean exact.
type Latency struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Max  float64 `json:"max"`
}

// LambdaSummary is the lambda model's entry.
type LambdaSummary struct {
	Outcomes
	LatencyMs        Latency           `json:"latency_ms"`
	Cost             *Cost             `json:"cost,omitempty"`
	PeakConcurrency  int64             `json:"peak_concurrency"`
	MeanEnvironments float64           `json:"mean_environments"`
	Functions        []FunctionSummary `json:"functions,omitempty"`
}

// FunctionSummary is one function's outcomes and billed usage (fleets only).
type FunctionSummary struct {
	Name string `json:"name"`
	Outcomes
	LatencyMs   Latency `json:"latency_ms"`
	Invocations int64   `json:"invocations"`
	DurationMs  int64   `json:"billed_duration_ms"`
	InitMs      int64   `json:"billed_init_ms"`
}

// KubernetesSummary is the kubernetes model's entry.
type KubernetesSummary struct {
	Outcomes
	LatencyMs   Latency             `json:"latency_ms"`
	Cost        *Cost               `json:"cost,omitempty"`
	PeakPods    int64               `json:"peak_pods"`
	PeakNodes   int64               `json:"peak_nodes"`
	MeanPods    float64             `json:"mean_pods"`
	MeanNodes   float64             `json:"mean_nodes"`
	NodeSeconds float64             `json:"node_seconds"`
	CPUSeconds  float64             `json:"cpu_seconds"`
	CrossAZGB   float64             `json:"cross_az_gb"`
	Deployments []DeploymentSummary `json:"deployments,omitempty"`
}

// DeploymentSummary is one deployment's outcomes (fleets only).
type DeploymentSummary struct {
	Name string `json:"name"`
	Outcomes
	LatencyMs    Latency `json:"latency_ms"`
	PeakReplicas int     `json:"peak_replicas"`
}

// Summary builds the JSON summary. withWall adds the non-deterministic wall_s.
func (r *Result) Summary(withWall bool) Summary {
	s := Summary{
		Schema:      SummarySchema,
		Scenario:    r.Plan.Name,
		Seed:        r.Plan.Seed,
		DurationS:   r.Plan.Duration.Seconds(),
		Arrivals:    r.Arrivals(),
		Fingerprint: r.Fingerprint(),
		Events:      r.Events(),
	}
	if withWall {
		w := math.Round(r.Wall.Seconds()*1000) / 1000
		s.WallS = &w
	}
	if m := r.Model(ModelKubernetes); m != nil && m.Kubernetes != nil {
		u := m.Kubernetes
		ks := &KubernetesSummary{
			Outcomes:   outcomes(m.Rec),
			LatencyMs:  latency(m.Rec.Latency()),
			PeakPods:   int64(u.PeakPods),
			PeakNodes:  int64(u.PeakNodes),
			MeanPods:   round(m.Rec.GaugeMean(models.Pods, m.End), 3),
			MeanNodes:  round(m.Rec.GaugeMean(models.Nodes, m.End), 3),
			CPUSeconds: round(u.CPUSeconds, 3),
			CrossAZGB:  round(u.CrossAZBytes/1e9, 6),
			Cost:       costSummary(r.Plan, m),
		}
		for _, n := range u.Nodes {
			ks.NodeSeconds += n.Seconds
		}
		ks.NodeSeconds = round(ks.NodeSeconds, 3)
		if svc := m.Rec.Services(); svc != nil {
			for i, d := range u.Deployments {
				ks.Deployments = append(ks.Deployments, DeploymentSummary{Name: d.Name,
					Outcomes: serviceOutcomes(svc[i]), LatencyMs: latency(svc[i].Latency), PeakReplicas: d.PeakReplicas})
			}
		}
		s.Models.Kubernetes = ks
	}
	if m := r.Model(ModelLambda); m != nil {
		ls := &LambdaSummary{
			Outcomes:         outcomes(m.Rec),
			LatencyMs:        latency(m.Rec.Latency()),
			PeakConcurrency:  int64(m.Rec.GaugePeak(models.Concurrency)),
			MeanEnvironments: round(m.Rec.GaugeMean(models.Environments, m.End), 3),
			Cost:             costSummary(r.Plan, m),
		}
		if svc := m.Rec.Services(); svc != nil {
			for i, u := range m.Lambda {
				ls.Functions = append(ls.Functions, FunctionSummary{Name: u.Name,
					Outcomes: serviceOutcomes(svc[i]), LatencyMs: latency(svc[i].Latency),
					Invocations: u.Invocations, DurationMs: u.DurationMs, InitMs: u.InitMs})
			}
		}
		s.Models.Lambda = ls
	}
	return s
}

func outcomes(rec *metrics.Recorder) Outcomes {
	return Outcomes{
		Completed:  rec.Count(models.Completed),
		Throttled:  rec.Count(models.Throttled),
		Rejected:   rec.Count(models.Rejected),
		Failed:     rec.Count(models.Failed),
		InFlight:   rec.InFlight(),
		ColdStarts: rec.ColdStarts(),
	}
}

func serviceOutcomes(s metrics.ServiceStats) Outcomes {
	o := Outcomes{
		Completed: s.Outcomes[models.Completed], Throttled: s.Outcomes[models.Throttled],
		Rejected: s.Outcomes[models.Rejected], Failed: s.Outcomes[models.Failed], ColdStarts: s.ColdStarts,
	}
	o.InFlight = s.Arrivals - o.Completed - o.Throttled - o.Rejected - o.Failed
	return o
}

func latency(h *metrics.Histogram) Latency {
	return Latency{
		Mean: ms(h.Mean()), P50: ms(h.Quantile(0.50)), P90: ms(h.Quantile(0.90)), P95: ms(h.Quantile(0.95)),
		P99: ms(h.Quantile(0.99)), P999: ms(h.Quantile(0.999)), Max: ms(h.Max()),
	}
}

// ms converts to milliseconds rounded to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Round(time.Microsecond).Microseconds()) / 1000 }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
