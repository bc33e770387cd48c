package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"

	"github.com/urfave/cli/v2"
)

// simulating are the commands that run simulations: each takes
// --cpuprofile and --memprofile, so that a slow or memory-hungry run can be
// profiled as the user ran it, with no code change (go tool pprof FILE).
// Profiling lives here, in the command, never in sim/ or models/: the
// kernel and the models stay free of anything but simulation.
var simulating = []string{"run", "sweep", "breakeven", "tune", "golden", "test"}

// profileFlags are the two profile flags.
func profileFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile of the command to `FILE` (read it with go tool pprof)"},
		&cli.StringFlag{Name: "memprofile", Usage: "write a heap profile, taken after the work and a GC, to `FILE` (go tool pprof)"},
	}
}

// addProfiling gives every simulating command the profile flags and wraps
// its action: the CPU profile covers the whole action, the heap profile is
// written when it ends (whatever its outcome, so that a run that failed or
// was interrupted can be profiled too).
func addProfiling(cmds []*cli.Command) {
	for _, c := range cmds {
		if !slices.Contains(simulating, c.Name) {
			continue
		}
		c.Flags = append(c.Flags, profileFlags()...)
		action := c.Action
		c.Action = func(ctx *cli.Context) error { return profiled(ctx, action) }
	}
}

// profiled runs action under the profiles its flags ask for. A profile
// file that cannot be created is bad input (exit 2), found before any work.
func profiled(c *cli.Context, action cli.ActionFunc) (err error) {
	cpu, mem := c.String("cpuprofile"), c.String("memprofile")
	if cpu != "" && mem != "" && samePath(cpu, mem) {
		// both would write one file: the heap profile lands on the CPU
		// profile's gzip stream and neither can be read
		return usagef("--cpuprofile and --memprofile name the same file %s: give each its own", cpu)
	}
	if cpu != "" {
		f, ferr := os.Create(cpu)
		if ferr != nil {
			return usagef("--cpuprofile %s: %v", cpu, ferr)
		}
		if perr := pprof.StartCPUProfile(f); perr != nil {
			f.Close()
			return usagef("--cpuprofile %s: %v", cpu, perr)
		}
		defer func() {
			pprof.StopCPUProfile()
			if cerr := f.Close(); cerr != nil && err == nil {
				err = usagef("--cpuprofile %s: %v", cpu, cerr)
			}
		}()
	}
	if mem != "" {
		// created first, so a bad path fails before the work, not after it
		f, ferr := os.Create(mem)
		if ferr != nil {
			return usagef("--memprofile %s: %v", mem, ferr)
		}
		defer func() {
			// the heap as the work left it, up to date: a GC first
			runtime.GC()
			werr := pprof.Lookup("heap").WriteTo(f, 0)
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil && err == nil {
				err = usagef("--memprofile %s: %v", mem, werr)
			}
		}()
	}
	return action(c)
}

// samePath says whether two paths name one file: equal once made absolute
// and clean, or, when both exist, the same file (a link, a hard link).
func samePath(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
