package hybrid

import (
	"time"

	"github.com/execsim/execsim/scenarios/platform"
)

// BlendOf is blendOf for the package's external tests: the blend running
// service i on peer route[i], uncomposed (no search, no reasons).
func BlendOf(c *Config, route []int, window time.Duration) platform.Config {
	return c.blendOf(route, window)
}
