package workload

import (
	"fmt"
	"math"
	"testing"
	"time"

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
	for _, n := range []int{10, 100} {
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
