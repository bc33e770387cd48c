package scenario

import "github.com/execsim/execsim/models"

// GenerateFile draws a fleet: fleet: {generate: {count:, …}}.
type GenerateFile struct {
	Count int `yaml:"count"`
}

// compileGenerate returns the generated services.
func compileGenerate(p *models.Problems, g *GenerateFile, plan *Plan) []service {
	p.Add("fleet.generate", nil, models.ErrInvalid, "not built yet")
	return nil
}
