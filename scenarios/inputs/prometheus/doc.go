// Package prometheus reads a fleet's traffic from Prometheus: the JSON
// body of a query_range response, or a CSV export of one, holding one
// series of request rates per service (issue 14, item 3). The label that
// names each series' service is the caller's choice (service, job,
// deployment, …).
//
// # Inputs
//
// ReadQueryRange reads the HTTP API's response to
// /api/v1/query_range?query=sum by (service) (rate(http_requests_total[1m])):
// status "success", resultType "matrix", each series' metric and samples
// decoded with prometheus/common/model. ReadCSV reads the same data as CSV,
// in a long form (timestamp,<label>,value) or the wide form of Grafana's
// Download CSV (Time,<service>,<service>,…); see ReadCSV.
//
// # Rules
//
// Every sample is a rate in requests per second: a finite number, at least
// 0. A series still named as a cumulative one (*_total, *_count, *_sum,
// *_bucket) is a running total, refused (a long CSV's names are in its
// __name__ column, which must name one metric); one that only rises is
// warned about (counters.go), and so are series that are 0 at every
// sample (one warning naming the first few). Each service's timestamps increase, and every sample of the file lies
// on one grid: the step is the most common spacing of consecutive samples,
// every spacing is a multiple of it, and every series starts on the grid
// that begins at the file's first sample. A step without a sample (a gap
// in a series, or before a series starts or after it ends) has rate 0,
// with a warning naming the service. Each service is one series: two
// series with the same value of the label, or a series without it, are
// errors (aggregate with sum by (<label>)).
//
// Every problem is reported at once, up to MaxProblems, each an *Error
// (errors.Is ErrInput; the scenario layer marks it as the user's input,
// for exit status 2) reading
// "file:line: what is wrong (got X)" in a CSV file and
// "file: result[i].values[j]: what is wrong (got X)" in a response.
//
// # Traffic to arrivals
//
// A Traffic's times start at the file's first sample. Each sample's rate
// covers the step that starts at it, so the traffic ends one step after the
// last sample (rather than stopping at it, which would drop the last
// sample, or holding its rate for the rest of the run): Traffic.Arrivals
// gives a service's workload Profile through its rates, step or linear
// between the grid's points, and rate 0 from End. No new arrival process
// is needed: with step interpolation a step's expected count is rate×Step
// and the profile's non-homogeneous Poisson process draws a Poisson count
// for each step, placed uniformly within it (conditional Poisson), with
// Rate and Expected exact.
package prometheus
