package validation

import (
	"os"
	"strings"
	"testing"
)

// The committed VALIDATION.md was measured on the models as they are: a
// model change must come with `make validate` (which rewrites it).
func TestReportIsCurrent(t *testing.T) {
	if os.Getenv(EnvDir) != "" {
		t.Skip("make validate is writing VALIDATION.md")
	}
	report, err := os.ReadFile("../../VALIDATION.md")
	if err != nil {
		t.Fatalf("VALIDATION.md is missing: run make validate (%v)", err)
	}
	want, err := SourceHash("../..")
	if err != nil {
		t.Fatal(err)
	}
	if got := ReportHash(string(report)); got != want {
		t.Errorf("VALIDATION.md was written for sources %q; they are now %q: run make validate and commit VALIDATION.md", got, want)
	}
	if !strings.Contains(string(report), "checks,") || strings.Contains(string(report), "**no**") {
		t.Error("VALIDATION.md has no checks, or a failing one")
	}
}

func TestRecordLoadRender(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvDir, dir)
	Record(t, Check{ID: "b/two", Case: "x|y", Expected: "1", Measured: "1.01", Tolerance: "2 %", Pass: true})
	Record(t, Check{ID: "a/one", Case: "first", Pass: true})
	Record(t, Check{ID: "a/one", Case: "first, again", Pass: true}) // the same ID overwrites
	checks, err := Load(dir)
	if err != nil || len(checks) != 2 || checks[0].ID != "a/one" || checks[0].Case != "first, again" {
		t.Fatalf("Load = %+v, %v", checks, err)
	}
	r := Render(checks, "abc")
	for _, w := range []string{"2 checks, 2 pass.", "## a\n", "## b\n", `x\|y`, "Sources hash: `abc`"} {
		if !strings.Contains(r, w) {
			t.Errorf("report lacks %q:\n%s", w, r)
		}
	}
	if ReportHash(r) != "abc" {
		t.Errorf("ReportHash = %q", ReportHash(r))
	}
}
