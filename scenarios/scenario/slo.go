package scenario

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
)

// compileServiceSLOs compiles the services' own slo: (services[].slo,
// fleet.prometheus.services.<name>.slo, fleet.generate.shapes[].slo),
// each filling its unset parts from the scenario's SLO, and says how the
// plan's runs are judged: nil for one service without an SLO of its own
// (its run is the service's), pooled for a fleet in which none has one,
// service by service as soon as one has.
func compileServiceSLOs(p *models.Problems, plan *Plan, svcs []service) *platform.ServiceSLOs {
	per := &platform.ServiceSLOs{MinRequests: platform.DefaultMinRequests}
	// a shape's slo: is every one of its services': compiled, and its
	// problems reported, once
	compiled := map[string]platform.SLO{}
	for _, s := range svcs {
		svc := platform.ServiceSLO{Name: s.name, SLO: plan.SLO}
		if s.slo != nil {
			slo, ok := compiled[s.sloPath]
			if !ok {
				slo = platform.CompileSLO(p, s.sloPath, s.slo, plan.SLO)
				compiled[s.sloPath] = slo
				plan.Warnings = append(plan.Warnings, platform.SLOWarnings(s.sloPath, s.slo)...)
			}
			svc.SLO, svc.Own, per.PerService = slo, true, true
		}
		per.Services = append(per.Services, svc)
	}
	if len(svcs) <= 1 && !per.PerService {
		return nil
	}
	return per
}

// ownSLO is service i's own SLO, nil when it has none.
func ownSLO(per *platform.ServiceSLOs, i int) *platform.SLO {
	if per == nil || i >= len(per.Services) || !per.Services[i].Own {
		return nil
	}
	slo := per.Services[i].SLO
	return &slo
}

// Judge judges a run of the plan by its SLO: pooled over a fleet's
// services, or service by service when one has an SLO of its own
// (platform.SLO.JudgeRun). summary.json, break-even and tune all judge
// by it.
func (p *Plan) Judge(rec *metrics.Recorder) *platform.SLOResult {
	return p.SLO.JudgeRun(rec, p.ServiceSLOs)
}

// judgedBy takes a blend's minRequests as the fewest requests on which
// a service's own tail is judged, so that the run's verdict judges each
// service as the placement does.
func judgedBy(plan *Plan) {
	if plan.ServiceSLOs == nil {
		return
	}
	for _, c := range plan.Platforms {
		if m, ok := c.Config.(platform.MinRequester); ok {
			plan.ServiceSLOs.MinRequests = m.MinRequests()
		}
	}
}

// JudgedHow says how the plan's runs are judged, for the commands that
// print the SLO: "" for one service, else "pooled (…)" over the fleet's
// services or "service by service (…)" (break-even and tune judge each
// rate or value as run judges its run).
func (p *Plan) JudgedHow() string {
	switch {
	case p.ServiceSLOs == nil:
		return ""
	case p.ServiceSLOs.PerService:
		own := 0
		for _, s := range p.ServiceSLOs.Services {
			if s.Own {
				own++
			}
		}
		return fmt.Sprintf("service by service (each of the %d services by its own SLO: %d %s an slo: of %s own, the others take the scenario's; met when every service meets its own)",
			len(p.ServiceSLOs.Services), own, format.Plural(own, "has", "have"), format.Plural(own, "its", "their"))
	}
	return fmt.Sprintf("pooled (on the %s of the %d services' requests together: no service has an slo: of its own)", p.SLO.Percentile(), len(p.ServiceSLOs.Services))
}

// PerService tells whether the plan's runs are judged service by service
// (a service has an SLO of its own).
func (p *Plan) PerService() bool { return p.ServiceSLOs != nil && p.ServiceSLOs.PerService }

// SLOWords is the SLO the plan's runs are judged by, in words, as the
// verdict writes it: "p99 ≤ 1s, refused ≤ 0.10 %", or judged service by
// service "each service's own, else p99 ≤ 1s, refused ≤ 0.10 %" (a
// break-even or tune chart captioned with the scenario's SLO alone read
// as though its pooled p99 were judged by it).
func (p *Plan) SLOWords() string {
	if p.PerService() {
		return "each service's own, else " + p.SLO.String()
	}
	return p.SLO.String()
}
