package trace

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/sim"
)

func azure500() Options {
	o := DefaultOptions()
	o.Invocations, o.Durations, o.Memory = inv2019, dur2019, mem2019
	return o
}

func load(t *testing.T, o Options) []Service {
	t.Helper()
	svcs, err := Load(os.DirFS(dataDir), o)
	if err != nil {
		t.Fatal(err)
	}
	return svcs
}

func config(svcs []Service) workload.Config {
	var cfg workload.Config
	for _, s := range svcs {
		cfg.Services = append(cfg.Services, s.Service)
	}
	return cfg
}

// perMinute counts each service's arrivals per bin of the stream.
func perMinute(t *testing.T, cfg workload.Config, bin, horizon time.Duration) [][]int32 {
	t.Helper()
	out := make([][]int32, len(cfg.Services))
	for i := range out {
		out[i] = make([]int32, (horizon+bin-1)/bin)
	}
	s := workload.NewStream(cfg, 42, horizon)
	prev := sim.Time(0)
	for {
		req, ok := s.Next()
		if !ok {
			return out
		}
		if req.Arrival < prev {
			t.Fatalf("request %d at %v after %v", req.ID, req.Arrival, prev)
		}
		prev = req.Arrival
		out[req.Service][time.Duration(req.Arrival)/bin]++
	}
}

// The default replay of the 2019 excerpt reproduces every function's
// count in every minute exactly (so every minute's total, too).
func TestAzure2019ReplayKeepsEveryCount(t *testing.T) {
	svcs := load(t, azure500())
	if len(svcs) != 500 {
		t.Fatalf("%d services; want 500", len(svcs))
	}
	got := perMinute(t, config(svcs), time.Minute, 8*time.Hour)
	r, err := NewCountsReader(openData(t, inv2019), inv2019)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for i := 0; ; i++ {
		fn, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for m, n := range fn.Counts {
			total += int64(n)
			if got[i][m] != n {
				t.Fatalf("%s minute %d: %d arrivals; want %d", svcs[i].Name, m, got[i][m], n)
			}
		}
	}
	if total != 3_037_902 {
		t.Errorf("total %d", total)
	}
	if n := config(svcs).Services[0].Arrivals.Expected(0, 8*time.Hour); n == 0 {
		t.Error("Expected is 0")
	}
}

// Services: unique names <trigger>-<8 hex>, memory and durations from the
// files, the app as the group.
func TestAzure2019Services(t *testing.T) {
	svcs := load(t, azure500())
	names := map[string]bool{}
	apps := map[string]bool{}
	for _, s := range svcs {
		if names[s.Name] {
			t.Errorf("duplicate name %s", s.Name)
		}
		names[s.Name] = true
		apps[s.App] = true
		trig, hex, ok := strings.Cut(s.Name, "-")
		if !ok || trig != s.Trigger || len(hex) != 8 {
			t.Errorf("name %s for trigger %s", s.Name, s.Trigger)
		}
		if s.MemoryMB <= 0 || s.PeakMemoryMB < s.MemoryMB*0.5 || s.Duration == nil || s.CPU != nil || s.IO != nil {
			t.Errorf("%s: memory %v/%v, duration %v, cpu %v, io %v", s.Name, s.MemoryMB, s.PeakMemoryMB, s.Duration, s.CPU, s.IO)
		}
		if q := s.Duration.Quantile(0); q < time.Millisecond {
			t.Errorf("%s: shortest duration %v", s.Name, q)
		}
	}
	if len(apps) != 476 {
		t.Errorf("%d apps; want 476", len(apps))
	}
	// The first row: function 6b6c3f35… of the durations file's first line
	// has percentiles 0,0,1,1,3,27,492 ms; in the invocations file it is
	// some row; find it by name.
	var s *Service
	for i := range svcs {
		if strings.HasSuffix(svcs[i].Name, "-6b6c3f35") {
			s = &svcs[i]
		}
	}
	if s == nil {
		t.Fatal("no service -6b6c3f35")
	}
	if got, want := s.Duration.String(), "empirical(p0=1ms,p1=1ms,p25=1ms,p50=1ms,p75=3ms,p99=27ms,p100=492ms)"; got != want {
		t.Errorf("duration %s; want %s", got, want)
	}
}

func TestAzure2019Options(t *testing.T) {
	o := azure500()
	o.From, o.For, o.Speed = 60*time.Minute, 30*time.Minute, 2
	o.Placement, o.Timers = workload.Equidistant, workload.BinStart
	o.DurationModel, o.PeakMemory, o.CPUFraction = Extremes, P99, 0.25
	svcs := load(t, o)
	full := load(t, azure500())
	for i, s := range svcs {
		a := s.Arrivals
		if a.Bin != 30*time.Second || len(a.Counts) != 30 || a.Counts[0] != full[i].Arrivals.Counts[60] || s.CPUFraction != 0.25 {
			t.Fatalf("%s: bin %v, %d bins, first %d (want %d)", s.Name, a.Bin, len(a.Counts), a.Counts[0], full[i].Arrivals.Counts[60])
		}
		want := workload.Equidistant
		if s.Trigger == "timer" {
			want = workload.BinStart
		}
		if a.Placement != want {
			t.Errorf("%s: placement %v; want %v", s.Name, a.Placement, want)
		}
		if s.PeakMemoryMB > full[i].PeakMemoryMB {
			t.Errorf("%s: p99 %v above p100 %v", s.Name, s.PeakMemoryMB, full[i].PeakMemoryMB)
		}
	}
	got := perMinute(t, config(svcs), 30*time.Second, 15*time.Minute)
	for i := range svcs {
		for m, n := range got[i] {
			if n != svcs[i].Arrivals.Counts[m] {
				t.Fatalf("%s bin %d: %d; want %d", svcs[i].Name, m, n, svcs[i].Arrivals.Counts[m])
			}
		}
	}
}

// The per-application memory file is shared by the app's functions.
func TestAzure2019PerAppMemory(t *testing.T) {
	fsys := fstest.MapFS{
		"inv.csv": {Data: []byte("HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f1,http,1,0\no,a,f2,timer,0,1\no,b,f3,queue,2,2\n")},
		"mem.csv": {Data: []byte("HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100\no,a,9,100,1,2,3,4,5,6,150,300\no,b,9,40,1,2,3,4,5,6,50,60\n")},
	}
	o := DefaultOptions()
	o.Invocations, o.Memory, o.IO = "inv.csv", "mem.csv", dist.Const(time.Millisecond)
	svcs, err := Load(fsys, o)
	if err != nil {
		t.Fatal(err)
	}
	got := []float64{svcs[0].MemoryMB, svcs[0].PeakMemoryMB, svcs[1].MemoryMB, svcs[2].MemoryMB, svcs[2].PeakMemoryMB}
	want := []float64{50, 150, 50, 40, 60}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("memory %v; want %v", got, want)
			break
		}
	}
	if svcs[0].App != svcs[1].App || svcs[0].App == svcs[2].App || svcs[0].Name != "http-f1" {
		t.Errorf("apps %s %s %s, name %s", svcs[0].App, svcs[1].App, svcs[2].App, svcs[0].Name)
	}
}

func TestLoadErrors(t *testing.T) {
	inv := "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f1,http,1,0\no,a,f2,timer,0,1\no,a,f3,timer,0,1\n"
	dur := durHead + "o,a,f1,1,10,0,5,0,1,2,3,4,5,5\n"
	fsys := fstest.MapFS{"inv.csv": {Data: []byte(inv)}, "dur.csv": {Data: []byte(dur)}, "sub/x.csv": {Data: []byte("timestamp\n")},
		"llm.csv": {Data: []byte("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03,1,2\n")},
		"gen.csv": {Data: []byte("timestamp,duration\n1,\n2,\n")}}
	with := func(f func(*Options)) Options {
		o := DefaultOptions()
		o.Invocations = "inv.csv"
		f(&o)
		return o
	}
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"unmatched", with(func(o *Options) { o.Durations = "dur.csv" }),
			`inv.csv:3: the function has no row in dur.csv, nor have 1 more functions (unmatched: drop leaves such functions out) (got "f2")`},
		{"no work", with(func(o *Options) {}), "work: the trace has no durations: give durations: or work:"},
		{"window after the end", with(func(o *Options) { o.IO = dist.Const(1); o.From = 2 * time.Minute }),
			"window.from: must be before the end of the trace (2 minutes) (got 2m0s)"},
		{"no such file", with(func(o *Options) { o.Invocations = "nope.csv" }), "invocations: no such file beside the scenario (got nope.csv)"},
		{"outside the folder", with(func(o *Options) { o.Invocations = "../x.csv" }),
			"invocations: must be a path inside the scenario's folder, with / between names and no .. or leading / (got ../x.csv)"},
		{"empty csv", with(func(o *Options) { o.Format = CSV; o.Invocations = "sub/x.csv"; o.IO = dist.Const(1) }), "invocations: has no rows to replay (got sub/x.csv)"},
		{"llm without tokens", with(func(o *Options) { o.Format = LLM2023; o.Invocations = "llm.csv" }),
			"work: the trace has no durations: give tokens: (a duration per token) or work:"},
		{"csv without durations", with(func(o *Options) { o.Format = CSV; o.Invocations = "gen.csv" }),
			"work: gen.csv:2 and 1 other rows give no duration: give work:"},
		{"options", with(func(o *Options) {
			o.Format, o.Durations, o.Placement, o.Speed, o.Scale, o.CPUFraction = Azure2021, "d.csv", workload.BinStart, 0, -1, 2
			o.IO = dist.Const(1)
		}), strings.Join([]string{
			"durations: only for format azure2019 (format is azure2021)",
			"placement: only for format azure2019 (format is azure2021)",
			"work: unused: format azure2021 gives every invocation's duration",
			"speed: must be a positive number (got 0)",
			"scale: must be a positive number (got -1)",
			"cpuFraction: must be between 0 and 1 (got 2)",
		}, "\n")},
		{"window in minutes", with(func(o *Options) { o.From = 90 * time.Second }), "window.from: must be whole minutes: the trace counts invocations per minute (got 1m30s)"},
		{"no files", with(func(o *Options) { o.Format = CSV }), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fs = fsys
			if tc.want == "" {
				_, err := Load(nil, tc.o)
				if err == nil || !strings.Contains(err.Error(), "not read from a file") {
					t.Errorf("Load(nil) = %v", err)
				}
				return
			}
			_, err := Load(fs, tc.o)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error = %v\nwant    %s", err, tc.want)
			}
		})
	}
	o := with(func(o *Options) { o.Durations, o.Unmatched, o.IO = "dur.csv", Drop, nil })
	svcs, err := Load(fsys, o)
	if err != nil || len(svcs) != 1 {
		t.Errorf("unmatched: drop kept %d services, %v; want 1", len(svcs), err)
	}
	var fe *models.FieldError
	if _, err := Load(fsys, with(func(o *Options) {})); !errors.As(err, &fe) || fe.Path != "work" {
		t.Errorf("not a FieldError at work: %v", err)
	}
}

// The 2021 excerpt: 49 services, every row replayed once at its start,
// durations of 0 raised to 1 ms.
func TestAzure2021Replay(t *testing.T) {
	o := DefaultOptions()
	o.Format, o.Invocations = Azure2021, inv2021
	svcs := load(t, o)
	if len(svcs) != 49 {
		t.Fatalf("%d services; want 49", len(svcs))
	}
	// The excerpt is in order of start, so it is read from the file.
	if _, ok := svcs[0].Arrivals.Feed.(*fileFeed); !ok {
		t.Errorf("feed %T; want the file", svcs[0].Arrivals.Feed)
	}
	n, short := 0, 0
	s := workload.NewStream(config(svcs), 1, 3*time.Hour)
	first := time.Duration(-1)
	for {
		req, ok := s.Next()
		if !ok {
			break
		}
		if first < 0 {
			first = time.Duration(req.Arrival)
		}
		n++
		if req.Work.IO == time.Millisecond {
			short++
		}
	}
	if n != 998 || short < 43 || first != 1490900*time.Nanosecond {
		t.Errorf("%d arrivals (first at %v), %d of 1ms; want 998 from 1.4909ms, at least 43", n, first, short)
	}
	var expected float64
	for _, svc := range svcs {
		expected += svc.Arrivals.Expected(0, 3*time.Hour)
	}
	if expected != 998 {
		t.Errorf("Expected %v; want 998", expected)
	}
	if !strings.HasPrefix(svcs[0].Name, "7b2c43a2-e3cdb488") || svcs[0].App != "app-7b2c43a2" {
		t.Errorf("first service %s of %s", svcs[0].Name, svcs[0].App)
	}
}

// The LLM code trace, streamed from its file: 8,819 arrivals at the rows'
// offsets from the first, with durations from tokens; a window and a speed.
func TestLLMReplay(t *testing.T) {
	o := DefaultOptions()
	o.Format, o.Invocations = LLM2023, llmCode
	o.Tokens = &Tokens{Base: 50 * time.Millisecond, PerContextToken: 100 * time.Microsecond, PerGeneratedToken: 20 * time.Millisecond}
	svcs := load(t, o)
	if len(svcs) != 1 || svcs[0].Name != "llm" {
		t.Fatalf("services %+v", svcs)
	}
	if _, ok := svcs[0].Arrivals.Feed.(*fileFeed); !ok {
		t.Errorf("feed %T; want the file, read as the run goes", svcs[0].Arrivals.Feed)
	}
	var got []models.Request
	s := workload.NewStream(config(svcs), 1, 2*time.Hour)
	for {
		req, ok := s.Next()
		if !ok {
			break
		}
		got = append(got, req)
	}
	if len(got) != 8819 || got[0].Arrival != 0 {
		t.Fatalf("%d arrivals from %v; want 8819 from 0", len(got), got[0].Arrival)
	}
	// Row 1: 2023-11-16 18:17:03.9799600, 4808 context and 10 generated
	// tokens: 50ms + 480.8ms + 200ms.
	if w := got[0].Work; w.IO != 730800*time.Microsecond || w.CPU != 0 {
		t.Errorf("first request's work %+v; want io 730.8ms", w)
	}
	if span := time.Duration(got[len(got)-1].Arrival).Round(time.Second); span != 3436*time.Second {
		t.Errorf("last arrival at %v; want 3436s", span)
	}

	o.From, o.For, o.Speed = 10*time.Minute, 20*time.Minute, 4
	svcs = load(t, o)
	window := perMinute(t, config(svcs), time.Minute, 5*time.Minute)
	var n int32
	for _, c := range window[0] {
		n += c
	}
	var want int
	for _, r := range got {
		if at := time.Duration(r.Arrival); at >= 10*time.Minute && at < 30*time.Minute {
			want++
		}
	}
	if int(n) != want || svcs[0].Arrivals.Expected(0, time.Hour) != float64(want) {
		t.Errorf("window: %d arrivals, Expected %v; want %d", n, svcs[0].Arrivals.Expected(0, time.Hour), want)
	}
}

// A CSV in time order is streamed from its file, one out of order is held
// as sorted rows; both replay the same requests.
func TestCSVReplay(t *testing.T) {
	sorted := "timestamp,service,duration\n100.5,api,0.25\n101,web,\n101,api,20ms\n160,web,1\n"
	shuffled := "service,timestamp,duration\nweb,160,1\napi,101,20ms\napi,100.5,0.25\nweb,101,\n"
	fsys := fstest.MapFS{"s.csv": {Data: []byte(sorted)}, "u.csv": {Data: []byte(shuffled)}}
	type arrival struct {
		at      time.Duration
		svc     int
		cpu, io time.Duration
	}
	var runs [][]arrival
	for _, name := range []string{"s.csv", "u.csv"} {
		o := DefaultOptions()
		o.Format, o.Invocations, o.IO, o.CPUFraction = CSV, name, dist.Const(7*time.Millisecond), 0.5
		svcs, err := Load(fsys, o)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range svcs {
			names = append(names, s.Name)
		}
		var run []arrival
		s := workload.NewStream(config(svcs), 1, time.Hour)
		for {
			req, ok := s.Next()
			if !ok {
				break
			}
			run = append(run, arrival{time.Duration(req.Arrival), req.Service, req.Work.CPU, req.Work.IO})
		}
		// Service order is that of first appearance: map it to names.
		for i := range run {
			if names[run[i].svc] == "web" {
				run[i].svc = 1
			} else {
				run[i].svc = 0
			}
		}
		runs = append(runs, run)
		_, streamed := svcs[0].Arrivals.Feed.(*fileFeed)
		if streamed != (name == "s.csv") {
			t.Errorf("%s: streamed %v", name, streamed)
		}
	}
	want := []arrival{
		{0, 0, 125 * time.Millisecond, 125 * time.Millisecond},
		{500 * time.Millisecond, 1, 0, 7 * time.Millisecond},
		{500 * time.Millisecond, 0, 10 * time.Millisecond, 10 * time.Millisecond},
		{59500 * time.Millisecond, 1, 500 * time.Millisecond, 500 * time.Millisecond},
	}
	for i, run := range runs {
		if len(run) != len(want) {
			t.Fatalf("run %d: %v; want %v", i, run, want)
		}
		for j := range want {
			if run[j] != want[j] && !(i == 1 && j == 1 || i == 1 && j == 2) {
				t.Errorf("run %d: %v; want %v", i, run, want)
				break
			}
		}
	}
}

func TestShortNames(t *testing.T) {
	got := shortNames([]string{"a-", "b-", "c-", "d-", "e-"}, [][]string{
		{"0123456789abcdef"}, {"0123456789abcdef"}, {"012345670000"}, {"0123456711112222"}, {"ff"}})
	want := []string{"a-01234567", "b-01234567", "c-01234567", "d-01234567", "e-ff"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("names %v; want %v", got, want)
			break
		}
	}
	got = shortNames(make([]string, 4), [][]string{{"0123456789abcdef"}, {"0123456789abcdef"}, {"012345670000"}, {"0123456711112222"}})
	// Equal ids are named in full, then numbered.
	want = []string{"0123456789abcdef", "0123456789abcdef-2", "012345670000", "012345671111"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("names %v; want %v", got, want)
			break
		}
	}
}
