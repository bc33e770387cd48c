package checks

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

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
}

// Outcome is a job's verdict.
type Outcome struct {
	Job
	// Err is why the scenario could not be checked: bad input (errors.Is
	// scenario.ErrInput) in the scenario, its golden: or expect: sections or
	// its golden file; anything else is an internal error.
	Err error
	// Scenario, Seed and Fingerprint identify the run.
	Scenario    string
	Seed        uint64
	Fingerprint string
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
}

// Passed says that the run matched its golden and met its expectations.
func (o Outcome) Passed() bool {
	return o.Err == nil && len(o.Drift) == 0 && !o.TextDiffers && len(o.Failed) == 0
}

// Run runs a job: reads the scenario and its spec, runs it, evaluates the
// expectations, then writes or compares the golden file.
func Run(job Job, reg platform.Registry) Outcome {
	o := Outcome{Job: job}
	src, err := scenarios.ReadSource(job.Ref)
	if err != nil {
		o.Err = err
		return o
	}
	text, spec, serr := Split(src)
	plan, perr := scenario.ParseFiles(text, scenarios.Files(job.Ref), job.Overrides, reg)
	if serr != nil || perr != nil {
		o.Err = scenario.InputError(fmt.Errorf("scenario %s: %w", job.Ref, errors.Join(serr, perr)))
		return o
	}
	plan.Ref = job.Ref
	if job.Seed != nil {
		plan.Seed = *job.Seed
	}
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		o.Err = fmt.Errorf("scenario %s: %w", job.Ref, err)
		return o
	}
	o.Scenario, o.Seed, o.Fingerprint = plan.Name, plan.Seed, res.Fingerprint()
	now := Of(job.Version, res)
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
	if seed := fmt.Sprint(o.Seed); drifted && o.GoldenSeed != "" && o.GoldenSeed != seed {
		// every number moves with the seed: say so before the table
		fmt.Fprintf(&b, "%sthe golden was written with seed %s; this run used seed %s (--seed), so every random draw differs\n", indent, o.GoldenSeed, seed)
	}
	if drifted && o.GoldenVersion != o.Version {
		was := o.GoldenVersion
		if was == "" {
			was = "an execsim that did not record its version"
		}
		fmt.Fprintf(&b, "%sthe golden was written by %s; this is %s\n", indent, was, o.Version)
	}
	if len(o.Drift) > 0 {
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%sfield\tgolden\tnow\tchange\ttolerance\n", indent)
		for _, d := range o.Drift {
			fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%s\n", indent, d.Field, orNone(d.Golden), orNone(d.Now), orNone(d.Change), d.Tolerance)
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
