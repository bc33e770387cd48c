package scenario

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/models/workload/trace"
	"github.com/execsim/execsim/scenarios/platform"
	k8svalidation "k8s.io/apimachinery/pkg/util/validation"
)

// TraceFile replays a production trace as a fleet: fleet: {trace: {…}}.
// File names are relative to the scenario file (the built-ins' to
// scenarios/builtin/). Package models/workload/trace documents the
// formats and the replay rules.
//
//	fleet:
//	  trace:
//	    format: azure2019            # azure2019 | azure2021 | llm2023 | csv
//	    invocations: traces/azure2019_d01_500fn_invocations_min480-959.csv
//	    durations: traces/azure2019_d01_500fn_durations.csv   # azure2019, optional
//	    memory: traces/azure2019_d01_500fn_memory_per_function.csv  # azure2019, optional
//	    placement: poisson           # poisson | equidistant | start (azure2019)
//	    timers: start                # placement of trigger-timer functions [placement]
//	    window: {from: 1h, for: 2h}  # of the trace's time [all of it]
//	    speed: 1                     # a trace minute lasts 1m/speed
//	    scale: 1                     # arrivals × scale
//	    cpuFraction: 0               # of a duration taken as CPU at one vCPU
//	    durationModel: percentiles   # percentiles | extremes | average (azure2019)
//	    peakMemory: p100             # p100 | p99 (azure2019 memory)
//	    unmatched: error             # error | drop (azure2019 functions missing from durations/memory)
//	    tokens: {base: 50ms, perContextToken: 100us, perGeneratedToken: 20ms}  # llm2023
//	    work: {cpu: …, io: …, payloadKB: 4}  # work of requests without a duration
//	    name: llm                    # the service of llm2023 or a csv without a service column
//	    durationUnit: ms             # s | ms | us: what a csv's plain durations count [the column's name: duration_ms…; else s]
type TraceFile struct {
	Format        string           `yaml:"format"`
	Invocations   string           `yaml:"invocations"`
	Durations     string           `yaml:"durations"`
	Memory        string           `yaml:"memory"`
	Placement     string           `yaml:"placement"`
	Timers        string           `yaml:"timers"`
	Window        *TraceWindowFile `yaml:"window"`
	Speed         *float64         `yaml:"speed"`
	Scale         *float64         `yaml:"scale"`
	CPUFraction   *float64         `yaml:"cpuFraction"`
	DurationModel string           `yaml:"durationModel"`
	PeakMemory    string           `yaml:"peakMemory"`
	Unmatched     string           `yaml:"unmatched"`
	Tokens        *TokensFile      `yaml:"tokens"`
	Work          *WorkFile        `yaml:"work"`
	Name          string           `yaml:"name"`
	DurationUnit  string           `yaml:"durationUnit"`
}

// TraceWindowFile is the part of a trace replayed: from after its start,
// for long (unset: to its end). For is a pointer so that a written 0s,
// which trace.Options reads as "to its end", can be told from unset.
type TraceWindowFile struct {
	From time.Duration  `yaml:"from"`
	For  *time.Duration `yaml:"for"`
}

// TokensFile maps an LLM request's tokens to its duration:
// base + perContextToken × ContextTokens + perGeneratedToken × GeneratedTokens.
type TokensFile struct {
	Base              time.Duration `yaml:"base"`
	PerContextToken   time.Duration `yaml:"perContextToken"`
	PerGeneratedToken time.Duration `yaml:"perGeneratedToken"`
}

// compileTrace returns the trace's services, read from files.
func compileTrace(p *models.Problems, t *TraceFile, files fs.FS, rd Reading, plan *Plan) []service {
	const at = "fleet.trace"
	o, ok := traceOptions(p, t)
	if !ok {
		return nil
	}
	// The whole file is read, though a run may end before it: a file in
	// time order up to the run's end may hold earlier rows after it (logs
	// of one service after another, each in order: review4), and every
	// service it names is in the fleet, billed when idle.
	o.Context, o.Progress = rd.Context, rd.Progress
	svcs, err := rd.loaded.load(files, o)
	if err != nil {
		p.Merge(at, err) // a file's problems keep their file:line
		return nil
	}
	plan.Warnings = append(plan.Warnings, trace.Warnings(svcs)...)
	if w := trace.Fit(o.Invocations, svcs, plan.Duration); w != "" {
		plan.Warnings = append(plan.Warnings, w)
	}
	names, notes, err := traceNames(o.Invocations, svcs)
	if err != nil {
		p.Merge(at, err)
		return nil
	}
	plan.Warnings = append(plan.Warnings, notes...)
	out := make([]service, 0, len(svcs))
	for i, s := range svcs {
		s.Name = names[i]
		ws := s.Service
		path := fmt.Sprintf("%s (service %s)", at, s.Name)
		p.Merge(path, ws.Validate())
		out = append(out, service{name: s.Name, path: path, compiled: &ws,
			needs: platform.Needs{MemoryMB: s.MemoryMB, PeakMemoryMB: s.PeakMemoryMB, Group: s.App}})
	}
	if len(out) > 0 {
		out[0].trace = svcs
	}
	return out
}

// traceUnitWarning is the trace's warning about durations read as seconds
// (trace.UnitWarning), against the timeouts the compiled platforms
// (platform.Timeouter) put on the trace's services: a scenario's own
// lambda.timeout, not Lambda's default (inp4's warning named the defaults).
func traceUnitWarning(svcs []service, plan *Plan) string {
	at := slices.IndexFunc(svcs, func(s service) bool { return s.trace != nil })
	if at < 0 {
		return ""
	}
	var timeouts []trace.Timeout
	for _, c := range plan.Platforms {
		to, ok := c.Config.(platform.Timeouter)
		if !ok {
			continue
		}
		field, per := to.Timeouts()
		t, first := trace.Timeout{Field: field}, true
		for i := at; i < at+len(svcs[at].trace) && i < len(per); i++ {
			d := per[i]
			if first {
				t.Min, t.Max, first = d, d, false
				continue
			}
			// 0 is none: longer than any timeout
			if d != 0 && (t.Min == 0 || d < t.Min) {
				t.Min = d
			}
			if t.Max != 0 && (d == 0 || d > t.Max) {
				t.Max = d
			}
		}
		if !first {
			timeouts = append(timeouts, t)
		}
	}
	return trace.UnitWarning(svcs[at].trace, timeouts)
}

// traceOptions maps the trace: section onto trace.Options, reporting bad
// names and values; false when Load cannot be tried.
func traceOptions(problems *models.Problems, t *TraceFile) (trace.Options, bool) {
	const at = "fleet.trace"
	var p models.Problems
	o := trace.DefaultOptions()
	o.Invocations, o.Durations, o.Memory, o.Name = t.Invocations, t.Durations, t.Memory, t.Name
	if t.Format == "" {
		p.Add(at+".format", nil, models.ErrRequired, "name the trace's format: azure2019, azure2021, llm2023 or csv")
	} else {
		f, err := trace.ParseFormat(t.Format)
		p.Merge(at, err)
		o.Format = f
	}
	enum := func(s string, parse func(string) error) {
		if s != "" {
			p.Merge(at, parse(s))
		}
	}
	enum(t.Placement, func(s string) (err error) { o.Placement, err = workload.ParsePlacement(s); return })
	o.Timers = o.Placement
	enum(t.Timers, func(s string) (err error) {
		o.Timers, err = workload.ParsePlacement(s)
		return platform.RenamePaths(err, "placement", "timers")
	})
	enum(t.DurationModel, func(s string) (err error) { o.DurationModel, err = trace.ParseDurationModel(s); return })
	enum(t.PeakMemory, func(s string) (err error) { o.PeakMemory, err = trace.ParsePeakMemory(s); return })
	enum(t.Unmatched, func(s string) (err error) { o.Unmatched, err = trace.ParseUnmatched(s); return })
	enum(t.DurationUnit, func(s string) (err error) { o.DurationUnit, err = trace.ParseDurationUnit(s); return })
	if w := t.Window; w != nil {
		o.From, o.For = w.From, platform.Deref(w.For)
		if w.For != nil && *w.For == 0 {
			// a written 0s replayed the whole trace without a word
			// (hostile #14); the rest of the trace is written by leaving
			// the key out
			p.Add(at+".window.for", *w.For, models.ErrRange, "must be positive (leave it out to replay to the trace's end)")
		}
	}
	platform.Set(&o.Speed, t.Speed)
	platform.Set(&o.Scale, t.Scale)
	platform.Set(&o.CPUFraction, t.CPUFraction)
	if k := t.Tokens; k != nil {
		o.Tokens = &trace.Tokens{Base: k.Base, PerContextToken: k.PerContextToken, PerGeneratedToken: k.PerGeneratedToken}
	}
	if w := t.Work; w != nil {
		o.CPU = platform.ParseDist(&p, at+".work.cpu", w.CPU)
		o.IO = platform.ParseDist(&p, at+".work.io", w.IO)
		o.PayloadKB = checkKB(&p, at+".work.payloadKB", w.PayloadKB)
	}
	p.Merge(at, o.Validate())
	err := p.Err()
	problems.Merge("", err)
	return o, err == nil
}

// traceNames checks the names of a trace's services, which become
// Kubernetes Deployments' and Lambda functions' names: a name that is not
// a DNS-1123 label (RFC 1123: at most 63 lower-case letters, digits and
// '-', starting and ending with a letter or digit; Kubernetes'
// IsDNS1123Label, which services: names must pass) is mapped to one, the
// same way every time (lower case, every run of other characters one '-',
// none at either end), and the mapping is told. Two services that end up
// with one name, or with names the lambda: section's matching of
// functions treats as one (it ignores case, '-' and '_'), are an error
// naming both: their requests would be replayed as two services but
// billed, matched and reported as one.
func traceNames(file string, svcs []trace.Service) ([]string, []string, error) {
	raw := make([]string, len(svcs))
	for i, s := range svcs {
		raw[i] = s.Name
	}
	return dnsNames("invocations", file, raw, nil)
}

// dnsNames is traceNames for any file's names (raw), its problems under
// field: a Prometheus export's label values too. A name keep holds is
// left as it is: it names a service another file defines, whose own
// reader judged it (a manifest's Deployment may be a DNS-1123 subdomain,
// api.v1; a template's function may be My_Func), and mapping it lost
// the match, so the service got no requests (review9b D3).
func dnsNames(field, file string, raw []string, keep map[string]bool) ([]string, []string, error) {
	names := make([]string, len(raw))
	var mapped []string
	for i, s := range raw {
		names[i] = s
		if !keep[s] && len(k8svalidation.IsDNS1123Label(s)) > 0 {
			names[i] = dns1123(s)
			mapped = append(mapped, fmt.Sprintf("%q → %s", s, names[i]))
		}
	}
	// Two names that map to one are an error. Names that differ only as
	// lambda.match ignores (case, - and _) are not: both are valid
	// Kubernetes and Lambda names, as under services:, and the templates'
	// matcher speaks for itself (review4 found them refused in a
	// Kubernetes-only scenario).
	var p models.Problems
	seen := map[string]int{}
	for i, n := range names {
		j, dup := seen[n]
		if !dup {
			seen[n] = i
			continue
		}
		p.Add(field, raw[i], models.ErrInvalid, "services %q and %q of %s would both be %s; rename one in the file", raw[j], raw[i], file, n)
	}
	if err := p.Err(); err != nil {
		return nil, nil, err
	}
	var notes []string
	if n := len(mapped); n > 0 {
		// one name is "a label" and "runs as" (walk14 #15: "1 service name
		// is not DNS-1123 labels …, so they run as")
		notes = append(notes, fmt.Sprintf("%s: %d service %s DNS-1123 %s (the names of Kubernetes objects and Lambda functions), so %s as: %s",
			file, n, format.Plural(n, "name is not a", "names are not"), format.Plural(n, "label", "labels"),
			format.Plural(n, "it runs", "they run"), format.FirstNames(mapped, 5)))
	}
	return names, notes, nil
}

// dns1123 maps a name to a DNS-1123 label: lower case, every run of
// characters other than a-z and 0-9 one '-', none at either end, at most
// 63 characters; "svc" when nothing is left.
func dns1123(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	s := b.String()
	if len(s) > 63 {
		s = strings.TrimRight(s[:63], "-")
	}
	if s == "" {
		s = "svc"
	}
	return s
}
