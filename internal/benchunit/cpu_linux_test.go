//go:build linux

package benchunit

import (
	"runtime"
	"testing"
	"time"
)

// TestThreadCPUResolution checks that ThreadCPU counts finer than a
// scheduler tick: a little work moves it by less than a millisecond, and
// it never goes back.
func TestThreadCPUResolution(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	prev := ThreadCPU()
	var smallest time.Duration = -1
	x := uint64(1)
	for range 1000 {
		for range 10_000 {
			x = x*6364136223846793005 + 1
		}
		now := ThreadCPU()
		if now < prev {
			t.Fatalf("ThreadCPU went back: %v after %v", now, prev)
		}
		if d := now - prev; d > 0 && (smallest < 0 || d < smallest) {
			smallest = d
		}
		prev = now
	}
	if x == 0 {
		t.Log(x) // keep the loop
	}
	if smallest < 0 || smallest >= time.Millisecond {
		t.Fatalf("smallest nonzero step %v; want under 1ms (a tick-based clock)", smallest)
	}
}
