package prometheus

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/models/workload"
)

// seedFile adds a testdata file to a fuzz corpus, cut to its first lines
// (or bytes) so the fuzzer mutates something small, and whole.
func seedFile(f *testing.F, file string, lines int) {
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	end := 0
	for range lines {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			break
		}
		end += i + 1
	}
	f.Add(data[:end])
}

// checkRead holds for any input: an error is *Errors naming the file on
// every line; a Traffic is sorted, on its grid, with valid rates and
// arrival processes.
func checkRead(t *testing.T, tr *Traffic, err error, file string) {
	if err != nil {
		if !errors.Is(err, ErrInput) {
			t.Errorf("error %q is not ErrInput", err)
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, file+":") {
				t.Errorf("error line %q does not start with %s:", line, file)
			}
		}
		if n := strings.Count(err.Error(), "\n") + 1; n > MaxProblems+1 {
			t.Errorf("%d problems listed; want at most %d", n, MaxProblems+1)
		}
		return
	}
	if tr.Step <= 0 || tr.End < tr.Step || tr.End%tr.Step != 0 || tr.Steps() > MaxSteps {
		t.Fatalf("step %v, end %v", tr.Step, tr.End)
	}
	if len(tr.Services) == 0 {
		t.Fatal("no services and no error")
	}
	for i, s := range tr.Services {
		if s.Service == "" || i > 0 && s.Service <= tr.Services[i-1].Service {
			t.Errorf("service %d %q: empty or not after %q", i, s.Service, tr.Services[max(0, i-1)].Service)
		}
		if len(s.Samples) == 0 {
			t.Errorf("service %q has no samples", s.Service)
		}
		for j, x := range s.Samples {
			if x.At < 0 || x.At >= tr.End || x.At%tr.Step != 0 || j > 0 && x.At <= s.Samples[j-1].At {
				t.Errorf("service %q sample %d at %v: off the grid of %v to %v, or not increasing", s.Service, j, x.At, tr.Step, tr.End)
			}
			if math.IsNaN(x.RatePerSecond) || math.IsInf(x.RatePerSecond, 0) || x.RatePerSecond < 0 {
				t.Errorf("service %q sample %d: rate %v", s.Service, j, x.RatePerSecond)
			}
		}
		for _, interp := range []workload.Interp{workload.Step, workload.Linear} {
			a := tr.Arrivals(i, interp)
			if err := a.Validate(); err != nil {
				t.Errorf("service %q %v: %v", s.Service, interp, err)
			}
			if e := a.Expected(0, tr.End); math.IsNaN(e) || e < 0 {
				t.Errorf("service %q %v: Expected = %v", s.Service, interp, e)
			}
		}
	}
}

func FuzzReadQueryRange(f *testing.F) {
	seedFile(f, "query_range.json", 0)
	seedFile(f, "per-instance.json", 20)
	f.Add([]byte(`{"status":"error","errorType":"timeout","error":"query timed out"}`))
	f.Add([]byte(`[{"metric":{"service":"a"},"values":[[0,"1"],[60.5,"2"],[121,"NaN"]]},{"metric":{"service":"b"},"values":[[0,"1e3"],[180,"0"]]}]`))
	f.Add([]byte(`{"status":"success","data":{"resultType":"vector","result":[]}}`))
	f.Add([]byte(`[{"metric":{"__name__":"x_total","service":"a"},"values":[[0,"1"],[60,"2"]]},{"metric":{"__name__":"y_bucket","service":"b"},"values":[[0,"1"]]}]`))
	f.Add([]byte(`[{"metric":{"service":"a"},"values":[[0,"1"],[60,"2"],[120,"3"],[180,"4"],[240,"5"],[300,"6"],[360,"7"],[420,"8"],[480,"9"],[540,"10"]]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadQueryRange(bytes.NewReader(data), "f.json", "service")
		checkRead(t, tr, err, "f.json")
	})
}

func FuzzReadCSV(f *testing.F) {
	seedFile(f, "long.csv", 4)
	seedFile(f, "grafana.csv", 4)
	seedFile(f, "grafana-excel.csv", 5)
	f.Add([]byte("timestamp,service,value\n0,a,1\n60,a,2\n0,b,3\n120,b,NaN\n"))
	f.Add([]byte("Time;\"{service=\"\"a\"\"}\";b\n1714550400000;1;\n1714550460000;;2\n"))
	f.Add([]byte("sep=,\nTime,a\n2024-05-01 08:00:00,1\n2024-05-01 08:00:30,1\n"))
	f.Add([]byte("timestamp,__name__,service,value\n0,x_total,a,1\n0,job:y:rate1m,b,2\n60,,a,3\n"))
	f.Add([]byte("Time,\"x_total{service=\"\"a\"\"}\",\"{service=\"\"b\"\"}\"\n0,1,2\n60,2,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadCSV(bytes.NewReader(data), "f.csv", "service")
		checkRead(t, tr, err, "f.csv")
	})
}
