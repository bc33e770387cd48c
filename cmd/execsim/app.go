package main

import (
	"context"
	"runtime/debug"
	"slices"

	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/runner"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

// Exit codes: 0 success, 1 an internal error (a bug: please report it),
// 2 bad input (a missing file, invalid YAML, an invalid field, a bad flag
// or command), 3 golden drift, 130 interrupted (Ctrl-C).
const (
	exitOK          = 0
	exitInternal    = 1
	exitInput       = 2
	exitInterrupted = 130
)

// exitStatusHelp is the exit statuses, for --help and the README.
const exitStatusHelp = `Exit status: 0 success; 1 internal error (a bug: please report it);
2 bad input (file, field, flag or command); 3 a golden file no longer matches
or an expectation failed;
130 interrupted (what finished is written, marked partial).`

// usageError marks a command-line mistake (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// newApp is execsim with its own platforms.
func newApp(out, errOut io.Writer) *cli.App { return newAppWith(out, errOut, platforms.Default()) }

// newAppWith is execsim with the registry's platforms (tests add their own).
func newAppWith(out, errOut io.Writer, reg platform.Registry) *cli.App {
	var labels []string
	for _, p := range reg {
		labels = append(labels, p.Look().Label)
	}
	app := &cli.App{
		Name:        "execsim",
		Usage:       "replay a request stream against " + format.And(labels) + " models, side by side",
		Description: exitStatusHelp,
		Writer:      out,
		ErrWriter:   errOut,
		// errors are printed once, by exitCode, never by the library
		ExitErrHandler:            func(*cli.Context, error) {},
		DisableSliceFlagSeparator: true, // --set values may contain commas
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError{withAllowed(c, withFlagHint(c, longFlagName(err)))}
		},
		Commands: []*cli.Command{
			runCommand(reg),
			sweepCommand(reg),
			mergeCommand(reg),
			breakevenCommand(reg),
			tuneCommand(reg),
			plotCommand(reg),
			goldenCommand(reg),
			validateCommand(reg),
			scenariosCommand(),
			testCommand(reg),
			completionCommand(),
		},
	}
	setVersion(app)           // --version, and the version command
	addExamples(app.Commands) // after every command exists
	addProfiling(app.Commands)
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	return app
}

// execute runs the app on the command line as main does: flags may follow
// the scenario, an unknown command is bad input with a did-you-mean, and
// a panic is reported as an internal error with what a bug report needs.
func execute(ctx context.Context, app *cli.App, args []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &runner.PanicError{What: "execsim", Value: r, Stack: debug.Stack()}
		}
	}()
	unknown := ""
	switch {
	case len(args) > 1 && !strings.HasPrefix(args[1], "-") && app.Command(args[1]) == nil && args[1] != "help":
		unknown = args[1]
	case len(args) > 2 && args[1] == "help" && !strings.HasPrefix(args[2], "-") && app.Command(args[2]) == nil:
		// urfave/cli's "No help topic for …" would read as a bug (exit 1)
		unknown = args[2]
	}
	if unknown != "" {
		var names []string
		for _, c := range app.Commands {
			names = append(names, c.Name)
		}
		hint := "see execsim help"
		if s := platform.Closest(unknown, names); s != "" {
			hint = "did you mean " + s + "?"
		}
		return usagef("unknown command %q (%s)", unknown, hint)
	}
	return app.RunContext(ctx, interspersed(app, args))
}

// withFlagHint rewrites the standard library's "flag provided but not
// defined: -shard" with the flag as it is written (--shard) and a hint: the
// nearest flag of the command, or else the commands that do take it
// (breakeven --shard: "only sweep takes --shard").
// withAllowed says what a number flag takes when its value did not
// parse: urfave's "invalid value "5%" for flag --tolerance: parse error"
// said nothing of what is allowed (walk14 #10).
func withAllowed(c *cli.Context, err error) error {
	msg := err.Error()
	head, ok := strings.CutSuffix(msg, ": parse error")
	_, rest, found := strings.Cut(head, " for flag --")
	if !ok || !found || c == nil || c.Command == nil {
		return err
	}
	for _, f := range c.Command.Flags {
		if !slices.Contains(f.Names(), rest) {
			continue
		}
		want := ""
		switch f.(type) {
		case *cli.Float64Flag:
			want = "a plain number, e.g. 20 or 2.5e3 (no unit, suffix or %)"
			if rest == "tolerance" {
				want = "a fraction, e.g. 0.05 for 5 % (no %)"
			}
		case *cli.IntFlag:
			want = "a whole number, e.g. 30"
		}
		if want != "" {
			return renamedFlag{msg: head + ": want " + want, err: err}
		}
	}
	return err
}

func withFlagHint(c *cli.Context, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok || c == nil {
		return err
	}
	var flags []cli.Flag
	var here string
	if c.Command != nil && c.Command.Name != "" {
		flags, here = c.Command.Flags, c.Command.Name
	} else if c.App != nil {
		flags = c.App.Flags
	}
	var names []string
	for _, f := range flags {
		for _, n := range f.Names() {
			if len(n) > 1 { // -h is one letter from any other one letter
				names = append(names, n)
			}
		}
	}
	dash := "--"
	if len(name) == 1 {
		dash = "-"
	}
	msg := "flag provided but not defined: " + dash + name
	if s := platform.Closest(name, names); s != "" {
		return fmt.Errorf("%s (did you mean --%s?)", msg, s)
	}
	if c.App != nil && here != "" {
		var takers []string
		for _, cmd := range c.App.Commands {
			for _, f := range cmd.Flags {
				if slices.Contains(f.Names(), name) {
					takers = append(takers, cmd.Name)
					break
				}
			}
		}
		if len(takers) > 0 {
			return fmt.Errorf("%s (%s takes no %s%s; %s %s)", msg, here, dash, name, format.And(takers), format.Plural(len(takers), "does", "do"))
		}
	}
	return errors.New(msg)
}

// exitCode prints err (if any) and maps it to the process exit status.
func exitCode(err error, errOut io.Writer) int {
	if err == nil {
		return exitOK
	}
	msg := strings.TrimRight(err.Error(), "\n")
	var ue usageError
	var de differsError
	var pe *runner.PanicError
	switch {
	case errors.As(err, &pe):
		fmt.Fprintf(errOut, "execsim: internal error (a bug): %s panicked: %v\n"+
			"Please report it with the command line, the scenario file and this trace:\n%s", pe.What, pe.Value, pe.Stack)
		return exitInternal
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(errOut, "execsim: interrupted: %s\n", indentLines(msg))
		return exitInterrupted
	case errors.As(err, &de):
		fmt.Fprintf(errOut, "execsim: %s\n", msg)
		return exitDiffers
	case errors.As(err, &ue), errors.Is(err, scenario.ErrInput):
		fmt.Fprintf(errOut, "execsim: %s\n", indentLines(msg))
		return exitInput
	default:
		fmt.Fprintf(errOut, "execsim: internal error: %s\n", indentLines(msg))
		return exitInternal
	}
}

// indentLines puts each problem of a multi-line error on its own indented line.
func indentLines(msg string) string {
	lines := strings.Split(msg, "\n")
	if len(lines) == 1 {
		return msg
	}
	return lines[0] + "\n  " + strings.Join(lines[1:], "\n  ")
}
