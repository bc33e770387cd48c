package dist

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkSample(b *testing.B) {
	for _, bc := range []struct{ name, spec string }{
		{"const", "250ms"},
		{"exp", "exp(mean=250ms)"},
		{"uniform", "uniform(100ms,250ms)"},
		{"lognormal", "lognormal(p50=120ms,p99=900ms)"},
		{"gamma", "gamma(mean=250ms,cv=0.5)"},
		{"gamma-small-shape", "gamma(mean=250ms,cv=3)"},
		{"empirical", azure},
		{"scale", "scale(2,exp(mean=250ms))"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			d := MustParse(bc.spec)
			r := rand.New(rand.NewPCG(1, 2))
			b.ReportAllocs()
			for b.Loop() {
				d.Sample(r)
			}
		})
	}
}
