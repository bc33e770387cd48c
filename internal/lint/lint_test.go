package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The project's own simulation code obeys the rules.
func TestSimAndModelsAreDeterministic(t *testing.T) {
	for _, dir := range []string{"../../sim", "../../models", "../../internal/dist"} {
		findings, err := CheckDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings {
			t.Errorf("%v", f)
		}
	}
}

// Each rule catches what it is meant to.
func TestRulesCatchViolations(t *testing.T) {
	dir := t.TempDir()
	src := `package bad

import (
	"math/rand/v2"
	"time"
)

type S struct{ m map[string]int }

func F(s S) int {
	go func() {}()
	_ = make(chan int)
	_ = time.Now()
	n := rand.IntN(3)
	r := rand.New(rand.NewPCG(1, 2))
	_ = r.IntN(3)
	for k := range s.m {
		_ = k
	}
	for i := range []int{1} {
		_ = i
	}
	return n
}
`
	if err := os.WriteFile(filepath.Join(dir, "bad.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module bad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, err := CheckDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, f := range findings {
		all = append(all, f.Rule)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"starts a goroutine", "uses a channel", "calls time.Now", "calls rand.IntN on the global source", "ranges over a map"} {
		if !strings.Contains(text, want) {
			t.Errorf("findings lack %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "rand."); n != 1 {
		t.Errorf("%d rand findings; want only the global IntN (seeded sources are fine):\n%s", n, text)
	}
	if strings.Count(text, "ranges over a map") != 1 {
		t.Errorf("want exactly one map-range finding (slices are fine):\n%s", text)
	}
}
