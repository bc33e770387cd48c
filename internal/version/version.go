package version

import (
	"runtime/debug"
	"strings"
	"sync"
)

// devel is the module version of a build without one: `go build` in a
// checkout (before Go 1.24 stamped pseudo-versions), `go run`, tests.
const devel = "v0.0.0-devel"

// Info is what a binary knows about its own build.
type Info struct {
	Module   string // module version ("v1.2.3", a pseudo-version, or v0.0.0-devel)
	Revision string // the commit, its first 12 hex digits; "" when unknown
	Modified bool   // built from a work tree with uncommitted changes
}

// Get returns this binary's Info. It is read once, so every call in one
// process returns the same value.
func Get() Info { return get() }

var get = sync.OnceValue(func() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Module: devel}
	}
	return fromBuildInfo(bi)
})

// fromBuildInfo reads the main module's version and the vcs.* settings.
func fromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{Module: bi.Main.Version}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	// Go 1.24+ stamps "+dirty" on the pseudo-version of a modified tree;
	// Modified says so already.
	if v, ok := strings.CutSuffix(info.Module, "+dirty"); ok {
		info.Module = v
		info.Modified = true
	}
	if info.Module == "" || info.Module == "(devel)" {
		info.Module = devel
	}
	return info
}

// String is the full form: "execsim v1.2.3", "execsim v0.0.0-devel
// (commit 1a2b3c4d5e6f, modified)".
func (i Info) String() string {
	var notes []string
	if i.Revision != "" {
		notes = append(notes, "commit "+i.Revision)
	}
	if i.Modified {
		notes = append(notes, "modified")
	}
	if len(notes) == 0 {
		return "execsim " + i.Module
	}
	return "execsim " + i.Module + " (" + strings.Join(notes, ", ") + ")"
}

// Short is one token for file names and JSON: "v1.2.3",
// "v0.0.0-devel-1a2b3c4d5e6f+dirty". A pseudo-version already names its
// commit, which is then not repeated.
func (i Info) Short() string {
	s := i.Module
	if i.Revision != "" && !strings.Contains(s, i.Revision) {
		s += "-" + i.Revision
	}
	if i.Modified {
		s += "+dirty"
	}
	return s
}

// String is this binary's full version, e.g. "execsim v0.0.0-devel
// (commit 1a2b3c4d5e6f, modified)".
func String() string { return Get().String() }

// Short is this binary's version as one token, e.g.
// "v0.0.0-devel-1a2b3c4d5e6f+dirty".
func Short() string { return Get().Short() }
