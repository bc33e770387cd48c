//go:build linux

package benchunit

import (
	"syscall"
	"time"
)

// ThreadCPU is the CPU time (user and system) the calling OS thread has
// used. Callers lock their goroutine to its thread (runtime.LockOSThread)
// around what they time: on a shared machine, wall time includes other
// processes' turns and thread CPU time does not.
func ThreadCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(1, &ru) // RUSAGE_THREAD, which package syscall does not name
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
