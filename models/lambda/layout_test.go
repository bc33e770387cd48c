package lambda

import (
	"fmt"
	"testing"
	"time"
	"unsafe"

	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/sim"
)

// TestFnStateLayout checks fnState's split into cache lines (see its
// comment): what a warm invocation touches sits in its first six lines
// (the idle set's header and small marks in the third and fourth, an
// aligned pair, its small pages in the fifth and sixth), and each
// function of a fleet starts on a 128-byte boundary, so that its lines
// pair as the processor's adjacent-line prefetch fetches them.
func TestFnStateLayout(t *testing.T) {
	var fs fnState
	lines := []struct {
		name        string
		off, size   uintptr
		first, last uintptr // the 64-byte lines it must lie in
	}{
		{"rps", unsafe.Offsetof(fs.rps), unsafe.Sizeof(fs.rps), 0, 0},
		{"cpuShare", unsafe.Offsetof(fs.cpuShare), unsafe.Sizeof(fs.cpuShare), 0, 0},
		{"timeout", unsafe.Offsetof(fs.timeout), unsafe.Sizeof(fs.timeout), 0, 0},
		{"odConc", unsafe.Offsetof(fs.odConc), unsafe.Sizeof(fs.odConc), 0, 0},
		{"odCap", unsafe.Offsetof(fs.odCap), unsafe.Sizeof(fs.odCap), 0, 0},
		{"calls", unsafe.Offsetof(fs.calls), unsafe.Sizeof(fs.calls), 1, 1},
		{"invocations", unsafe.Offsetof(fs.invocations), unsafe.Sizeof(fs.invocations), 1, 1},
		{"durationMs", unsafe.Offsetof(fs.durationMs), unsafe.Sizeof(fs.durationMs), 1, 1},
		{"busyNs", unsafe.Offsetof(fs.busyNs), unsafe.Sizeof(fs.busyNs), 1, 1},
		{"keepAlive", unsafe.Offsetof(fs.keepAlive), unsafe.Sizeof(fs.keepAlive), 1, 1},
		{"maxLife", unsafe.Offsetof(fs.maxLife), unsafe.Sizeof(fs.maxLife), 1, 1},
		{"rpsSync", unsafe.Offsetof(fs.rpsSync), unsafe.Sizeof(fs.rpsSync), 1, 1},
		{"hasPC", unsafe.Offsetof(fs.hasPC), unsafe.Sizeof(fs.hasPC), 1, 1},
		{"rngKeep", unsafe.Offsetof(fs.rngKeep), unsafe.Sizeof(fs.rngKeep), 2, 2},
		{"idle, its header and smallMarks", unsafe.Offsetof(fs.idle), unsafe.Offsetof(fs.idle.smallPages), 2, 3},
		{"idle.smallPages and smallPool", unsafe.Offsetof(fs.idle) + unsafe.Offsetof(fs.idle.smallPages), unsafe.Offsetof(fs.idle.owner) - unsafe.Offsetof(fs.idle.smallPages), 4, 5},
	}
	for _, l := range lines {
		if l.off/64 != l.first || (l.off+l.size-1)/64 != l.last {
			t.Errorf("%s at bytes [%d, %d): want it in line %d", l.name, l.off, l.off+l.size, l.first)
		}
	}
	if n := unsafe.Sizeof(fs); n%128 != 0 {
		t.Errorf("fnState is %d bytes, not a multiple of 128: set fnStatePad to %d", n, fnStatePad+(128-n%128)%128)
	}
	// A fleet's functions: a []fnState above 32 KiB is a large object,
	// page-aligned. Smaller ones start 8 bytes in (the runtime's
	// allocation header), but then all of them fit in the L1 cache.
	for _, n := range []int{int(32<<10/unsafe.Sizeof(fs)) + 1, 500} { // the fewest above 32 KiB, and a fleet
		cfg := DefaultConfig()
		for i := range n {
			cfg.Functions = append(cfg.Functions, DefaultFunction(fmt.Sprintf("fn-%d", i)))
		}
		r, err := New(sim.New(1), cfg, metrics.NewRecorder(time.Minute, n))
		if err != nil {
			t.Fatal(err)
		}
		if a := uintptr(unsafe.Pointer(&r.fns[0])) % 128; a != 0 {
			t.Errorf("%d functions: fns starts %d bytes into a pair of cache lines", n, a)
		}
	}
}
