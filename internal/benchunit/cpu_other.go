//go:build !linux

package benchunit

import "time"

// ThreadCPU is the calling thread's CPU time where the system reports it;
// elsewhere it falls back to wall time, which a shared machine inflates.
func ThreadCPU() time.Duration { return time.Duration(time.Now().UnixNano()) }

// ProcessCPU is the process's CPU time where the system reports it;
// elsewhere wall time, as ThreadCPU.
func ProcessCPU() time.Duration { return time.Duration(time.Now().UnixNano()) }
