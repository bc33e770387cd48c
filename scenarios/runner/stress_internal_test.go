package runner

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
)

// breakingFeed replays a row every 10 ms and panics at row at (never when
// at < 0), as a trace file changed since the scenario was checked does.
type breakingFeed struct{ at int }

func (f *breakingFeed) Open() workload.FeedPass { return &breakingPass{f: f} }

type breakingPass struct {
	f *breakingFeed
	i int
}

func (p *breakingPass) Next() (workload.Row, bool) {
	if p.i == p.f.at {
		panic(fmt.Sprintf("row %d cannot be read", p.i))
	}
	p.i++
	return workload.Row{At: time.Duration(p.i) * 10 * time.Millisecond, Duration: workload.NoDuration}, true
}

// breakingConfig is a Poisson service beside one replayed from a feed that
// panics at row at: the stream merges them, and its draw panics mid-way.
func breakingConfig(at int) workload.Config {
	cfg := teeConfig()
	cfg.Services = append(cfg.Services, workload.Service{Name: "trace",
		Arrivals: workload.Arrivals{Process: workload.Replay, Bin: time.Second, Counts: []int32{100}, Scale: 1, Feed: &breakingFeed{at: at}},
		IO:       dist.MustParse("exp(mean=30ms)")})
	return cfg
}

// waitOrDump waits for wg, and fails the test with every goroutine's stack
// when it takes longer than limit: a deadlock.
func waitOrDump(t *testing.T, wg *sync.WaitGroup, limit time.Duration, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		_ = pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
		t.Fatalf("%s: still waiting after %v: deadlock", what, limit)
	}
}

// The tee under stress: readers that go at random paces, leave at random
// points (some before reading anything), a stream that panics mid-way, an
// interruption at a random moment, rings of one chunk and more, chunks of
// one request and more, no gate or one of one to three seats shared with
// readers of other urgencies, under GOMAXPROCS 1, 2 and 8. Nothing may hang;
// every reader that stays gets the stream's requests, all of them and in
// order (up to the last whole chunk before a panic, which the reader that
// drew it, and only it, gets); the ring never holds more chunks than its
// depth, counting those spare and the one being drawn, until an
// interruption lifts the bound. Run with -race.
func TestTeeUnderStress(t *testing.T) {
	const horizon = 4 * time.Second // about 1,800 requests
	trials := 400
	if testing.Short() {
		trials = 60
	}
	for _, procs := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			for trial := range trials {
				rng := rand.New(rand.NewPCG(uint64(procs), uint64(trial)))
				breakAt := -1
				if rng.IntN(3) == 0 {
					breakAt = rng.IntN(500)
				}
				var want []models.Request
				broke := false
				func() {
					defer func() { broke = recover() != nil }()
					s := workload.NewStream(breakingConfig(breakAt), uint64(trial), horizon)
					for {
						r, ok := s.Next()
						if !ok {
							return
						}
						want = append(want, r)
					}
				}()
				stressTee(t, rng, trial, breakAt, want, broke)
				if t.Failed() {
					return
				}
			}
		})
	}
}

func stressTee(t *testing.T, rng *rand.Rand, trial, breakAt int, want []models.Request, broke bool) {
	t.Helper()
	readers := 1 + rng.IntN(5)
	chunk, depth := 1+rng.IntN(40), 1+rng.IntN(5)
	seats := rng.IntN(4)
	name := fmt.Sprintf("trial %d: %d readers, chunk %d, depth %d, %d seats, break at %d", trial, readers, chunk, depth, seats, breakAt)
	tt := newTee(workload.NewStream(breakingConfig(breakAt), uint64(trial), 4*time.Second), readers)
	tt.chunk, tt.depth = chunk, depth
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	defer tt.interruptOn(ctx)()
	interruptAt := -1
	if rng.IntN(4) == 0 {
		interruptAt = rng.IntN(len(want) + 1)
	}
	var g *gate
	if seats > 0 {
		g = newGate(seats)
	}
	leaveAt := make([]int, readers)
	prio := make([]int64, readers)
	for r := range leaveAt {
		leaveAt[r] = -1
		if rng.IntN(4) == 0 {
			leaveAt[r] = rng.IntN(len(want) + 1)
		}
		prio[r] = int64(rng.IntN(3))
	}
	got := make([][]models.Request, readers)
	panics := make([]any, readers)
	var wg sync.WaitGroup
	for r := range readers {
		seed := rng.Uint64()
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := &seat{g: g, prio: prio[r]}
			st.take()
			defer st.drop()
			rd := tt.reader(r, st)
			defer rd.leave()
			defer func() { panics[r] = recover() }()
			pace := rand.New(rand.NewPCG(seed, 2))
			for {
				if len(got[r]) == leaveAt[r] {
					return
				}
				if r == 0 && len(got[r]) == interruptAt {
					cancel()
				}
				var req models.Request
				if !rd.NextInto(&req) {
					return
				}
				got[r] = append(got[r], req)
				switch pace.IntN(100) {
				case 0:
					time.Sleep(time.Duration(pace.IntN(30)) * time.Microsecond)
				case 1:
					runtime.Gosched()
				case 2:
					st.yield()
				}
				tt.mu.Lock()
				held := len(tt.live) + len(tt.spare)
				if tt.making {
					held++
				}
				free := tt.free
				tt.mu.Unlock()
				if held > depth && !free {
					t.Errorf("%s: reader %d: %d chunks held; depth %d", name, r, held, depth)
					return
				}
			}
		}()
	}
	waitOrDump(t, &wg, time.Minute, name)
	w := want
	if broke {
		// what the stream gave in whole chunks before it panicked: the
		// chunk being drawn then is never handed out
		w = want[:len(want)/chunk*chunk]
	}
	drew, past := 0, 0 // the readers the panic reached, and those that read past w
	for r := range readers {
		if panics[r] != nil {
			drew++
			if !broke {
				t.Fatalf("%s: reader %d panicked: %v", name, r, panics[r])
			}
		}
		if leaveAt[r] < 0 || leaveAt[r] > len(w) {
			past++
		}
		wr := w
		if leaveAt[r] >= 0 && leaveAt[r] < len(w) {
			wr = w[:leaveAt[r]]
		}
		if len(got[r]) != len(wr) {
			t.Fatalf("%s: reader %d: %d requests; want %d", name, r, len(got[r]), len(wr))
		}
		for i := range wr {
			if got[r][i] != wr[i] {
				t.Fatalf("%s: reader %d, request %d: %+v; want %+v", name, r, i, got[r][i], wr[i])
			}
		}
	}
	// the first reader to need the chunk after w draws it and gets the
	// panic; the others see the stream end
	if want := min(1, past); broke && drew != want {
		t.Fatalf("%s: %d readers got the stream's panic; want %d", name, drew, want)
	}
}
