package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// sweepAgg is an aggregate of a three-axis sweep (the README's example) of
// every platform of the registry, with wide cells: four-digit means and
// half-widths, and a cut interval.
func sweepAgg() Table {
	tb := Table{Header: []string{"point", "sweep.lambda.memoryMB", "sweep.workload.arrivals.ratePerSecond",
		"sweep.kubernetes.hpa.maxReplicas", "replications"}}
	for _, p := range registry {
		for _, c := range append(p.SweepColumns(), "slo.met", "completed") {
			tb.Header = append(tb.Header, p.Name()+"."+c+".mean", p.Name()+"."+c+".ci95")
		}
	}
	for i := range 12 {
		r := []string{strconv.Itoa(i), []string{"256", "512", "1024"}[i%3], []string{"10", "40"}[i/3%2], []string{"4", "8"}[i/6], "3"}
		for k := 5; k < len(tb.Header); k += 2 {
			mean, half := "1234.5678", "123.456"
			switch {
			case strings.HasSuffix(tb.Header[k], ".slo.met.mean"):
				mean, half = "0.6666666667", "1.434"
			case strings.HasSuffix(tb.Header[k], ".completed.mean"):
				mean, half = "4800", "10"
			case strings.HasSuffix(tb.Header[k], ".cost.monthly_usd.mean"):
				mean = "12345.6" // "12,350", not "1.235e+04"
			case strings.HasSuffix(tb.Header[k], ".cold_starts.mean"):
				mean, half = "1", "4.303" // cut at 0: "1 [0, 5.303]*"
			}
			r = append(r, mean, half)
		}
		tb.Rows = append(tb.Rows, r)
	}
	return tb
}

// The sweep text fits a terminal of 100 columns and loses no column: one
// table per platform, cut in two where it would be wider, each keyed by the
// point, the swept values and n (review fmt10: a row of two platforms was
// 320 characters wide).
func TestSweepTextFitsATerminal(t *testing.T) {
	agg := sweepAgg()
	var buf bytes.Buffer
	SweepText(&buf, agg, 3, registry)
	text := buf.String()
	for _, line := range strings.Split(text, "\n") {
		if n := utf8.RuneCountInString(line); n > 100 {
			t.Errorf("a line of %d characters:\n%s", n, line)
		}
	}
	// every platform's columns under its name, each table with the key
	tables := map[string][]string{} // platform: the header lines of its tables
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		for _, p := range registry {
			if line == p.Name() || line == p.Name()+", continued" {
				tables[p.Name()] = append(tables[p.Name()], lines[i+1])
			}
		}
	}
	for _, p := range registry {
		headers := tables[p.Name()]
		if len(headers) == 0 {
			t.Errorf("no table for %s:\n%s", p.Name(), text)
			continue
		}
		var fields []string
		for _, h := range headers {
			f := strings.Fields(h)
			if len(f) < 5 || strings.Join(f[:5], " ") != "point memoryMB ratePerSecond maxReplicas n" {
				t.Errorf("%s: a table's header does not start with the key: %q", p.Name(), h)
				continue
			}
			fields = append(fields, f[5:]...)
		}
		want := append(p.SweepColumns(), "slo.met")
		if strings.Join(fields, " ") != strings.Join(want, " ") {
			t.Errorf("%s: columns %q; want %q", p.Name(), fields, want)
		}
	}
	for _, w := range []string{"swept: memoryMB: lambda.memoryMB; ratePerSecond: workload.arrivals.ratePerSecond; maxReplicas: kubernetes.hpa.maxReplicas",
		"1,235 ± 123", "12,350 ± 120", "2/3 met", "1 [0, 5.303]*", "[a, b]*: the 95 % interval cut"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n  ", " "), w) {
			t.Errorf("the text lacks %q:\n%s", w, text)
		}
	}
}

// Two swept fields with the same last segment keep their whole paths as
// headers, and no note renames them.
func TestSweepAxisNames(t *testing.T) {
	paths := []string{"kubernetes.hpa.maxReplicas", "knative.maxReplicas", "lambda.memoryMB"}
	got := axisNames(paths)
	if want := []string{"kubernetes.hpa.maxReplicas", "knative.maxReplicas", "memoryMB"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("axisNames = %q; want %q", got, want)
	}
	if n := axisNotes(paths, got); n != "swept: memoryMB: lambda.memoryMB" {
		t.Errorf("axisNotes = %q", n)
	}
}

func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  string
	}{
		{"a b c", 10, "a b c\n"},
		{"aaa bbb ccc", 7, "aaa bbb\n  ccc\n"},
		{"aaaaaaaaaa b", 4, "aaaaaaaaaa\n  b\n"},
		{"±± ±±", 5, "±± ±±\n"}, // characters, not bytes
	} {
		if got := wrapText(tc.s, tc.width, "", "  "); got != tc.want {
			t.Errorf("wrapText(%q, %d) = %q; want %q", tc.s, tc.width, got, tc.want)
		}
	}
	// the first line's opening counts in its width (the placement's notes)
	if got, want := wrapText("aaa bbb ccc", 9, "  ", "    "), "  aaa bbb\n    ccc\n"; got != want {
		t.Errorf("wrapText with an opening = %q; want %q", got, want)
	}
}

// splitColumns keeps every table within the width with as few tables as
// that takes, and cuts where the widest is narrowest rather than leaving
// the last column alone.
func TestSplitColumns(t *testing.T) {
	row := func(cells ...string) []string { return cells }
	// key "k" (2 + 1 = 3 wide), columns 10, 10, 10 and 5 wide (13, 13, 13, 8 with the gap)
	rows := [][]string{row("k", "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "ddddd")}
	for _, tc := range []struct {
		width int
		want  []string // each table's header
	}{
		{50, []string{"k aaaaaaaaaa bbbbbbbbbb cccccccccc ddddd"}},      // 3 + 47 = 50: one table
		{42, []string{"k aaaaaaaaaa bbbbbbbbbb", "k cccccccccc ddddd"}}, // greedy would leave ddddd alone
		{24, []string{"k aaaaaaaaaa", "k bbbbbbbbbb", "k cccccccccc ddddd"}},
		{10, []string{"k aaaaaaaaaa", "k bbbbbbbbbb", "k cccccccccc", "k ddddd"}}, // too wide: one each
	} {
		var got []string
		for _, tb := range splitColumns(rows, 1, tc.width) {
			got = append(got, strings.Join(tb[0], " "))
		}
		if strings.Join(got, " | ") != strings.Join(tc.want, " | ") {
			t.Errorf("width %d: %q; want %q", tc.width, got, tc.want)
		}
	}
}

// A key that leaves no room for a column within the width stays one
// table: split, it would be repeated beside one column in each (rev12c: a
// swept node pool's value gave 11 tables 155 columns wide for a 2 × 2
// sweep).
func TestSplitColumnsKeepsAWideKeyWhole(t *testing.T) {
	key := strings.Repeat("n", 90) // 2 + 90 = 92, + 13 for a column > 100
	rows := [][]string{{key, "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"}}
	if got := splitColumns(rows, 1, 100); len(got) != 1 || len(got[0][0]) != 5 {
		t.Errorf("a 92-wide key at width 100 split into %d tables; want one of 5 columns", len(got))
	}
	// a key that leaves room for a column still splits
	rows[0][0] = strings.Repeat("n", 80) // 82 + 13 = 95
	if got := splitColumns(rows, 1, 100); len(got) != 4 {
		t.Errorf("an 82-wide key at width 100 gave %d tables; want one a column", len(got))
	}
}
