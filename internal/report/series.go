package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/scenarios"
)

// SeriesHeader is the column list of series.csv, one row per model per window.
var SeriesHeader = []string{
	"model", "window_start_s", "window_end_s", "arrivals", "completed", "throttled", "rejected", "failed",
	"cold_starts", "latency_p50_ms", "latency_p99_ms",
	"concurrency_mean", "concurrency_max", "environments_mean", "environments_max",
	"busy_mean", "pods_mean", "pods_max", "nodes_mean", "nodes_max", "cost_cumulative_usd",
}

// Series writes series.csv: per window and model, the counts, latency
// percentiles of requests completing in the window, and capacity levels.
func Series(w io.Writer, res *scenarios.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(SeriesHeader); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, m := range res.Models {
		for wi, win := range m.Rec.Windows() {
			cum := ""
			if m.Cost != nil && wi < len(m.Cost.Cumulative) {
				cum = strconv.FormatFloat(m.Cost.Cumulative[wi].USD(), 'f', 6, 64)
			}
			row := []string{
				m.Name, f(win.Start.Seconds()), f(win.End.Seconds()), i(win.Arrivals),
				i(win.Outcomes[models.Completed]), i(win.Outcomes[models.Throttled]),
				i(win.Outcomes[models.Rejected]), i(win.Outcomes[models.Failed]), i(win.ColdStarts),
				f(ms(win.P50.Microseconds())), f(ms(win.P99.Microseconds())),
				f(win.GaugeMean[models.Concurrency]), f(win.GaugeMax[models.Concurrency]),
				f(win.GaugeMean[models.Environments]), f(win.GaugeMax[models.Environments]),
				f(win.GaugeMean[models.Busy]),
				f(win.GaugeMean[models.Pods]), f(win.GaugeMax[models.Pods]),
				f(win.GaugeMean[models.Nodes]), f(win.GaugeMax[models.Nodes]), cum,
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func ms(us int64) float64 { return float64(us) / 1000 }
