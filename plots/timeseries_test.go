package plots

import (
	"math"
	"testing"
)

// seriesInput decodes runs cut into windows (for the charts over time,
// the capacity chart and the cost chart).
func seriesInput(s *stream) (Header, []Series) {
	h := s.header()
	series := make([]Series, s.n(4))
	for i := range series {
		n := s.n(16)
		sr := Series{Model: s.model(), WindowStartS: s.column(n), WindowEndS: s.floats(n),
			Arrivals: s.floats(n), Completed: s.floats(n), Throttled: s.floats(n), Rejected: s.floats(n),
			Failed: s.floats(n), ColdStarts: s.floats(n), LatencyP50MS: s.floats(n), LatencyP99MS: s.floats(n),
			Busy: s.floats(n), CostUSD: s.floats(n)}
		for k := range s.n(4) {
			sr.Levels = append(sr.Levels, Level{Name: []string{"ready pods", "environments", "nodes", "slots"}[k],
				Values: s.floats(n), Peak: s.floats(n), Main: s.flag(), Demand: s.flag()})
		}
		series[i] = sr
	}
	return h, series
}

// seriesSeeds are the seeds of the charts over time: a fixture run, the
// known crashers' values in every column, and odd windows.
func seriesSeeds() [][]byte {
	col := func(vs ...float64) []float64 { return vs }
	run := func(h float64, start, end []float64, v []float64) []byte {
		args := []any{h, 1, len(start), 0, start, end}
		for range 10 {
			args = append(args, v)
		}
		args = append(args, 2, v, v, true, false, v, nil, true, true)
		return seed(args...)
	}
	return [][]byte{
		run(20, col(0, 10, 20, 30), col(10, 20, 30, 40), col(5, 8, 13, 2)),
		run(0, col(0, 10), nil, col(1e-300, 1e12)),
		run(0, col(0, 10, 20), nil, col(1e308, 1e308, -1e308)),
		run(1e308, col(0, 1e-300, 1e308), col(1e-300, 1e308, math.Inf(1)), col(math.NaN(), math.Inf(1), -1)),
		run(-5, col(7, 7, 7), col(7, 7, 7), col(0, 0, 0)),
		run(0, col(5), nil, col(3)),
	}
}

// FuzzTimeSeriesChart: whatever a run's windows hold, LatencyOverTime
// and Outcomes draw a chart.
func FuzzTimeSeriesChart(f *testing.F) {
	for _, sd := range seriesSeeds() {
		f.Add(sd)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, series := seriesInput(&stream{data})
		drawAll(t, func() *Chart { return LatencyOverTime(h, series) }, func() *Chart { return Outcomes(h, series) })
	})
}
