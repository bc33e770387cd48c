package dist

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// The samplers draw on the rand.Rand directly instead of through distuv,
// which wraps it in a second rand.Rand; the numbers must be exactly
// distuv's, so that every result computed before the change still holds.
func TestSamplesMatchGonum(t *testing.T) {
	cases := []struct {
		spec string
		ref  func(d Dist, r *rand.Rand) float64
	}{
		{"exp(mean=30ms)", func(d Dist, r *rand.Rand) float64 {
			return distuv.Exponential{Rate: d.(*exponential).rate, Src: r}.Rand()
		}},
		{"uniform(5m,7m)", func(d Dist, r *rand.Rand) float64 {
			u := d.(uniform)
			return distuv.Uniform{Min: float64(u.min), Max: float64(u.max), Src: r}.Rand()
		}},
		{"lognormal(p50=80ms,p99=2s)", func(d Dist, r *rand.Rand) float64 {
			l := d.(lognormal)
			return distuv.LogNormal{Mu: l.mu, Sigma: l.sig, Src: r}.Rand()
		}},
	}
	for _, tc := range cases {
		d, err := Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		a, b := rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 2))
		for i := range 10000 {
			got, want := d.Sample(a), toDuration(tc.ref(d, b))
			if got != want {
				t.Fatalf("%s draw %d: %v; distuv gives %v", tc.spec, i, got, want)
			}
		}
	}
	n, err := ParseNumber("lognormal(p50=2,p99=40)")
	if err != nil {
		t.Fatal(err)
	}
	l := n.(numLognormal)
	a, b := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
	for i := range 10000 {
		if got, want := n.Sample(a), (distuv.LogNormal{Mu: l.mu, Sigma: l.sig, Src: b}).Rand(); got != want {
			t.Fatalf("number lognormal draw %d: %v; distuv gives %v", i, got, want)
		}
	}
}
