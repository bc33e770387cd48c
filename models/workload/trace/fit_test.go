package trace

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/execsim/execsim/internal/dist"
)

// TestFit: a trace shorter or longer than the run is a warning, as a
// Prometheus input's is (walk2 defect 8: c12.csv's request at 2h was
// dropped from a 5m run, and a 3-minute azure2019 trace left 7 minutes of
// a 10m run idle, both without a word).
func TestFit(t *testing.T) {
	fsys := fstest.MapFS{
		"c12.csv": {Data: []byte("timestamp,service,duration\n0,a,0.1\n100,a,0.1\n7200,a,0.1\n")},
		"a19.csv": {Data: []byte("HashOwner,HashApp,HashFunction,Trigger,1,2,3\no1,a1,f1,http,10,0,5\no1,a1,f2,timer,1,1,1\n")},
	}
	csv := DefaultOptions()
	csv.Format, csv.Invocations = CSV, "c12.csv"
	csv.CPU = dist.Const(10 * time.Millisecond)
	az := csv
	az.Format, az.Invocations = Azure2019, "a19.csv"
	windowed := csv
	windowed.For = 10 * time.Minute
	fast := az
	fast.Speed = 2
	tests := []struct {
		name string
		o    Options
		run  time.Duration
		want string // "" for no warning
	}{
		{"csv longer", csv, 5 * time.Minute, "c12.csv: the trace's last request arrives at 2h0m0s and the run 5m0s (duration:): the run replays its first 5m0s; the requests from then on are not"},
		{"csv last request at the end", csv, 2 * time.Hour, "the run replays its first 2h0m0s"},
		{"csv within a minute", csv, 2*time.Hour + time.Minute, ""},
		{"csv shorter", csv, 5 * time.Hour, "c12.csv: the trace's last request arrives at 2h0m0s and the run 5h0m0s (duration:): the rest of the run has no requests"},
		{"csv window.for", windowed, 10 * time.Minute, ""},
		{"csv window.for shorter", windowed, 20 * time.Minute, "c12.csv: the trace lasts 10m0s and the run 20m0s (duration:): the rest of the run has no requests"},
		{"azure2019 equal", az, 3 * time.Minute, ""},
		{"azure2019 shorter", az, 10 * time.Minute, "a19.csv: the trace lasts 3m0s and the run 10m0s (duration:): the rest of the run has no requests"},
		{"azure2019 longer", az, 2 * time.Minute, "a19.csv: the trace lasts 3m0s and the run 2m0s (duration:): the run replays its first 2m0s"},
		{"azure2019 speed 2", fast, 90 * time.Second, ""},
	}
	for _, tt := range tests {
		svcs, err := Load(fsys, tt.o)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := Fit(tt.o.Invocations, svcs, tt.run)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s: Fit = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// TestNoRequests: a trace without a single request is bad input in every
// format, as a CSV with only its header always was (walk2 defect 8: an
// azure2019 file of zero counts ran with no arrivals).
func TestNoRequests(t *testing.T) {
	fsys := fstest.MapFS{
		"zero.csv": {Data: []byte("HashOwner,HashApp,HashFunction,Trigger,1,2,3\no1,a1,f1,http,0,0,0\no1,a1,f2,timer,0,0,0\n")},
		"hdr.csv":  {Data: []byte("timestamp,service,duration\n")},
		"gap.csv":  {Data: []byte("timestamp,service,duration\n0,a,0.1\n7200,a,0.1\n")},
	}
	base := DefaultOptions()
	base.CPU = dist.Const(10 * time.Millisecond)
	zero, hdr, gap := base, base, base
	zero.Format, zero.Invocations = Azure2019, "zero.csv"
	hdr.Format, hdr.Invocations = CSV, "hdr.csv"
	gap.Format, gap.Invocations, gap.From, gap.For = CSV, "gap.csv", time.Minute, time.Hour
	for _, tt := range []struct {
		o    Options
		want string
	}{
		{zero, "invocations: has no requests to replay (every count is 0) (got zero.csv)"},
		{hdr, "has no rows to replay"},
		{gap, "window: holds no requests of gap.csv: choose a window with some"},
	} {
		if _, err := Load(fsys, tt.o); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v; want %q", tt.o.Invocations, err, tt.want)
		}
	}
}
