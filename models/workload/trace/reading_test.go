package trace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/execsim/execsim/internal/dist"
)

// csvOptions are a generic trace's options with work for rows without a
// duration.
func csvOptions(name string) Options {
	o := DefaultOptions()
	o.Format, o.Invocations, o.IO = CSV, name, dist.Const(time.Millisecond)
	return o
}

// firstDuration replays a trace and returns its first request's work.
func firstDuration(t *testing.T, svcs []Service) time.Duration {
	t.Helper()
	for _, s := range svcs {
		if f, ok := s.Arrivals.Feed.(*fileFeed); ok {
			pass := f.Open()
			row, ok := pass.Next()
			if !ok {
				t.Fatal("no rows")
			}
			return row.Duration
		}
	}
	t.Fatal("not streamed")
	return 0
}

func TestDurationUnit(t *testing.T) {
	tests := []struct {
		name, text, unit string
		want             time.Duration
		warn             string // a part of the warnings; "" for none about the unit
		err              string
	}{
		{name: "plain seconds", text: "timestamp,duration\n1,0.15\n", want: 150 * time.Millisecond},
		{name: "column in ms", text: "timestamp,Duration_ms\n1,150\n", want: 150 * time.Millisecond},
		{name: "column in us", text: "timestamp,duration_us\n1,150\n", want: 150 * time.Microsecond},
		{name: "column in s", text: "timestamp,duration_s\n1,150\n", want: 150 * time.Second},
		{name: "durationUnit ms", text: "timestamp,duration\n1,150\n", unit: "ms", want: 150 * time.Millisecond},
		{name: "durationUnit agrees with the column", text: "timestamp,duration_ms\n1,150\n", unit: "ms", want: 150 * time.Millisecond},
		{name: "a unit in the cell wins", text: "timestamp,duration_ms\n1,2s\n", want: 2 * time.Second},
		{name: "durationUnit disagrees with the column", text: "timestamp,duration_ms\n1,150\n", unit: "s",
			err: `t.csv:1: the column duration_ms counts ms, but durationUnit: says s: remove one (got "duration_ms")`},
		{name: "two duration columns", text: "timestamp,duration,duration_ms\n1,0.15,150\n",
			err: `t.csv:1: two duration columns: keep one (its name may say its unit: duration_s, duration_ms, duration_us) (got "duration,duration_ms")`},
		{name: "milliseconds read as seconds are told", text: "timestamp,duration\n1,150\n2,20\n3,300\n", want: 150 * time.Second,
			warn: "t.csv: the durations are plain numbers read as seconds, and their median is 2m30s"},
		{name: "saying s keeps the warning away", text: "timestamp,duration\n1,150\n2,20\n3,300\n", unit: "s", want: 150 * time.Second},
		{name: "too long in ms", text: "timestamp,duration_ms\n1,1e20\n", err: `t.csv:2: duration is too long: at most 9.223e+12 ms (got "1e20")`},
		{name: "negative in ms", text: "timestamp,duration_ms\n1,-1\n", err: `t.csv:2: duration must be 0 or more milliseconds, or a duration like 250ms (got "-1")`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := csvOptions("t.csv")
			if tc.unit != "" {
				u, err := ParseDurationUnit(tc.unit)
				if err != nil {
					t.Fatal(err)
				}
				o.DurationUnit = u
			}
			svcs, err := Load(fstest.MapFS{"t.csv": {Data: []byte(tc.text)}}, o)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v; want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := firstDuration(t, svcs); got != tc.want {
				t.Errorf("duration %v; want %v", got, tc.want)
			}
			notes := strings.Join(append(Warnings(svcs), UnitWarning(svcs, nil)), "\n")
			if tc.warn == "" && strings.Contains(notes, "durations are plain numbers") || !strings.Contains(notes, tc.warn) {
				t.Errorf("warnings %q; want one with %q", notes, tc.warn)
			}
		})
	}
	if _, err := ParseDurationUnit("min"); err == nil {
		t.Error("durationUnit min accepted")
	}
	o := csvOptions("t.csv")
	o.Format, o.DurationUnit = Azure2021, time.Millisecond
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "durationUnit") {
		t.Errorf("durationUnit with azure2021: %v", err)
	}
}

// The unit warning compares the median of plain durations with the
// timeouts the scenario has, and names them (inp4's named Lambda's and
// the Kubernetes model's defaults whatever the scenario set): one the
// median reaches warns below 10s, and the reason says half the requests
// would time out; within every timeout only a median of 10s or more
// warns, naming them; with none known, none is named.
func TestUnitWarningNamesTheScenarioTimeouts(t *testing.T) {
	lambda3s := Timeout{Field: "lambda.timeout", Min: 3 * time.Second, Max: 3 * time.Second}
	lambda15m := Timeout{Field: "lambda.timeout", Min: 15 * time.Minute, Max: 15 * time.Minute}
	k8sNone := Timeout{Field: "kubernetes.timeout"}
	k8sRange := Timeout{Field: "kubernetes.timeout", Min: 5 * time.Second, Max: 0}
	for _, tc := range []struct {
		name, durations string
		timeouts        []Timeout
		want            string // a part of the warning; "" for none
	}{
		{"no timeouts known", "150,20,300", nil,
			"median is 2m30s, longer than a request usually runs: if they are milliseconds"},
		{"past lambda's", "150,20,300", []Timeout{lambda3s, k8sNone},
			"median is 2m30s, so half of the requests or more would time out under lambda.timeout (3s): if"},
		{"within every timeout", "150,20,300", []Timeout{lambda15m, k8sNone},
			"median is 2m30s, longer than a request usually runs (the scenario's timeouts: lambda.timeout 15m0s, kubernetes.timeout none): if"},
		{"below 10s but past the shortest", "4,5,6", []Timeout{lambda3s},
			"median is 5s, so half of the requests or more would time out under lambda.timeout (3s)"},
		{"timeouts by service", "6,7,8", []Timeout{lambda15m, k8sRange},
			"median is 7s, so half of the requests or more would time out under kubernetes.timeout (as short as 5s)"},
		{"named by service in the list", "20,30,40", []Timeout{{Field: "lambda.timeout", Min: time.Minute, Max: 2 * time.Minute}, {Field: "kubernetes.timeout", Min: 45 * time.Second}},
			"(the scenario's timeouts: lambda.timeout 1m0s to 2m0s by service, kubernetes.timeout 45s to none by service)"},
		{"below 10s within every timeout", "4,5,6", []Timeout{lambda15m}, ""},
		{"below 10s, none known", "4,5,6", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var text strings.Builder
			text.WriteString("timestamp,duration\n")
			for i, d := range strings.Split(tc.durations, ",") {
				fmt.Fprintf(&text, "%d,%s\n", i+1, d)
			}
			svcs, err := Load(fstest.MapFS{"t.csv": {Data: []byte(text.String())}}, csvOptions("t.csv"))
			if err != nil {
				t.Fatal(err)
			}
			got := UnitWarning(svcs, tc.timeouts)
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) || tc.want != "" && !strings.HasPrefix(got, "t.csv: the durations are plain numbers read as seconds") {
				t.Errorf("UnitWarning = %q; want one with %q", got, tc.want)
			}
		})
	}
}

func TestTimestampTooLarge(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"timestamp\n1e20\n", `t.csv:2: timestamp is too large: a number of Unix milliseconds (numbers from 10^11 on are) must be below 9.223e+12 (the year 2262) (got "1e20")`},
		{"timestamp\n1\n1e10\n", `t.csv:3: timestamp is too large: a number of seconds must be below 9.223e+09 (the year 2262) (got "1e10")`},
		{"timestamp\n-1\n", `t.csv:2: timestamp must be a number of seconds, 0 or more, an RFC 3339 time like 2024-05-01T09:00:00.25Z, or a date and time like 2024-05-01 09:00:00 (UTC) (got "-1")`},
	} {
		_, err := drain(tc.text, generic)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v; want %s", tc.text, err, tc.want)
		}
	}
}

// TestEveryServiceOfTheFileIsInTheFleet: a log of one service after
// another, each in time order, is in order up to any early time; a load
// that stopped at the first row past a run's end (as one did for a
// session: review4) lost the later services and their requests. The
// whole file is read: every service, and every request.
func TestEveryServiceOfTheFileIsInTheFleet(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,service,duration\n")
	for _, svc := range []string{"alpha", "beta"} {
		for i := range 100 {
			fmt.Fprintf(&b, "%d,%s,0.01\n", 1000+2*i, svc)
		}
	}
	svcs, err := Load(fstest.MapFS{"t.csv": {Data: []byte(b.String())}}, csvOptions("t.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, s := range svcs {
		for _, c := range s.Arrivals.Counts {
			got[s.Name] += int(c)
		}
	}
	if len(svcs) != 2 || got["alpha"] != 100 || got["beta"] != 100 {
		t.Errorf("services and requests %v; want alpha and beta with 100 each", got)
	}
}

func TestStoppedByContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o := csvOptions("t.csv")
	o.Context = ctx
	_, err := Load(fstest.MapFS{"t.csv": {Data: []byte("timestamp\n1\n")}}, o)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v; want context.Canceled", err)
	}
}

func TestProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,service,duration\n")
	row := strings.Repeat("x", 100)
	for b.Len() < progressFrom {
		fmt.Fprintf(&b, "%d,%s,0.01\n", b.Len(), row)
	}
	var out strings.Builder
	o := csvOptions("big.csv")
	o.Progress = &out
	if _, err := Load(fstest.MapFS{"big.csv": {Data: []byte(b.String())}}, o); err != nil {
		t.Fatal(err)
	}
	want := "execsim: reading big.csv (34 MB)\n" +
		"execsim: reading big.csv (34 MB): 25 %\n" +
		"execsim: reading big.csv (34 MB): 50 %\n" +
		"execsim: reading big.csv (34 MB): 75 %\n"
	if out.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestNamedPipeRefused: a named pipe is refused before it is opened (an
// open would block until a writer comes, and a pipe can be read once).
func TestNamedPipeRefused(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "p.csv"), 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Load(os.DirFS(dir), csvOptions("p.csv"))
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "must be a regular file, not a named pipe or device") {
			t.Errorf("error %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load blocked on a named pipe")
	}
}

// countingFS counts the opens of each file.
type countingFS struct {
	fs.FS
	opens map[string]int
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.opens[name]++
	return c.FS.Open(name)
}

func (c countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }

// TestReadOnceInTimeOrder: Load reads a trace in time order once (the
// runs read it again as they go); one out of order twice, the second time
// into memory. Both count the same requests.
func TestReadOnceInTimeOrder(t *testing.T) {
	sorted := "timestamp,service,duration\n0,a,0.1\n30,b,0.1\n61,a,0.1\n200,a,0.1\n200,b,0.1\n7300,b,0.1\n"
	unsorted := "timestamp,service,duration\n30,b,0.1\n0,a,0.1\n61,a,0.1\n200,a,0.1\n200,b,0.1\n7300,b,0.1\n"
	c := countingFS{fstest.MapFS{"s.csv": {Data: []byte(sorted)}, "u.csv": {Data: []byte(unsorted)}}, map[string]int{}}
	var counts [][][]int32
	for _, tc := range []struct {
		file  string
		opens int
	}{{"s.csv", 1}, {"u.csv", 2}} {
		o := csvOptions(tc.file)
		o.From, o.For = 30*time.Second, 2*time.Hour
		svcs, err := Load(c, o)
		if err != nil {
			t.Fatal(err)
		}
		if c.opens[tc.file] != tc.opens {
			t.Errorf("%s opened %d times; want %d", tc.file, c.opens[tc.file], tc.opens)
		}
		var h [][]int32
		for _, s := range svcs {
			h = append(h, s.Arrivals.Counts)
		}
		counts = append(counts, h)
	}
	// services in order of first appearance: a, b in s.csv; b, a in u.csv
	s, u := counts[0], counts[1]
	if fmt.Sprint(s[0], s[1]) != fmt.Sprint(u[1], u[0]) {
		t.Errorf("counts in time order %v; out of order %v", s, u)
	}
	// from 30s: a at 31s and 170s, b at 0s and 170s; 7300 is past 2h
	for i, h := range s {
		n := int32(0)
		for _, c := range h {
			n += c
		}
		if h[0] != 1 || h[2] != 1 || n != 2 {
			t.Errorf("service %d: counts %v; want 1 in minutes 0 and 2", i, h)
		}
	}
}
