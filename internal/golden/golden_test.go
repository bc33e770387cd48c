package golden

import (
	"os"
	"path/filepath"
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
