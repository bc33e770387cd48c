package platform_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
)

// A placed service says whether it is pinned in a field; one written
// before the field (2026-11-28) said it only in its reason, from which it
// is read; the field, when written, is what counts.
func TestPlacedServicePinned(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		want       bool
	}{
		{"field true", `{"name":"a","platform":"lambda","pinned":true,"reason":"cheapest that meets the SLO"}`, true},
		{"field false", `{"name":"a","platform":"lambda","pinned":false,"reason":"pinned"}`, false},
		{"old, pinned", `{"name":"a","platform":"lambda","reason":"pinned"}`, true},
		{"old, pinned and too few", `{"name":"a","platform":"lambda","reason":"too few requests (3 < 100) to judge its own p99; pinned"}`, true},
		{"old, not pinned", `{"name":"a","platform":"lambda","reason":"alone it would go to kubernetes (…), but moving it would save nothing, so no blend moving it was tried"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s platform.PlacedService
			if err := json.Unmarshal([]byte(tc.json), &s); err != nil {
				t.Fatal(err)
			}
			if s.Pinned != tc.want || s.Name != "a" || s.Platform != "lambda" || s.Reason == "" {
				t.Errorf("read %+v; want pinned %t and the other fields", s, tc.want)
			}
			out, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if want := `"pinned":` + map[bool]string{true: "true", false: "false"}[tc.want]; !strings.Contains(string(out), want) {
				t.Errorf("wrote %s; want %s", out, want)
			}
		})
	}
	var p platform.Placement
	if err := json.Unmarshal([]byte(`{"min_requests":100,"services":[{"name":"a","reason":"pinned"},{"name":"b","reason":"x"}]}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Legacy != nil || len(p.Services) != 2 || !p.Services[0].Pinned || p.Services[1].Pinned {
		t.Errorf("placement read %+v; want a pinned, b not", p.Services)
	}
}
