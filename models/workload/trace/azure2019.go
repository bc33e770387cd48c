package trace

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/dist"
)

// Triggers are the Azure Functions 2019 trigger groups.
var Triggers = []string{"http", "timer", "event", "queue", "storage", "orchestration", "others"}

// Function is one row of an Azure Functions 2019 invocations file: a
// function and its invocations per minute.
type Function struct {
	Owner, App, Function, Trigger string
	// Counts are the invocations in each minute of the file, in column
	// order. The slice is the reader's: valid until the next call to Next.
	Counts []int32
}

// CountsReader streams an Azure Functions 2019 invocations file
// (invocations_per_function_md.anon.dNN.csv): HashOwner, HashApp,
// HashFunction, Trigger, then one column per minute, labelled with the
// minute's number in the day (1…1440; consecutive).
type CountsReader struct {
	t                       *table
	owner, app, fn, trigger int
	minutes                 []int // column index of each minute, in order
	first                   int   // the first minute's label
	counts                  []int32
	lines                   map[string]int // first line of each function
}

var countsColumns = []string{"HashOwner", "HashApp", "HashFunction", "Trigger"}

// NewCountsReader reads the header of an invocations file; file names it
// in errors.
func NewCountsReader(r io.Reader, file string) (*CountsReader, error) {
	t, err := newTable(r, file, countsColumns, nil, true)
	if err != nil {
		return nil, err
	}
	c := &CountsReader{t: t, owner: t.col("HashOwner"), app: t.col("HashApp"), fn: t.col("HashFunction"), trigger: t.col("Trigger"),
		lines: map[string]int{}}
	for i, h := range t.head {
		if slices.Contains(countsColumns, h) {
			continue
		}
		m, err := strconv.Atoi(h)
		if err != nil || m < 1 {
			return nil, t.errf(quote(h), "column %d must be a minute of the day, 1 or more", i+1)
		}
		if len(c.minutes) == 0 {
			c.first = m
		} else if want := c.first + len(c.minutes); m != want {
			return nil, t.errf(quote(h), "column %d must be minute %d: minutes are consecutive", i+1, want)
		}
		c.minutes = append(c.minutes, i)
	}
	if len(c.minutes) == 0 {
		return nil, t.errf("", "the header has no minute columns (want HashOwner,HashApp,HashFunction,Trigger,1,2,…)")
	}
	c.counts = make([]int32, len(c.minutes))
	return c, nil
}

// Minutes is the number of minute columns.
func (c *CountsReader) Minutes() int { return len(c.minutes) }

// FirstMinute is the first minute column's label: the file's minute 0 is
// minute FirstMinute of the day, covering [(FirstMinute−1)·60 s,
// FirstMinute·60 s) from the start of the day.
func (c *CountsReader) FirstMinute() int { return c.first }

// Next returns the following function; io.EOF after the last. A
// malformed row is not returned: its problem is kept, and after the last
// row every problem is returned instead of io.EOF.
func (c *CountsReader) Next() (Function, error) { return row(c.t, c.parse) }

// Warnings are what the reader did that the user may not expect (columns
// ignored, blank lines skipped), each starting with the file name;
// complete once Next has returned io.EOF.
func (c *CountsReader) Warnings() []string { return c.t.warnings }

// parse reads the current record.
func (c *CountsReader) parse() (Function, error) {
	t := c.t
	var err error
	var f Function
	for _, x := range []struct {
		dst *string
		col int
	}{{&f.Owner, c.owner}, {&f.App, c.app}, {&f.Function, c.fn}} {
		if *x.dst, err = t.id(x.col); err != nil {
			return Function{}, err
		}
	}
	f.Trigger = t.rec[c.trigger]
	if !slices.Contains(Triggers, f.Trigger) {
		return Function{}, t.errf(quote(f.Trigger), "Trigger must be one of %s", strings.Join(Triggers, ", "))
	}
	key := f.Owner + "/" + f.App + "/" + f.Function
	if line, dup := c.lines[key]; dup {
		return Function{}, t.errf(quote(f.Function), "the function appears again (first on line %d)", line)
	}
	c.lines[key] = t.line
	for i, col := range c.minutes {
		n, err := strconv.ParseInt(t.rec[col], 10, 32)
		if err != nil || n < 0 {
			return Function{}, t.errf(quote(t.rec[col]), "the count of minute %s must be a whole number from 0 to %d", t.head[col], math.MaxInt32)
		}
		c.counts[i] = int32(n)
	}
	f.Counts = c.counts
	return f, nil
}

// Durations is one row of an Azure Functions 2019 durations file: a
// function's execution times over the day, in milliseconds (cold starts
// excluded).
type Durations struct {
	Owner, App, Function string
	// Average, Minimum and Maximum over Count executions.
	Average, Minimum, Maximum float64
	Count                     int64
	// Percentiles at DurationPercentiles of the weighted distribution of
	// 30-second-window averages (not of single executions).
	Percentiles [7]float64
}

// DurationPercentiles are the percentiles of the durations file's
// percentile_Average_N columns.
var DurationPercentiles = [7]float64{0, 1, 25, 50, 75, 99, 100}

// DurationsReader streams an Azure Functions 2019 durations file
// (function_durations_percentiles.anon.dNN.csv).
type DurationsReader struct {
	t                                    *table
	owner, app, fn, avg, cnt, minc, maxc int
	pct                                  [7]int
}

var durationsColumns = []string{"HashOwner", "HashApp", "HashFunction", "Average", "Count", "Minimum", "Maximum",
	"percentile_Average_0", "percentile_Average_1", "percentile_Average_25", "percentile_Average_50",
	"percentile_Average_75", "percentile_Average_99", "percentile_Average_100"}

// NewDurationsReader reads the header of a durations file.
func NewDurationsReader(r io.Reader, file string) (*DurationsReader, error) {
	t, err := newTable(r, file, durationsColumns, nil, false)
	if err != nil {
		return nil, err
	}
	d := &DurationsReader{t: t, owner: t.col("HashOwner"), app: t.col("HashApp"), fn: t.col("HashFunction"),
		avg: t.col("Average"), cnt: t.col("Count"), minc: t.col("Minimum"), maxc: t.col("Maximum")}
	for i, p := range DurationPercentiles {
		d.pct[i] = t.col("percentile_Average_" + strconv.Itoa(int(p)))
	}
	return d, nil
}

// Next returns the following row; io.EOF after the last. A
// malformed row is not returned: its problem is kept, and after the last
// row every problem is returned instead of io.EOF.
func (d *DurationsReader) Next() (Durations, error) { return row(d.t, d.parse) }

// Warnings are what the reader did that the user may not expect (columns
// ignored, blank lines skipped), each starting with the file name;
// complete once Next has returned io.EOF.
func (d *DurationsReader) Warnings() []string { return d.t.warnings }

// parse reads the current record.
func (d *DurationsReader) parse() (Durations, error) {
	t := d.t
	var err error
	var r Durations
	if r.Owner, err = t.id(d.owner); err != nil {
		return Durations{}, err
	}
	if r.App, err = t.id(d.app); err != nil {
		return Durations{}, err
	}
	if r.Function, err = t.id(d.fn); err != nil {
		return Durations{}, err
	}
	if r.Count, err = t.integer(d.cnt); err != nil {
		return Durations{}, err
	}
	for _, x := range []struct {
		dst *float64
		col int
	}{{&r.Average, d.avg}, {&r.Minimum, d.minc}, {&r.Maximum, d.maxc}} {
		if *x.dst, err = t.number(x.col); err != nil {
			return Durations{}, err
		}
	}
	if r.Minimum > r.Maximum {
		return Durations{}, t.errf(fmt.Sprintf("Minimum %v > Maximum %v", r.Minimum, r.Maximum), "Minimum must not exceed Maximum")
	}
	for i, col := range d.pct {
		if r.Percentiles[i], err = t.number(col); err != nil {
			return Durations{}, err
		}
		if i > 0 && r.Percentiles[i] < r.Percentiles[i-1] {
			return Durations{}, t.errf(fmt.Sprintf("%s %v < %s %v", t.head[col], r.Percentiles[i], t.head[d.pct[i-1]], r.Percentiles[i-1]),
				"percentiles must not decrease")
		}
	}
	return r, nil
}

// DurationModel is how a function's durations row becomes a distribution
// of per-invocation durations.
type DurationModel uint8

const (
	// Percentiles: the inverse CDF through the seven percentile points,
	// log-linear between them; the default.
	Percentiles DurationModel = iota
	// Extremes: as Percentiles, with the true extremes Minimum and Maximum
	// as p0 and p100 (the percentiles are of 30-s window averages, which
	// understate both tails).
	Extremes
	// Average: every invocation takes Average, as In-Vitro replays it.
	Average
)

// MinDuration is the shortest duration a trace gives: Azure rounds
// sub-millisecond executions down to 0 ms.
const MinDuration = time.Millisecond

// Dist is the distribution of the function's per-invocation durations by
// model m. Every value below MinDuration is raised to it before
// interpolating, so no invocation takes less than 1 ms.
func (r Durations) Dist(m DurationModel) dist.Dist {
	if m == Average {
		return dist.Const(ms(r.Average))
	}
	p := r.Percentiles
	if m == Extremes {
		// Monotone whatever the row says: the extremes never narrow the
		// percentiles' range.
		p[0], p[6] = min(r.Minimum, p[1]), max(r.Maximum, p[5])
	}
	val := make([]time.Duration, len(p))
	for i, v := range p {
		val[i] = ms(v)
	}
	d, err := dist.Empirical(DurationPercentiles[:], val)
	if err != nil {
		panic("trace: durations row checked by the reader: " + err.Error())
	}
	return d
}

// ms is v milliseconds, at least MinDuration.
func ms(v float64) time.Duration {
	return max(MinDuration, time.Duration(math.Round(v*1e6)))
}

// Memory is one row of an Azure Functions 2019 memory file: an app's (or,
// in the In-Vitro excerpts, a function's share of its app's) committed
// memory in MB, from 5-second samples averaged per minute.
type Memory struct {
	Owner, App string
	// Function is empty in the original per-application files.
	Function    string
	SampleCount int64
	Average     float64
	// Percentiles at MemoryPercentiles over the day's minutes.
	Percentiles [8]float64
}

// MemoryPercentiles are the percentiles of the AverageAllocatedMb_pctN
// columns.
var MemoryPercentiles = [8]float64{1, 5, 25, 50, 75, 95, 99, 100}

// MemoryReader streams an Azure Functions 2019 memory file: the original
// per-application app_memory_percentiles.anon.dNN.csv (HashOwner, HashApp,
// SampleCount, AverageAllocatedMb, AverageAllocatedMb_pctN), or the
// In-Vitro per-function form with a HashFunction column.
type MemoryReader struct {
	t                          *table
	owner, app, fn, count, avg int
	pct                        [8]int
}

var memoryColumns = []string{"HashOwner", "HashApp", "SampleCount", "AverageAllocatedMb",
	"AverageAllocatedMb_pct1", "AverageAllocatedMb_pct5", "AverageAllocatedMb_pct25", "AverageAllocatedMb_pct50",
	"AverageAllocatedMb_pct75", "AverageAllocatedMb_pct95", "AverageAllocatedMb_pct99", "AverageAllocatedMb_pct100"}

// NewMemoryReader reads the header of a memory file.
func NewMemoryReader(r io.Reader, file string) (*MemoryReader, error) {
	t, err := newTable(r, file, memoryColumns, []string{"HashFunction"}, false)
	if err != nil {
		return nil, err
	}
	m := &MemoryReader{t: t, owner: t.col("HashOwner"), app: t.col("HashApp"), fn: t.col("HashFunction"),
		count: t.col("SampleCount"), avg: t.col("AverageAllocatedMb")}
	for i, p := range MemoryPercentiles {
		m.pct[i] = t.col("AverageAllocatedMb_pct" + strconv.Itoa(int(p)))
	}
	return m, nil
}

// PerFunction says the file has one row per function (a HashFunction
// column), not per application.
func (m *MemoryReader) PerFunction() bool { return m.fn >= 0 }

// Next returns the following row; io.EOF after the last. A
// malformed row is not returned: its problem is kept, and after the last
// row every problem is returned instead of io.EOF.
func (m *MemoryReader) Next() (Memory, error) { return row(m.t, m.parse) }

// Warnings are what the reader did that the user may not expect (columns
// ignored, blank lines skipped), each starting with the file name;
// complete once Next has returned io.EOF.
func (m *MemoryReader) Warnings() []string { return m.t.warnings }

// parse reads the current record.
func (m *MemoryReader) parse() (Memory, error) {
	t := m.t
	var err error
	var r Memory
	if r.Owner, err = t.id(m.owner); err != nil {
		return Memory{}, err
	}
	if r.App, err = t.id(m.app); err != nil {
		return Memory{}, err
	}
	if m.fn >= 0 {
		if r.Function, err = t.id(m.fn); err != nil {
			return Memory{}, err
		}
	}
	if r.SampleCount, err = t.integer(m.count); err != nil {
		return Memory{}, err
	}
	if r.Average, err = t.number(m.avg); err != nil {
		return Memory{}, err
	}
	for i, col := range m.pct {
		if r.Percentiles[i], err = t.number(col); err != nil {
			return Memory{}, err
		}
		if i > 0 && r.Percentiles[i] < r.Percentiles[i-1] {
			return Memory{}, t.errf(fmt.Sprintf("%s %v < %s %v", t.head[col], r.Percentiles[i], t.head[m.pct[i-1]], r.Percentiles[i-1]),
				"percentiles must not decrease")
		}
	}
	return r, nil
}
