package platformtest

import "testing"

func TestPoolConforms(t *testing.T) { Conformance(t, Pool{}) }

// The pool splits its servers' cost by the server time each service's
// requests took; the rest is idle, and everything adds up.
func TestPoolAllocates(t *testing.T) {
	res := Run(t, `name: p
seed: 1
duration: 1h
services:
  - name: busy
    arrivals: {process: even, ratePerSecond: 1}
    work: {io: "500ms"}
  - name: quiet
    arrivals: {process: even, ratePerSecond: 0.1}
    work: {io: "500ms"}
pool: {servers: 2}
`, Pool{})
	m := res.Platform(Name)
	a := m.Cost.Services
	if a == nil || a.Check(m.Cost.Breakdown) != nil {
		t.Fatalf("allocation %v does not add up to %v", a, m.Cost.Breakdown.Total())
	}
	// 2 servers × $0.10 × 1 h = $0.20; busy holds a quarter of it, quiet a 40th
	if a.Parts[0] < 49_900 || a.Parts[0] > 50_000 || a.Parts[1] < 4_900 || a.Parts[1] > 5_000 {
		t.Errorf("parts %v; want about 50,000 and 5,000 µ$", a.Parts)
	}
	if len(a.Shared) != 1 || a.Shared[0].Item != "idle" {
		t.Errorf("shared %v; want one idle line", a.Shared)
	}
}
