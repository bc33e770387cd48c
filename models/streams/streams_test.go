package streams

import (
	"math/rand/v2"
	"testing"

	"github.com/execsim/execsim/sim"
)

// TestStateIsStream checks that States drawn through one Rand, interleaved,
// each give exactly the sequence of their own sim.Stream: moving streams
// into States moves no number, and one consumer's draws never shift
// another's.
func TestStateIsStream(t *testing.T) {
	names := []string{"lambda/a/cold-start", "lambda/b/cold-start", "kubernetes/a/routing"}
	for _, seed := range []uint64{0, 1, 42} {
		states := make([]rand.PCG, len(names))
		want := make([]*rand.Rand, len(names))
		for i, n := range names {
			states[i] = State(seed, n)
			want[i] = sim.Stream(seed, n)
		}
		r := New()
		for step := range 300 {
			i := (step * 7 / 3) % len(names) // an uneven interleaving
			var got, exp uint64
			switch step % 3 {
			case 0:
				got, exp = r.From(&states[i]).Uint64(), want[i].Uint64()
			case 1:
				g, e := r.From(&states[i]).Float64(), want[i].Float64()
				got, exp = uint64(g*(1<<53)), uint64(e*(1<<53))
			default:
				got, exp = uint64(r.From(&states[i]).IntN(17)), uint64(want[i].IntN(17))
			}
			if got != exp {
				t.Fatalf("seed %d, step %d, stream %s: got %d, want %d", seed, step, names[i], got, exp)
			}
		}
	}
}

// BenchmarkFrom is a draw through a State against one from the stream's own
// *rand.Rand.
func BenchmarkFrom(b *testing.B) {
	b.Run("state", func(b *testing.B) {
		st := State(1, "x")
		r := New()
		var s float64
		for b.Loop() {
			s += r.From(&st).Float64()
		}
		_ = s
	})
	b.Run("rand", func(b *testing.B) {
		r := sim.Stream(1, "x")
		var s float64
		for b.Loop() {
			s += r.Float64()
		}
		_ = s
	})
}

func TestBase(t *testing.T) {
	for _, tc := range []struct{ given, owner, name, want string }{
		{"", "lambda", "checkout", "lambda/checkout"},
		{"lambda", "lambda", "checkout", "lambda"}, // a single service keeps the model's old names
		{"", "workload", "", "workload/"},
	} {
		if got := Base(tc.given, tc.owner, tc.name); got != tc.want {
			t.Errorf("Base(%q, %q, %q) = %q; want %q", tc.given, tc.owner, tc.name, got, tc.want)
		}
	}
}
