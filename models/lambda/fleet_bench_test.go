package lambda

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim/simtest"
)

// fleet is n functions with Poisson arrivals whose rates are spread like
// the steady part of builtin:fleet-500 (lognormal, median 5/s, sigma 1),
// scaled to add up to total, with fleet-500's work; n = 1 is one function
// at the total rate.
func fleet(n int, total float64) (Config, workload.Config) {
	r := rand.New(rand.NewPCG(13, 13))
	rates := make([]float64, n)
	var sum float64
	for i := range rates {
		rates[i] = math.Exp(math.Log(5) + r.NormFloat64())
		sum += rates[i]
	}
	c := DefaultConfig()
	var w workload.Config
	for i, x := range rates {
		name := fmt.Sprintf("svc-%03d", i)
		c.Functions = append(c.Functions, DefaultFunction(name))
		w.Services = append(w.Services, workload.Service{Name: name,
			Arrivals: workload.Arrivals{RatePerSecond: x * total / sum},
			CPU:      dist.MustParse("exp(mean=5ms)"), IO: dist.MustParse("lognormal(p50=30ms,p99=300ms)")})
	}
	return c, w
}

// BenchmarkFleet is "a 500-service fleet costs at most 1.3× one service per
// request" (issue 13) for the Lambda model and the arrival merge: the same
// total rate (750/s, fleet-500's) and work through one function and through
// 500, in hold units. The recorder is a counter, so the metrics' share of a
// fleet's cost is not in these figures.
func BenchmarkFleet(b *testing.B) {
	const horizon = 200 * time.Second
	for _, n := range []int{1, 500} {
		b.Run(fmt.Sprintf("functions=%d", n), func(b *testing.B) {
			cfg, w := fleet(n, 750)
			simtest.BenchmarkSource(b, horizon, New, cfg, func() models.Source {
				return workload.NewStream(w, 1, horizon)
			})
		})
	}
}
