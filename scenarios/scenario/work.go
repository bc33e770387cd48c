package scenario

import (
	"math"
	"strings"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
)

// checkKB is a written payloadKB (0 when left out), reported at path when
// it is not a finite number of KB, at least 0 (.nan passed "< 0" and made
// the cross-zone bytes NaN: k8s4).
func checkKB(p *models.Problems, path string, kb *float64) float64 {
	if kb == nil {
		return 0
	}
	if !(*kb >= 0) || math.IsInf(*kb, 0) {
		p.Add(path, *kb, models.ErrRange, "must be a finite number of KB, at least 0")
		return 0
	}
	return *kb
}

// over is the fleet's work w with the keys a service's (or a shape's)
// own work: writes, reported at path: each key it leaves out is the
// fleet's, as its slo: takes the keys it leaves out from the scenario's
// (walk13 #7: a service that wrote cpu and io ran with payloadKB 0 beside
// its fleet's 6, so its ALB LCUs and cross-zone bytes came out short, with
// no word). A service without io writes io: 0s.
func (w *compiledWork) over(p *models.Problems, path, cpu, io string, kb *float64, scale string) *compiledWork {
	out := *w
	wrote := false
	if strings.TrimSpace(cpu) != "" {
		out.cpu, wrote = platform.ParseDist(p, path+".cpu", cpu), true
	}
	if strings.TrimSpace(io) != "" {
		out.io, wrote = platform.ParseDist(p, path+".io", io), true
	}
	if kb != nil {
		out.payloadKB, wrote = checkKB(p, path+".payloadKB", kb), true
	}
	if strings.TrimSpace(scale) != "" {
		out.scale, out.path, wrote = parseNumber(p, path+".scale", scale), path, true
	}
	if !wrote {
		p.Add(path, nil, models.ErrRequired, "give the keys that differ from the fleet's work (cpu, io, payloadKB); those left out are the fleet's")
	}
	return &out
}
