package plots

import (
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

func TestDisplayName(t *testing.T) {
	cases := []struct {
		m    Model
		want string
	}{
		{Lambda, "AWS Lambda"},
		{Model{Name: "cloud-run"}, "cloud-run"},
		{pool, "Worker pool"},
	}
	for _, tc := range cases {
		if got := tc.m.DisplayName(); got != tc.want {
			t.Errorf("Model{Name: %q}.DisplayName() = %q; want %q", tc.m.Name, got, tc.want)
		}
	}
}

// A model with a colour is drawn in its own look; one without takes the
// fallback palette's, in order of first appearance by name.
func TestLooks(t *testing.T) {
	var ls looks
	cases := []struct {
		name string
		m    Model
		want look
	}{
		{"first without colour", Model{Name: "cloud-run"}, paletteLook(0)},
		{"own look", pool, look{pool.Line, pool.Text, dashDot, draw.PyramidGlyph{}}},
		{"second without colour", Model{Name: "fargate", Dash: Dashed}, paletteLook(1)},
		{"first again", Model{Name: "cloud-run", Label: "Cloud Run"}, paletteLook(0)},
		{"no text colour", Model{Name: "x", Line: pool.Line}, look{pool.Line, pool.Line, solid, draw.CircleGlyph{}}},
	}
	for _, tc := range cases {
		if got := ls.of(tc.m); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: look of %q = %+v; want %+v", tc.name, tc.m.Name, got, tc.want)
		}
	}
}

// A model plots knows nothing of shows up under its own label and colour.
func TestCustomModel(t *testing.T) {
	s := Series{Model: pool, WindowStartS: []float64{0, 10, 20}, Busy: []float64{1, 3, 2},
		Levels: []Level{{Name: "workers", Values: []float64{2, 4, 4}, Main: true, Demand: true}}}
	plain := Series{Model: Model{Name: "batch"}, WindowStartS: []float64{0, 10, 20},
		Levels: []Level{{Name: "slots", Values: []float64{1, 1, 2}, Main: true}}}
	cases := []struct {
		name string
		c    *Chart
		want []string
	}{
		{"capacity", Capacity(testHeader, []Series{s, plain}), []string{
			">Worker pool (mean per window)<", ">Worker pool: workers (mean per window) vs requests in flight<", "#008000",
			">batch (mean per window)<", ">batch: slots (mean per window)<", "#009E73"}},
		{"cdf", LatencyCDF(testHeader, []CDF{cdfFixture(pool, 25, 250, 30)}), []string{">Worker pool<", "#008000", "#005000"}},
	}
	for _, tc := range cases {
		svg := string(render(t, tc.c, "svg"))
		for _, w := range tc.want {
			if !strings.Contains(svg, w) {
				t.Errorf("%s chart: SVG lacks %q", tc.name, w)
			}
		}
	}
}

// The capacity legend's "peak in the window" shows the colours the peaks
// are drawn in, each model's lighter shade (walk report 3: its swatch was
// grey while the peaks were light blue and orange).
func TestCapacityPeakLegendColours(t *testing.T) {
	c := Capacity(testHeader, seriesFixtures(36, 50))
	var got []plot.Thumbnailer
	for _, e := range c.legend {
		if e.label == "peak in the window" {
			got = e.thumbs
		}
	}
	want := peakSwatch{tint(Kubernetes.Line, 0.5), tint(Lambda.Line, 0.5)}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("peak legend swatch = %#v; want %#v", got, want)
	}
}
