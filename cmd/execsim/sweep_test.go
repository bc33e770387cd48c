package main

import (
	"strings"
	"testing"
)

// sweep checks every point before it runs any: all bad points at once,
// each line naming its point (walk-report 11: it stopped at the first one
// a worker met and called its value "--set").
func TestSweepListsEveryBadPointFirst(t *testing.T) {
	f := writeScenario(t, good+"sweep: {lambda.memoryMB: [256, 64, 20000, abc]}\n")
	_, errOut, code := execsim(t, "sweep", f, "--no-progress", "--out", t.TempDir())
	if code != exitInput {
		t.Fatalf("exit %d; want %d\n%s", code, exitInput, errOut)
	}
	for _, want := range []string{
		"sweep point p001-memoryMB=64: lambda.memoryMB: must be between 128 and 10240 (got 64)",
		"sweep point p002-memoryMB=20000: lambda.memoryMB: must be between 128 and 10240 (got 20000)",
		`sweep point p003-memoryMB=abc: sweep.lambda.memoryMB value abc: "abc" is not an integer`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("sweep's message lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "--set") {
		t.Errorf("sweep calls a point's value --set:\n%s", errOut)
	}
}
