package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	const rev = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"
	cases := []struct {
		name     string
		version  string
		settings map[string]string
		long     string
		short    string
	}{
		{name: "release", version: "v1.2.3",
			long: "execsim v1.2.3", short: "v1.2.3"},
		{name: "checkout before Go 1.24", version: "(devel)",
			settings: map[string]string{"vcs.revision": rev, "vcs.modified": "true"},
			long:     "execsim v0.0.0-devel (commit 1a2b3c4d5e6f, modified)", short: "v0.0.0-devel-1a2b3c4d5e6f+dirty"},
		{name: "clean checkout", version: "(devel)",
			settings: map[string]string{"vcs.revision": rev, "vcs.modified": "false"},
			long:     "execsim v0.0.0-devel (commit 1a2b3c4d5e6f)", short: "v0.0.0-devel-1a2b3c4d5e6f"},
		{name: "pseudo-version of a dirty tree", version: "v0.0.0-20250102030405-1a2b3c4d5e6f+dirty",
			settings: map[string]string{"vcs.revision": rev, "vcs.modified": "true"},
			long:     "execsim v0.0.0-20250102030405-1a2b3c4d5e6f (commit 1a2b3c4d5e6f, modified)",
			short:    "v0.0.0-20250102030405-1a2b3c4d5e6f+dirty"},
		{name: "no version, no vcs (go test)", version: "",
			long: "execsim v0.0.0-devel", short: "v0.0.0-devel"},
		{name: "short revision", version: "v1.0.0", settings: map[string]string{"vcs.revision": "abc"},
			long: "execsim v1.0.0 (commit abc)", short: "v1.0.0-abc"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/execsim/execsim", Version: tc.version}}
			for _, k := range []string{"vcs", "vcs.revision", "vcs.modified"} { // fixed order
				if v, ok := tc.settings[k]; ok {
					bi.Settings = append(bi.Settings, debug.BuildSetting{Key: k, Value: v})
				}
			}
			info := fromBuildInfo(bi)
			if got := info.String(); got != tc.long {
				t.Errorf("String() = %q; want %q", got, tc.long)
			}
			if got := info.Short(); got != tc.short {
				t.Errorf("Short() = %q; want %q", got, tc.short)
			}
		})
	}
}

// The binary's own version is whatever the build says, but the same on
// every call, and never empty.
func TestStable(t *testing.T) {
	a, b := String(), String()
	if a != b || Short() != Short() {
		t.Errorf("String() = %q then %q; want the same", a, b)
	}
	if len(a) <= len("execsim ") || Short() == "" {
		t.Errorf("String() = %q, Short() = %q; want a version", a, Short())
	}
}
