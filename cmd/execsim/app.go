package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platforms"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

// Exit codes: 0 success, 1 an internal error (a bug: please report it),
// 2 bad input (a missing file, invalid YAML, an invalid field, a bad flag).
const (
	exitOK       = 0
	exitInternal = 1
	exitInput    = 2
)

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
		Name:      "execsim",
		Usage:     "replay a request stream against " + joinAnd(labels) + " models, side by side",
		Writer:    out,
		ErrWriter: errOut,
		// errors are printed once, by exitCode, never by the library
		ExitErrHandler:            func(*cli.Context, error) {},
		DisableSliceFlagSeparator: true, // --set values may contain commas
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError{err}
		},
		CommandNotFound: func(c *cli.Context, name string) {
			fmt.Fprintf(errOut, "execsim: unknown command %q (see execsim help)\n", name)
		},
		Commands: []*cli.Command{
			runCommand(reg),
			sweepCommand(reg),
			mergeCommand(reg),
			breakevenCommand(reg),
			plotCommand(reg),
			goldenCommand(reg),
			validateCommand(reg),
			scenariosCommand(),
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	return app
}

// exitCode prints err (if any) and maps it to the process exit status.
func exitCode(err error, errOut io.Writer) int {
	if err == nil {
		return exitOK
	}
	msg := strings.TrimRight(err.Error(), "\n")
	var ue usageError
	var de differsError
	switch {
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

// joinAnd joins "a", "b", "c" as "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
