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
