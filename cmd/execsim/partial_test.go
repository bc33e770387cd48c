package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// An interrupted run's last line says how far it got, once: not
// "interrupted: interrupted after … : context canceled" (walk report 3);
// its summary opens with the partial-run notice, and it exits 130.
func TestInterruptedRunSaysHowFarItGot(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := exitCode(execute(ctx, newApp(&out, &errOut), []string{"execsim", "run", writeScenario(t, good)}), &errOut)
	if code != exitInterrupted {
		t.Fatalf("exit %d; want %d", code, exitInterrupted)
	}
	if want := "execsim: interrupted: stopped after 600ms of the 2m0s asked; what every platform reached is reported, marked partial\n"; errOut.String() != want {
		t.Errorf("stderr %q; want %q", errOut.String(), want)
	}
	if lines := strings.SplitN(out.String(), "\n", 3); len(lines) < 2 || !strings.HasPrefix(lines[1], "PARTIAL RUN: interrupted after 0.6 s of the 2 min asked") {
		t.Errorf("the summary does not open with the notice:\n%s", out.String())
	}
}
