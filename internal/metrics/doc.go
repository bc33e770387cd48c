// Package metrics folds what a model reports into fixed-size summaries:
// latency histograms (HdrHistogram, ≤ 1 % relative error), outcome counters,
// time-integrated gauges and per-window series. Memory depends on the run's
// duration and window size, never on the number of requests.
package metrics
