package validation

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// EnvDir names the folder Record writes to; unset, Record does nothing.
const EnvDir = "EXECSIM_VALIDATION"

// Check is one comparison of a model with what it must reproduce.
type Check struct {
	// ID is stable and unique ("lambda/erlang-b/c=50 a=45 exp"); the
	// report is sorted by it.
	ID        string `json:"id"`
	Case      string `json:"case"`
	Source    string `json:"source"`
	Expected  string `json:"expected"`
	Measured  string `json:"measured"`
	Tolerance string `json:"tolerance"`
	Pass      bool   `json:"pass"`
}

// Record writes c for the report when EXECSIM_VALIDATION is set (make
// validate); a failing check still fails its test as it always did.
func Record(t testing.TB, c Check) {
	t.Helper()
	dir := os.Getenv(EnvDir)
	if dir == "" {
		return
	}
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("%x.json", sha256.Sum256([]byte(c.ID)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Load reads every recorded check from dir, sorted by ID.
func Load(dir string) ([]Check, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Check
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var c Check
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Check) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// hashLine starts the line of the report that holds the source hash.
const hashLine = "Sources hash: "

// Render is VALIDATION.md: a table of every check, grouped by the first
// element of its ID, and the hash of the sources it was measured on.
func Render(checks []Check, sourceHash string) string {
	var b strings.Builder
	b.WriteString("# Validation\n\n")
	b.WriteString("How execsim's models compare with closed forms, published simulations and measurements,\n")
	b.WriteString("upstream test vectors and pricing examples. Written by `make validate` (every test at full\n")
	b.WriteString("length); do not edit by hand. A test fails when the models change and this file is not\n")
	b.WriteString("regenerated.\n\n")
	passed := 0
	for _, c := range checks {
		if c.Pass {
			passed++
		}
	}
	fmt.Fprintf(&b, "%d checks, %d pass.\n", len(checks), passed)
	group := ""
	for _, c := range checks {
		g, _, _ := strings.Cut(c.ID, "/")
		if g != group {
			group = g
			fmt.Fprintf(&b, "\n## %s\n\n| case | source | expected | measured | tolerance | pass |\n|---|---|---|---|---|---|\n", g)
		}
		pass := "yes"
		if !c.Pass {
			pass = "**no**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", cell(c.Case), cell(c.Source), cell(c.Expected), cell(c.Measured), cell(c.Tolerance), pass)
	}
	fmt.Fprintf(&b, "\n%s`%s`\n", hashLine, sourceHash)
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// SourceHash hashes what the checks depend on: every .go file under
// models/ and sim/ of the repository at root (tests included: the checks
// live there), internal/metrics (the histograms and confidence intervals
// the checks read), and the other test files that record checks. Paths
// are sorted, so the hash is the same on every machine.
func SourceHash(root string) (string, error) {
	var files []string
	for _, dir := range []string{"models", "sim", "internal/metrics", "scenarios/breakeven"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".go") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	slices.Sort(files)
	h := sha256.New()
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\n%d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// ReportHash is the source hash a VALIDATION.md was written for.
func ReportHash(report string) string {
	for _, line := range strings.Split(report, "\n") {
		if rest, ok := strings.CutPrefix(line, hashLine); ok {
			return strings.Trim(rest, "`")
		}
	}
	return ""
}

// Vectors records, when the test and its subtests end, that n cases taken
// from an upstream test suite ran and whether all of them passed.
func Vectors(t *testing.T, id string, n int, source string) {
	t.Helper()
	t.Cleanup(func() {
		Record(t, Check{ID: id, Case: fmt.Sprintf("%s: %d cases", id[strings.LastIndex(id, "/")+1:], n), Source: source, Expected: "upstream's results",
			Measured: map[bool]string{true: "all equal", false: "some differ"}[!t.Failed()], Tolerance: "exact", Pass: !t.Failed()})
	})
}
