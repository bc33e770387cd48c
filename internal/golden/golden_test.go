package golden

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeT records failures instead of failing the real test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }
func (f *fakeT) Fatal(...any)          { f.failed = true }

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.golden")
	if err := os.WriteFile(p, []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok := &fakeT{TB: t}
	Check(ok, p, []byte("a\n"))
	if ok.failed {
		t.Error("equal output reported as different")
	}
	bad := &fakeT{TB: t}
	Check(bad, p, []byte("b\n"))
	if !bad.failed {
		t.Error("different output not reported")
	}
	missing := &fakeT{TB: t}
	Check(missing, filepath.Join(dir, "none.golden"), []byte("a"))
	if !missing.failed {
		t.Error("missing golden file not reported")
	}
}

func TestLineDiff(t *testing.T) {
	a := "h\na\nb\nc\nd\ne\nf"
	b := "h\na\nB\nc\nd\ne\nf\ng"
	want := "  …\n  a\n- b\n+ B\n  c\n  …\n  f\n+ g\n"
	if got := LineDiff(a, b, 1); got != want {
		t.Errorf("LineDiff =\n%s\nwant\n%s", got, want)
	}
	if got := LineDiff(a, a, 1); got != "" {
		t.Errorf("LineDiff of equal texts = %q; want empty", got)
	}
}

// TestLineDiffLargeInputs: a golden file of a few MB is diffed in time and
// memory linear in its size (issue 11: 3 MB used 1.3 GB, an O(n·m) table).
func TestLineDiffLargeInputs(t *testing.T) {
	const n = 12_000 // lines of 256 bytes: 3 MB
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("%07d %s", i, strings.Repeat("x", 248))
	}
	a := strings.Join(lines, "\n")
	changed := append([]string(nil), lines...)
	changed[n/2] = "changed"
	b := strings.Join(changed, "\n")
	other := make([]string, n) // every line differs
	for i := range other {
		other[i] = fmt.Sprintf("%07d %s", i, strings.Repeat("y", 248))
	}
	c := strings.Join(other, "\n")
	for _, tc := range []struct {
		name, a, b string
		want       []string
	}{
		{"one line changed", a, b, []string{"  …\n  " + lines[n/2-1] + "\n- " + lines[n/2] + "\n+ changed\n  " + lines[n/2+1] + "\n"}},
		{"every line changed", a, c, []string{"- " + lines[0] + "\n", "- … 11960 more lines removed", "+ " + other[39] + "\n", "+ … 11960 more lines added"}},
		{"appended", a, a + "\nmore", []string{"  …\n  " + lines[n-1] + "\n+ more\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			got = LineDiff(tc.a, tc.b, 1)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("LineDiff of %d-byte texts allocated %d MB; want at most 16", len(tc.a), alloc>>20)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("LineDiff lacks %q; got (first 500 bytes)\n%.500s", w, got)
				}
			}
			if len(got) > 100_000 {
				t.Errorf("LineDiff printed %d bytes; want a bounded excerpt", len(got))
			}
		})
	}
}

// refLineDiff is LineDiff as it was: the full O(n·m) table, for comparing
// small inputs.
func refLineDiff(a, b string, context int) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var ops []line
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, line{' ', x[i]})
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] > lcs[i+1][j]):
			ops = append(ops, line{'+', y[j]})
			j++
		default:
			ops = append(ops, line{'-', x[i]})
			i++
		}
	}
	keep := make([]bool, len(ops))
	for k, o := range ops {
		if o.op != ' ' {
			for d := max(0, k-context); d <= min(len(ops)-1, k+context); d++ {
				keep[d] = true
			}
		}
	}
	var out strings.Builder
	skipped := false
	for k, o := range ops {
		if !keep[k] {
			skipped = true
			continue
		}
		if skipped {
			out.WriteString("  …\n")
			skipped = false
		}
		out.WriteString(string(o.op) + " " + o.text + "\n")
	}
	return out.String()
}

// TestLineDiffSmallInputsUnchanged: setting the common start and end aside
// shows the same changes as the full table did.
func TestLineDiffSmallInputsUnchanged(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		l := make([]string, r.IntN(12))
		for i := range l {
			l[i] = string(rune('a' + r.IntN(3)))
		}
		return strings.Join(l, "\n")
	}
	for range 5000 {
		a, b, ctx := text(), text(), r.IntN(3)
		if r.IntN(2) == 0 {
			b = "p\nq\n" + a + "\nr" // a change at each end
		}
		got, want := LineDiff(a, b, ctx), refLineDiff(a, b, ctx)
		if strings.Count(got, "\n- ") != strings.Count(want, "\n- ") || strings.Count(got, "\n+ ") != strings.Count(want, "\n+ ") {
			t.Fatalf("LineDiff(%q, %q, %d) =\n%s\nthe full table shows\n%s", a, b, ctx, got, want)
		}
	}
}

// FuzzLineDiff: any two texts and any context give a diff, in bounded time,
// that is empty exactly when the texts are equal.
func FuzzLineDiff(f *testing.F) {
	f.Add("h\na\nb\nc", "h\na\nB\nc\ng", 1)
	f.Add("", "\n", 0)
	f.Add("a\na\na", "a\na", -3)
	f.Add("x\ny\n", "x\ny\n", 1<<62)
	f.Add(strings.Repeat("a\n", 2000), strings.Repeat("b\n", 2000), 2)
	f.Fuzz(func(t *testing.T, a, b string, context int) {
		d := LineDiff(a, b, context)
		if (d == "") != (a == b) {
			t.Fatalf("LineDiff(%q, %q, %d) = %q", a, b, context, d)
		}
	})
}
