package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/outdir"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
	"go.yaml.in/yaml/v3"
)

// Bundle is everything the report writers need: what `execsim run --out`
// saves and `execsim plot DIR` reads back, so a re-render draws exactly the
// same charts, tables and findings.
type Bundle struct {
	// Registry knows the platforms of the summary: their looks and
	// report sentences.
	Registry platform.Registry
	Summary  summary.Summary
	Series   []SeriesRow
	CDF      []CDFPoint
	// Services is services.csv; nil for a run folder written before it
	// existed.
	Services    []ServiceRow
	Scenario    []byte // the scenario text as run
	Command     string // the command that reproduces the run
	Description string
}

// SeriesRow is one platform's window: a row of series.csv. The gauge
// columns are the shared vocabulary of models.Gauge; a platform fills the
// ones it reports.
type SeriesRow struct {
	Model      string
	Start, End float64 // seconds since the start
	// Warmup is 1 for a window that starts in the warm-up (left out of
	// the summary and the findings), 0 otherwise.
	Warmup                                                 float64
	Arrivals, Completed, Throttled, Rejected, Failed, Cold float64
	Mean, P50, P95, P99                                    float64 // ms, of requests completing in the window
	ConcMean, ConcMax, EnvMean, EnvMax, BusyMean           float64
	// QueuedMean is the time-average requests waiting for a worker slot,
	// and Utilisation the busy share of the platform's serving capacity
	// (platform.Look.Utilisation) over the window.
	QueuedMean, Utilisation                float64
	PodsMean, PodsMax, NodesMean, NodesMax float64
	CostCum                                float64 // USD since the start; NaN-free, 0 without cost
	// Blank marks, by index in fields, the gauge columns the platform never
	// reported (Lambda's pods and nodes, Kubernetes' environments): their
	// values are 0 and series.csv leaves their cells empty.
	Blank uint32
}

// seriesGauges are the gauges behind series.csv's gauge columns, by index
// in SeriesRow.fields.
var seriesGauges = map[int]models.Gauge{13: models.Concurrency, 14: models.Concurrency, 15: models.Environments, 16: models.Environments,
	17: models.Busy, 18: models.Queued, 20: models.Pods, 21: models.Pods, 22: models.Nodes, 23: models.Nodes}

// Gauge is the row's mean and maximum of a gauge over the window (busy has
// no maximum column: its mean is both).
func (r *SeriesRow) Gauge(g models.Gauge) (mean, peak float64) {
	switch g {
	case models.Concurrency:
		return r.ConcMean, r.ConcMax
	case models.Environments:
		return r.EnvMean, r.EnvMax
	case models.Busy:
		return r.BusyMean, r.BusyMean
	case models.Queued:
		return r.QueuedMean, r.QueuedMean
	case models.Pods:
		return r.PodsMean, r.PodsMax
	case models.Nodes:
		return r.NodesMean, r.NodesMax
	}
	return 0, 0
}

// CDFPoint is one point of a model's latency distribution.
type CDFPoint struct {
	Model     string
	LatencyMs float64
	Fraction  float64
}

// cdfLevels are the quantiles saved per model: fine in the body and in the tail.
var cdfLevels = func() []float64 {
	var q []float64
	for i := 0; i <= 99; i++ {
		q = append(q, float64(i)/100)
	}
	for i := 1; i <= 9; i++ {
		q = append(q, 0.99+float64(i)/1000)
	}
	for i := 1; i <= 9; i++ {
		q = append(q, 0.999+float64(i)/10000)
	}
	return append(q, 1)
}()

// FromResult collects a finished run.
func FromResult(res *runner.Result, command string) *Bundle {
	b := &Bundle{Registry: res.Plan.Registry, Summary: summary.Of(res, false), Scenario: res.Plan.Source, Command: command, Description: res.Plan.Description,
		Services: serviceRows(res)}
	for _, m := range res.Platforms {
		serves := m.Platform.Look().Utilisation
		for wi, w := range m.Rec.Windows() {
			row := SeriesRow{
				Model: m.Name, Start: w.Start.Seconds(), End: w.End.Seconds(), Arrivals: float64(w.Arrivals),
				Completed: float64(w.Outcomes[models.Completed]), Throttled: float64(w.Outcomes[models.Throttled]),
				Rejected: float64(w.Outcomes[models.Rejected]), Failed: float64(w.Outcomes[models.Failed]), Cold: float64(w.ColdStarts),
				Mean: msOf(w.Mean.Round(time.Microsecond).Microseconds()), P50: msOf(w.P50.Microseconds()), P95: msOf(w.P95.Microseconds()), P99: msOf(w.P99.Microseconds()),
				ConcMean: w.GaugeMean[models.Concurrency], ConcMax: w.GaugeMax[models.Concurrency],
				EnvMean: w.GaugeMean[models.Environments], EnvMax: w.GaugeMax[models.Environments],
				BusyMean: w.GaugeMean[models.Busy], QueuedMean: w.GaugeMean[models.Queued],
				PodsMean: w.GaugeMean[models.Pods], PodsMax: w.GaugeMax[models.Pods],
				NodesMean: w.GaugeMean[models.Nodes], NodesMax: w.GaugeMax[models.Nodes],
			}
			if w.Warmup {
				row.Warmup = 1
			}
			for j, g := range seriesGauges {
				if !m.Rec.GaugeReported(g) {
					row.Blank |= 1 << j
				}
			}
			if c := w.GaugeMean[serves.Gauge]; serves.Name != "" && c > 0 {
				row.Utilisation = w.GaugeMean[models.Busy] / c
			}
			if m.Cost != nil && wi < len(m.Cost.Cumulative) {
				row.CostCum = m.Cost.Cumulative[wi].USD()
			}
			row.round() // as series.csv will hold it, so `execsim plot` redraws the same bytes
			b.Series = append(b.Series, row)
		}
		h := m.Rec.Latency()
		if h.Count() == 0 {
			continue
		}
		for _, q := range cdfLevels {
			lat := h.Quantile(q)
			if q == 0 {
				lat = h.Quantile(1e-9)
			}
			b.CDF = append(b.CDF, CDFPoint{Model: m.Name, LatencyMs: msOf(lat.Microseconds()), Fraction: q})
		}
	}
	return b
}

func msOf(us int64) float64 { return float64(us) / 1000 }

// Files written by Write (with the charts).
const (
	SummaryFile  = "summary.json"
	SeriesFile   = "series.csv"
	LatencyFile  = "latency.csv"
	ScenarioFile = "scenario.yaml"
	MarkdownFile = "summary.md"
	HTMLFile     = "report.html"
)

// SeriesHeader is the column list of series.csv, one row per model per window.
// warmup is 1 for a window that starts in the warm-up, whose requests the
// summary and the findings leave out (windows count every request);
// latency_mean_ms is the mean latency of the requests completing in the
// window; queued_mean the time-average requests waiting for a worker slot;
// utilisation the busy share of the serving capacity (worker slots,
// environments) over the window.
var SeriesHeader = []string{
	"model", "window_start_s", "window_end_s", "warmup", "arrivals", "completed", "throttled", "rejected", "failed",
	"cold_starts", "latency_mean_ms", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
	"concurrency_mean", "concurrency_max", "environments_mean", "environments_max",
	"busy_mean", "queued_mean", "utilisation", "pods_mean", "pods_max", "nodes_mean", "nodes_max", "cost_cumulative_usd",
}

func (r *SeriesRow) fields() []*float64 {
	return []*float64{&r.Start, &r.End, &r.Warmup, &r.Arrivals, &r.Completed, &r.Throttled, &r.Rejected, &r.Failed, &r.Cold,
		&r.Mean, &r.P50, &r.P95, &r.P99, &r.ConcMean, &r.ConcMax, &r.EnvMean, &r.EnvMax, &r.BusyMean, &r.QueuedMean, &r.Utilisation,
		&r.PodsMean, &r.PodsMax, &r.NodesMean, &r.NodesMax, &r.CostCum}
}

// seriesDigits is the number of decimals series.csv keeps per column
// (after the model name): 3; none for the warm-up mark, the counts and the
// gauges' maxima (whole numbers, written as integers); 6 for utilisation
// (as summary.json keeps it), for cumulative cost (micro-dollars) and for
// the demand gauges' means: a sparse service (one 300-ms request in a
// 10-minute window) is busy 0.0005 on average, which 3 decimals would
// print, and chart, as an idle window.
func seriesDigits(j int) int {
	switch SeriesHeader[j+1] {
	case "warmup", "arrivals", "completed", "throttled", "rejected", "failed", "cold_starts",
		"concurrency_max", "environments_max", "pods_max", "nodes_max":
		return 0
	case "utilisation", "cost_cumulative_usd", "busy_mean", "concurrency_mean", "queued_mean":
		return 6
	}
	return 3
}

func (r *SeriesRow) round() {
	for j, f := range r.fields() {
		*f, _ = strconv.ParseFloat(strconv.FormatFloat(*f, 'f', seriesDigits(j), 64), 64)
	}
}

// SeriesCSV renders series.csv.
func (b *Bundle) SeriesCSV() []byte {
	rows := [][]string{SeriesHeader}
	for i := range b.Series {
		r := &b.Series[i]
		row := []string{r.Model}
		for j, f := range r.fields() {
			if r.Blank&(1<<j) != 0 {
				row = append(row, "")
				continue
			}
			row = append(row, strconv.FormatFloat(*f, 'f', seriesDigits(j), 64))
		}
		rows = append(rows, row)
	}
	return CSVBytes(rows)
}

// LatencyCSV renders latency.csv: per model, latency (ms) at each quantile
// of its completed requests. The chart draws the curve as a share of all
// the model's requests, scaling it by the completed share that
// summary.json's counts give, so the folder holds all it needs to redraw.
func (b *Bundle) LatencyCSV() []byte {
	rows := [][]string{LatencyHeader}
	for _, p := range b.CDF {
		rows = append(rows, []string{p.Model, strconv.FormatFloat(p.Fraction, 'f', 4, 64), strconv.FormatFloat(p.LatencyMs, 'f', 3, 64)})
	}
	return CSVBytes(rows)
}

// CSVBytes renders rows as CSV.
func CSVBytes(rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows) // a bytes.Buffer does not fail
	return buf.Bytes()
}

// Write saves the bundle into dir as one set: its data files, summary.md,
// report.html and the charts (as rendered by RenderCharts), each written
// atomically; a file of an earlier run that this one did not write (a
// cumulative-cost chart of a priced run) is removed. It returns the
// paths of the data files and reports, then one name.{png,svg} a chart.
func (b *Bundle) Write(dir string, charts []ChartFile) ([]string, error) {
	var js bytes.Buffer
	if err := JSON(&js, b.Summary); err != nil {
		return nil, err
	}
	// what an interrupted run did not do is in summary.json
	// (requested_duration_s, not_run), where tools read it
	scenario := append([]byte("# "+b.Command+"\n"), b.Scenario...)
	files := []outdir.File{
		{Name: SummaryFile, Data: js.Bytes()}, {Name: SeriesFile, Data: b.SeriesCSV()}, {Name: LatencyFile, Data: b.LatencyCSV()},
	}
	if b.Services != nil {
		files = append(files, outdir.File{Name: ServicesFile, Data: b.ServicesCSV()})
	}
	if b.Summary.Placement != nil && b.Summary.Placement.Legacy == nil {
		files = append(files, outdir.File{Name: PlacementFile, Data: b.PlacementCSV()})
	}
	files = append(files, outdir.File{Name: CostFile, Data: b.CostCSV()})
	files = append(files, outdir.File{Name: ScenarioFile, Data: scenario},
		outdir.File{Name: MarkdownFile, Data: []byte(b.Markdown(charts))}, outdir.File{Name: HTMLFile, Data: []byte(b.HTML(charts))})
	reports := len(files)
	for _, c := range charts {
		files = append(files, c.Files()...)
	}
	written, err := outdir.Replace(dir, RunFiles(), files)
	if err != nil {
		return nil, err
	}
	paths := written[:reports]
	for _, c := range charts {
		paths = append(paths, filepath.Join(dir, c.Name+".{png,svg}"))
	}
	return paths, nil
}

// RunFiles are the files a run folder owns: what Write may write.
func RunFiles() []string {
	out := []string{SummaryFile, SeriesFile, LatencyFile, ServicesFile, PlacementFile, CostFile, ScenarioFile, MarkdownFile, HTMLFile}
	for _, n := range ChartNames {
		out = append(out, n+".svg", n+".png")
	}
	return out
}

// LatencyHeader is the column list of latency.csv.
var LatencyHeader = []string{"model", "fraction", "latency_ms"}

// Load reads a bundle back from a folder written by Write, with the
// registry's platforms. A damaged file is an error naming the file, the
// line and the column: nothing read back reaches the charts unchecked.
func Load(dir string, reg platform.Registry) (*Bundle, error) {
	read := func(name string) ([]byte, error) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("%s is not an execsim run folder: %w", dir, err)
		}
		return data, nil
	}
	b := &Bundle{Registry: reg}
	data, err := read(SummaryFile)
	if err != nil {
		return nil, err
	}
	if b.Summary, err = summary.Decode(data, reg); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, SummaryFile), err)
	}
	if data, err = read(SeriesFile); err != nil {
		return nil, err
	}
	if b.Series, err = readSeries(data, reg); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, SeriesFile), err)
	}
	if data, err = read(LatencyFile); err != nil {
		return nil, err
	}
	if b.CDF, err = readLatency(data, reg); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, LatencyFile), err)
	}
	switch data, err := os.ReadFile(filepath.Join(dir, ServicesFile)); {
	case errors.Is(err, fs.ErrNotExist): // a folder written before services.csv
	case err != nil:
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ServicesFile), err)
	default:
		if b.Services, err = readServices(data, reg); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ServicesFile), err)
		}
	}
	if b.Scenario, err = read(ScenarioFile); err != nil {
		return nil, err
	}
	// Write puts the reproducing command on the first line; take it off again.
	if first, rest, ok := bytes.Cut(b.Scenario, []byte("\n")); ok && bytes.HasPrefix(first, []byte("# execsim ")) {
		b.Command, b.Scenario = string(first[2:]), rest
	}
	// a folder written before summary.json said what an interrupted run
	// did not do has it in a comment line: take that off too, and read it
	if first, rest, ok := bytes.Cut(b.Scenario, []byte("\n")); ok && b.Summary.Partial {
		if asked, notRun, ok := parseLegacyPartial(first); ok {
			b.Scenario = rest
			if b.Summary.RequestedDurationS == 0 && b.Summary.NotRun == nil {
				b.Summary.RequestedDurationS, b.Summary.NotRun = asked.Seconds(), notRun
			}
		}
	}
	var head struct {
		Description string `yaml:"description"`
	}
	_ = yaml.Unmarshal(b.Scenario, &head) // the description is optional decoration
	b.Description = head.Description
	return b, nil
}

// readSeries reads series.csv. Errors start with the line ("line 3, ...").
func readSeries(data []byte, reg platform.Registry) ([]SeriesRow, error) {
	t, err := readTable(data, SeriesHeader)
	if err != nil {
		return nil, err
	}
	var rows []SeriesRow
	for i, rec := range t.Rows {
		r := SeriesRow{Model: rec[0]}
		if err := knownModel(rec[0], reg); err != nil {
			return nil, fmt.Errorf("line %d, %s: %w", t.Line(i), SeriesHeader[0], err)
		}
		for j, f := range r.fields() {
			if _, gauge := seriesGauges[j]; gauge && rec[j+1] == "" {
				r.Blank |= 1 << j // a gauge the platform does not report
				continue
			}
			if *f, err = number(rec[j+1]); err != nil {
				return nil, fmt.Errorf("line %d, %s: %w", t.Line(i), SeriesHeader[j+1], err)
			}
		}
		if r.End < r.Start {
			return nil, fmt.Errorf("line %d: the window ends (%s s) before it starts (%s s)", t.Line(i), rec[2], rec[1])
		}
		if r.Warmup != 0 && r.Warmup != 1 {
			return nil, fmt.Errorf("line %d, warmup: %s is neither 0 nor 1", t.Line(i), clip(rec[3]))
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// readLatency reads latency.csv. Errors start with the line ("line 3, ...").
func readLatency(data []byte, reg platform.Registry) ([]CDFPoint, error) {
	t, err := readTable(data, LatencyHeader)
	if err != nil {
		return nil, err
	}
	var points []CDFPoint
	for i, rec := range t.Rows {
		if err := knownModel(rec[0], reg); err != nil {
			return nil, fmt.Errorf("line %d, %s: %w", t.Line(i), LatencyHeader[0], err)
		}
		p := CDFPoint{Model: rec[0]}
		if p.Fraction, err = number(rec[1]); err == nil && !(p.Fraction >= 0 && p.Fraction <= 1) {
			err = fmt.Errorf("%q is not between 0 and 1", rec[1])
		}
		if err != nil {
			return nil, fmt.Errorf("line %d, %s: %w", t.Line(i), LatencyHeader[1], err)
		}
		if p.LatencyMs, err = number(rec[2]); err == nil && p.LatencyMs < 0 {
			err = fmt.Errorf("%q is negative", rec[2])
		}
		if err != nil {
			return nil, fmt.Errorf("line %d, %s: %w", t.Line(i), LatencyHeader[2], err)
		}
		points = append(points, p)
	}
	return points, nil
}

// readTable reads a CSV file whose header must be want.
func readTable(data []byte, want []string) (Table, error) {
	t, err := ReadCSV(bytes.NewReader(data))
	if err != nil {
		return Table{}, err
	}
	if !slices.Equal(t.Header, want) {
		return Table{}, fmt.Errorf("line 1: the header is %s; want %s (a missing header line, or a file from another version?)",
			clip(strings.Join(t.Header, ",")), strings.Join(want, ","))
	}
	return t, nil
}

// maxValue bounds every number read back from a run folder: far beyond what
// a run writes (seconds, counts, milliseconds, dollars), and small enough
// that sums, differences and chart ranges stay finite.
const maxValue = 1e15

// number reads one numeric cell of a file written by Write.
func number(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%s is out of range (beyond ±1e15)", clip(s))
	case err != nil:
		return 0, fmt.Errorf("%s is not a number", clip(s))
	case math.IsNaN(x) || math.IsInf(x, 0):
		return 0, fmt.Errorf("%s is not a finite number", clip(s))
	case math.Abs(x) > maxValue:
		return 0, fmt.Errorf("%s is out of range (beyond ±1e15)", clip(s))
	}
	return x, nil
}

func knownModel(name string, reg platform.Registry) error {
	if reg.Lookup(name) == nil {
		return fmt.Errorf("unknown platform %s (known: %s)", clip(name), reg.List("and"))
	}
	return nil
}

// clip quotes s for a message, shortened to its first 60 bytes.
func clip(s string) string {
	if len(s) > 60 {
		return strconv.Quote(strings.ToValidUTF8(s[:60], "")) + "…"
	}
	return strconv.Quote(s)
}
