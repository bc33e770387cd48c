package prometheus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/prometheus/common/model"
)

// response is the HTTP API's envelope (/api/v1/query_range), which
// prometheus/common does not define: the API's own type lives in the
// Prometheus server and in client_golang's unexported apiResponse. The
// series in it are decoded with prometheus/common/model.
type response struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
	Warnings  []string        `json:"warnings"`
	Infos     []string        `json:"infos"`
}

type queryData struct {
	ResultType model.ValueType `json:"resultType"`
	Result     json.RawMessage `json:"result"`
}

// stream is a model.SampleStream whose samples are decoded one by one, so
// a bad sample is reported at its index rather than failing the series.
type stream struct {
	Metric     model.Metric      `json:"metric"`
	Values     []json.RawMessage `json:"values"`
	Histograms []json.RawMessage `json:"histograms"`
}

// maxTimestampMS bounds a timestamp's magnitude (about 31,700 years from
// 1970), so that arithmetic on them cannot overflow.
const maxTimestampMS = 1e15

// ReadQueryRange reads the JSON body of a Prometheus query_range response
// (a matrix, one series per service: the value of label names each
// series' service), or only its data.result array. file names the input in
// messages. Every problem is an *Error, joined with errors.Join.
func ReadQueryRange(r io.Reader, file, label string) (*Traffic, error) {
	p, body, err := readInput(r, file, label)
	if err != nil {
		return nil, err
	}
	var warnings []string
	result := json.RawMessage(body)
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '[' {
		var resp response
		if err := json.Unmarshal(body, &resp); err != nil {
			p.add(loc{}, "", "not a query_range response: %v", jsonMsg(err))
			return nil, p.err()
		}
		switch resp.Status {
		case "success":
		case "error":
			p.add(loc{path: "status"}, quote(resp.Status), "the query failed: %s: %s", resp.ErrorType, resp.Error)
			return nil, p.err()
		default:
			p.add(loc{path: "status"}, quote(resp.Status), `must be "success"`)
			return nil, p.err()
		}
		for _, w := range resp.Warnings {
			warnings = append(warnings, fmt.Sprintf("%s: Prometheus warned: %s", file, w))
		}
		for _, w := range resp.Infos {
			warnings = append(warnings, fmt.Sprintf("%s: Prometheus noted: %s", file, w))
		}
		var data queryData
		if len(resp.Data) == 0 || string(resp.Data) == "null" {
			p.add(loc{path: "data"}, "", "missing: want the query's result")
			return nil, p.err()
		}
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			p.add(loc{path: "data"}, "", "not a query result: %v", jsonMsg(err))
			return nil, p.err()
		}
		if data.ResultType != model.ValMatrix {
			p.add(loc{path: "data.resultType"}, quote(data.ResultType.String()), "must be matrix: a query_range response, one series per service")
			return nil, p.err()
		}
		result = data.Result
	}
	var streams []json.RawMessage
	if err := json.Unmarshal(result, &streams); err != nil {
		p.add(loc{path: "data.result"}, "", "not a list of series: %v", jsonMsg(err))
		return nil, p.err()
	}
	series := make([]rawSeries, 0, len(streams))
	seen := map[string]int{}
	// a label no series has is one misspelt, or the wrong one: told once,
	// with the labels every series has (walk14 #12: label: services gave
	// 40 lines alike, one a series, and no word of service)
	if common, none := labelsOf(streams, label); none {
		hint := ""
		if near := platform.Closest(label, common); near != "" {
			hint = "; did you mean " + near + "?"
		}
		p.add(loc{path: "data.result"}, "", "no series has the label %s to name its service (every series has %s)%s",
			label, strings.Join(common, ", "), hint)
		return nil, p.err()
	}
	for i, raw := range streams {
		at := loc{path: fmt.Sprintf("result[%d]", i)}
		var s stream
		if err := json.Unmarshal(raw, &s); err != nil {
			p.add(at, "", "not a series: %v", jsonMsg(err))
			continue
		}
		if len(s.Histograms) > 0 {
			p.add(at, fmt.Sprintf("%d histogram samples", len(s.Histograms)), "native histogram samples are not rates: query a rate, e.g. sum by (%s) (rate(http_requests_total[1m]))", label)
		}
		if m := string(s.Metric[model.MetricNameLabel]); counterProblem(m, label) != "" {
			p.add(at, quote(m), "%s", counterProblem(m, label))
		}
		name := string(s.Metric[model.LabelName(label)])
		switch j, dup := seen[name]; {
		case name == "":
			p.add(at, cut(s.Metric.String()), "has no label %s to name its service", label)
		case dup:
			p.add(at, quote(name), "service %s=%q repeats result[%d]: aggregate by it, e.g. sum by (%s) (…)", label, name, j, label)
		default:
			seen[name] = i
		}
		rs := rawSeries{service: name, loc: at, samples: make([]rawSample, 0, len(s.Values)), given: len(s.Values)}
		if name == "" {
			rs.service = at.path // to name it in the timestamps' problems
		}
		for j, v := range s.Values {
			vat := loc{path: fmt.Sprintf("result[%d].values[%d]", i, j)}
			var pair []json.RawMessage
			if err := json.Unmarshal(v, &pair); err != nil || len(pair) != 2 || string(pair[0]) == "null" || string(pair[1]) == "null" {
				p.add(vat, cut(string(v)), `a sample must be [unix seconds, "value"]`)
				rs.dropped = true
				continue
			}
			var value string
			if json.Unmarshal(pair[1], &value) == nil {
				if _, err := strconv.ParseFloat(value, 64); err != nil {
					// Prometheus writes every value as a decimal string
					// ("5", "0.25", "NaN", "+Inf"): say which one is not.
					p.add(vat, quote(value), `a sample's value must be a number in a string, e.g. [1700000000, "5"]`)
					rs.dropped = true
					continue
				}
			}
			var sp model.SamplePair
			if err := sp.UnmarshalJSON(v); err != nil {
				p.add(vat, cut(string(v)), `a sample must be [unix seconds, "value"]: %v`, jsonMsg(err))
				rs.dropped = true
				continue
			}
			if ts := int64(sp.Timestamp); ts > maxTimestampMS || ts < -maxTimestampMS {
				p.add(vat, cut(string(pair[0])), "timestamp out of range")
				rs.dropped = true
				continue
			}
			if !checkRate(p, vat, float64(sp.Value)) {
				rs.dropped = true
				continue
			}
			rs.add(rawSample{ms: int64(sp.Timestamp), v: float64(sp.Value), loc: vat}, 0)
		}
		if len(s.Values) > 0 || len(s.Histograms) == 0 {
			series = append(series, rs) // build reports a series without samples
		}
	}
	// The series' timestamps are checked even after a problem with one of
	// them (a missing label, say), so that every problem is told at once.
	if p.failed() && len(series) == 0 {
		return nil, p.err()
	}
	t := build(p, series, true)
	if p.failed() {
		return nil, p.err()
	}
	t.Warnings = append(warnings, t.Warnings...)
	return t, nil
}

// readInput starts both readers: the problems of file, the label that
// names services checked before anything is read, and the whole input.
func readInput(r io.Reader, file, label string) (*problems, []byte, error) {
	p := &problems{file: file}
	if label == "" || !model.LabelName(label).IsValid() {
		p.add(loc{}, quote(label), "the label naming services must be a label name, such as service, job or deployment")
		return nil, nil, p.err()
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	return p, body, nil
}

// labelsOf are the labels every series of streams has, but the metric
// name, sorted; none is true when there are series, each of them read,
// and not one has label. A series that is not one is left to the
// caller's loop to report.
func labelsOf(streams []json.RawMessage, label string) (common []string, none bool) {
	counts := map[string]int{}
	for _, raw := range streams {
		var s stream
		if json.Unmarshal(raw, &s) != nil {
			return nil, false
		}
		if s.Metric[model.LabelName(label)] != "" {
			return nil, false
		}
		for l := range s.Metric {
			if l != model.MetricNameLabel {
				counts[string(l)]++
			}
		}
	}
	for l, n := range counts {
		if n == len(streams) {
			common = append(common, l)
		}
	}
	slices.Sort(common)
	return common, len(streams) > 0
}

// jsonMsg is encoding/json's message without its package prefix.
func jsonMsg(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}
