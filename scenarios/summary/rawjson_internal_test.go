package summary

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A part's details (JSON its platform wrote) flatten as the platform's own
// entry would: numbers as written, exact past 2^53, null as "null", true
// as 1, list entries by name, strings left out (review4).
func TestRawJSONFlattensAsWritten(t *testing.T) {
	type part struct {
		Details json.RawMessage `json:"details"`
	}
	raw := `{"peak_pods": 1234567, "big": 9007199254740993, "p99": null, "warm": true, "note": "x",
		"functions": [{"name": "busy", "completed": 12}, {"completed": 3}]}`
	var got []Field
	flatten(&got, "hybrid", reflect.ValueOf(part{Details: json.RawMessage(raw)}), false)
	want := map[string]string{
		"hybrid.details.big": "9007199254740993", "hybrid.details.functions.busy.completed": "12",
		"hybrid.details.functions.1.completed": "3", "hybrid.details.p99": "null",
		"hybrid.details.peak_pods": "1234567", "hybrid.details.warm": "1",
	}
	have := map[string]string{}
	for _, f := range got {
		have[f.Name] = f.Text
	}
	if !reflect.DeepEqual(have, want) {
		t.Errorf("fields %v; want %v", have, want)
	}
	// a sweep's columns leave lists out
	got = nil
	flatten(&got, "hybrid", reflect.ValueOf(part{Details: json.RawMessage(raw)}), true)
	for _, f := range got {
		if f.Name == "hybrid.details.functions.busy.completed" {
			t.Errorf("columns have a list entry: %v", f)
		}
	}
}
