package scenario

import "github.com/execsim/execsim/models"

// FleetFile is a fleet of services that are not written out one by one:
// fleet: {generate: …} draws them from a count, a rate distribution and a
// mix of shapes; fleet: {trace: …} replays them from a production trace.
// Services written under services: are added after them.
type FleetFile struct {
	Generate *GenerateFile `yaml:"generate"`
	Trace    *TraceFile    `yaml:"trace"`
	// Prometheus replays each service's recorded request rate.
	Prometheus *PrometheusFile `yaml:"prometheus"`
}

// compileFleet returns the fleet's services, generated or replayed.
// defs are the services the platforms' files define (Deployments).
func compileFleet(p *models.Problems, f *File, plan *Plan, defs []defined) []service {
	if f.Fleet == nil {
		return nil
	}
	var svcs []service
	if g := f.Fleet.Generate; g != nil {
		svcs = append(svcs, compileGenerate(p, g, plan)...)
	}
	if t := f.Fleet.Trace; t != nil {
		svcs = append(svcs, compileTrace(p, t, f.Files, f.Reading, plan)...)
	}
	if pf := f.Fleet.Prometheus; pf != nil {
		written := make([]string, len(f.Services))
		for i, s := range f.Services {
			written[i] = s.Name
		}
		svcs = append(svcs, compilePrometheus(p, pf, f.Files, plan, defs, written)...)
	}
	if f.Fleet.Generate == nil && f.Fleet.Trace == nil && f.Fleet.Prometheus == nil {
		p.Add("fleet", nil, models.ErrRequired, "give generate:, trace: or prometheus:")
	}
	return svcs
}
