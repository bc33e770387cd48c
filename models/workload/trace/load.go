package trace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
)

// Service is one service of a replayed trace: its arrivals and work, and
// what the trace says about it beyond them.
type Service struct {
	workload.Service
	// Trigger is an Azure 2019 function's trigger group; App the short
	// name of its application (its Kubernetes Deployment when several
	// functions share one), empty when the trace has no applications.
	Trigger, App string
	// MemoryMB is the average committed memory, PeakMemoryMB its
	// percentile Options.PeakMemory; zero when the trace has no memory.
	MemoryMB, PeakMemoryMB float64

	// length is how long the replayed trace lasts on the run's clock, the
	// same for every service of a trace (Fit); lastRow: it is the last
	// request's arrival rather than the end of a minute or a window.
	length  time.Duration
	lastRow bool
	// notes are the readers' warnings about the trace's files, the same
	// for every service of a trace (Warnings); plain is what a CSV's
	// reader saw of durations without a unit (UnitWarning), also the same.
	notes []string
	plain plainDurations
}

// Warnings are what reading the trace's files did that the user may not
// expect (columns ignored, blank lines skipped, timestamps read as UTC),
// each starting with the file's name. The durations' unit is told apart,
// by UnitWarning, which needs the scenario's timeouts.
func Warnings(svcs []Service) []string {
	if len(svcs) == 0 {
		return nil
	}
	return svcs[0].notes
}

// Load reads a trace's files from fsys and returns its services, in the
// order of the invocations file (services of per-invocation formats in
// the order of their first row). The files are read through once or twice
// here, streaming; per-invocation files in time order are read again by
// every run as it goes (Process Replay), those out of order are kept in
// memory as compact rows (workload.Rows). Problems with a file are Errors
// naming its line; problems with the options are FieldErrors.
func Load(fsys fs.FS, o Options) ([]Service, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if fsys == nil {
		return nil, models.Fieldf("invocations", o.Invocations, models.ErrInvalid, "the scenario was not read from a file, so it cannot name trace files")
	}
	if o.Format == Azure2019 {
		return loadAzure2019(fsys, o)
	}
	return loadRows(fsys, o)
}

// open opens a trace file; errors name the option that named it.
func open(fsys fs.FS, option, name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, models.Fieldf(option, name, models.ErrInvalid, "must be a path inside the scenario's folder, with / between names and no .. or leading /")
	}
	// Stat before Open: opening a named pipe blocks until a writer
	// comes, and a pipe or device gives its data once, while a trace is
	// read several times (Load's passes, then every run).
	st, err := fs.Stat(fsys, name)
	if err == nil && !st.Mode().IsRegular() {
		what := "a named pipe or device"
		if st.IsDir() {
			what = "a folder"
		}
		return nil, models.Fieldf(option, name, models.ErrInvalid, "must be a regular file, not %s: execsim reads a trace more than once; save the stream to a file first", what)
	}
	var f fs.File
	if err == nil {
		f, err = fsys.Open(name)
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, models.Fieldf(option, name, models.ErrInvalid, "no such file beside the scenario")
		}
		return nil, models.Fieldf(option, name, models.ErrInvalid, "cannot be read: %v", err)
	}
	return f, nil
}

// rowReader is a trace file's reader.
type rowReader[T any] interface {
	Next() (T, error)
	Warnings() []string
}

// readAll calls each for every row of a file and adds the reader's
// warnings to notes; the reader's error (every bad row) stops it.
func readAll[T any](fsys fs.FS, o Options, option, name string, newReader func(io.Reader, string) (rowReader[T], error), each func(T), notes *[]string) error {
	f, err := open(fsys, option, name)
	if err != nil {
		return err
	}
	defer f.Close()
	o.Invocations = name // for watch's messages
	r, err := newReader(o.watch(f, ""), name)
	if err != nil {
		return err
	}
	for {
		row, err := r.Next()
		if err == io.EOF {
			*notes = append(*notes, r.Warnings()...)
			return nil
		}
		if err != nil {
			if o.Context != nil && o.Context.Err() != nil {
				return stopped{name, o.Context.Err()}
			}
			return err
		}
		each(row)
	}
}

// unmatched collects the functions missing from a file.
type unmatched struct {
	file  string // the file they are missing from
	first *Error // on the invocations line of the first
	n     int
}

func (u *unmatched) add(file string, line int, fn string) {
	if u.n == 0 {
		u.first = &Error{File: file, Line: line, Got: quote(fn)}
	}
	u.n++
}

func (u *unmatched) err() error {
	if u.n == 0 {
		return nil
	}
	more := ""
	if u.n > 1 {
		more = fmt.Sprintf(", nor have %d more functions", u.n-1)
	}
	e := *u.first
	e.Msg = fmt.Sprintf("the function has no row in %s%s (unmatched: drop leaves such functions out)", u.file, more)
	return &e
}

func loadAzure2019(fsys fs.FS, o Options) ([]Service, error) {
	var errs []error
	var notes []string
	durs := map[string]Durations{}
	if o.Durations != "" {
		errs = append(errs, readAll(fsys, o, "durations", o.Durations,
			func(r io.Reader, name string) (rowReader[Durations], error) {
				return NewDurationsReader(r, name)
			},
			func(d Durations) { durs[d.Owner+"/"+d.App+"/"+d.Function] = d }, &notes))
	}
	mems := map[string]Memory{}
	perFunction := true
	if o.Memory != "" {
		errs = append(errs, readAll(fsys, o, "memory", o.Memory,
			func(r io.Reader, name string) (rowReader[Memory], error) {
				m, err := NewMemoryReader(r, name)
				if err == nil {
					perFunction = m.PerFunction()
				}
				return m, err
			},
			func(m Memory) {
				key := m.Owner + "/" + m.App
				if perFunction {
					key += "/" + m.Function
				}
				mems[key] = m
			}, &notes))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	f, err := open(fsys, "invocations", o.Invocations)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := NewCountsReader(o.watch(f, ""), o.Invocations)
	if err != nil {
		return nil, err
	}
	from := int(o.From / time.Minute)
	to := r.Minutes()
	if from >= to {
		return nil, models.Fieldf("window.from", o.From, models.ErrRange, "must be before the end of the trace (%d minutes)", r.Minutes())
	}
	if o.For > 0 {
		to = min(to, from+int(o.For/time.Minute))
	}
	bin := speedUp(time.Minute, o.Speed)
	var svcs []Service
	var mem []Memory // each service's memory row
	var noDur, noMem unmatched
	for {
		fn, err := r.Next()
		if err == io.EOF {
			notes = append(r.Warnings(), notes...)
			break
		}
		if err != nil {
			if o.Context != nil && o.Context.Err() != nil {
				return nil, stopped{o.Invocations, o.Context.Err()}
			}
			return nil, err
		}
		key := fn.Owner + "/" + fn.App + "/" + fn.Function
		d, hasDur := durs[key]
		memKey := key
		if !perFunction {
			memKey = fn.Owner + "/" + fn.App
		}
		m, hasMem := mems[memKey]
		if o.Durations != "" && !hasDur || o.Memory != "" && !hasMem {
			if o.Unmatched == Drop {
				continue
			}
			if !hasDur && o.Durations != "" {
				noDur.add(o.Invocations, r.t.line, fn.Function)
			}
			if !hasMem && o.Memory != "" {
				noMem.add(o.Invocations, r.t.line, fn.Function)
			}
			continue
		}
		place := o.Placement
		if fn.Trigger == "timer" {
			place = o.Timers
		}
		s := Service{Trigger: fn.Trigger, App: fn.Owner + "/" + fn.App}
		s.Arrivals = workload.Arrivals{Process: workload.Counts, Bin: bin, Counts: slices.Clone(fn.Counts[from:to]), Placement: place, Scale: o.Scale}
		s.work(o)
		if hasDur {
			s.CPU, s.IO, s.Duration = nil, nil, d.Dist(o.DurationModel)
		}
		s.Name = fn.Function // named below
		svcs = append(svcs, s)
		mem = append(mem, m)
	}
	noDur.file, noMem.file = o.Durations, o.Memory
	if err := errors.Join(noDur.err(), noMem.err()); err != nil {
		return nil, err
	}
	if o.Durations == "" {
		if err := needWork(o, "the trace has no durations: give durations: or work:"); err != nil {
			return nil, err
		}
	}
	if len(svcs) == 0 {
		return nil, models.Fieldf("invocations", o.Invocations, models.ErrInvalid, "has no functions to replay")
	}
	total := int64(0)
	for i := range svcs {
		svcs[i].length, svcs[i].notes = time.Duration(to-from)*bin, notes
		for _, n := range svcs[i].Arrivals.Counts {
			total += int64(n)
		}
	}
	if total == 0 {
		return nil, noRequests(o)
	}

	// An application's row is shared evenly by its functions, as the
	// In-Vitro excerpts share it.
	share := map[string]int{}
	for _, s := range svcs {
		share[s.App]++
	}
	prefix := make([]string, len(svcs))
	ids := make([][]string, len(svcs))
	apps := distinct{}
	for i := range svcs {
		s := &svcs[i]
		if o.Memory != "" {
			k := 1.0
			if !perFunction {
				k = float64(share[s.App])
			}
			s.MemoryMB = mem[i].Average / k
			s.PeakMemoryMB = mem[i].Percentiles[7] / k
			if o.PeakMemory == P99 {
				s.PeakMemoryMB = mem[i].Percentiles[6] / k
			}
		}
		owner, app, _ := strings.Cut(s.App, "/")
		prefix[i] = s.Trigger + "-"
		ids[i] = []string{s.Name}
		apps.add(s.App, []string{app, owner})
	}
	names := shortNames(prefix, ids)
	appNames := apps.names("app-")
	for i := range svcs {
		svcs[i].Name = names[i]
		svcs[i].App = appNames[svcs[i].App]
	}
	return svcs, nil
}

// distinct collects the distinct applications of a trace, to name them.
type distinct struct {
	index map[string]int
	keys  []string
	ids   [][]string
}

func (d *distinct) add(key string, ids []string) {
	if d.index == nil {
		d.index = map[string]int{}
	}
	if _, ok := d.index[key]; !ok {
		d.index[key] = len(d.ids)
		d.keys = append(d.keys, key)
		d.ids = append(d.ids, ids)
	}
}

// names maps each key to its short name.
func (d *distinct) names(prefix string) map[string]string {
	pre := make([]string, len(d.ids))
	for i := range pre {
		pre[i] = prefix
	}
	short := shortNames(pre, d.ids)
	out := make(map[string]string, len(d.ids))
	for i, key := range d.keys {
		out[key] = short[i]
	}
	return out
}

// work gives a service the work of requests without a duration.
func (s *Service) work(o Options) {
	s.CPU, s.IO, s.CPUFraction, s.PayloadKB = o.CPU, o.IO, o.CPUFraction, o.PayloadKB
}

// needWork is the problem of a trace without durations and no work: given.
func needWork(o Options, why string) error {
	if o.CPU == nil && o.IO == nil {
		return models.Fieldf("work", nil, models.ErrRequired, "%s", why)
	}
	return nil
}

// speedUp is d compressed by speed, at least 1ns.
func speedUp(d time.Duration, speed float64) time.Duration {
	if speed == 1 {
		return d
	}
	return max(1, time.Duration(float64(d)/speed+0.5))
}

// shortNames names items by the first 8 characters of each of their ids,
// joined with "-" after a prefix. Items whose names collide take 4 more
// characters of each id, until the names differ or the ids are whole;
// names still equal then get "-2", "-3", … in order. An item's name stays
// the same when items that do not collide with it come and go.
func shortNames(prefix []string, ids [][]string) []string {
	n := len(ids)
	width := make([]int, n)
	for i := range width {
		width[i] = 8
	}
	name := func(i int) string {
		parts := make([]string, len(ids[i]))
		for j, id := range ids[i] {
			parts[j] = id[:min(len(id), width[i])]
		}
		return prefix[i] + strings.Join(parts, "-")
	}
	names := make([]string, n)
	for {
		first := map[string]int{}
		grow := false
		for i := range n {
			names[i] = name(i)
		}
		collides := make([]bool, n)
		for i := range n {
			if j, dup := first[names[i]]; dup {
				collides[i], collides[j] = true, true
			} else {
				first[names[i]] = i
			}
		}
		for i := range n {
			if !collides[i] {
				continue
			}
			for _, id := range ids[i] {
				if width[i] < len(id) {
					grow = true
				}
			}
			width[i] += 4
		}
		if !grow {
			break
		}
	}
	seen := map[string]int{}
	for i := range n {
		seen[names[i]]++
		if k := seen[names[i]]; k > 1 {
			names[i] = fmt.Sprintf("%s-%d", names[i], k)
		}
	}
	return names
}

// noRequests is the problem of a trace (or the window of one) without a
// single request. It is bad input whatever the format, as a file with a
// header and no rows is: a run without requests has no latency to judge
// and compares the platforms' idle capacity only, so its verdict would
// mean nothing; the likelier cause is the wrong file or window.
func noRequests(o Options) error {
	if o.From > 0 || o.For > 0 {
		return models.Fieldf("window", fmt.Sprintf("from %v for %v", o.From, o.For), models.ErrRange, "holds no requests of %s: choose a window with some", o.Invocations)
	}
	return models.Fieldf("invocations", o.Invocations, models.ErrInvalid, "has no requests to replay (every count is 0)")
}

// Fit compares a trace's length with the run's, as the Prometheus inputs
// do: "" when they agree, else a warning naming file that says what the
// run does with the difference. A trace of per-minute counts lasts its
// minutes; one of requests lasts to the end of its window.for, else to its
// last request, and a run longer than that by at most a minute is not
// warned about (a log's last request is not where the log stopped).
func Fit(file string, svcs []Service, run time.Duration) string {
	if len(svcs) == 0 {
		return ""
	}
	length, lastRow := svcs[0].length, svcs[0].lastRow
	lasts := fmt.Sprintf("the trace lasts %v", length)
	if lastRow {
		lasts = fmt.Sprintf("the trace's last request arrives at %v", length)
	}
	switch {
	case length >= run && (lastRow || length > run):
		return fmt.Sprintf("%s: %s and the run %v (duration:): the run replays its first %v; the requests from then on are not", file, lasts, run, run)
	case !lastRow && length < run, lastRow && run-length > time.Minute:
		return fmt.Sprintf("%s: %s and the run %v (duration:): the rest of the run has no requests", file, lasts, run)
	}
	return ""
}
