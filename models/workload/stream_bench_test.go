package workload

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/benchunit"
	"github.com/execsim/execsim/internal/dist"
)

// BenchmarkStream measures Next per request: arrival generation, work
// sampling and the merge across services.
func BenchmarkStream(b *testing.B) {
	work := func(a Arrivals) Service {
		return Service{Name: "svc", Arrivals: a, CPU: dist.MustParse("exp(mean=20ms)"), IO: dist.MustParse("lognormal(p50=60ms,p99=500ms)")}
	}
	cases := []struct {
		name string
		cfg  Config
	}{
		{"poisson", Config{Services: []Service{{Name: "svc", Arrivals: Arrivals{RatePerSecond: 1000}}}}},
		{"poisson+work", Config{Services: []Service{work(Arrivals{RatePerSecond: 1000})}}},
		{"even", single(Arrivals{Process: Even, RatePerSecond: 1000})},
		{"profile", single(businessHours)},
		{"profile-linear", single(linearDaily)},
		{"diurnal", single(diurnal)},
		{"bursts", single(Arrivals{Process: Bursts, RatePerSecond: 500, BurstRatePerSecond: 5000, Every: time.Hour, For: 6 * time.Minute})},
		{"hours", single(Arrivals{RatePerSecond: 1000, Hours: office})},
		{"compress", single(func() Arrivals { a := businessHours; a.Compress = 12; return a.Scaled(300) }())},
		{"counts", single(Arrivals{Process: Counts, Bin: time.Hour, Counts: []int32{math.MaxInt32}, Scale: 1})},
		{"counts-equidistant", single(Arrivals{Process: Counts, Bin: time.Hour, Counts: []int32{math.MaxInt32}, Placement: Equidistant, Scale: 1})},
	}
	for _, n := range []int{10, 100, 500} {
		var fleet Config
		for i := range n {
			fleet.Services = append(fleet.Services, Service{Name: fmt.Sprint("svc", i), Arrivals: Arrivals{RatePerSecond: 10}})
		}
		cases = append(cases, struct {
			name string
			cfg  Config
		}{fmt.Sprintf("fleet=%d", n), fleet})
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			s := NewStream(bc.cfg, 1, time.Duration(math.MaxInt64))
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := s.Next(); !ok {
					b.Fatal("stream ended")
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "requests/s")
		})
	}
}

// fleetConfig is n Poisson services whose rates are spread like the steady
// part of builtin:fleet-500 (lognormal, median 5/s, sigma 1) and scaled to
// add up to total, with fleet-500's work; n = 1 is one service at total.
func fleetConfig(n int, total float64) Config {
	r := rand.New(rand.NewPCG(13, 13))
	rates := make([]float64, n)
	var sum float64
	for i := range rates {
		rates[i] = math.Exp(math.Log(5) + r.NormFloat64())
		sum += rates[i]
	}
	var c Config
	for i, x := range rates {
		c.Services = append(c.Services, Service{Name: fmt.Sprintf("svc-%03d", i),
			Arrivals: Arrivals{RatePerSecond: x * total / sum},
			CPU:      dist.MustParse("exp(mean=5ms)"), IO: dist.MustParse("lognormal(p50=30ms,p99=300ms)")})
	}
	return c
}

// BenchmarkFleetArrivals is the arrival side of "a 500-service fleet costs
// at most 1.3× one service per request" (issue 13): the same total rate
// and work from one service and from 500, in hold units (simtest.HoldNanos)
// so the two can be compared across runs; work sampling is included, the
// same in both.
func BenchmarkFleetArrivals(b *testing.B) {
	for _, n := range []int{1, 500} {
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			s := NewStream(fleetConfig(n, 750), 1, time.Duration(math.MaxInt64))
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := s.Next(); !ok {
					b.Fatal("stream ended")
				}
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.StopTimer()
			b.ReportMetric(ns/benchunit.HoldNanos(2_000_000), "holds/req")
		})
	}
}
