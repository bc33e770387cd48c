package scenario_test

import (
	"context"
	"errors"
	"io/fs"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// opens counts the opens of each file of an FS.
type opens struct {
	fs.FS
	mu sync.Mutex
	n  map[string]int
	// after, when set, is called at every open with the count so far
	after func(name string, n int)
}

func (o *opens) Open(name string) (fs.File, error) {
	o.mu.Lock()
	o.n[name]++
	n := o.n[name]
	o.mu.Unlock()
	if o.after != nil {
		o.after(name, n)
	}
	return o.FS.Open(name)
}

const sweptLog = "timestamp,service,duration\n2024-05-01T09:00:00Z,api,0.1\n2024-05-01T09:00:30Z,db,0.2\n2024-05-01T09:00:40Z,api,0.1\n"

// A sweep's points read the plan's trace again only when their values
// change its trace: section: a trace of gigabytes was read again by every
// point, twice (sweep checks every point before it runs them).
func TestSweepPointsReuseTheTrace(t *testing.T) {
	cases := []struct {
		name  string
		sweep string
		want  int // loads of log.csv: the plan's, its points' and their units'
	}{
		{"a platform's setting", "sweep: {lambda.memoryMB: [256, 512, 1024]}\nreplications: 2\n", 1},
		// each value is read once, and the first (speed 1, the default)
		// not at all: it reads as the plan did, its section written
		// otherwise (a review: the sections were compared as written)
		{"the trace's own setting", "sweep: {fleet.trace.speed: [1, 2, 4]}\n", 1 + 2},
		{"a default written out", "sweep: {fleet.trace.scale: [1]}\n", 1},
		{"another distribution", "sweep: {fleet.trace.work.io: [1ms, 2ms]}\n", 1 + 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := &opens{FS: fstest.MapFS{"log.csv": {Data: []byte(sweptLog)}}, n: map[string]int{}}
			src := traceHead + "fleet: {trace: {format: csv, invocations: log.csv, work: {io: 1ms}}}\nlambda: {}\n" + tc.sweep
			plan, err := scenario.ParseFiles([]byte(src), files, nil, platformtest.Registry())
			if err != nil {
				t.Fatal(err)
			}
			if err := plan.CheckPoints(); err != nil {
				t.Fatal(err)
			}
			for _, u := range plan.Units() {
				q, err := plan.PlanFor(u)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := len(q.Workload.Services), len(plan.Workload.Services); got != want {
					t.Errorf("unit %v: %d services; want %d", u, got, want)
				}
			}
			// a load opens the file twice: fs.Stat (before an open that
			// could block on a named pipe) falls back to Open here, then
			// the one read of a file in time order
			if got := files.n["log.csv"]; got != 2*tc.want {
				t.Errorf("log.csv opened %d times; want %d (%d loads)", got, 2*tc.want, tc.want)
			}
		})
	}
}

// A point reads its trace as the plan read its own: Ctrl-C during a
// point's read stops it (PlanFor read without the command's context).
func TestSweepPointsReadWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	files := &opens{FS: fstest.MapFS{"log.csv": {Data: []byte(sweptLog)}}, n: map[string]int{},
		after: func(_ string, n int) {
			if n == 3 { // the first point's load (two opens a load): Ctrl-C
				cancel()
			}
		}}
	src := traceHead + "fleet: {trace: {format: csv, invocations: log.csv, work: {io: 1ms}}}\nlambda: {}\nsweep: {fleet.trace.speed: [2, 4]}\n"
	plan, err := scenario.ParseReading([]byte(src), files, scenario.Reading{Context: ctx}, nil, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	_, err = plan.PlanFor(plan.Units()[0])
	if !errors.Is(err, context.Canceled) {
		t.Errorf("PlanFor: %v; want context.Canceled", err)
	}
}
