package prometheus

import (
	"fmt"
	"strings"
	"testing"
)

// walk11 #6: a series of zeros (data-export) sent no requests without a
// word, while a missing series is warned about.
func TestAllZeroSeriesWarned(t *testing.T) {
	csv := func(zeros int) string {
		var b strings.Builder
		b.WriteString("timestamp,service,value\n")
		for _, at := range []int{0, 60, 120} {
			fmt.Fprintf(&b, "%d,live,%d\n", at, at/60) // 0 at first, then traffic
			for i := range zeros {
				fmt.Fprintf(&b, "%d,z%d,0\n", at, i)
			}
		}
		return b.String()
	}
	for _, tc := range []struct {
		zeros int
		want  string
	}{
		{0, ""},
		{1, `l.csv: service "z0": its rate is 0 at every sample, so it gets no requests; check the query if it has traffic`},
		{7, `l.csv: 7 services' rates are 0 at every sample ("z0", "z1", "z2", "z3", "z4" and 2 more), so they get no requests; check the query if they have traffic`},
	} {
		tr, err := ReadCSV(strings.NewReader(csv(tc.zeros)), "l.csv", "service")
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(tr.Warnings, "\n")
		if got != tc.want {
			t.Errorf("%d zero series: warnings %q; want %q", tc.zeros, got, tc.want)
		}
	}
}
