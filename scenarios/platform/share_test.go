package platform

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// walk11 #6: refused: 0.1% was refused as "not a number", and refused: 1
// (meant as 1 %) passed without a word.
func TestSLORefusedShare(t *testing.T) {
	cases := []struct {
		in      string
		want    float64
		wantErr string
		warn    string
	}{
		{in: "0.001", want: 0.001},
		{in: "0.1%", want: 0.001},
		{in: `"2 %"`, want: 0.02},
		{in: "0", want: 0},
		{in: "1", want: 1, warn: "slo.refused: 100.00 % of requests may be refused and the SLO still met; if 1 % was meant, write 0.01 or 1%"},
		{in: "0.5", want: 0.5, warn: "if 0.5 % was meant, write 0.005 or 0.5%"},
		// written with its percent sign: the advice holds as written (rev12a)
		{in: "50%", want: 0.5, warn: "slo.refused: 50.00 % of requests may be refused and the SLO still met; if 0.5 % was meant"},
		{in: "0.49", want: 0.49},
		{in: "x%", wantErr: `"x%" is not a share: write a fraction, e.g. 0.001, or a percentage, e.g. 0.1%`},
		// a word says how a share is written too, and NaN is none
		{in: "abc", wantErr: `"abc" is not a share: write a fraction`},
		{in: ".nan", wantErr: `".nan" is not a share`},
		{in: "-.inf", wantErr: `"-.inf" is not a share`},
		{in: "[1]", wantErr: "cannot unmarshal !!seq"},
	}
	for _, tc := range cases {
		var f SLOFile
		err := yaml.Unmarshal([]byte("refused: "+tc.in), &f)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("refused: %s: error %v; want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || f.Refused == nil || float64(*f.Refused) != tc.want {
			t.Errorf("refused: %s = %v, %v; want %g", tc.in, f.Refused, err, tc.want)
			continue
		}
		w := strings.Join(SLOWarnings("slo", &f), "\n")
		if (tc.warn == "") != (w == "") || !strings.Contains(w, tc.warn) {
			t.Errorf("refused: %s: warnings %q; want %q", tc.in, w, tc.warn)
		}
	}
}
