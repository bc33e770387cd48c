package lambda

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
	"github.com/execsim/execsim/scenarios/platform"
)

// ReadSettings implements platform.SettingsReader: the templates the
// section names (lambda: {templates: [file, …], match: {service:
// function}}) give the functions' settings, matched to the scenario's
// services by name (lambdatemplates.Set.Match) or by the explicit map.
// Each file is read as what it holds (lambdatemplates.Read): an AWS SAM or
// CloudFormation template, or a Serverless Framework file under any name;
// a file that is neither is bad input.
func (Platform) ReadSettings(section any, files fs.FS) (platform.Settings, error) {
	s := section.(*Section)
	if len(s.Templates) == 0 {
		if len(s.Match) > 0 {
			return nil, errors.New("lambda.match: names functions of lambda.templates, and there are none")
		}
		return nil, nil
	}
	if files == nil {
		return nil, errors.New("lambda.templates: this scenario cannot name files (it was not read from a file)")
	}
	all := &lt.Set{File: strings.Join(s.Templates, ", ")}
	var errs []error
	for i, name := range s.Templates {
		name, err := platform.FilePath(fmt.Sprintf("%s.templates[%d]", Name, i), name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		set, err := lt.Read(files, name)
		var pe *fs.PathError
		if errors.As(err, &pe) { // the file itself, not what it says
			err = fmt.Errorf("%s: cannot read: %w", name, pe.Err)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		all.Functions = append(all.Functions, set.Functions...)
		all.Warnings = append(all.Warnings, set.Warnings...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &templateSettings{set: all, files: s.Templates, explicit: s.Match}, nil
}

// templateSettings is what the templates say, matched on demand.
type templateSettings struct {
	set      *lt.Set
	files    []string
	explicit map[string]string
}

func (t *templateSettings) Services() []string { return nil }
func (t *templateSettings) Files() []string    { return t.files }
func (t *templateSettings) Source() string     { return Name + ".templates" }

func (t *templateSettings) Notes() []string {
	var out []string
	for _, w := range t.set.Warnings {
		out = append(out, w.String())
	}
	return out
}

// Match gives each matched service its function's settings as a
// services[].lambda override. A service without a function keeps the
// lambda: section's settings, and a function without a service is not
// simulated: both are warnings that name them. An explicit match: entry
// that names no service or no function is an error: the user asked for
// a pairing that cannot be made.
func (t *templateSettings) Match(services []string) (map[string]any, []string, error) {
	if err := t.checkExplicit(services); err != nil {
		return nil, nil, err
	}
	matched, warns := t.set.Match(services, t.explicit)
	out := map[string]any{}
	for svc, f := range matched {
		out[svc] = &Function{MemoryMB: f.MemoryMB, Timeout: f.Timeout, Runtime: f.Runtime, Arch: f.Arch,
			Package: f.Package, SnapStart: f.SnapStart, ReservedConcurrency: f.ReservedConcurrency,
			ProvisionedConcurrency: f.ProvisionedConcurrency}
	}
	var msgs []string
	// a function its events invoke otherwise is still sent the scenario's
	// requests synchronously: say so of those that serve a service
	for _, svc := range slices.Sorted(maps.Keys(matched)) {
		if f := matched[svc]; f.Invoked != "" {
			msgs = append(msgs, fmt.Sprintf("lambda.templates: function %s (service %s): its events %s; execsim invokes it synchronously with the scenario's requests, one at a time", f.Name, svc, f.Invoked))
		}
	}
	// a function that serves no service may be one misspelt (image
	// beside a service images, walk9 #13): suggest a service without one
	var free []string
	for _, svc := range services {
		if matched[svc] == nil {
			free = append(free, svc)
		}
	}
	// the services without a function, one line per file, as the
	// Prometheus and manifests readers group theirs: a 40-service fleet
	// told it 39 times, one line a service (walk14 #11)
	unmatched := map[string][]string{}
	for _, w := range warns {
		if svc, ok := noFunction(w.Msg); ok {
			unmatched[w.File] = append(unmatched[w.File], svc)
		}
	}
	for _, w := range warns {
		msg := fmt.Sprintf("lambda.templates (%s): %s", w.File, w.Msg)
		if _, ok := noFunction(w.Msg); ok {
			svcs := unmatched[w.File]
			if svcs == nil {
				continue // told with the file's first
			}
			delete(unmatched, w.File)
			n := len(svcs)
			msgs = append(msgs, fmt.Sprintf("lambda.templates (%s): %s %s %s no function in the file (%s with the lambda: section's settings)",
				w.File, format.Plural(n, "service", "services"), strings.Join(svcs, ", "), format.Plural(n, "has", "have"), format.Plural(n, "it runs", "they run")))
			continue
		}
		switch {
		case strings.HasSuffix(w.Msg, "serves no service"):
			fn := strings.TrimSuffix(strings.TrimPrefix(w.Msg, "function "), " serves no service")
			if near := platform.Closest(fn, free); near != "" {
				msg += " (not simulated; did you mean the service " + near + "?)"
			} else {
				msg += " (not simulated)"
			}
		}
		msgs = append(msgs, msg)
	}
	return out, msgs, nil
}

// noFunction is the service a match warning says has no function in its
// file (lambdatemplates.Set.Match's "service X has no function in the
// file").
func noFunction(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "service ")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(rest, " has no function in the file")
}

// checkExplicit reports every match: entry whose service is not one of
// services or whose function is neither a logical name nor a
// FunctionName of the templates, naming what there is.
func (t *templateSettings) checkExplicit(services []string) error {
	var names []string
	for _, f := range t.set.Functions {
		names = append(names, f.Name)
		if f.FunctionName != "" {
			names = append(names, f.FunctionName)
		}
	}
	var errs []error
	for _, svc := range slices.Sorted(maps.Keys(t.explicit)) {
		fn := t.explicit[svc]
		if !slices.Contains(services, svc) {
			errs = append(errs, fmt.Errorf("%s.match.%s: names no service of the scenario%s (services: %s)",
				Name, svc, didYouMean(svc, services), strings.Join(services, ", ")))
		}
		if !slices.Contains(names, fn) {
			errs = append(errs, fmt.Errorf("%s.match.%s: %s names no function of %s%s (functions: %s)",
				Name, svc, fn, t.set.File, didYouMean(fn, names), strings.Join(names, ", ")))
		}
	}
	return errors.Join(errs...)
}

func didYouMean(got string, known []string) string {
	if s := platform.Closest(got, known); s != "" {
		return "; did you mean " + s + "?"
	}
	return ""
}
