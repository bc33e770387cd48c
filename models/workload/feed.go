package workload

import (
	"cmp"
	"slices"
	"time"
)

// Feed is the source of a trace's rows for several services (Process
// Replay): a trace file read while the run goes, or Rows held in memory.
// Every Stream opens its own pass, so each model of a run replays the same
// rows. Implementations must be comparable (a pointer): the services of one
// feed are recognised by it.
type Feed interface {
	Open() FeedPass
}

// FeedPass is one pass over a feed's rows, in non-decreasing time.
type FeedPass interface {
	// Next returns the following row; false after the last. A pass that
	// cannot go on (a trace file changed since it was checked) panics: the
	// rows were validated when the scenario was compiled.
	Next() (Row, bool)
}

// Row is one replayed request: service Service (the FeedIndex of its
// service) arrives At after the start of the run. Its work is Duration,
// split between CPU and IO by the service's CPUFraction, or, when Duration
// is negative, drawn from the service's distributions.
type Row struct {
	At       time.Duration
	Service  int
	Duration time.Duration
}

// NoDuration marks a Row whose work comes from its service's distributions.
const NoDuration time.Duration = -1

// Rows is a Feed held in memory as compact columns sorted by time, for
// traces whose files are not in time order (rows with equal times keep the
// order they were added in): 20 bytes a row.
type Rows struct {
	at, dur []time.Duration
	svc     []int32
	sorted  bool // since the last Add
}

// Add appends a row; rows may come in any order.
func (r *Rows) Add(row Row) {
	r.at = append(r.at, row.At)
	r.dur = append(r.dur, row.Duration)
	r.svc = append(r.svc, int32(row.Service))
	r.sorted = false
}

// Len is the number of rows.
func (r *Rows) Len() int { return len(r.at) }

// Sort puts the rows in time order. It must be called after the last Add
// and before the first Open; from then on the Rows are read-only and may be
// replayed by several Streams at once.
func (r *Rows) Sort() {
	if r.sorted {
		return
	}
	idx := make([]int32, len(r.at))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(r.at[a], r.at[b]) })
	at, dur, svc := make([]time.Duration, len(idx)), make([]time.Duration, len(idx)), make([]int32, len(idx))
	for i, j := range idx {
		at[i], dur[i], svc[i] = r.at[j], r.dur[j], r.svc[j]
	}
	r.at, r.dur, r.svc, r.sorted = at, dur, svc, true
}

// Open implements Feed. It panics if rows were added since Sort.
func (r *Rows) Open() FeedPass {
	if !r.sorted {
		panic("workload: Rows opened before Sort")
	}
	return &rowsPass{r: r}
}

type rowsPass struct {
	r *Rows
	i int
}

func (p *rowsPass) Next() (Row, bool) {
	if p.i >= len(p.r.at) {
		return Row{}, false
	}
	i := p.i
	p.i++
	return Row{At: p.r.at[i], Service: int(p.r.svc[i]), Duration: p.r.dur[i]}, true
}
