package trace

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seed adds the header and first data lines of the repository's copy of a
// trace file, and some malformed variants, to a fuzz target's corpus.
func seed(f *testing.F, file string, extra ...string) {
	data, err := os.ReadFile(filepath.Join(dataDir, file))
	if err != nil {
		f.Fatal(err)
	}
	head := firstLines(data, 3)
	f.Add(head)
	f.Add(firstLines(data, 0))
	f.Add(bytes.ReplaceAll(head, []byte(","), []byte(";")))
	f.Add(head[:len(head)/2])
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// firstLines returns the header and up to n data lines of a file.
func firstLines(data []byte, n int) []byte {
	end := 0
	for range n + 1 {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			return data
		}
		end += i + 1
	}
	return data[:end]
}

// fuzzReader reads data to its end with a reader: it must not panic, and
// every error must name the file and a line.
func fuzzReader[T any](t *testing.T, data []byte, open func(io.Reader, string) (interface{ Next() (T, error) }, error), check func(T)) {
	r, err := open(bytes.NewReader(data), "f.csv")
	for n := 0; err == nil; n++ {
		var row T
		row, err = r.Next()
		if err == nil {
			check(row)
		}
		if n > len(data) {
			t.Fatalf("more rows than bytes")
		}
	}
	if err == io.EOF {
		return
	}
	lines := strings.Split(err.Error(), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "f.csv:") {
			t.Errorf("error line %q does not start with the file name", l)
		}
	}
	if len(lines) > MaxProblems+1 {
		t.Errorf("%d problems listed; want at most %d", len(lines), MaxProblems+1)
	}
}

func FuzzCountsReader(f *testing.F) {
	seed(f, inv2019, countsHead+"o,a,f,http,1,2,3\n", "HashOwner,HashApp,HashFunction,Trigger,1440\no,a,f,timer,5\n")
	seed(f, inv1fn)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReader(t, data, counts, func(fn Function) {
			for _, n := range fn.Counts {
				if n < 0 {
					t.Errorf("negative count %d", n)
				}
			}
			if fn.Owner == "" || fn.App == "" || fn.Function == "" {
				t.Errorf("empty id in %+v", fn)
			}
		})
	})
}

func FuzzDurationsReader(f *testing.F) {
	seed(f, dur2019, durHead+"o,a,f,1,10,0,5,0,1,2,3,4,5,5\n")
	seed(f, dur1fn)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReader(t, data, durations, func(d Durations) {
			for _, m := range []DurationModel{Percentiles, Extremes, Average} {
				dd := d.Dist(m) // panics on a row the reader should have refused
				if q := dd.Quantile(0); q < MinDuration {
					t.Errorf("%v: p0 %v below 1ms", m, q)
				}
			}
		})
	})
}

func FuzzMemoryReader(f *testing.F) {
	seed(f, mem2019, "HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100\no,a,3,50,1,2,3,4,5,6,7,8\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReader(t, data, memory, func(m Memory) {
			for i := 1; i < len(m.Percentiles); i++ {
				if m.Percentiles[i] < m.Percentiles[i-1] {
					t.Errorf("percentiles decrease: %v", m.Percentiles)
				}
			}
		})
	})
}

func FuzzInvocationsReader(f *testing.F) {
	seed(f, inv2021, "app,func,end_timestamp,duration\na,f,0,0\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReader(t, data, invocations, func(v Invocation) {
			if v.Start() < 0 || v.Duration < 0 {
				t.Errorf("start %v, duration %v", v.Start(), v.Duration)
			}
		})
	})
}

func FuzzLLMReader(f *testing.F) {
	seed(f, llmCode)
	seed(f, llmConv)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReader(t, data, llm, func(q Request) {
			if q.Context < 0 || q.Generated < 0 {
				t.Errorf("tokens %d, %d", q.Context, q.Generated)
			}
		})
	})
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"timestamp,service,duration\n0,api,0.25\n1.5,web,250ms\n2,api,\n",
		"timestamp\n2024-05-01T09:00:00.25Z\n2024-05-01T09:00:01Z\n",
		"duration,timestamp\n1h,3\n",
		"timestamp,service\n1,\"a,b\"\n",
		"\uFEFF\"Timestamp\",Service,extra\r\n2024-05-01 09:00:00.25,a,x\r\n\r\n2024-05-01 09:00:01,a,y\r\n\r\n",
		"timestamp\n1714554000250\nnoon\n1714554001000.5\n",
		"timestamp,duration_ms\n1,150\n2,1e20\n3,2s\n",
		"timestamp,Duration_us,duration\n1,150,1\n",
		"timestamp\n1e20\n1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzReader(t, data, generic, func(r Row) {
			if r.Duration < 0 && r.Duration != NoDuration {
				t.Errorf("duration %v", r.Duration)
			}
		})
	})
}
