//go:build linux

package benchunit

import (
	"time"

	"golang.org/x/sys/unix"
)

// ThreadCPU is the CPU time (user and system) the calling OS thread has
// used. Callers lock their goroutine to its thread (runtime.LockOSThread)
// around what they time: on a shared machine, wall time includes other
// processes' turns and thread CPU time does not.
//
// It reads clock_gettime(CLOCK_THREAD_CPUTIME_ID), which counts in
// nanoseconds (clock_gettime(2)). getrusage(RUSAGE_THREAD), used before,
// counts in scheduler ticks (4 ms on the benchmark machine), so a 75 ms
// iteration's figure moved in steps of about 5 %.
func ThreadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		// Every Linux since 2.6.12 has this clock; failing here means the
		// benchmark cannot be trusted, so stop it rather than report 0.
		panic("benchunit: clock_gettime(CLOCK_THREAD_CPUTIME_ID): " + err.Error())
	}
	return time.Duration(ts.Nano())
}

// ProcessCPU is the CPU time (user and system) every thread of the process
// has used, clock_gettime(CLOCK_PROCESS_CPUTIME_ID): for a benchmark whose
// garbage the runtime collects on other threads (big.Rat arithmetic), what
// ThreadCPU would leave out.
func ProcessCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		panic("benchunit: clock_gettime(CLOCK_PROCESS_CPUTIME_ID): " + err.Error())
	}
	return time.Duration(ts.Nano())
}
