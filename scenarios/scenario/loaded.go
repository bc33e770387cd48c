package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"github.com/execsim/execsim/models/workload/trace"
)

// loadedTraces keeps the traces a plan has read, by the fleet.trace:
// section that read them, for the plans of its sweep's points. A point
// recompiles the whole scenario with its values; unless its values change
// the trace: section (fleet.trace.invocations, scale, …), the trace it
// reads is the one already read, and reading a trace of gigabytes again
// for every point (and once more when sweep checks every point first)
// took most of a sweep's time. Only what Load returns is kept: the
// services are values, and a run replays a file trace through its own
// pass (trace.fileFeed opens the file for each), so points that share
// them run side by side as the platforms of one plan already do.
type loadedTraces struct {
	mu    sync.Mutex
	byKey map[string][]trace.Service
}

// load is trace.Load(files, o), once for each trace section t; files are
// the same for every point (Plan.Files). A failed load is not kept (the
// point reports it as the plan would). A nil receiver loads every time.
func (l *loadedTraces) load(t *TraceFile, files fs.FS, o trace.Options) ([]trace.Service, error) {
	if l == nil {
		return loadTrace(files, o)
	}
	// the section as written is the key: every option Load reads comes
	// from it (traceOptions), and JSON writes what pointers point to
	k, err := json.Marshal(t)
	if err != nil {
		return loadTrace(files, o)
	}
	key := string(k)
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
