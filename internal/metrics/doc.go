// Package metrics folds what a model reports into fixed-size summaries:
// latency histograms (HdrHistogram, ≤ 0.1 % relative error, percentiles by
// one nearest-rank rule for every platform), outcome counters,
// time-integrated gauges and per-window series. Memory depends on the run's
// duration and window size, never on the number of requests.
package metrics
