package checks

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/hashfs"
	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
)

// Job is one scenario to check against its golden file.
type Job struct {
	Ref       string // a scenario file or builtin:NAME
	Golden    string // the golden file
	Overrides []scenario.Override
	Seed      *uint64 // replaces the scenario's seed when set
	Update    bool    // write the golden file instead of comparing
	Version   string  // the execsim that runs the check, for the golden's first line
	Workers   int     // the runs of a sweep at once (at least 1)
	// Context, when set, stops the job (Ctrl-C): the hash of a trace, its
	// loading and its runs. The outcome's Err then wraps the context's
	// error, and no golden file is written.
	Context context.Context
	// Progress, when set, is told how the hashing and the loading of a
	// large trace go (readwatch's lines).
	Progress io.Writer
}

// Outcome is a job's verdict.
type Outcome struct {
	Job
	// Err is why the scenario could not be checked: bad input (errors.Is
	// scenario.ErrInput) in the scenario, its golden: or expect: sections or
	// its golden file; anything else is an internal error.
	Err error
	// Scenario, Seed and Fingerprint identify the run (Fingerprint is ""
	// for a sweep, whose units each have one).
	Scenario    string
	Seed        uint64
	Fingerprint string
	// Units is the number of runs a swept scenario's golden pins; 0 for
	// a scenario without a sweep.
	Units int
	// Golden is the golden file as read (when comparing) and Now the run's;
	// their headers say which scenario, hash and --set produced them.
	Gold, Now File
	// GoldenVersion is the version line of the golden file ("" when it has none).
	GoldenVersion string
	// GoldenSeed is the seed the golden was written with, as its text
	// gives it ("" when it does not say).
	GoldenSeed string
	Drift      []Drift
	// TextDiff is the golden text's line diff when it differs; it is a
	// failure only when the scenario sets no tolerance.
	TextDiff    string
	TextDiffers bool
	Failed      []Failure
	// Skipped says why an entry was not checked at all (a folder of
	// scenarios without golden files, passed over by test -r): JUnit
	// lists it as skipped, so that CI shows it rather than nothing.
	Skipped string
	// Warnings are what execsim run prints of the scenario as run (its
	// files' warnings, a run shorter than EC2's minimum bill, payloads
	// over a front door's limit): a golden matched with a --set that
	// triggers one still says so (walk9 #11).
	Warnings []string
}

// Passed says that the run matched its golden and met its expectations.
func (o Outcome) Passed() bool {
	return o.Err == nil && len(o.Drift) == 0 && !o.TextDiffers && len(o.Failed) == 0
}

// Run runs a job: reads the scenario and its spec, runs it (every unit of
// its sweep, if it has one), evaluates the expectations, then writes or
// compares the golden file.
func Run(job Job, reg platform.Registry) Outcome {
	o := Outcome{Job: job}
	src, err := scenarios.ReadSource(job.Ref)
	if err != nil {
		o.Err = err
		return o
	}
	text, spec, serr := Split(src)
	// every file the scenario reads, now or during its runs, passes here
	files := hashfs.Watched(scenarios.Files(job.Ref), job.Context, job.Progress)
	plan, perr := scenario.ParseReading(text, files, scenario.Reading{Context: job.Context, Progress: job.Progress}, job.Overrides, reg)
	if stop := files.Stopped(); stop != nil {
		// a reader that stopped early (a header, a bad row) has the
		// rest hashed at its Close; a Ctrl-C during that hash is no
		// error of the reader's, whose own (or none) the loader gives:
		// the hash knows why
		o.Err = fmt.Errorf("scenario %s: %w", job.Ref, stop)
		return o
	}
	if perr != nil && job.Context != nil && job.Context.Err() != nil {
		o.Err = fmt.Errorf("scenario %s: %w", job.Ref, job.Context.Err())
		if errors.Is(perr, job.Context.Err()) {
			o.Err = fmt.Errorf("scenario %s: %w", job.Ref, perr)
		}
		return o
	}
	if serr != nil || perr != nil {
		o.Err = scenario.InputError(fmt.Errorf("scenario %s: %w", job.Ref, errors.Join(serr, perr)))
		return o
	}
	plan.Ref = job.Ref
	if job.Seed != nil {
		plan.Seed = *job.Seed
	}
	o.Scenario, o.Seed = plan.Name, plan.Seed
	o.Warnings = slices.Clone(plan.Warnings)
	if x := scenario.ShortRunWarning(plan, plan.Platforms); x != "" {
		o.Warnings = append(o.Warnings, x)
	}
	o.Warnings = append(o.Warnings, plan.PayloadWarnings(plan.Platforms)...)
	if swept(plan) {
		// what some points' own values warn of, as sweep prints it (walk14
		// #1: a swept memory that sized no function went unsaid); a
		// point that fails its checks is SweepOf's error below
		if ws, err := plan.SweepWarnings(); err == nil {
			for _, w := range ws {
				if w.Points != nil && !slices.Contains(o.Warnings, w.Text) {
					o.Warnings = append(o.Warnings, w.Line(plan.Axes))
				}
			}
		}
	}
	var now File
	if swept(plan) {
		if now, err = SweepOf(job.Context, job.Version, plan, job.Workers); err != nil {
			o.Err = fmt.Errorf("scenario %s: %w", job.Ref, err)
			if errors.Is(err, scenario.ErrInput) {
				o.Err = scenario.InputError(o.Err)
			}
			return o
		}
		o.Units = len(plan.Units())
	} else {
		res, err := runner.Run(plan, runner.Options{Context: job.Context})
		if err != nil {
			o.Err = fmt.Errorf("scenario %s: %w", job.Ref, err)
			return o
		}
		o.Fingerprint = res.Fingerprint()
		now = Of(job.Version, res)
	}
	now.Scenario, now.ScenarioSHA256 = scenarioName(job.Ref), scenarioHash(text)
	now.Sets = []string{}
	for _, ov := range job.Overrides {
		now.Sets = append(now.Sets, ov.Path+"="+ov.Value)
	}
	inputs, err := files.Files()
	if err != nil {
		// a file whose reader never closed it is hashed now; failing
		// that, the golden would pin fewer inputs than the run read
		o.Err = fmt.Errorf("scenario %s: %w", job.Ref, err)
		return o
	}
	for _, in := range inputs {
		now.Inputs = append(now.Inputs, Input{Path: in.Path, SHA256: in.SHA256})
	}
	now.Sealed = true
	o.Now = now
	if err := spec.Validate(now); err != nil {
		o.Err = scenario.InputError(fmt.Errorf("scenario %s: %w", job.Ref, err))
		return o
	}
	if o.Failed, err = Check(now, spec); err != nil {
		o.Err = scenario.InputError(fmt.Errorf("scenario %s: %w", job.Ref, err))
		return o
	}
	if job.Update {
		if err := WriteFile(job.Golden, now.Bytes()); err != nil {
			o.Err = scenario.InputError(fmt.Errorf("golden file %s: %w", job.Golden, err))
		}
		return o
	}
	data, err := os.ReadFile(job.Golden)
	if errors.Is(err, fs.ErrNotExist) {
		o.Err = scenario.InputError(fmt.Errorf("golden file %s does not exist (create it with --update)", job.Golden))
		return o
	} else if err != nil {
		o.Err = scenario.InputError(fmt.Errorf("golden file %s: %w", job.Golden, err))
		return o
	}
	gold, err := Parse(data)
	if err != nil {
		o.Err = scenario.InputError(fmt.Errorf("golden file %s: %w", job.Golden, err))
		return o
	}
	o.Gold = gold
	if err := HandEdit(gold, now); err != nil {
		// a golden whose readable part disagrees with what execsim wrote
		// is bad input, like one that does not parse: no verdict on it
		o.Err = scenario.InputError(fmt.Errorf("golden file %s: %w", job.Golden, err))
		return o
	}
	o.GoldenVersion, o.GoldenSeed = gold.Version, seedLine(gold.Text)
	if o.Drift, o.TextDiffers, err = Compare(gold, now, spec); err != nil {
		o.Err = scenario.InputError(fmt.Errorf("golden file %s: %w", job.Golden, err))
		return o
	}
	if gold.Text != now.Text {
		o.TextDiff = LineDiff(gold, now)
	}
	return o
}

// scenarioName is how a golden names its scenario: the file's base name
// (the same whatever folder the command ran from), or builtin:NAME.
func scenarioName(ref string) string {
	if strings.HasPrefix(ref, scenarios.BuiltinPrefix) {
		return ref
	}
	return filepath.Base(ref)
}

// scenarioHash is the sha256 of a scenario's text as Split leaves it,
// without its empty lines: Split blanks the lines of golden: and expect:,
// so that adding a tolerance or an assertion leaves the hash alone.
func scenarioHash(text []byte) string {
	h := sha256.New()
	for _, l := range bytes.Split(text, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			h.Write(l)
			h.Write([]byte("\n"))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Report describes what failed, one problem a line, each line starting
// with indent: a note when another execsim wrote the golden, the drifted
// fields as a table (field, golden, now, change, tolerance), the unmet
// expectations, and, when textDiff is set or no field explains the
// difference, the golden text's line diff. It is empty for a passed job.
func (o Outcome) Report(indent string, textDiff bool) string {
	var b strings.Builder
	if o.Err != nil {
		for _, l := range strings.Split(o.Err.Error(), "\n") {
			b.WriteString(indent + l + "\n")
		}
		return b.String()
	}
	drifted := len(o.Drift) > 0 || o.TextDiffers
	if drifted {
		for _, n := range o.notes() {
			b.WriteString(indent + n + "\n")
		}
	}
	if len(o.Drift) > 0 && units(o.Gold) == units(o.Now) {
		for _, l := range decisive(o.Gold.Text, o.Now.Text, o.Drift) {
			b.WriteString(indent + l + "\n")
		}
	}
	drift := o.Drift
	// two sweeps pin runs by the same names: runs gone or new are named,
	// and the table keeps the runs both pin
	bothSweep := units(o.Gold) > 0 && units(o.Now) > 0
	sameRuns := bothSweep || units(o.Gold) == units(o.Now)
	if gone, added, left := unitChanges(drift); len(gone)+len(added) > 0 && bothSweep {
		b.WriteString(indent + unitChangesLine(gone, added, len(drift)-len(left)) + "\n")
		drift = left
	}
	if gone, added, left := serviceChanges(drift); len(gone)+len(added) > 0 && sameRuns {
		// a trace that loses one service and gains another drifts every
		// field of both (about 30 each): say which services first, and
		// leave their rows out of the table
		var parts []string
		if len(gone) > 0 {
			parts = append(parts, fmt.Sprintf("%s %s gone (in the golden, not in this run)", format.Plural(len(gone), "service", "services"), format.And(gone)))
		}
		if len(added) > 0 {
			parts = append(parts, fmt.Sprintf("%s %s new (in this run, not in the golden)", format.Plural(len(added), "service", "services"), format.And(added)))
		}
		fmt.Fprintf(&b, "%s%s; their %d fields are not listed\n", indent, strings.Join(parts, ", "), len(drift)-len(left))
		drift = left
	}
	if len(drift) > 0 && !sameRuns {
		// the runs pinned differ (a note says how): every field is gone
		// or new, and a table of them all would bury the note
		fmt.Fprintf(&b, "%s%d fields differ (not listed: the golden and this run pin different runs)\n", indent, len(drift))
	} else if len(drift) > 0 {
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%sfield\tgolden\tnow\tchange\ttolerance\n", indent)
		for _, d := range drift {
			was, is, chg := plainNumber(d.Golden), plainNumber(d.Now), d.Change
			if yesNo(d.Field) {
				// slo.met is 1 or 0: "1 → 0 −100.00 %" read as a quantity
				was, is, chg = yesNoText(d.Golden), yesNoText(d.Now), ""
			}
			fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%s\n", indent, d.Field+aliasNote(d.Field, o.Now.alias(d.Field)), orNone(was), orNone(is), orNone(chg), d.Tolerance)
		}
		_ = tw.Flush()
	}
	for _, f := range o.Failed {
		b.WriteString(indent + f.String() + "\n")
	}
	if o.TextDiff != "" && drifted && (textDiff || len(o.Drift) == 0) {
		fmt.Fprintf(&b, "%sgolden text (- golden, + now):\n", indent)
		for _, l := range strings.Split(strings.TrimSuffix(o.TextDiff, "\n"), "\n") {
			b.WriteString(indent + l + "\n")
		}
	}
	return b.String()
}

// aliasNote names the platform of a numbered field of the placement, as
// its alias does: " (lambda)" for placement.services.S.options.1.tail_ms,
// " (all_lambda)" for placement.trials.1.monthly_usd; "" for a field
// without an alias. The number alone does not say which platform moved.
func aliasNote(name, alias string) string {
	a, b := strings.Split(name, "."), strings.Split(alias, ".")
	if alias == "" || len(a) != len(b) {
		return ""
	}
	for i := range a {
		if a[i] != b[i] {
			return " (" + b[i] + ")"
		}
	}
	return ""
}

// notes say, before a drift's table, why every number may have moved:
// another seed, other --set values, an edited scenario or an edited file
// it reads, another execsim, a golden of the base point only for a
// scenario that now sweeps (or the reverse). Each names what the golden
// recorded; a golden written before execsim recorded the scenario and
// --set gets no note on them, and one without input lines none on inputs.
func (o Outcome) notes() []string {
	var out []string
	if seed := fmt.Sprint(o.Seed); o.GoldenSeed != "" && o.GoldenSeed != seed {
		// every number moves with the seed: say so first
		out = append(out, fmt.Sprintf("the golden was written with seed %s; this run used seed %s (%s), so every random draw differs",
			o.GoldenSeed, seed, o.seedSource()))
	}
	if g := o.Gold; g.Scenario != "" {
		if n := o.SetsNote(); n != "" {
			out = append(out, n)
		}
		if g.ScenarioSHA256 != o.Now.ScenarioSHA256 {
			what := "the scenario " + o.Now.Scenario
			if g.Scenario != o.Now.Scenario {
				what = fmt.Sprintf("the scenario (%s, written from %s)", o.Now.Scenario, g.Scenario)
			}
			out = append(out, fmt.Sprintf("%s changed since the golden was written (sha256 %s then, %s now, golden: and expect: aside)",
				what, short(g.ScenarioSHA256), short(o.Now.ScenarioSHA256)))
		}
	}
	out = append(out, inputNotes(o.Gold.Inputs, o.Now.Inputs)...)
	if o.GoldenVersion != o.Version {
		was := o.GoldenVersion
		if was == "" {
			was = "an execsim that did not record its version"
		}
		out = append(out, fmt.Sprintf("the golden was written by %s; this is %s", was, o.Version))
	}
	switch was, is := units(o.Gold), units(o.Now); {
	case was == 0 && is > 0:
		out = append(out, fmt.Sprintf("the golden pins one run; the scenario now sweeps %d runs, each pinned (rewrite the golden with --update)", is))
	case was > 0 && is == 0:
		out = append(out, fmt.Sprintf("the golden pins a sweep of %d runs; the scenario now has no sweep: or replications", was))
	case was != is:
		out = append(out, fmt.Sprintf("the golden pins a sweep of %d runs; the scenario's sweep now has %d", was, is))
	}
	return out
}

// inputNotes name each file read that changed, and each read by only one
// of the golden's run and this one, in path order. A golden without input
// lines gets none: it was written before execsim recorded them, or its
// scenario read no file, and then the scenario's own note says what changed.
func inputNotes(was, is []Input) []string {
	if len(was) == 0 {
		return nil
	}
	// a hand-edited golden may list them in another order
	byPath := func(a, b Input) int { return strings.Compare(a.Path, b.Path) }
	was, is = slices.SortedFunc(slices.Values(was), byPath), slices.SortedFunc(slices.Values(is), byPath)
	var out []string
	i, j := 0, 0
	for i < len(was) || j < len(is) {
		switch {
		case j == len(is) || i < len(was) && was[i].Path < is[j].Path:
			out = append(out, fmt.Sprintf("the golden's run read %s (sha256 %s); this run does not", was[i].Path, short(was[i].SHA256)))
			i++
		case i == len(was) || is[j].Path < was[i].Path:
			out = append(out, fmt.Sprintf("this run reads %s (sha256 %s), which the golden's run did not", is[j].Path, short(is[j].SHA256)))
			j++
		default:
			if was[i].SHA256 != is[j].SHA256 {
				out = append(out, fmt.Sprintf("%s changed since the golden was written (sha256 %s then, %s now)",
					is[j].Path, short(was[i].SHA256), short(is[j].SHA256)))
			}
			i, j = i+1, j+1
		}
	}
	return out
}

// seedSource says where this run's seed came from.
func (o Outcome) seedSource() string {
	if o.Job.Seed != nil {
		return "--seed"
	}
	for _, ov := range slices.Backward(o.Overrides) {
		if ov.Path == "seed" {
			return "--set seed=" + ov.Value
		}
	}
	return "the scenario's seed:"
}

// setsText writes --set values as a command line would.
// SetsNote says how this run's --set differ from those that wrote the
// golden ("" when they are the same, or the golden does not record them):
// a drift report leads with it, and a match says it too, since the golden
// then pins a run other than the one checked.
func (o Outcome) SetsNote() string {
	if o.Gold.Scenario == "" {
		return ""
	}
	was, is := setsText(o.Gold.Sets), setsText(o.Now.Sets)
	switch {
	case was == is:
		return ""
	case is == "":
		return fmt.Sprintf("the golden was written with %s; this run has no --set", was)
	case was == "":
		return fmt.Sprintf("this run has %s; the golden was written without --set", is)
	}
	return fmt.Sprintf("the golden was written with %s; this run has %s", was, is)
}

func setsText(sets []string) string {
	var parts []string
	for _, s := range sets {
		parts = append(parts, "--set "+format.ShellQuote(s))
	}
	return strings.Join(parts, " ")
}

// short is the first 12 hex digits of a hash, enough to tell two apart.
func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// WriteFile writes data to path through a temporary file in the same
// folder, renamed into place, so that a reader never sees half a file.
func WriteFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// seedLine is the value of the golden text's "seed N" line, "" if none.
func seedLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, "seed "); ok {
			return v
		}
	}
	return ""
}

// serviceField matches the service part of a per-service field:
// kubernetes.services.NAME.…, lambda.functions.NAME.…,
// kubernetes.deployments.NAME.… (also inside a blend's parts).
var serviceField = regexp.MustCompile(`(?:^|\.)(?:services|functions|deployments)\.([^.]+)\.`)

// serviceChanges finds the services whose fields are all gone from this
// run (in the golden only) or all new in it, in the order the drift
// lists them, and the drift without their rows.
func serviceChanges(drift []Drift) (gone, added []string, left []Drift) {
	// a service is gone when every one of its drifted fields has no now,
	// and it has at least one; new, the reverse
	goneKeys, addedKeys, left := wholeChanges(drift, func(d Drift) string {
		unit, field := SplitUnit(d.Field)
		if m := serviceField.FindStringSubmatch(field); m != nil {
			return unit + "|" + m[1]
		}
		return ""
	})
	names := func(keys []string) []string {
		var out []string
		for _, k := range keys {
			unit, s, _ := strings.Cut(k, "|")
			if unit != "" {
				s = unit + "/" + s
			}
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	return names(goneKeys), names(addedKeys), left
}

// decisive opens a drift report with what decides (walk11 #5: one CPU
// request changed gave 782 lines and no summary): which services the
// placement moved between platforms, read from the golden text's
// "placed SERVICE on PLATFORM" lines, and each platform's monthly total
// and SLO verdict that moved (FIELD.cost.monthly_usd, FIELD.slo.met).
func decisive(gold, now string, drift []Drift) []string {
	placed := func(text string) ([]string, map[string]string) {
		var order []string
		on := map[string]string{}
		for _, l := range strings.Split(text, "\n") {
			if rest, ok := strings.CutPrefix(l, "placed "); ok {
				if svc, pf, ok := strings.Cut(rest, " on "); ok {
					order = append(order, svc)
					on[svc] = pf
				}
			}
		}
		return order, on
	}
	_, was := placed(gold)
	order, is := placed(now)
	var out []string
	if len(was) > 0 && len(is) > 0 {
		var moved []string
		for _, svc := range order {
			if w, ok := was[svc]; ok && w != is[svc] {
				moved = append(moved, fmt.Sprintf("%s (%s → %s)", svc, w, is[svc]))
			}
		}
		switch {
		case len(moved) == 0:
			out = append(out, "placement: no service changed platform")
		case len(moved) <= 10:
			out = append(out, fmt.Sprintf("placement: %d %s changed platform: %s", len(moved), format.Plural(len(moved), "service", "services"), strings.Join(moved, ", ")))
		default:
			out = append(out, fmt.Sprintf("placement: %d services changed platform: %s and %d more", len(moved), strings.Join(moved[:10], ", "), len(moved)-10))
		}
	}
	var totals []string
	for _, d := range drift {
		if strings.Contains(d.Field, "/") {
			continue // a sweep's unit: its own report
		}
		segs := strings.Split(d.Field, ".")
		if len(segs) != 3 {
			continue
		}
		switch {
		case segs[1] == "cost" && segs[2] == "monthly_usd" && d.Golden != "" && d.Now != "":
			totals = append(totals, fmt.Sprintf("%s $%s → $%s a month (%s)", segs[0], money(d.Golden), money(d.Now), d.Change))
		case segs[1] == "slo" && segs[2] == "met":
			totals = append(totals, fmt.Sprintf("%s SLO met %s → %s", segs[0], orNone(yesNoText(d.Golden)), orNone(yesNoText(d.Now))))
		}
	}
	if len(totals) > 0 {
		out = append(out, "totals: "+strings.Join(totals, "; "))
	} else if len(out) > 0 {
		out = append(out, "totals: no platform's monthly total or SLO verdict moved")
	}
	if len(out) > 0 {
		out = append(out, "detail:")
	}
	return out
}

// money writes a dollar amount with cents, or the text as it is.
func money(v string) string {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

// yesNo says whether a field is a yes/no one (1 or 0): an SLO met.
func yesNo(field string) bool {
	_, base := SplitUnit(field)
	return strings.HasSuffix(base, ".met") || base == "met"
}

func yesNoText(v string) string {
	switch v {
	case "1":
		return "yes"
	case "0":
		return "no"
	}
	return v
}
