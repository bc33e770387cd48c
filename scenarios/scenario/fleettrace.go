package scenario

import (
	"io/fs"

	"github.com/execsim/execsim/models"
)

// TraceFile replays a production trace as a fleet: fleet: {trace: {…}}.
type TraceFile struct {
	Format string `yaml:"format"`
}

// compileTrace returns the trace's services, read from files.
func compileTrace(p *models.Problems, t *TraceFile, files fs.FS, plan *Plan) []service {
	p.Add("fleet.trace", nil, models.ErrInvalid, "not built yet")
	return nil
}
