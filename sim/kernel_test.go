package sim

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// recorder remembers the order in which it receives events.
type recorder struct{ got []int64 }

func (r *recorder) Handle(k *Kernel, ev Event) { r.got = append(r.got, ev.ID) }

func TestOrderByTimeThenInsertion(t *testing.T) {
	k := New(1)
	r := &recorder{}
	k.Schedule(Event{At: 30, ID: 1, To: r})
	k.Schedule(Event{At: 10, ID: 2, To: r})
	k.Schedule(Event{At: 30, ID: 3, To: r})
	k.Schedule(Event{At: 10, ID: 4, To: r})
	k.Schedule(Event{At: 20, ID: 5, To: r})
	k.Run()
	want := []int64{2, 4, 5, 1, 3}
	for i := range want {
		if r.got[i] != want[i] {
			t.Fatalf("order = %v; want %v", r.got, want)
		}
	}
	if k.Now() != 30 || k.Events() != 5 {
		t.Errorf("now %v events %d; want 30ns and 5", k.Now(), k.Events())
	}
}

func TestQueueMatchesSortOnRandomLoads(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 50; trial++ {
		k := New(1)
		rec := &recorder{}
		n := 1 + r.IntN(500)
		type key struct{ at, seq int64 }
		keys := make([]key, n)
		for i := range n {
			at := Time(r.IntN(50))
			keys[i] = key{int64(at), int64(i)}
			k.Schedule(Event{At: at, ID: int64(i), To: rec})
		}
		k.Run()
		for i := 1; i < n; i++ {
			a, b := keys[rec.got[i-1]], keys[rec.got[i]]
			if a.at > b.at || (a.at == b.at && a.seq > b.seq) {
				t.Fatalf("trial %d: event %v ran before %v", trial, a, b)
			}
		}
	}
}

func TestScheduleInPastPanics(t *testing.T) {
	k := New(1)
	r := &recorder{}
	k.Schedule(Event{At: Time(2 * time.Second), To: r})
	k.Step()
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "sim: event at 1s is before now 2s") {
			t.Errorf("panic = %q; want the past-event message", msg)
		}
	}()
	k.Schedule(Event{At: Time(time.Second), To: r})
}

func TestRunUntilStopsAndAdvancesClock(t *testing.T) {
	k := New(1)
	r := &recorder{}
	k.Schedule(Event{At: 5, ID: 1, To: r})
	k.Schedule(Event{At: 15, ID: 2, To: r})
	k.RunUntil(10)
	if len(r.got) != 1 || k.Now() != 10 || k.Next() != 15 {
		t.Errorf("got %v now %v next %v; want [1], 10ns, 15ns", r.got, k.Now(), k.Next())
	}
}

// lazyCancel ignores events whose generation is stale.
type lazyCancel struct {
	gen   uint32
	fired int
}

func (l *lazyCancel) Handle(k *Kernel, ev Event) {
	if ev.Gen != l.gen {
		return
	}
	l.fired++
}

func TestLazyCancellation(t *testing.T) {
	k := New(1)
	l := &lazyCancel{}
	k.After(time.Second, l, 0, 0, l.gen)
	l.gen++ // cancel
	k.After(2*time.Second, l, 0, 0, l.gen)
	k.Run()
	if l.fired != 1 {
		t.Errorf("fired %d; want 1 (the first event was cancelled)", l.fired)
	}
}

func TestStreamsAreIndependentOfEachOther(t *testing.T) {
	a1 := Stream(42, "lambda/cold-start").Uint64()
	_ = Stream(42, "kubernetes/new").Uint64()
	a2 := Stream(42, "lambda/cold-start").Uint64()
	if a1 != a2 {
		t.Errorf("stream changed after another was created: %x vs %x", a1, a2)
	}
	if Stream(42, "a").Uint64() == Stream(42, "b").Uint64() {
		t.Error("two names gave the same first number")
	}
	if Stream(42, "a").Uint64() == Stream(43, "a").Uint64() {
		t.Error("two seeds gave the same first number")
	}
}

// chain reschedules itself with pseudo-random delays, a tiny deterministic model.
type chain struct{ r *rand.Rand }

func (c *chain) Handle(k *Kernel, ev Event) {
	if ev.ID < 1000 {
		k.After(time.Duration(c.r.IntN(1000)), c, Kind(ev.ID%3), ev.ID+1, 0)
	}
}

func TestFingerprintDeterministicAndSensitive(t *testing.T) {
	run := func(seed uint64) uint64 {
		k := New(seed)
		c := &chain{r: k.Stream("chain")}
		k.After(0, c, 0, 0, 0)
		k.After(0, c, 0, 500, 0)
		k.Run()
		return k.Fingerprint()
	}
	if run(1) != run(1) {
		t.Error("same seed, different fingerprints")
	}
	if run(1) == run(2) {
		t.Error("different seeds, same fingerprint")
	}
}

// refModel schedules 0–2 successors per event and checks every event the
// kernel hands it is the minimum (At, seq) of a plain reference list — the
// replace-top path of Step included.
type refModel struct {
	t       *testing.T
	r       *rand.Rand
	pending []Event // reference: every scheduled, not yet handled event
	seq     uint64
	left    int
}

func (m *refModel) schedule(k *Kernel, at Time) {
	ev := Event{At: at, ID: int64(m.seq), To: m}
	m.seq++
	m.pending = append(m.pending, ev)
	k.Schedule(ev)
}

func (m *refModel) Handle(k *Kernel, ev Event) {
	best := 0
	for i := range m.pending {
		a, b := m.pending[i], m.pending[best]
		if a.At < b.At || a.At == b.At && a.ID < b.ID {
			best = i
		}
	}
	if m.pending[best].ID != ev.ID {
		m.t.Fatalf("kernel ran event %d at %v; the earliest pending is %d at %v", ev.ID, ev.At, m.pending[best].ID, m.pending[best].At)
	}
	m.pending = append(m.pending[:best], m.pending[best+1:]...)
	if k.Pending() != len(m.pending) {
		m.t.Fatalf("Pending() = %d; want %d", k.Pending(), len(m.pending))
	}
	for n := m.r.IntN(3); n > 0 && m.left > 0; n-- {
		m.left--
		m.schedule(k, k.Now()+Time(m.r.IntN(20)))
	}
}

func TestRescheduleFromHandlerKeepsOrder(t *testing.T) {
	for seed := range uint64(20) {
		k := New(seed)
		m := &refModel{t: t, r: rand.New(rand.NewPCG(seed, 1)), left: 2000}
		for range 50 {
			m.schedule(k, Time(m.r.IntN(20)))
		}
		k.Run()
		if len(m.pending) != 0 || k.Pending() != 0 {
			t.Fatalf("seed %d: %d events left", seed, len(m.pending))
		}
	}
}

// chain is a stream with one pending event at a time (like the arrival
// driver): each event queues the next, through Offer or through Schedule,
// and also schedules a pseudo-random number of heap events, some at the
// same time as the next offered one, to exercise the tie rule.
type offerChain struct {
	offer bool
	r     *rand.Rand
	left  int
	got   []int64
	next  int64
}

func (c *offerChain) Handle(k *Kernel, ev Event) {
	c.got = append(c.got, ev.ID)
	if ev.Kind != 1 {
		return
	}
	at := k.Now() + Time(c.r.IntN(3))
	for range c.r.IntN(3) {
		k.Schedule(Event{At: k.Now() + Time(c.r.IntN(4)), Kind: 2, ID: -c.next, To: c})
		c.next++
	}
	if c.left == 0 {
		return
	}
	c.left--
	ev = Event{At: at, Kind: 1, ID: c.next, To: c}
	c.next++
	if c.offer {
		k.Offer(ev)
	} else {
		k.Schedule(ev)
	}
}

// An offered event runs exactly where the same event scheduled into the
// heap would: same order, event count and fingerprint, ties included.
func TestOfferMatchesSchedule(t *testing.T) {
	for seed := range uint64(20) {
		run := func(offer bool) (*Kernel, []int64) {
			k := New(1)
			c := &offerChain{offer: offer, r: rand.New(rand.NewPCG(seed, 3)), left: 200}
			k.Schedule(Event{At: 0, Kind: 1, To: c})
			k.RunUntil(150)
			mid := k.Pending()
			k.Run()
			return k, append(c.got, int64(mid))
		}
		ks, gs := run(false)
		ko, go_ := run(true)
		if ks.Fingerprint() != ko.Fingerprint() || ks.Events() != ko.Events() || len(gs) != len(go_) {
			t.Fatalf("seed %d: offer gave %d events %x; schedule %d events %x", seed, ko.Events(), ko.Fingerprint(), ks.Events(), ks.Fingerprint())
		}
		for i := range gs {
			if gs[i] != go_[i] {
				t.Fatalf("seed %d: order differs at %d: offer %v, schedule %v", seed, i, go_[i], gs[i])
			}
		}
	}
}

// A second stream offering while the slot is taken goes through the heap.
func TestOfferWhenSlotTakenUsesHeap(t *testing.T) {
	k := New(1)
	r := &recorder{}
	k.Offer(Event{At: 20, ID: 1, To: r})
	k.Offer(Event{At: 10, ID: 2, To: r})
	k.Schedule(Event{At: 20, ID: 3, To: r})
	if k.Pending() != 3 || k.Next() != 10 {
		t.Fatalf("pending %d next %v; want 3 and 10ns", k.Pending(), k.Next())
	}
	k.Run()
	if want := []int64{2, 1, 3}; len(r.got) != 3 || r.got[0] != want[0] || r.got[1] != want[1] || r.got[2] != want[2] {
		t.Errorf("order %v; want %v", r.got, want)
	}
}

// Events reach the handler they were scheduled for when many handlers
// share a kernel (the queue names them by index in a table).
func TestManyHandlersEachGetTheirOwnEvents(t *testing.T) {
	k := New(1)
	rs := make([]*recorder, 700)
	for i := range rs {
		rs[i] = &recorder{}
	}
	for round := range 3 {
		for i, r := range rs {
			k.Schedule(Event{At: Time(round*1000 + (i*7)%700), ID: int64(i), To: r})
		}
	}
	k.Run()
	for i, r := range rs {
		if len(r.got) != 3 || r.got[0] != int64(i) || r.got[2] != int64(i) {
			t.Fatalf("handler %d got %v; want its own ID three times", i, r.got)
		}
	}
}

// funcHandler is not comparable: the kernel must not compare it, and must
// still deliver each event to it.
type funcHandler struct{ f func() }

func (h funcHandler) Handle(*Kernel, Event) { h.f() }

func TestUncomparableHandlers(t *testing.T) {
	k := New(1)
	var got []int
	r := &recorder{}
	for i := range 5 {
		k.Schedule(Event{At: Time(10 * i), To: funcHandler{func() { got = append(got, i) }}})
		k.Schedule(Event{At: Time(10*i + 5), ID: int64(i), To: r})
	}
	k.Run()
	if len(got) != 5 || got[4] != 4 || len(r.got) != 5 {
		t.Errorf("func handlers ran %v, recorder got %v; want 0..4 each", got, r.got)
	}
	k.Schedule(Event{At: 100, To: funcHandler{func() {}}})
	if len(k.spare) != 5 || len(k.spareFree) != 4 {
		t.Errorf("%d spare slots (%d free); want the 5 slots of the pending events, one reused", len(k.spare), len(k.spareFree))
	}
}

// structHandler is a comparable-looking struct value whose interface field
// holds a func: comparing two of them panics, so the kernel must never do it.
type structHandler struct {
	f   any
	got *[]Time
}

func (s structHandler) Handle(k *Kernel, _ Event) { *s.got = append(*s.got, k.Now()) }

// Struct-valued handlers with uncomparable contents run like any other.
func TestStructHandlerWithFuncField(t *testing.T) {
	k := New(1)
	var got []Time
	for i := range 3 {
		k.Schedule(Event{At: Time(i + 1), To: structHandler{f: func() {}, got: &got}})
	}
	k.Run()
	if len(got) != 3 {
		t.Fatalf("ran %d events, want 3", len(got))
	}
}

// farChain schedules zero to three events per event it handles, some
// within a few nanoseconds (ties are common) and some far ahead, and
// offers its own successor; handled IDs are recorded in order.
type farChain struct {
	r    *rand.Rand
	left int
	got  []int64
	next int64
}

func (c *farChain) Handle(k *Kernel, ev Event) {
	c.got = append(c.got, ev.ID)
	if c.left == 0 {
		return
	}
	c.left--
	for range c.r.IntN(4) {
		d := Time(c.r.IntN(4))
		if c.r.IntN(3) == 0 {
			d = Time(c.r.IntN(4)) * 50
		}
		k.Schedule(Event{At: k.Now() + d, Kind: 2, ID: c.next, To: c})
		c.next++
	}
	k.Offer(Event{At: k.Now() + Time(c.r.IntN(3)), Kind: 1, ID: c.next, To: c})
	c.next++
}

// Splitting pending events between the near and the far heap, and
// taking the in-order ones into the lane, moves no event: with every event near (one heap), every event far, or the split
// anywhere between, the same events run in the same order, with the same
// fingerprint, and Pending and Next agree midway.
func TestFarHeapKeepsTheOrder(t *testing.T) {
	for seed := range uint64(20) {
		run := func(farAfter Time, noLane bool) ([]int64, uint64, uint64, int, Time) {
			k := New(1)
			k.farAfter, k.noLane = farAfter, noLane
			c := &farChain{r: rand.New(rand.NewPCG(seed, 5)), left: 400}
			k.Schedule(Event{At: 0, Kind: 1, To: c})
			k.RunUntil(300)
			mid, next := k.Pending(), k.Next()
			k.Run()
			return c.got, k.Fingerprint(), k.Events(), mid, next
		}
		want, wfp, wn, wmid, wnext := run(Never, true)
		for _, farAfter := range []Time{0, 1, 3, 50, 149, Never} {
			for _, noLane := range []bool{true, false} {
				got, fp, n, mid, next := run(farAfter, noLane)
				if fp != wfp || n != wn || mid != wmid || next != wnext || !slices.Equal(got, want) {
					t.Fatalf("seed %d, far after %d, lane %v: %d events %x (pending %d, next %v) against one heap's %d %x (%d, %v)",
						seed, farAfter, !noLane, n, fp, mid, next, wn, wfp, wmid, wnext)
				}
			}
		}
		if len(want) < 400 {
			t.Fatalf("seed %d: %d events; the chain should run at least 400", seed, len(want))
		}
	}
}

// A burst does not leave its high-water mark allocated: once the queue
// is back to a few events, its array is a small multiple of them, and the
// events still come out in order.
func TestQueueShrinksAfterABurst(t *testing.T) {
	var q queue
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 100_000 {
		q.push(entry{At: Time(r.IntN(1_000_000)), key: uint64(i) << 16})
	}
	peak := cap(q.ev)
	var last entry
	for q.len() > 10 {
		top := *q.peek()
		if less(&top, &last) {
			t.Fatalf("%v came out after %v", top, last)
		}
		last = top
		q.removeTop()
	}
	if c := cap(q.ev); c > 4*shrinkFrom || peak < 100_000 {
		t.Errorf("capacity %d after the burst (peak %d); want at most %d", c, peak, 4*shrinkFrom)
	}
}

// fixedChain is a server with a constant service time: each arrival
// (offered, at random gaps, often tied) schedules its completion d later,
// so completions are scheduled in time order and the lane takes them all,
// and some completions schedule an out-of-order follow-up that goes to a
// heap. Handled (Kind, ID)s are recorded in order.
type fixedChain struct {
	r    *rand.Rand
	d    Time
	left int
	got  []int64
	next int64
}

func (c *fixedChain) Handle(k *Kernel, ev Event) {
	c.got = append(c.got, int64(ev.Kind)<<32|ev.ID)
	switch {
	case ev.Kind == 1 && c.left > 0:
		c.left--
		k.Schedule(Event{At: k.Now() + c.d, Kind: 2, ID: ev.ID, To: c})
		k.Offer(Event{At: k.Now() + Time(c.r.IntN(3)), Kind: 1, ID: c.next, To: c})
		c.next++
	case ev.Kind == 2 && c.r.IntN(4) == 0:
		k.Schedule(Event{At: k.Now() + Time(c.r.IntN(int(c.d))), Kind: 3, ID: ev.ID, To: c})
	}
}

// The lane and its ring's growth, wrap-around and shrinking keep the order
// of one heap, and the lane takes the in-order events.
func TestLaneKeepsTheOrder(t *testing.T) {
	for seed := range uint64(10) {
		run := func(noLane bool) ([]int64, uint64, *Kernel) {
			k := New(1)
			k.noLane = noLane
			c := &fixedChain{r: rand.New(rand.NewPCG(seed, 9)), d: 40, left: 5_000}
			k.Offer(Event{At: 0, Kind: 1, To: c})
			k.RunUntil(700)
			if noLane && k.lane.len() != 0 {
				t.Fatalf("noLane kernel used its lane")
			}
			k.Run()
			return c.got, k.Fingerprint(), k
		}
		want, wfp, _ := run(true)
		got, fp, k := run(false)
		if fp != wfp || !slices.Equal(got, want) {
			t.Fatalf("seed %d: the lane ran %d events (%x), one heap %d (%x)", seed, len(got), fp, len(want), wfp)
		}
		if len(k.lane.ev) == 0 {
			t.Fatalf("seed %d: the lane was never used", seed)
		}
	}
	// a burst through the lane alone: growth past wrap-around, then shrink
	var l lane
	for round := range 3 {
		for i := range 5_000 {
			l.push(entry{At: Time(round*10_000 + i)})
			if i%3 == 0 {
				l.pop()
			}
		}
		prev := Time(-1)
		for l.len() > 0 {
			if at := l.peek().At; at < prev {
				t.Fatalf("round %d: %d after %d", round, at, prev)
			} else {
				prev = at
			}
			l.pop()
		}
	}
	if len(l.ev) > 2*shrinkFrom {
		t.Errorf("lane of %d slots after the bursts; want at most %d", len(l.ev), 2*shrinkFrom)
	}
}

// valueHandler is a handler held by value, boxed apart in each interface.
type valueHandler struct{ n int }

func (valueHandler) Handle(*Kernel, Event) {}

// same is == for the pointer handlers the table holds, and never true for
// handlers == tells apart.
func TestSameIsEqualityOfPointers(t *testing.T) {
	a, b := &recorder{}, &recorder{}
	c := &chain{}
	cases := []struct {
		x, y Handler
		want bool
	}{
		{a, a, true}, {a, b, false}, {a, nil, false}, {nil, nil, true}, {a, c, false},
	}
	for i, tc := range cases {
		if got := same(tc.x, tc.y); got != tc.want || got != (tc.x == tc.y) {
			t.Errorf("case %d: same = %v; want %v (== says %v)", i, got, tc.want, tc.x == tc.y)
		}
	}
	// Values are boxed apart: same may say false where == says true
	// (lookup then decides), never true where == says false.
	if same(Handler(valueHandler{1}), Handler(valueHandler{2})) {
		t.Error("same is true for unequal values")
	}
}

// outer and inner share an address (inner is outer's first field, and
// zero-size values may share one too): same must tell them apart by type.
type inner struct{ n int }

func (*inner) Handle(*Kernel, Event) {}

type outer struct {
	in inner
	m  int
}

func (*outer) Handle(*Kernel, Event) {}

type zeroA struct{}

func (*zeroA) Handle(*Kernel, Event) {}

type zeroB struct{}

func (*zeroB) Handle(*Kernel, Event) {}

// same compares the type word as well as the data word: two handlers at
// one address but of different types are different handlers.
func TestSameTellsTypesAtOneAddress(t *testing.T) {
	o := &outer{}
	za, zb := &zeroA{}, &zeroB{}
	pairs := []struct {
		name string
		x, y Handler
	}{
		{"outer and its first field", o, &o.in},
		{"zero-size types", za, zb},
	}
	for _, p := range pairs {
		if same(p.x, p.y) {
			t.Errorf("%s: same is true for handlers of different types", p.name)
		}
		if p.x == p.y {
			t.Errorf("%s: == is true; the case tests nothing", p.name)
		}
	}
}

// After and OfferAt build their entries without an Event, but keep
// Schedule's checks: each bad call panics, and a good one is not refused.
func TestAfterAndOfferAtKeepTheChecks(t *testing.T) {
	h := &recorder{}
	panics := func(f func()) (p bool) {
		defer func() { p = recover() != nil }()
		f()
		return false
	}
	at := func(now Time) *Kernel {
		k := New(1)
		k.now = now
		return k
	}
	cases := []struct {
		name string
		call func()
		want bool
	}{
		{"After, negative delay", func() { at(10).After(-1, h, 0, 0, 0) }, true},
		{"After, past the representable future", func() { at(Never-5).After(10, h, 0, 0, 0) }, true},
		{"After, no handler", func() { at(0).After(1, nil, 0, 0, 0) }, true},
		{"After, no sequence left", func() { k := at(0); k.seq = maxSeq; k.After(1, h, 0, 0, 0) }, true},
		{"After, good", func() { at(0).After(1, h, 0, 0, 0) }, false},
		{"OfferAt, in the past", func() { at(10).OfferAt(9, h, 0, 0, 0) }, true},
		{"OfferAt, no handler", func() { at(0).OfferAt(1, nil, 0, 0, 0) }, true},
		{"OfferAt, no sequence left", func() { k := at(0); k.seq = maxSeq; k.OfferAt(1, h, 0, 0, 0) }, true},
		{"OfferAt, good", func() { at(0).OfferAt(1, h, 0, 0, 0) }, false},
		{"OfferAt, slot taken", func() { k := at(0); k.OfferAt(1, h, 0, 0, 0); k.OfferAt(2, h, 0, 0, 0) }, false},
	}
	for _, c := range cases {
		if got := panics(c.call); got != c.want {
			t.Errorf("%s: panicked %v, want %v", c.name, got, c.want)
		}
	}
}
