package scenario

import "github.com/execsim/execsim/models"

// FleetFile is a fleet of services that are not written out one by one:
// fleet: {generate: …} draws them from a count, a rate distribution and a
// mix of shapes; fleet: {trace: …} replays them from a production trace.
// Services written under services: are added after them.
type FleetFile struct {
	Generate *GenerateFile `yaml:"generate"`
	Trace    *TraceFile    `yaml:"trace"`
}

// compileFleet returns the fleet's services, generated or replayed.
func compileFleet(p *models.Problems, f *File, plan *Plan) []service {
	if f.Fleet == nil {
		return nil
	}
	var svcs []service
	if g := f.Fleet.Generate; g != nil {
		svcs = append(svcs, compileGenerate(p, g, plan)...)
	}
	if t := f.Fleet.Trace; t != nil {
		svcs = append(svcs, compileTrace(p, t, f.Files, plan)...)
	}
	if f.Fleet.Generate == nil && f.Fleet.Trace == nil {
		p.Add("fleet", nil, models.ErrRequired, "give generate: or trace: (or both)")
	}
	return svcs
}
