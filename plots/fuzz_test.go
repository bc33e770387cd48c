package plots

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// Fuzzing the chart builders: users bring their own scenarios (any SLO,
// any price, any trace), so a chart must draw, with a note where it had to
// leave something out, whatever float64s it is given; it must never panic,
// hang or allocate without bound. Each target decodes its inputs from one
// byte stream (see stream) and draws the charts of its family in both
// formats Save writes.

// stream turns fuzz bytes into chart inputs. A float is one byte: 0xFF
// followed by 8 bytes is a raw float64 (the seeds write every float that
// way, so that they read as numbers below); a byte below len(special) is
// one of the values that break charts; any other is a plain value from a
// few hundredths to thousands. Counts and flags are a byte each. When the
// bytes run out every value is 0.
type stream struct{ b []byte }

var special = []float64{
	0, math.Copysign(0, -1), 1, -1, math.NaN(), math.Inf(1), math.Inf(-1),
	1e-300, 1e308, -1e308, math.MaxFloat64, math.SmallestNonzeroFloat64,
	1e12, 1e-12, 1e15, 1e16, -1e15, 1e-9, 1e-6, 1e7, 0.5, 0.99, 0.999, 0.9999,
	100, 1000, 2, 3, 1e300, -1e-300, 4.9e-8, 86400,
}

func (s *stream) byte() byte {
	if len(s.b) == 0 {
		return 0
	}
	v := s.b[0]
	s.b = s.b[1:]
	return v
}

func (s *stream) float() float64 {
	v := s.byte()
	switch {
	case v == 0xFF && len(s.b) >= 8:
		f := math.Float64frombits(binary.LittleEndian.Uint64(s.b))
		s.b = s.b[8:]
		return f
	case int(v) < len(special):
		return special[v]
	}
	return float64(v) * math.Pow(10, float64(int(v)%7-2))
}

// n is a count below max.
func (s *stream) n(max int) int { return int(s.byte()) % max }

func (s *stream) flag() bool { return s.byte()&1 == 1 }

// floats is n floats, or nil when the flag byte before them says so
// (nil is "not recorded" for most columns).
func (s *stream) floats(n int) []float64 {
	if s.byte() == 0x80 {
		return nil
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = s.float()
	}
	return v
}

func (s *stream) flags(n int) []bool {
	if s.byte() == 0x80 {
		return nil
	}
	v := make([]bool, n)
	for i := range v {
		v[i] = s.flag()
	}
	return v
}

func (s *stream) model() Model {
	return []Model{Kubernetes, Lambda, pool, {Name: "cloud-run"}, {}}[s.n(5)]
}

func (s *stream) header() Header {
	return Header{Scenario: "fuzz", Seed: 1, WarmupS: s.float()}
}

// seed writes the bytes stream reads back: an int is a count or flag
// byte, a float64 is raw, a bool a flag, nil a column not recorded, and
// []float64 or []bool a column (with its present byte).
func seed(vals ...any) []byte {
	var b bytes.Buffer
	raw := func(f float64) {
		b.WriteByte(0xFF)
		binary.Write(&b, binary.LittleEndian, math.Float64bits(f))
	}
	for _, v := range vals {
		switch v := v.(type) {
		case int:
			b.WriteByte(byte(v))
		case bool:
			if v {
				b.WriteByte(1)
			} else {
				b.WriteByte(0)
			}
		case float64:
			raw(v)
		case nil:
			b.WriteByte(0x80)
		case []float64:
			if v == nil { // not recorded, as an untyped nil
				b.WriteByte(0x80)
				continue
			}
			b.WriteByte(0)
			for _, f := range v {
				raw(f)
			}
		case []bool:
			if v == nil {
				b.WriteByte(0x80)
				continue
			}
			b.WriteByte(0)
			for _, f := range v {
				if f {
					b.WriteByte(1)
				} else {
					b.WriteByte(0)
				}
			}
		default:
			panic(fmt.Sprintf("seed: %T", v))
		}
	}
	return b.Bytes()
}

// Bounds on drawing one fuzzed chart in both formats. Normal charts take
// tens of milliseconds and a few tens of MB; these leave room for a slow,
// shared machine and still catch a runaway loop.
const (
	fuzzTimeout  = 10 * time.Second
	fuzzMaxAlloc = 1 << 30
)

// drawAll builds each chart and renders it as SVG and PNG (SVG only
// while fuzzing: the layout, where the panics were, is the same, and
// rasterizing on a shared machine takes most of an execution), failing on
// a panic, on taking longer than fuzzTimeout (while fuzzing) or on
// allocating more than fuzzMaxAlloc bytes.
func drawAll(t *testing.T, builds ...func() *Chart) {
	t.Helper()
	type result struct {
		err   any
		stack []byte
	}
	formats := []string{"svg", "png"}
	fuzzing := false
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		formats = formats[:1]
		fuzzing = true
	}
	// Only the fuzzer gets the wall-clock bound: it runs one input after
	// another and must name the one that hangs. A plain test run of the
	// seeds is bounded by go test's own -timeout instead, because on a
	// loaded CI runner a seed that takes 0.5 s of CPU can take more than
	// 10 s of wall time (seen at a load average of 36).
	var timeout <-chan time.Time
	if fuzzing {
		timeout = time.After(fuzzTimeout)
	}
	done := make(chan result, 1)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{r, debug.Stack()}
				return
			}
			done <- result{}
		}()
		for _, build := range builds {
			c := build()
			for _, f := range formats {
				var buf bytes.Buffer
				if err := c.Render(&buf, f); err != nil {
					panic(fmt.Sprintf("Render(%s): %v", f, err))
				}
			}
		}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("panic: %v\n%s", r.err, r.stack)
		}
	case <-timeout:
		buf := make([]byte, 1<<20)
		t.Fatalf("drawing took more than %v; goroutines:\n%s", fuzzTimeout, buf[:runtime.Stack(buf, true)])
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > fuzzMaxAlloc {
		t.Fatalf("drawing allocated %d MB", d>>20)
	}
}

// column is n floats, never nil (a column every chart needs); it reads
// the present byte floats does, and ignores it.
func (s *stream) column(n int) []float64 {
	s.byte()
	v := make([]float64, n)
	for i := range v {
		v[i] = s.float()
	}
	return v
}

// The guards say what they did: a chart that had to leave values out or
// change its axis carries a note saying so.
func TestExtremeValuesNoted(t *testing.T) {
	one := func(m Model, lat []float64) CDF {
		d := CDF{Model: m, LatencyMS: lat}
		for i := range lat {
			d.Fraction = append(d.Fraction, float64(i+1)/float64(len(lat)))
		}
		return d
	}
	tune := func(target float64, cost ...float64) Tuning {
		tu := Tuning{Model: Lambda, Setting: "memory", Cheapest: -1, Fastest: -1, Balanced: -1, P99TargetMs: target}
		for i, c := range cost {
			tu.Points = append(tu.Points, TunePoint{Label: fmt.Sprint(i), MonthlyUSD: c, MeanMs: 10, P99Ms: 50, MeetsSLO: true})
		}
		return tu
	}
	cases := []struct {
		name  string
		chart *Chart
		want  string
	}{
		{"break-even costs 1e-300 and 1e12", BreakEven(testHeader, []CostCurve{{Model: Lambda, RatePerSecond: []float64{1, 10}, MonthlyUSD: []float64{1e-300, 1e12}}}),
			"Monthly costs span more than 1e15× (from $1e-300 to $1e+12), too much for a log axis: drawn on a linear axis."},
		{"break-even rates 5e-324", BreakEven(testHeader, []CostCurve{{Model: Lambda, RatePerSecond: []float64{5e-324, 10}, MonthlyUSD: []float64{5, 50}}}),
			"Rates reach below what a log axis can show (more than 1e15× under the largest, or under 1e-300): it starts at 2e-15"},
		{"tune target 1e308", TuneChart(testHeader, tune(1e308, 5, 6)),
			"1 value beyond ±1e15 is left out: no run gives such a number, and the axes cannot hold it."},
		{"tune costs 1e-300 and 1e12", TuneChart(testHeader, tune(0, 1e-300, 1e12)), "drawn on a linear axis"},
		{"cdf latencies 1e-300 and 1e12", LatencyCDF(testHeader, []CDF{one(Kubernetes, []float64{1e-300, 1e12})}), "Latencies reach below what a log axis can show"},
		{"tail target 1e308", LatencyTail(testHeader, []CDF{one(Kubernetes, []float64{10, 20})}, TailSLO{Quantile: 0.99, TargetMS: 1e308}), "1 value beyond ±1e15 is left out"},
		{"sweep 1e308", Sweep(testHeader, SweepAxes{Parameter: "rate", Field: "p99"}, []SweepSeries{{Model: Lambda, X: []float64{1, 2, 3}, Mean: []float64{5, 1e308, -1e300}}}),
			"2 values beyond ±1e15 are left out"},
		{"fleet 1e308", Fleet(testHeader, Kubernetes, Lambda, []FleetGroup{{Model: Lambda, RatePerSecond: []float64{1, 1e308}, DiffUSD: []float64{3, 4}}}),
			"1 service without a usable rate or cost difference is left out."},
		{"cost 1e300", CumulativeCost(testHeader, []Series{{Model: Lambda, WindowStartS: []float64{0, 10}, CostUSD: []float64{1, 1e300}}}), "1 value beyond ±1e15 is left out"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			notes := strings.Join(tc.chart.Notes, "\n")
			if !strings.Contains(notes, tc.want) {
				t.Errorf("notes:\n%s\nwant %q", notes, tc.want)
			}
			render(t, tc.chart, "svg")
		})
	}
}
