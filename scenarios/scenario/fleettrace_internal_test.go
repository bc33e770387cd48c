package scenario

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload/trace"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// timeouts is a Config with a timeout per service.
type timeouts struct {
	field string
	per   []time.Duration
}

func (c timeouts) Describe() *yaml.Node                                       { return platform.Mapping() }
func (c timeouts) Build(*sim.Kernel, models.Recorder) (platform.Model, error) { return nil, nil }
func (c timeouts) Timeouts() (string, []time.Duration)                        { return c.field, c.per }

// The unit warning takes each platform's shortest and longest timeout
// over the trace's services only (services written out after them are
// not the trace's), with 0 as none, longer than any.
func TestTraceUnitWarningTimeoutsByService(t *testing.T) {
	files := fstest.MapFS{"t.csv": {Data: []byte("timestamp,service,duration\n1,a,7\n2,b,7\n3,a,7\n")}}
	o := trace.DefaultOptions()
	o.Format, o.Invocations = trace.CSV, "t.csv"
	tsvcs, err := trace.Load(files, o)
	if err != nil || len(tsvcs) != 2 {
		t.Fatalf("load: %d services, %v", len(tsvcs), err)
	}
	svcs := []service{{name: "a", trace: tsvcs}, {name: "b"}, {name: "written"}}
	s := time.Second
	for _, tc := range []struct {
		name string
		cfg  timeouts
		want string
	}{
		{"one past, one none", timeouts{"x.timeout", []time.Duration{5 * s, 0, 1 * s}}, "would time out under x.timeout (as short as 5s)"},
		{"none and a long one", timeouts{"x.timeout", []time.Duration{0, 60 * s, 1 * s}}, ""},
		{"all none", timeouts{"x.timeout", []time.Duration{0, 0, 1 * s}}, ""},
		{"the same", timeouts{"x.timeout", []time.Duration{6 * s, 6 * s, 1 * s}}, "would time out under x.timeout (6s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := &Plan{Platforms: []Compiled{{Config: tc.cfg}}}
			got := traceUnitWarning(svcs, plan)
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("warning %q; want one with %q", got, tc.want)
			}
		})
	}
}
