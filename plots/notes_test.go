package plots

import (
	"testing"
)

// labelsOf is every label the chart's panels placed in their last drawing.
func labelsOf(c *Chart) []placedNote {
	var out []placedNote
	for _, ns := range c.labels {
		out = append(out, ns.placed...)
	}
	return out
}

// checkLabelsAttached fails for a label that crosses a line it was told to
// avoid (when clear is set) or that reads as another point's label: no
// leader line, and another point nearer its box than its own.
func checkLabelsAttached(t *testing.T, labels []placedNote, clear bool) {
	t.Helper()
	if len(labels) == 0 {
		t.Fatal("no labels were placed")
	}
	for _, l := range labels {
		if clear {
			for _, s := range l.segs {
				if segHitsRect(s[0], s[1], l.box) {
					t.Errorf("label %q at %v crosses a line (%v–%v)", l.text, l.box, s[0], s[1])
					break
				}
			}
		}
		if !l.leader && !ownNearest(l.box, l.at, l.dots) {
			t.Errorf("label %q at %v, without a leader line, is nearer another point than its own at %v", l.text, l.box, l.at)
		}
		if d := rectDist(l.box, l.at); !l.leader && d > 20 {
			t.Errorf("label %q is %.0f pt from its point without a leader line", l.text, d)
		}
	}
}

// A chart whose notes would take more than their budget grows, so that
// its panels keep their height (business-hours' break-even chart has 13
// lines of verdict under it); one with few notes keeps the default size.
func TestManyNotesGrowTheChart(t *testing.T) {
	few := &Chart{Notes: []string{"one sentence."}}
	if _, h := few.size(); h != DefaultHeight {
		t.Errorf("a chart with one note is %v high, want %v", h, DefaultHeight)
	}
	many := &Chart{}
	for range 30 {
		many.Notes = append(many.Notes, "Kubernetes is cheaper from 180 to 1,000 req/s only because it refuses 55.49–91.96 % of requests and its p99 reaches 1.200 s.")
	}
	w, h := many.size()
	if got := h - many.notesHeight(w); got < DefaultHeight-notesBudget-1e-9 {
		t.Errorf("with 30 long notes the chart is %v high and leaves %v above its notes, want at least %v", h, got, DefaultHeight-notesBudget)
	}
	// an explicit height is kept
	many.Height = 500
	if _, h := many.size(); h != 500 {
		t.Errorf("explicit height 500 became %v", h)
	}
}
