package main

import (
	"bytes"
	"context"
	"strconv"
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

// validate, run and sweep check every point of a sweep before anything
// runs, which for 100,000 points takes minutes: an interrupt stops the
// check (within 100 points) and exits 130, where it went unheard until
// the last point (a timeout's SIGTERM too) and validate then exited 0.
func TestInterruptedPointCheckExits130(t *testing.T) {
	var mem []string
	for i := range 101 {
		mem = append(mem, strconv.Itoa(128+i))
	}
	src := writeScenario(t, good+"sweep: {lambda.memoryMB: ["+strings.Join(mem, ", ")+"]}\n")
	for _, cmd := range []string{"validate", "run", "sweep"} {
		t.Run(cmd, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var out, errOut bytes.Buffer
			args := []string{"execsim", cmd, src}
			if cmd == "sweep" {
				args = append(args, "--out", t.TempDir())
			}
			code := exitCode(execute(ctx, newApp(&out, &errOut), args), &errOut)
			if code != exitInterrupted {
				t.Fatalf("exit %d; want %d\n%s", code, exitInterrupted, errOut.String())
			}
			if !strings.Contains(errOut.String(), "stopped checking the sweep's points at p100-memoryMB=228") {
				t.Errorf("stderr %q does not say where the check stopped", errOut.String())
			}
		})
	}
}
