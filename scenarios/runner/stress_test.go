package runner_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// stressCases are quick plans of two and three platforms, one a placement
// whose blend runs after its peers (two phases).
var stressCases = []struct {
	name, src string
}{
	{"three", three},
	{"blend", blend},
	{"pinned-blend", pinnedBlend},
}

func stressPlan(t *testing.T, src string, seed uint64, duration string) *scenario.Plan {
	t.Helper()
	plan := platformtest.Plan(t, src, platformtest.Pool{})
	q := *plan
	q.Seed = seed
	if duration != "" {
		d, err := time.ParseDuration(duration)
		if err != nil {
			t.Fatal(err)
		}
		q.Duration = d
	}
	return &q
}

// settle waits until the goroutines are back to at most n (an AfterFunc
// that ran may take a moment to end), and fails the test if they are not:
// a run left one waiting.
func settle(t *testing.T, n int) {
	t.Helper()
	for range 200 {
		if runtime.NumGoroutine() <= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = pprof.Lookup("goroutine").WriteTo(os.Stderr, 1)
	t.Fatalf("%d goroutines after the runs; %d before: a run left some behind", runtime.NumGoroutine(), n)
}

// within runs f and fails the test, with every goroutine's stack, if it
// has not returned after limit: a deadlock.
func within(t *testing.T, limit time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(limit):
		_ = pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
		t.Fatalf("%s: not done after %v: deadlock", what, limit)
	}
}

// The shared stream under stress: plans of several seeds, of two and three
// platforms and of two phases (a placement's blend after its peers), run
// through RunAll on one to three workers under GOMAXPROCS 1, 2 and 8, make
// the runs they make with a stream each, bit for bit, and leave no
// goroutine behind. -short runs a few of the combinations.
func TestSharedStreamUnderStress(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4}
	procs := []int{1, 2, 8}
	workers := []int{1, 2, 3}
	if testing.Short() {
		seeds, procs, workers = seeds[:2], []int{1, 8}, []int{3}
	}
	var plans []*scenario.Plan
	var names []string
	for _, seed := range seeds {
		for _, c := range stressCases {
			plans = append(plans, stressPlan(t, c.src, seed, "5m"))
			names = append(names, fmt.Sprintf("%s seed %d", c.name, seed))
		}
	}
	want := make([]*runner.Result, len(plans))
	for i, plan := range plans {
		var opt runner.Options
		runner.Separate(&opt)
		var err error
		if want[i], err = runner.Run(plan, opt); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range procs {
		for _, w := range workers {
			t.Run(fmt.Sprintf("GOMAXPROCS=%d/workers=%d", p, w), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
				base := runtime.NumGoroutine()
				// as RunAll runs them, on rings of random sizes (a chunk of
				// one request and a ring of one chunk among them) or the
				// default one
				rng := rand.New(rand.NewPCG(uint64(p), uint64(w)))
				chunk, depth := make([]int, len(plans)), make([]int, len(plans))
				for i := range plans {
					if i%4 != 0 {
						chunk[i], depth[i] = 1+rng.IntN(100), 1+rng.IntN(4)
					}
				}
				g := runner.NewGate(w)
				got := make([]*runner.Result, len(plans))
				var err error
				within(t, 2*time.Minute, "the runs", func() {
					err = runner.ForEach(len(plans), w, func(i int) error {
						opt := runner.Options{}
						runner.OnGate(&opt, g, int64(i))
						runner.Ring(&opt, chunk[i], depth[i])
						var err error
						got[i], err = runner.Run(plans[i], opt)
						return err
					}, nil)
				})
				if err != nil {
					t.Fatal(err)
				}
				for i := range plans {
					t.Run(names[i], func(t *testing.T) { sameRun(t, got[i], want[i]) })
				}
				settle(t, base)
			})
		}
	}
}

// Interrupted at random moments, runs sharing a gate of one to three seats
// (as RunAll's do) never hang, and every platform of a run that stopped
// early stops at the run's slice k and is, bit for bit, the platform run
// alone on a stream of its own and stopped at k: the same events,
// fingerprint and arrivals, none lost or repeated at the stop. Runs the
// interruption did not reach are the whole runs. Under GOMAXPROCS 1, 2
// and 8; no goroutine is left behind.
func TestInterruptedSharedStreamIsTheSeparateRun(t *testing.T) {
	rounds := 12
	procs := []int{1, 2, 8}
	if testing.Short() {
		rounds, procs = 3, []int{2}
	}
	const duration = 20 * time.Minute
	plans := []*scenario.Plan{stressPlan(t, three, 1, ""), stressPlan(t, three, 2, "")}
	whole := make([]*runner.Result, len(plans))
	for i, plan := range plans {
		var err error
		if whole[i], err = runner.Run(plan, runner.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	// alone is platform name of plans[i] on a stream of its own, stopped
	// after slice k (of 200), kept by (i, name, k)
	type key struct {
		i    int
		name string
		k    int
	}
	alone := map[key]*runner.PlatformResult{}
	aloneAt := func(t *testing.T, i int, name string, k int) *runner.PlatformResult {
		if r, ok := alone[key{i, name, k}]; ok {
			return r
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res, err := runner.Run(plans[i], runner.Options{Platforms: []string{name}, Context: ctx, Progress: func(f float64) {
			if f*200 >= float64(k)-1e-9 {
				cancel()
			}
		}})
		if k < 200 && !errors.Is(err, context.Canceled) || k == 200 && err != nil {
			t.Fatalf("%s alone to slice %d: %v", name, k, err)
		}
		r := res.Platform(name)
		alone[key{i, name, k}] = r
		return r
	}
	for _, p := range procs {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", p), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
			base := runtime.NumGoroutine()
			partial := 0
			for round := range rounds {
				rng := rand.New(rand.NewPCG(uint64(p), uint64(round)))
				seats := 1 + rng.IntN(3)
				g := runner.NewGate(seats)
				results := make([]*runner.Result, len(plans))
				errs := make([]error, len(plans))
				var wg sync.WaitGroup
				for i, plan := range plans {
					stopAt := 2.0 // never
					if rng.IntN(4) > 0 {
						stopAt = rng.Float64()
					}
					// a ring of at most 4 chunks of at most 50 requests, where
					// a slice of the run is 120 requests: the leader waits
					// for its peers all the time, and an interruption must
					// lift the bound for them to reach a common slice
					chunk, depth := 1+rng.IntN(50), 1+rng.IntN(4)
					wg.Add(1)
					go func() {
						defer wg.Done()
						ctx, cancel := context.WithCancel(context.Background())
						defer cancel()
						opt := runner.Options{Context: ctx, Progress: func(f float64) {
							if f >= stopAt {
								cancel()
							}
						}}
						runner.OnGate(&opt, g, int64(i))
						runner.Ring(&opt, chunk, depth)
						results[i], errs[i] = runner.Run(plan, opt)
					}()
				}
				within(t, time.Minute, fmt.Sprintf("round %d on %d seats", round, seats), wg.Wait)
				for i, res := range results {
					err := errs[i]
					if err == nil {
						sameRun(t, res, whole[i])
						continue
					}
					if !errors.Is(err, context.Canceled) || res == nil || !res.Partial {
						t.Fatalf("round %d, plan %d: %v", round, i, err)
					}
					partial++
					k := int(res.Plan.Duration / (duration / 200))
					if res.Plan.Duration != duration/200*time.Duration(k) || k < 1 || k >= 200 {
						t.Fatalf("round %d, plan %d: stopped at %v, not at a slice's end", round, i, res.Plan.Duration)
					}
					for _, m := range res.Platforms {
						w := aloneAt(t, i, m.Name, k)
						if m.End != w.End || m.Events != w.Events || m.Fingerprint != w.Fingerprint ||
							m.Rec.AllArrivals() != w.Rec.AllArrivals() || m.Rec.Arrivals() != w.Rec.Arrivals() {
							t.Errorf("round %d, plan %d, %s stopped at slice %d: end %v, events %d, fingerprint %x, arrivals %d; alone %v %d %x %d",
								round, i, m.Name, k, m.End, m.Events, m.Fingerprint, m.Rec.AllArrivals(), w.End, w.Events, w.Fingerprint, w.Rec.AllArrivals())
						}
					}
				}
			}
			if partial == 0 {
				t.Fatal("no run was interrupted: the test checked nothing of the stop")
			}
			t.Logf("%d of %d runs interrupted", partial, rounds*len(plans))
			settle(t, base)
		})
	}
}
