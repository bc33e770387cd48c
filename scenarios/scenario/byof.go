package scenario

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/inputs/prometheus"
	"github.com/execsim/execsim/scenarios/platform"
)

// PrometheusFile replays a fleet's traffic as Prometheus recorded it
// (issue 14): fleet: {prometheus: {…}}, one service per series. Package
// scenarios/inputs/prometheus documents the formats and the grid rules.
//
//	fleet:
//	  prometheus:
//	    file: traffic/rates.json   # relative to the scenario file
//	    format: query_range        # query_range | csv [by the file's extension: .json, .csv]
//	    label: service             # the label that names a series' service [service]
//	    interpolate: step          # step | linear, between samples [step]
//	    scale: 1                   # every rate × scale: "what if traffic doubles" [1]
//	    work: {cpu: …, io: …, payloadKB: 4}    # every service's work (required)
//	    services:                  # a service's own work, by name
//	      reports: {work: {cpu: "exp(mean=400ms)"}}
//
// When a platform's files define services too (kubernetes: {manifests:
// […]}, one per Deployment), the fleet is every series and every such
// service, by name: a service without a series gets no requests (what it
// holds is still billed), a series the files do not define runs with the
// platform section's settings; both are warnings.
type PrometheusFile struct {
	File        string                      `yaml:"file"`
	Format      string                      `yaml:"format"`
	Label       string                      `yaml:"label"`
	Interpolate string                      `yaml:"interpolate"`
	Scale       *float64                    `yaml:"scale"`
	Work        *WorkFile                   `yaml:"work"`
	Services    map[string]PrometheusOfFile `yaml:"services"`
}

// PrometheusOfFile is one service's own settings in a Prometheus fleet.
type PrometheusOfFile struct {
	Work *WorkFile `yaml:"work"`
	// SLO is the service's own objective (ServiceFile.SLO).
	SLO *platform.SLOFile `yaml:"slo"`
}

// Formats of a Prometheus traffic file.
const (
	FormatQueryRange = "query_range"
	FormatCSV        = "csv"
)

// DefaultPrometheusLabel names the series' service unless label: is given.
const DefaultPrometheusLabel = "service"

// readSettings reads the files the platforms' sections name (manifests,
// templates) before the services are compiled: the files may define
// services, and what they say becomes the services' overrides.
func readSettings(p *models.Problems, f *File, reg platform.Registry) []namedSettings {
	var out []namedSettings
	for _, pf := range reg {
		r, ok := pf.(platform.SettingsReader)
		sec, present := f.Sections[pf.Name()]
		if !ok || !present {
			continue
		}
		set, err := r.ReadSettings(sec, f.Files)
		if err != nil {
			p.Merge("", err) // each problem keeps its file:document N
			continue
		}
		if set != nil {
			out = append(out, namedSettings{pf.Name(), set})
		}
	}
	return out
}

// namedSettings is one platform's settings from files.
type namedSettings struct {
	platform string
	set      platform.Settings
}

// sectionWithSettings is the platform's section with what its files say
// about the platform as a whole (platform.SectionSettings), else sec.
func sectionWithSettings(settings []namedSettings, name string, sec any) any {
	for _, s := range settings {
		if ss, ok := s.set.(platform.SectionSettings); ok && s.platform == name {
			return ss.Section(sec)
		}
	}
	return sec
}

// defined is a service the settings' files define, and where.
type defined struct {
	name     string
	platform string // the platform whose files define it
	source   string // its section's key for the files: kubernetes.manifests
}

// definedServices are the services the settings' files define (one per
// Deployment), in order, each once.
func definedServices(settings []namedSettings) []defined {
	var out []defined
	seen := map[string]bool{}
	for _, s := range settings {
		for _, name := range s.set.Services() {
			if !seen[name] {
				seen[name] = true
				out = append(out, defined{name, s.platform, s.set.Source()})
			}
		}
	}
	return out
}

// applySettings gives each service the overrides its platforms' files
// say, and collects the files' notes and matching warnings. A service
// written out with its own override for the same platform is an error:
// one of the two would be dropped.
func applySettings(p *models.Problems, settings []namedSettings, svcs []service, plan *Plan) {
	names := make([]string, len(svcs))
	for i, s := range svcs {
		names[i] = s.name
	}
	for _, s := range settings {
		plan.warnOf(s.platform, s.set.Notes()...)
		ovs, warns, err := s.set.Match(names)
		if err != nil {
			p.Merge("", err)
			continue
		}
		plan.warnOf(s.platform, warns...)
		for i := range svcs {
			ov, ok := ovs[svcs[i].name]
			if !ok {
				continue
			}
			if _, own := svcs[i].overrides[s.platform]; own {
				p.Add(svcs[i].path+"."+s.platform, nil, models.ErrInvalid, "service %s also takes settings from %s (%s); give them in one place",
					svcs[i].name, s.set.Source(), strings.Join(s.set.Files(), ", "))
				continue
			}
			// a copy: a written-out service's map is the File's, which
			// sweep points compile again
			m := maps.Clone(svcs[i].overrides)
			if m == nil {
				m = map[string]any{}
			}
			m[s.platform] = ov
			svcs[i].overrides = m
		}
	}
}

// compilePrometheus returns the services of the traffic file, and those
// of defs (Deployments) that it has no series for; names in written are
// services written out under services:, which are not added again.
func compilePrometheus(problems *models.Problems, pf *PrometheusFile, files fs.FS, plan *Plan, defs []defined, written []string) []service {
	const at = "fleet.prometheus"
	// its own problems, so that it knows whether reading the file makes
	// sense while the other sections' problems are reported too
	p := &models.Problems{}
	defer func() { problems.Merge("", p.Err()) }()
	if pf.File == "" {
		p.Add(at+".file", nil, models.ErrRequired, "name the Prometheus export (a query_range response .json or a .csv)")
	}
	fileFormat := pf.Format
	if fileFormat == "" {
		switch strings.ToLower(path.Ext(pf.File)) {
		case ".json":
			fileFormat = FormatQueryRange
		case ".csv":
			fileFormat = FormatCSV
		default:
			p.Add(at+".format", nil, models.ErrRequired, "give format: %s or %s (the file's extension says neither)", FormatQueryRange, FormatCSV)
		}
	} else if fileFormat != FormatQueryRange && fileFormat != FormatCSV {
		p.Add(at+".format", fileFormat, models.ErrInvalid, "allowed: %s, %s", FormatQueryRange, FormatCSV)
	}
	label := pf.Label
	if label == "" {
		label = DefaultPrometheusLabel
	}
	interp := workload.Step
	if pf.Interpolate != "" {
		var err error
		if interp, err = workload.ParseInterp(pf.Interpolate); err != nil {
			p.Add(at+".interpolate", pf.Interpolate, models.ErrInvalid, "allowed: step, linear")
		}
	}
	scale := 1.0
	if pf.Scale != nil {
		if !(*pf.Scale > 0) || math.IsInf(*pf.Scale, 0) {
			p.Add(at+".scale", *pf.Scale, models.ErrRange, "must be a positive number")
		} else {
			scale = *pf.Scale
		}
	}
	work := compileWork(p, at+".work", pf.Work)
	if pf.Work == nil {
		p.Add(at+".work", nil, models.ErrRequired, "give every service's work: {cpu: …, io: …} (Prometheus counts requests; it does not say what they cost)")
	}
	if files == nil && pf.File != "" {
		p.Add(at+".file", pf.File, models.ErrInvalid, "this scenario cannot name files (it was not read from a file)")
		return nil
	}
	if p.Err() != nil || pf.File == "" {
		return nil // the file's settings are wrong: reading it would say no more
	}
	file, err := platform.FilePath(at+".file", pf.File)
	if err != nil {
		p.Merge("", err)
		return nil
	}
	data, err := fs.ReadFile(files, file)
	if err != nil {
		p.Add(at+".file", pf.File, models.ErrInvalid, "cannot read: %v", unwrapPathError(err))
		return nil
	}
	read := prometheus.ReadQueryRange
	if fileFormat == FormatCSV {
		read = prometheus.ReadCSV
	}
	traffic, err := read(bytes.NewReader(data), file, label)
	if err != nil {
		p.Merge("", err) // each problem keeps its file:line or result[i]
		return nil
	}
	plan.Warnings = append(plan.Warnings, traffic.Warnings...)
	// A label value is data, not a name the user wrote: one Kubernetes
	// would refuse (API_v1) is mapped to a DNS-1123 label with a warning,
	// as a CSV trace's names are (hostile #8: it became a service name
	// unchecked, a Deployment the API server would refuse). One that
	// names a service the files define is that service's, as it is.
	raw := make([]string, len(traffic.Services))
	for i, s := range traffic.Services {
		raw[i] = s.Service
	}
	keep := make(map[string]bool, len(defs))
	for _, d := range defs {
		keep[d.name] = true
	}
	dns, notes, err := dnsNames(at+".file", file, raw, keep)
	if err != nil {
		p.Merge("", err)
		return nil
	}
	for i := range traffic.Services {
		traffic.Services[i].Service = dns[i]
	}
	plan.Warnings = append(plan.Warnings, notes...)
	// A query_range over the run's span has a sample at both ends (61 a
	// minute apart for an hour): the last one's step starts where the run
	// ends, so the run replays every step it can and nothing is told.
	if traffic.End != plan.Duration && traffic.End-traffic.Step != plan.Duration {
		what := "the run replays its first " + plan.Duration.String()
		if traffic.End < plan.Duration {
			what = "the rest of the run has no requests"
		}
		// The samples' span and count, as a user reads the export, with
		// where the last sample's step ends: "lasts 24h5m0s (289
		// steps)" read as contradicting README's "289 samples 5 minutes
		// apart span 24 h" (walk11).
		plan.Warnings = append(plan.Warnings, fmt.Sprintf("%s: its %s, %v apart, span %v (the last one's step ends at %v) and the run lasts %v (duration:): %s",
			file, format.Plural(traffic.Steps(), "1 sample", format.Count(int64(traffic.Steps()))+" samples"),
			traffic.Step, traffic.End-traffic.Step, traffic.End, plan.Duration, what))
	}

	// sets for the lookups below, which would otherwise scan a list per
	// service of a fleet of thousands; the order of what is reported
	// comes from the lists, never from these maps
	isWritten := make(map[string]bool, len(written))
	for _, name := range written {
		isWritten[name] = true
	}
	type nameSource struct{ name, source string }
	isDefined := make(map[nameSource]bool, len(defs))
	for _, d := range defs {
		isDefined[nameSource{d.name, d.source}] = true
	}
	series := map[string]int{}
	var names []string
	for i, s := range traffic.Services {
		series[s.Service] = i
		if !isWritten[s.Service] {
			names = append(names, s.Service)
		}
	}
	// by source, in the order the platforms come: the services the files
	// define without a series, and the series they do not define
	var sources []string
	idle, extra := map[string][]string{}, map[string][]string{}
	platformOf := map[string]string{}
	for _, d := range defs {
		if !slices.Contains(sources, d.source) {
			sources = append(sources, d.source)
			platformOf[d.source] = d.platform
		}
		if _, ok := series[d.name]; !ok && !isWritten[d.name] {
			names = append(names, d.name)
			idle[d.source] = append(idle[d.source], d.name)
		}
	}
	slices.Sort(names)
	for _, src := range sources {
		for _, s := range traffic.Services {
			if !isDefined[nameSource{s.Service, src}] && !isWritten[s.Service] {
				extra[src] = append(extra[src], s.Service)
			}
		}
		if n := len(idle[src]); n > 0 {
			plan.Warnings = append(plan.Warnings, fmt.Sprintf("%s: no series (by label %s) for %s (%s): %s no requests (what %s holds is still billed)",
				file, label, strings.Join(idle[src], ", "), src, format.Plural(n, "it gets", "they get"), format.Plural(n, "it", "each")))
		}
		if n := len(extra[src]); n > 0 {
			plan.Warnings = append(plan.Warnings, fmt.Sprintf("%s: %s %s not in %s: %s with the %s: section's settings",
				file, strings.Join(extra[src], ", "), format.Plural(n, "is", "are"), src, format.Plural(n, "it runs", "they run"), platformOf[src]))
		}
	}
	isName := make(map[string]bool, len(names))
	for _, name := range names {
		isName[name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(pf.Services)) {
		if !isName[name] {
			hint := ""
			if near := platform.Closest(name, names); near != "" {
				hint = "; did you mean " + near + "?"
			}
			p.Add(at+".services."+name, nil, models.ErrInvalid, "names no service of the fleet (a series of %s, or a service its platforms' files define)%s", file, hint)
		}
	}

	out := make([]service, 0, len(names))
	for _, name := range names {
		svcPath := fmt.Sprintf("%s (service %s)", at, name)
		arr := workload.Arrivals{Process: workload.Profile, Interp: interp, Points: []workload.Point{{At: 0, RatePerSecond: 0}}}
		if i, ok := series[name]; ok {
			arr = traffic.Arrivals(i, interp)
			for k := range arr.Points {
				arr.Points[k].RatePerSecond *= scale
			}
		}
		w := work
		own := pf.Services[name]
		if own.Work != nil {
			w = *work.over(p, at+".services."+name+".work", own.Work.CPU, own.Work.IO, own.Work.PayloadKB, "")
		}
		ws := workload.Service{Name: name, Arrivals: arr, CPU: w.cpu, IO: w.io, PayloadKB: w.payloadKB}
		if plan.replayed == nil {
			plan.replayed = map[string]string{}
		}
		plan.replayed[name] = file
		p.Merge(svcPath, ws.Validate())
		out = append(out, service{name: name, path: svcPath, compiled: &ws, slo: own.SLO, sloPath: at + ".services." + name + ".slo"})
	}
	return out
}

// compileWork parses a work spec (nil: none, the caller reports it).
func compileWork(p *models.Problems, at string, w *WorkFile) compiledWork {
	if w == nil {
		return compiledWork{}
	}
	if strings.TrimSpace(w.CPU) == "" && strings.TrimSpace(w.IO) == "" {
		p.Add(at, nil, models.ErrRequired, "give cpu: and/or io: as distributions (e.g. io: \"exp(mean=100ms)\")")
	}
	return compiledWork{cpu: platform.ParseDist(p, at+".cpu", w.CPU), io: platform.ParseDist(p, at+".io", w.IO), payloadKB: checkKB(p, at+".payloadKB", w.PayloadKB), path: at}
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// checkDefined reports the services the platforms' files define that the
// scenario has no service for: without fleet.prometheus nothing gives
// them traffic, and what the files define is never dropped silently.
func checkDefined(p *models.Problems, f *File, defs []defined, svcs []service) {
	if f.Fleet != nil && f.Fleet.Prometheus != nil {
		return // fleet.prometheus has added every one, or reported why not
	}
	isService := make(map[string]bool, len(svcs))
	for _, s := range svcs {
		isService[s.name] = true
	}
	missing := map[string][]string{}
	var sources []string
	for _, d := range defs {
		if !isService[d.name] {
			if len(missing[d.source]) == 0 {
				sources = append(sources, d.source)
			}
			missing[d.source] = append(missing[d.source], d.name)
		}
	}
	for _, src := range sources {
		n := len(missing[src])
		p.Add(src, strings.Join(missing[src], ", "), models.ErrRequired,
			"%d %s no traffic: give %s with fleet: {prometheus: …}, or write out services: named after %s%s", n,
			format.Plural(n, "service defined here has", "services defined here have"), format.Plural(n, "it", "theirs"), format.Plural(n, "it", "them"),
			nearNames(missing[src], src, defs, svcs))
	}
}

// nearNames suggests, for names a source defines that no service has, the
// service each was likely meant to be (a Deployment image beside a service
// images, walk9 #13): one of the scenario's services close in spelling that
// the source defines nothing for.
func nearNames(missing []string, source string, defs []defined, svcs []service) string {
	here := map[string]bool{}
	for _, d := range defs {
		if d.source == source {
			here[d.name] = true
		}
	}
	var free []string
	for _, s := range svcs {
		if !here[s.name] {
			free = append(free, s.name)
		}
	}
	var hints []string
	for _, name := range missing {
		if s := platform.Closest(name, free); s != "" {
			hints = append(hints, "the service "+s+" for "+name)
		}
	}
	if len(hints) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(hints, ", ") + "?"
}
