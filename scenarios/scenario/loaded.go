package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models/workload/trace"
)

// loadedTraces keeps the traces a plan has read, by the options of the
// fleet.trace: section that read them, for the plans of its sweep's points.
// A point recompiles the whole scenario with its values; unless its values
// change the trace's options (fleet.trace.invocations, scale, …), the
// trace it reads is the one already read, and reading a trace of gigabytes
// again for every point (and once more when sweep checks every point
// first) took most of a sweep's time. Only what Load returns is kept: the
// services are values, and a run replays a file trace through its own
// pass (trace.fileFeed opens the file for each), so points that share
// them run side by side as the platforms of one plan already do.
type loadedTraces struct {
	mu    sync.Mutex
	byKey map[string][]trace.Service
}

// load is trace.Load(files, o), once for each set of options o; files
// are the same for every point (Plan.Files). A failed load is not kept
// (the point reports it as the plan would). A nil receiver loads every
// time.
func (l *loadedTraces) load(files fs.FS, o trace.Options) ([]trace.Service, error) {
	if l == nil {
		return loadTrace(files, o)
	}
	key, err := traceKey(o)
	if err != nil {
		return loadTrace(files, o)
	}
	l.mu.Lock()
	defer l.mu.Unlock() // points compile one at a time; this only guards misuse
	if l.byKey == nil {
		l.byKey = map[string][]trace.Service{}
	}
	if svcs, ok := l.byKey[key]; ok {
		return svcs, nil
	}
	svcs, err := loadTrace(files, o)
	if err != nil {
		return nil, err
	}
	l.byKey[key] = svcs
	return svcs, nil
}

// traceKey is what Load reads of o, as JSON: the options after defaults,
// so that a point whose section differs from the plan's only in writing a
// default (fleet.trace.speed: [1, 2] beside a section without speed:)
// reuses the plan's trace rather than reading it again (a review: the
// section as written was the key). Where they are read from and how
// (Context, Progress) is no part of it, and the distributions are their
// canonical specs, which JSON cannot see through their interface.
func traceKey(o trace.Options) (string, error) {
	spec := func(d dist.Dist) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	k := struct {
		trace.Options
		CPU, IO string // in place of the distributions' values
	}{o, spec(o.CPU), spec(o.IO)}
	k.Options.Context, k.Options.Progress, k.Options.CPU, k.Options.IO = nil, nil, nil, nil
	b, err := json.Marshal(k)
	return string(b), err
}

// loadTrace is trace.Load, whose error wraps the context's when the
// context stopped it. A read stopped before its first row (Ctrl-C before
// a sweep point's load began) fails in the reader's own words ("t.csv:
// context canceled") that no longer wrap it, and would read as bad input.
func loadTrace(files fs.FS, o trace.Options) ([]trace.Service, error) {
	svcs, err := trace.Load(files, o)
	if err != nil && o.Context != nil && o.Context.Err() != nil && !errors.Is(err, o.Context.Err()) {
		return nil, fmt.Errorf("stopped while reading %s: %w", o.Invocations, o.Context.Err())
	}
	return svcs, err
}
