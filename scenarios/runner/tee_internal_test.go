package runner

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
)

// teeConfig is two services, so that the stream merges (its window path)
// and its requests carry work.
func teeConfig() workload.Config {
	svc := func(name string, rate float64) workload.Service {
		return workload.Service{Name: name, Arrivals: workload.Arrivals{RatePerSecond: rate},
			CPU: dist.MustParse("exp(mean=5ms)"), IO: dist.MustParse("lognormal(p50=30ms,p99=300ms)")}
	}
	return workload.Config{Services: []workload.Service{svc("a", 300), svc("b", 50)}}
}

// Every reader of a tee gets the stream's requests, all of them, in order,
// whatever the pace of each, with a ring of a few small chunks that the
// leaders fill and wait on; a reader that leaves early holds nobody back.
// The readers take turns on one seat of a gate, as RunAll's simulations
// do, and the tee never holds more chunks than its depth.
func TestTeeGivesEveryReaderTheStream(t *testing.T) {
	const horizon = 20 * time.Second // about 7,000 requests
	var want []models.Request
	s := workload.NewStream(teeConfig(), 7, horizon)
	for {
		r, ok := s.Next()
		if !ok {
			break
		}
		want = append(want, r)
	}
	for _, tc := range []struct {
		name         string
		chunk, depth int
		readers      int
		seats        int // 0: no gate
		stopAt       int // reader 0 leaves after this many requests (0: never)
	}{
		{"one-chunk", 64, 1, 2, 0, 0},
		{"ring", 64, 4, 3, 0, 0},
		{"one-seat", 64, 4, 3, 1, 0},
		{"two-seats", 100, 2, 3, 2, 0},
		{"leaves-early", 64, 4, 2, 1, 1000},
		{"exact-chunks", len(want) / 7, 3, 2, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tt := newTee(workload.NewStream(teeConfig(), 7, horizon), tc.readers)
			tt.chunk, tt.depth = tc.chunk, tc.depth
			var g *gate
			if tc.seats > 0 {
				g = newGate(tc.seats)
			}
			got := make([][]models.Request, tc.readers)
			var wg sync.WaitGroup
			for r := range tc.readers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					st := &seat{g: g, prio: int64(r % 2)}
					st.take()
					defer st.drop()
					rd := tt.reader(r, st)
					defer rd.leave()
					pace := rand.New(rand.NewPCG(uint64(r), 1))
					for {
						if r == 0 && tc.stopAt > 0 && len(got[r]) == tc.stopAt {
							return
						}
						var req models.Request
						if !rd.NextInto(&req) {
							return
						}
						got[r] = append(got[r], req)
						if pace.IntN(200) == 0 {
							time.Sleep(time.Duration(pace.IntN(50)) * time.Microsecond)
						}
						tt.mu.Lock()
						n := len(tt.live)
						tt.mu.Unlock()
						if n > tc.depth {
							t.Errorf("%d chunks in the ring; depth %d", n, tc.depth)
							return
						}
					}
				}()
			}
			wg.Wait()
			for r := range tc.readers {
				w := want
				if r == 0 && tc.stopAt > 0 {
					w = want[:tc.stopAt]
				}
				if len(got[r]) != len(w) {
					t.Fatalf("reader %d: %d requests; want %d", r, len(got[r]), len(w))
				}
				for i := range w {
					if got[r][i] != w[i] {
						t.Fatalf("reader %d, request %d: %+v; want %+v", r, i, got[r][i], w[i])
					}
				}
			}
		})
	}
}

// The gate seats the most urgent waiter first, then the first come among
// equals, and a seat's yield gives way only to a more urgent waiter.
func TestGateSeatsTheMostUrgentFirst(t *testing.T) {
	g := newGate(1)
	holder := &seat{g: g, prio: 5}
	holder.take()
	var mu sync.Mutex
	var order []int64
	var wg sync.WaitGroup
	waiting := func(n int) {
		for {
			g.mu.Lock()
			k := len(g.waiting)
			g.mu.Unlock()
			if k == n {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
	for k, p := range []int64{7, 3, 5, 3} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &seat{g: g, prio: p}
			s.take()
			mu.Lock()
			order = append(order, p*10+int64(k))
			mu.Unlock()
			s.drop()
		}()
		waiting(k + 1) // in this order
	}
	holder.yield() // as urgent waiters (3) exist, it gives way and waits
	if !holder.held {
		t.Fatal("the yielding seat was not taken back")
	}
	holder.drop()
	wg.Wait()
	mu.Lock()
	got := order
	mu.Unlock()
	want := []int64{31, 33, 52, 70} // by urgency, then arrival; holder (5) comes back between 52 and 70
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("seated %v; want %v", got, want)
		}
	}
}
