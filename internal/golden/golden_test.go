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
