package prometheus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The testdata files hold the same traffic: sum by (service)
// (rate(http_requests_total[1m])) for cart, checkout and search from
// 2024-05-01T08:00:00Z for two hours at a 60-s step (121 samples), cart
// without samples for five minutes from 08:40 (its pod restarted).
var start = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

func read(t *testing.T, file, label string) (*Traffic, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if strings.HasSuffix(file, ".json") {
		return ReadQueryRange(f, file, label)
	}
	return ReadCSV(f, file, label)
}

func TestReadTestdata(t *testing.T) {
	want, err := read(t, "query_range.json", "service")
	if err != nil {
		t.Fatal(err)
	}
	if want.Step != time.Minute || want.End != 121*time.Minute || !want.Start.Equal(start) || want.Steps() != 121 {
		t.Errorf("step %v, end %v, start %v; want 1m, 2h1m, %v", want.Step, want.End, want.Start, start)
	}
	var names []string
	for _, s := range want.Services {
		names = append(names, s.Service)
	}
	if !cmp.Equal(names, []string{"cart", "checkout", "search"}) {
		t.Errorf("services %v; want cart, checkout, search (sorted)", names)
	}
	cart := want.Services[0]
	if len(cart.Samples) != 116 || cart.Samples[40].At != 45*time.Minute || cart.Samples[39].At != 39*time.Minute {
		t.Errorf("cart: %d samples, the 40th at %v, the 41st at %v; want 116, 39m, 45m (a gap of 5)", len(cart.Samples), cart.Samples[39].At, cart.Samples[40].At)
	}
	if r := want.Rates(0); r[40] != 0 || r[44] != 0 || r[45] != cart.Samples[40].RatePerSecond {
		t.Errorf("cart rates at steps 40, 44, 45: %v, %v, %v; want 0, 0, the sample", r[40], r[44], r[45])
	}
	if got := want.Services[1].Samples[0].RatePerSecond; got != 40.153020592797326 {
		t.Errorf("checkout's first rate %v; want 40.153020592797326 (the JSON string's float)", got)
	}
	wantWarn := []string{`query_range.json: service "cart": 5 missing samples in 1 gaps (the first at 40m0s) read as rate 0`}
	if diff := cmp.Diff(wantWarn, want.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	// The CSV forms hold the same traffic.
	for _, tc := range []struct {
		file, label string
		warn        []string
	}{
		{"long.csv", "service", []string{`long.csv: service "cart": 5 missing samples in 1 gaps (the first at 40m0s) read as rate 0`}},
		{"grafana.csv", "service", []string{`grafana.csv: service "cart": 5 missing samples in 1 gaps (the first at 40m0s) read as rate 0`}},
		{"grafana-excel.csv", "service", []string{
			"grafana-excel.csv: timestamps without a time zone are read as UTC (only their differences matter; a daylight-saving change in the file shows as an unequal step)",
			`grafana-excel.csv: service "cart": 5 missing samples in 1 gaps (the first at 40m0s) read as rate 0`}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := read(t, tc.file, tc.label)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.warn, got.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			got.Warnings = want.Warnings
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("traffic differs from query_range.json's (-json +csv):\n%s", diff)
			}
		})
	}
}

// Reading a label other than service: per-instance series named by job.
func TestReadOtherLabel(t *testing.T) {
	_, err := read(t, "per-instance.json", "job")
	want := []string{
		`per-instance.json: result[2]: service job="cart" repeats result[0]: aggregate by it, e.g. sum by (job) (…) (got "cart")`,
		`per-instance.json: result[3]: service job="checkout" repeats result[1]: aggregate by it, e.g. sum by (job) (…) (got "checkout")`,
	}
	checkErrors(t, err, want)
	tr, err := read(t, "per-instance.json", "pod")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Services) != 4 || tr.Services[0].Service != "cart-7d9f8c6b5-1." || tr.Step != time.Minute || tr.End != 3*time.Minute {
		t.Errorf("by pod: %+v", tr)
	}
}

// checkErrors wants err to join exactly the messages want, each an *Error
// and ErrInput.
func checkErrors(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %q", want)
	}
	if !errors.Is(err, ErrInput) {
		t.Errorf("error %v is not ErrInput", err)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("error %v is no *Error", err)
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

const okSeries = `{"metric":{"service":"a"},"values":[[1714550400,"1"],[1714550460,"2"]]}`

func envelope(result string) string {
	return `{"status":"success","data":{"resultType":"matrix","result":[` + result + `]}}`
}

func TestReadQueryRangeErrors(t *testing.T) {
	tests := []struct {
		name, in, label string
		want            []string
	}{
		{"status error", `{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected <by>"}`, "service",
			[]string{`q.json: status: the query failed: bad_data: invalid parameter "query": 1:5: parse error: unexpected <by> (got "error")`}},
		{"vector", `{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"a"},"value":[1714550400,"1"]}]}}`, "service",
			[]string{`q.json: data.resultType: must be matrix: a query_range response, one series per service (got "vector")`}},
		{"not json", `<html>502 Bad Gateway</html>`, "service",
			[]string{`q.json: not a query_range response: invalid character '<' looking for beginning of value`}},
		{"missing label", envelope(okSeries + `,{"metric":{"job":"api","instance":"10.0.0.1:8080"},"values":[[1714550400,"1"]]}`), "service",
			[]string{`q.json: result[1]: has no label service to name its service (got {instance="10.0.0.1:8080", job="api"})`}},
		{"duplicate service", envelope(okSeries + `,` + okSeries), "service",
			[]string{`q.json: result[1]: service service="a" repeats result[0]: aggregate by it, e.g. sum by (service) (…) (got "a")`}},
		{"bad samples", envelope(`{"metric":{"service":"a"},"values":[[1714550400,"NaN"],[1714550460,"+Inf"],[1714550520,"-0.5"],[1714550580],[1714550640,1.5],[1714550700,"1"],[1714550760,"abc"]]}`), "service",
			[]string{
				`q.json: result[0].values[0]: a rate must be a finite number, at least 0 (got NaN)`,
				`q.json: result[0].values[1]: a rate must be a finite number, at least 0 (got +Inf)`,
				`q.json: result[0].values[2]: a rate must be a finite number, at least 0 (got -0.5)`,
				`q.json: result[0].values[3]: a sample must be [unix seconds, "value"] (got [1714550580])`,
				`q.json: result[0].values[4]: a sample must be [unix seconds, "value"]: sample value must be a quoted string (got [1714550640,1.5])`,
				`q.json: result[0].values[6]: a sample's value must be a number in a string, e.g. [1700000000, "5"] (got "abc")`,
			}},
		{"non-monotonic", envelope(`{"metric":{"service":"a"},"values":[[1714550460,"1"],[1714550400,"2"]]}`), "service",
			[]string{`q.json: result[0].values[1]: timestamps of service "a" must increase (got 2024-05-01T08:00:00Z after 2024-05-01T08:01:00Z)`}},
		{"unequal step", envelope(`{"metric":{"service":"a"},"values":[[1714550400,"1"],[1714550460,"2"],[1714550520,"2"],[1714550550,"2"]]}`), "service",
			[]string{`q.json: result[0].values[3]: unequal step: service "a"'s samples must be 1m0s apart, or a multiple of it across a gap (got 30s)`}},
		{"off the grid", envelope(okSeries + `,{"metric":{"service":"b"},"values":[[1714550430,"1"],[1714550490,"1"]]}`), "service",
			[]string{`q.json: result[1].values[0]: service "b" starts off the grid of 1m0s steps from 2024-05-01T08:00:00Z (got 2024-05-01T08:00:30Z)`}},
		// walk2 (lab.json): the first series' missing label no longer hides
		// the second's off-grid timestamps
		{"missing label and off the grid", envelope(`{"metric":{"job":"a"},"values":[[1795478400,"1"],[1795478700,"2"]]},{"metric":{"service":"b"},"values":[[1795478400.5,"1"],[1795478700.5,"2"]]}`), "service",
			[]string{
				`q.json: result[0]: has no label service to name its service (got {job="a"})`,
				`q.json: result[1].values[0]: service "b" starts off the grid of 5m0s steps from 2026-11-24T00:00:00Z (got 2026-11-24T00:00:00.5Z)`,
			}},
		// a series with values: [] beside another series' problem is told
		// too (walk2 follow-up: only the other problem was)
		{"no samples beside a missing label", envelope(`{"metric":{"job":"a"},"values":[[1714550400,"1"],[1714550460,"2"]]},{"metric":{"service":"b"},"values":[]}`), "service",
			[]string{
				`q.json: result[0]: has no label service to name its service (got {job="a"})`,
				`q.json: result[1]: service "b" has no samples`,
			}},
		{"no samples beside a bad sample", envelope(`{"metric":{"service":"a"},"values":[[1714550400,"x"],[1714550460,"2"]]},{"metric":{"service":"b"},"values":[]}`), "service",
			[]string{
				`q.json: result[0].values[0]: a sample's value must be a number in a string, e.g. [1700000000, "5"] (got "x")`,
				`q.json: result[1]: service "b" has no samples`,
			}},
		{"one timestamp", envelope(`{"metric":{"service":"a"},"values":[[1714550400,"1"]]}`), "service",
			[]string{`q.json: no service has two samples: the step is unknown`}},
		{"series without samples", envelope(okSeries + `,{"metric":{"service":"b"},"values":[]}`), "service", []string{`q.json: result[1]: service "b" has no samples`}},
		{"no series", envelope(``), "service", []string{`q.json: no series: want one per service`}},
		{"histograms", envelope(`{"metric":{"service":"a"},"histograms":[[1714550400,{"count":"2","sum":"3","buckets":[]}]]}`), "service",
			[]string{`q.json: result[0]: native histogram samples are not rates: query a rate, e.g. sum by (service) (rate(http_requests_total[1m])) (got 1 histogram samples)`}},
		// walk14 #12: a label no series has was told once a series, 40
		// lines alike, without a word of the label they all have
		{"misspelt label", envelope(`{"metric":{"job":"ingress","service":"a"},"values":[[1714550400,"1"]]},{"metric":{"__name__":"x","job":"ingress","service":"b"},"values":[[1714550400,"1"]]},{"metric":{"job":"ingress","service":"c","zone":"z"},"values":[[1714550400,"1"]]}`), "services",
			[]string{`q.json: data.result: no series has the label services to name its service (every series has job, service); did you mean service?`}},
		{"a label none has, none near", envelope(`{"metric":{"job":"a"},"values":[[1714550400,"1"]]},{"metric":{"job":"b"},"values":[[1714550400,"1"]]}`), "service",
			[]string{`q.json: data.result: no series has the label service to name its service (every series has job)`}},
		{"bad label argument", envelope(okSeries), "", []string{`q.json: the label naming services must be a label name, such as service, job or deployment (got "")`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadQueryRange(strings.NewReader(tc.in), "q.json", tc.label)
			checkErrors(t, err, tc.want)
		})
	}
}

// A bare result array (jq .data.result) and the server's warnings.
func TestReadQueryRangeForms(t *testing.T) {
	bare, err := ReadQueryRange(strings.NewReader(" ["+okSeries+"]"), "r.json", "service")
	if err != nil {
		t.Fatal(err)
	}
	full, err := ReadQueryRange(strings.NewReader(`{"status":"success","warnings":["PromQL info: metric might not be a counter"],"data":{"resultType":"matrix","result":[`+okSeries+`]}}`), "r.json", "service")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"r.json: Prometheus warned: PromQL info: metric might not be a counter"}, full.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	full.Warnings = nil
	if diff := cmp.Diff(full, bare); diff != "" {
		t.Errorf("bare result differs (-full +bare):\n%s", diff)
	}
}
