package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// In a log (stderr not a terminal) long work prints a line with its ETA at
// a steady interval, nothing in between, and the ETA follows the work done.
func TestProgressRecords(t *testing.T) {
	var buf bytes.Buffer
	p := progressRecords.begin(&buf, "steady sweep")
	clock := p.start
	p.now = func() time.Time { return clock }
	step := func(d time.Duration, frac float64) { clock = clock.Add(d); p.set(frac) }
	step(5*time.Second, 0.05)  // too soon: no line
	step(6*time.Second, 0.25)  // 11 s: a line, 33 s left
	step(2*time.Second, 0.30)  // too soon again
	step(10*time.Second, 0.50) // 23 s: a line, 23 s left
	p.work(3, 4)               // no time passed: no line
	p.end()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{
		"execsim: steady sweep: 25 % done, 11s elapsed, about 33s left",
		"execsim: steady sweep: 50 % done, 23s elapsed, about 23s left",
	}
	if len(lines) != len(want) || lines[0] != want[0] || lines[1] != want[1] {
		t.Errorf("records:\n%s\nwant\n%s", buf.String(), strings.Join(want, "\n"))
	}
	var off bytes.Buffer
	q := progressOff.begin(&off, "x")
	q.set(0.5)
	q.end()
	if off.Len() != 0 {
		t.Errorf("--no-progress printed %q", off.String())
	}
}

// When the work's total grows (a break-even's refinement adds rates), the
// next record says why its fraction stepped back (walk9 #10: 90 % done,
// then 74 %, unexplained).
func TestProgressSaysWhyTheTotalGrew(t *testing.T) {
	var buf bytes.Buffer
	p := progressRecords.begin(&buf, "fleet break-even")
	p.grows = "refinement added rates"
	clock := p.start
	p.now = func() time.Time { return clock }
	step := func(d time.Duration, done, total float64) { clock = clock.Add(d); p.work(done, total) }
	step(10*time.Second, 9, 10)  // 90 %
	step(10*time.Second, 10, 13) // the refinement chose 3 more: 77 %
	step(10*time.Second, 12, 13) // the same total: nothing to explain
	p.end()
	want := "execsim: fleet break-even: 90 % done, 10s elapsed, about 1s left\n" +
		"execsim: fleet break-even: 77 % done, 20s elapsed, about 6s left (refinement added rates)\n" +
		"execsim: fleet break-even: 92 % done, 30s elapsed, about 2s left\n"
	if buf.String() != want {
		t.Errorf("records:\n%s\nwant\n%s", buf.String(), want)
	}
}

// A run of a minute or more of CPU says so before it starts.
func TestNoteLongWork(t *testing.T) {
	var buf bytes.Buffer
	noteLongWork(&buf, "short", 1e6, 500*time.Millisecond)
	if buf.Len() != 0 {
		t.Errorf("a short run printed %q", buf.String())
	}
	noteLongWork(&buf, "month", 1.31e9, 21*time.Minute+50*time.Second)
	if want := "execsim: note: month will simulate about 1.31e+09 requests, about 21m50s of CPU\n"; buf.String() != want {
		t.Errorf("note %q; want %q", buf.String(), want)
	}
}
