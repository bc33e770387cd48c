package platform

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

// SettingsReader is implemented by a platform whose section can name the
// user's own deployment files (kubernetes: {manifests: […]}, lambda:
// {templates: […]}) that hold its per-service settings (issue 14). The
// scenario layer calls it before compiling the services, so that files
// may also bring services (one per Deployment) and so that what they say
// reaches Compile as ordinary services[].<name> overrides: the platform's
// Compile never reads files.
type SettingsReader interface {
	// ReadSettings reads the files the decoded section (from NewSection)
	// names, from files (the scenario's folder). It returns nil, nil when
	// the section names none. Errors are the user's input: each names its
	// file and, where known, document, object and field.
	ReadSettings(section any, files fs.FS) (Settings, error)
}

// Settings is what a platform's files say about services.
type Settings interface {
	// Services are the services the files define, in order (one per
	// Kubernetes Deployment), or nil when the files only set the settings
	// of services defined elsewhere (Lambda templates).
	Services() []string
	// Match gives the overrides (of NewOverride's type) of the named
	// services by name; a service the files say nothing about is absent.
	// The warnings name what matched nothing, with the file; the error is
	// what the user asked for and cannot be (an explicit pairing that
	// names no service or nothing of the files).
	Match(services []string) (overrides map[string]any, warnings []string, err error)
	// Notes are what the user is told once about the files (objects not
	// modelled, fields that cannot be honoured), each naming its file.
	Notes() []string
	// Files names the files read, for describing the plan.
	Files() []string
	// Source is the section's key that names the files, as the scenario
	// spells it (kubernetes.manifests), for messages.
	Source() string
}

// SectionSettings is implemented by Settings whose files also say
// something about the platform as a whole (a DaemonSet in the manifests
// takes capacity on every node): the scenario layer compiles the section
// Section returns instead of the decoded one.
type SectionSettings interface {
	// Section returns a copy of the decoded section with what the files
	// add; it never changes section (sweep points compile it again).
	Section(section any) any
}

// FilePath turns a file or folder name as a scenario writes it, relative
// to the scenario file ("k8s/", "./template.yaml"), into the slash path
// io/fs takes ("k8s", "template.yaml"). An absolute name, or one that
// leaves the scenario's folder, is an error saying so: the files are read
// from that folder (the built-ins' from their embedded one).
func FilePath(key, name string) (string, error) {
	clean := path.Clean(strings.ReplaceAll(name, `\`, "/"))
	switch {
	case name == "":
		return "", fmt.Errorf("%s: a file name is empty", key)
	case path.IsAbs(clean) || filepath.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../"):
		return "", fmt.Errorf("%s: %s is outside the scenario's folder: name files inside it, relative to the scenario file (or copy or link them there)", key, name)
	case !fs.ValidPath(clean):
		return "", fmt.Errorf("%s: %q is not a file name", key, name)
	}
	return clean, nil
}
