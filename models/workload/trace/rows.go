package trace

import (
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/readwatch"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
)

// raw is one row of a per-invocation trace, in the trace's own terms.
type raw struct {
	t   int64  // arrival, ns since the format's zero
	key string // the service: its ids
	dur time.Duration
}

// rawReader reads a per-invocation trace's rows.
type rawReader interface {
	next() (raw, error) // io.EOF after the last row
	line() int
	warnings() []string
}

// newRaw opens the reader of o's format on r.
func newRaw(r io.Reader, o Options) (rawReader, error) {
	switch o.Format {
	case Azure2021:
		x, err := NewInvocationsReader(r, o.Invocations)
		return azure2021Raw{x}, err
	case LLM2023:
		x, err := NewLLMReader(r, o.Invocations)
		return llmRaw{x, o.Tokens}, err
	}
	x, err := NewCSVReader(r, o.Invocations)
	if err == nil && o.DurationUnit != 0 {
		err = x.SetUnit(o.DurationUnit)
	}
	return csvRaw{x}, err
}

type azure2021Raw struct{ r *InvocationsReader }

func (a azure2021Raw) line() int          { return a.r.t.line }
func (a azure2021Raw) warnings() []string { return a.r.Warnings() }

func (a azure2021Raw) next() (raw, error) {
	v, err := a.r.Next()
	if err != nil {
		return raw{}, err
	}
	// A duration of 0 means under a millisecond.
	return raw{t: int64(v.Start()), key: v.App + "\x00" + v.Func, dur: max(MinDuration, v.Duration)}, nil
}

type llmRaw struct {
	r      *LLMReader
	tokens *Tokens
}

func (l llmRaw) line() int          { return l.r.t.line }
func (l llmRaw) warnings() []string { return l.r.Warnings() }

func (l llmRaw) next() (raw, error) {
	q, err := l.r.Next()
	if err != nil {
		return raw{}, err
	}
	d := workload.NoDuration
	if l.tokens != nil {
		d = l.tokens.Duration(q.Context, q.Generated)
	}
	return raw{t: q.Time.UnixNano(), dur: d}, nil
}

type csvRaw struct{ r *CSVReader }

func (c csvRaw) line() int          { return c.r.t.line }
func (c csvRaw) warnings() []string { return c.r.Warnings() }

func (c csvRaw) next() (raw, error) {
	row, err := c.r.Next()
	if err != nil {
		return raw{}, err
	}
	return raw{t: row.At, key: row.Service, dur: row.Duration}, nil
}

// window maps a trace's times onto the run: rows in [from, to) arrive at
// (t − from)/speed.
type window struct {
	from, to int64
	speed    float64
}

func (w window) at(t int64) time.Duration {
	if w.speed == 1 {
		return time.Duration(t - w.from)
	}
	return time.Duration(math.Round(float64(t-w.from) / w.speed))
}

// maxBins bounds a replayed service's histogram (Rate and Expected): one
// bin a minute, or longer bins for traces longer than a day.
const maxBins = 1440

// scan is what a first pass over a per-invocation trace learns.
type scan struct {
	keys    []string
	index   map[string]int
	sorted  bool
	minT    int64
	maxT    int64
	rows    int
	noDur   int // rows without a duration
	noDurAt int // the first one's line
	// minutes are each service's requests per minute of the run's clock,
	// counted while the trace is in time order (then the first pass is the
	// only one): a run of minutes with requests at a time, as the rows
	// come, so that they take room only for minutes with requests.
	minutes [][]minuteCount
}

// minuteCount is how many requests a service has in a minute of the run.
type minuteCount struct{ minute, n int64 }

// count adds a request of service i at run time at.
func (sc *scan) count(i int, at time.Duration) {
	for len(sc.minutes) <= i {
		sc.minutes = append(sc.minutes, nil)
	}
	m, l := int64(at/time.Minute), sc.minutes[i]
	if k := len(l) - 1; k >= 0 && l[k].minute == m {
		l[k].n++
		return
	}
	sc.minutes[i] = append(l, minuteCount{m, 1})
}

// origin is the trace's time 0 given its first row in time order: its
// own for Azure 2021, the first request's for the others.
func origin(o Options, first int64) int64 {
	if o.Format == Azure2021 {
		return 0
	}
	return first
}

func loadRows(fsys fs.FS, o Options) ([]Service, error) {
	var sc scan
	sc.index, sc.sorted = map[string]int{}, true
	last := int64(math.MinInt64)
	var first window // of a trace in time order so far, once its first row is read
	var plain plainDurations
	notes, err := eachRaw(fsys, o, "", &plain, func(r raw, line int) {
		if sc.rows == 0 {
			first = window{from: origin(o, r.t) + int64(o.From), to: math.MaxInt64, speed: o.Speed}
			if o.For > 0 && first.from <= math.MaxInt64-int64(o.For) {
				first.to = first.from + int64(o.For)
			}
		}
		if r.t < last {
			sc.sorted = false
		}
		if _, ok := sc.index[r.key]; !ok {
			sc.index[r.key] = len(sc.keys)
			sc.keys = append(sc.keys, r.key)
		}
		last = r.t
		if sc.rows == 0 || r.t < sc.minT {
			sc.minT = r.t
		}
		if sc.rows == 0 || r.t > sc.maxT {
			sc.maxT = r.t
		}
		if sc.sorted && r.t >= first.from && r.t < first.to {
			sc.count(sc.index[r.key], first.at(r.t))
		} else if !sc.sorted {
			sc.minutes = nil // a second pass counts them
		}
		sc.rows++
		if r.dur < 0 {
			if sc.noDur == 0 {
				sc.noDurAt = line
			}
			sc.noDur++
		}
	})
	if err != nil {
		return nil, err
	}
	if sc.rows == 0 {
		return nil, models.Fieldf("invocations", o.Invocations, models.ErrInvalid, "has no rows to replay")
	}
	if sc.noDur > 0 && o.CPU == nil && o.IO == nil {
		why := fmt.Sprintf("%s:%d and %d other rows give no duration: give work:", o.Invocations, sc.noDurAt, sc.noDur-1)
		if o.Format == LLM2023 {
			why = "the trace has no durations: give tokens: (a duration per token) or work:"
		}
		return nil, models.Fieldf("work", nil, models.ErrRequired, "%s", why)
	}

	origin := origin(o, sc.minT)
	w := window{from: origin + int64(o.From), to: math.MaxInt64, speed: o.Speed}
	if o.For > 0 && w.from <= math.MaxInt64-int64(o.For) {
		w.to = w.from + int64(o.For)
	}
	if w.from > sc.maxT {
		return nil, models.Fieldf("window.from", o.From, models.ErrRange, "must be before the trace's last row (%v after its start)", time.Duration(sc.maxT-origin))
	}
	span := w.at(min(w.to-1, sc.maxT)) + 1
	// how long the replay lasts: to the end of window.for when the trace
	// goes on past it, else to the last request
	length, lastRow := w.at(sc.maxT), true
	if w.to <= sc.maxT {
		length, lastRow = w.at(w.to), false
	}
	bin := time.Minute
	if span > maxBins*bin {
		bin = (span/maxBins + time.Minute - 1) / time.Minute * time.Minute
	}
	hist := make([][]int32, len(sc.keys))
	for i := range hist {
		hist[i] = make([]int32, int((span+bin-1)/bin))
	}
	var feed workload.Feed
	if sc.sorted {
		// The first pass counted the requests, in the window this one
		// has: a bin of k minutes holds minutes [j·k, (j+1)·k), as at/bin
		// does. The runs read the file again as they go.
		per := int64(bin / time.Minute)
		for i, l := range sc.minutes {
			for _, c := range l {
				hist[i][c.minute/per] += int32(c.n)
			}
		}
		feed = &fileFeed{fsys: fsys, o: o, w: w, index: sc.index}
	} else {
		// out of time order: read again into memory, to be sorted
		rows := &workload.Rows{}
		_, err = eachRaw(fsys, o, ", again: its rows are not in time order", nil, func(r raw, _ int) {
			if r.t >= w.from && r.t < w.to {
				i, at := sc.index[r.key], w.at(r.t)
				hist[i][at/bin]++
				rows.Add(workload.Row{At: at, Service: i, Duration: r.dur})
			}
		})
		if err != nil {
			if o.Context != nil && o.Context.Err() != nil {
				return nil, err
			}
			return nil, fmt.Errorf("%w (the file changed while it was read?)", err)
		}
		rows.Sort()
		feed = rows
	}

	total := int64(0)
	for _, h := range hist {
		for _, n := range h {
			total += int64(n)
		}
	}
	if total == 0 {
		return nil, noRequests(o)
	}

	svcs := make([]Service, len(sc.keys))
	for i, key := range sc.keys {
		s := &svcs[i]
		s.length, s.lastRow, s.notes, s.plain = length, lastRow, notes, plain
		s.work(o)
		s.Name = key
		s.Arrivals = workload.Arrivals{Process: workload.Replay, Feed: feed, FeedIndex: i, Bin: bin, Counts: hist[i], Scale: o.Scale}
	}
	switch o.Format {
	case Azure2021:
		prefix, ids := make([]string, len(svcs)), make([][]string, len(svcs))
		apps := distinct{}
		for i, key := range sc.keys {
			app, fn, _ := strings.Cut(key, "\x00")
			ids[i] = []string{app, fn}
			apps.add(app, []string{app})
		}
		names, appNames := shortNames(prefix, ids), apps.names("app-")
		for i, key := range sc.keys {
			app, _, _ := strings.Cut(key, "\x00")
			svcs[i].Name, svcs[i].App = names[i], appNames[app]
		}
	case LLM2023:
		svcs[0].Name = nameOr(o.Name, "llm")
	default:
		if len(svcs) == 1 && sc.keys[0] == "" {
			svcs[0].Name = nameOr(o.Name, "trace")
		}
	}
	return svcs, nil
}

func nameOr(name, def string) string {
	if name != "" {
		return name
	}
	return def
}

// eachRaw reads a per-invocation trace through once; it returns the
// reader's warnings, and sets *plain (when not nil) to what a CSV's reader
// saw of plain durations, for UnitWarning. pass follows the file's name
// and size in progress lines (", again: …"; "" for the first read).
func eachRaw(fsys fs.FS, o Options, pass string, plain *plainDurations, each func(r raw, line int)) ([]string, error) {
	f, err := open(fsys, "invocations", o.Invocations)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rr, err := newRaw(o.watch(f, pass), o)
	if err != nil {
		return nil, err
	}
	for {
		r, err := rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if o.Context != nil && o.Context.Err() != nil {
				return nil, stopped{o.Invocations, o.Context.Err()}
			}
			return nil, err
		}
		each(r, rr.line())
	}
	notes := rr.warnings()
	if c, ok := rr.(csvRaw); ok && plain != nil {
		*plain = plainOf(o.Invocations, c.r)
	}
	return notes, nil
}

// suspectMedian is the median duration from which plain numbers read as
// seconds are told as likely milliseconds even within every timeout the
// scenario has: a web request usually takes well under a second.
const suspectMedian = 10 * time.Second

// plainDurations is what a CSV's reader saw of durations written as plain
// numbers without a unit anywhere (CSVReader.PlainDurations): n of them,
// their median over the first plainSample. n is 0 when the unit was named.
type plainDurations struct {
	file   string
	median time.Duration
	n      int
}

func plainOf(file string, r *CSVReader) plainDurations {
	median, n := r.PlainDurations()
	return plainDurations{file: file, median: median, n: n}
}

// Timeout is a limit the scenario puts on how long a request of the trace
// may run, for UnitWarning: Field is where it is set (lambda.timeout), Min
// and Max the shortest and longest over the trace's services, where 0 is
// none and longer than any (Min is 0 only when no service has one, Max
// when some service has none).
type Timeout struct {
	Field    string
	Min, Max time.Duration
}

func (t Timeout) String() string {
	switch {
	case t.Min == 0:
		return t.Field + " none"
	case t.Min == t.Max:
		return fmt.Sprintf("%s %v", t.Field, t.Min)
	case t.Max == 0:
		return fmt.Sprintf("%s %v to none by service", t.Field, t.Min)
	}
	return fmt.Sprintf("%s %v to %v by service", t.Field, t.Min, t.Max)
}

// UnitWarning is the warning about a CSV's durations written as plain
// numbers without a unit anywhere, read as seconds, when their median
// reaches the shortest of the timeouts the scenario puts on the trace's
// requests (half of them or more would time out) or suspectMedian; ""
// otherwise. It names the scenario's own timeouts (inp4's named the
// platforms' defaults, Lambda's 3s and the Kubernetes model's 60s, which a
// scenario may have changed); with none known it names none. It never
// changes the unit (a guess the user cannot see); it says how to name it.
func UnitWarning(svcs []Service, timeouts []Timeout) string {
	if len(svcs) == 0 || svcs[0].plain.n == 0 {
		return ""
	}
	pd := svcs[0].plain
	var past []string
	for _, t := range timeouts {
		if t.Min > 0 && pd.median >= t.Min {
			if t.Min == t.Max {
				past = append(past, fmt.Sprintf("%s (%v)", t.Field, t.Min))
			} else {
				past = append(past, fmt.Sprintf("%s (as short as %v)", t.Field, t.Min))
			}
		}
	}
	if len(past) == 0 && pd.median < suspectMedian {
		return ""
	}
	of := ""
	if pd.n > plainSample {
		of = fmt.Sprintf(" (of the first %d)", plainSample)
	}
	why := "longer than a request usually runs"
	switch {
	case len(past) > 0:
		why = "so half of the requests or more would time out under " + strings.Join(past, " and ")
	case len(timeouts) > 0:
		all := make([]string, len(timeouts))
		for i, t := range timeouts {
			all[i] = t.String()
		}
		why += " (the scenario's timeouts: " + strings.Join(all, ", ") + ")"
	}
	return fmt.Sprintf("%s: the durations are plain numbers read as seconds, and their median%s is %v, %s: if they are milliseconds, write durationUnit: ms or name the column duration_ms; durationUnit: s says they are seconds",
		pd.file, of, pd.median, why)
}

// stopped is the error of a read the command's context stopped
// (Ctrl-C): it says what was being read, and errors.Is finds the
// context's error (execsim exits 130 on context.Canceled).
type stopped struct {
	file string
	err  error
}

func (s stopped) Error() string { return "stopped while reading " + s.file }
func (s stopped) Unwrap() error { return s.err }

// watch wraps a file Load reads so that it honours o.Context and tells
// o.Progress how the read goes (pass follows the file's name and size).
func (o Options) watch(f fs.File, pass string) io.Reader {
	if o.Context == nil && o.Progress == nil {
		return f
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	return readwatch.New(f, o.Context, o.Progress, fmt.Sprintf("%s (%s)%s", o.Invocations, megabytes(size), pass), size)
}

// fileFeed replays a per-invocation trace in time order from its file:
// every pass opens the file again and reads it as the run goes.
type fileFeed struct {
	fsys  fs.FS
	o     Options
	w     window
	index map[string]int // read-only once built
}

func (f *fileFeed) Open() workload.FeedPass {
	file, err := open(f.fsys, "invocations", f.o.Invocations)
	if err != nil {
		panic(fmt.Sprintf("trace: %v (it was read when the scenario was compiled)", err))
	}
	rr, err := newRaw(file, f.o)
	if err != nil {
		file.Close()
		panic(fmt.Sprintf("trace: %v (the file changed after the scenario was compiled?)", err))
	}
	return &filePass{f: f, file: file, r: rr}
}

type filePass struct {
	f    *fileFeed
	file fs.File // nil once closed
	r    rawReader
}

func (p *filePass) Next() (workload.Row, bool) {
	for p.file != nil {
		r, err := p.r.next()
		switch {
		case err == io.EOF:
			p.close()
		case err != nil:
			p.close()
			panic(fmt.Sprintf("trace: %v (the file changed after the scenario was compiled?)", err))
		case r.t < p.f.w.from:
		case r.t >= p.f.w.to:
			p.close() // the rows are in time order
		default:
			i, ok := p.f.index[r.key]
			if !ok {
				p.close()
				panic(fmt.Sprintf("trace: %s:%d: a service not seen when the scenario was compiled (the file changed?)", p.f.o.Invocations, p.r.line()))
			}
			return workload.Row{At: p.f.w.at(r.t), Service: i, Duration: r.dur}, true
		}
	}
	return workload.Row{}, false
}

func (p *filePass) close() {
	p.file.Close()
	p.file = nil
}
