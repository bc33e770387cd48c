package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

// scenarioArg is what a command on one scenario takes.
const scenarioArg = "FILE|builtin:NAME"

// command builds a subcommand: its name, one line on what it does, what
// its arguments are, its flags and its action.
func command(name, usage, args string, flags []cli.Flag, action cli.ActionFunc) *cli.Command {
	return &cli.Command{Name: name, Usage: usage, ArgsUsage: args, Flags: flags, Action: action}
}

// scenarioCommand builds a subcommand on one scenario (FILE|builtin:NAME):
// it adds --set to the flags, and its action receives the scenario and the
// overrides.
func scenarioCommand(name, usage string, flags []cli.Flag, action func(c *cli.Context, ref string, overrides []scenario.Override) error) *cli.Command {
	return command(name, usage, scenarioArg, append(flags, setFlag()), func(c *cli.Context) error {
		ref, overrides, err := scenarioArgs(c)
		if err != nil {
			return err
		}
		return action(c, ref, overrides)
	})
}

// The flags several commands share, defined once.

func setFlag() cli.Flag {
	return &cli.StringSliceFlag{
		Name:  "set",
		Usage: "override a scenario field, e.g. --set workload.arrivals.ratePerSecond=50 (repeatable)",
	}
}

func seedFlag() cli.Flag {
	return &cli.GenericFlag{Name: "seed", Usage: "override the scenario's seed (a whole number from 0 to 2^64−1)", Value: &seedValue{}}
}

// seedValue is --seed's value: a whole number from 0 to 2^64−1. With
// urfave's Uint64Flag, "-1" and "abc" read only "parse error", saying
// nothing of what a seed may be; Set's error is printed after the flag
// and the value instead.
type seedValue struct {
	seed uint64
	set  bool
}

func (s *seedValue) Set(text string) error {
	v, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		return fmt.Errorf("a seed is a whole number from 0 to %d", uint64(math.MaxUint64))
	}
	s.seed, s.set = v, true
	return nil
}

func (s *seedValue) String() string {
	if s == nil || !s.set {
		return ""
	}
	return strconv.FormatUint(s.seed, 10)
}

// outFlag is a command's --out DIR. An empty value is refused: run
// --out "" wrote nothing and said nothing, breakeven, sweep and tune fell
// back to their default folder, and merge called the flag missing, so a
// script whose $OUT was unset never learned it (inputs7).
func outFlag(usage string) cli.Flag {
	return &cli.GenericFlag{Name: "out", Usage: usage, Value: &outValue{}}
}

// outValue is --out's value: a folder's name, not empty.
type outValue struct{ dir string }

func (o *outValue) Set(text string) error {
	if text == "" {
		return fmt.Errorf("the folder to write into, not empty (an unset variable?): give a folder's name")
	}
	o.dir = text
	return nil
}

func (o *outValue) String() string {
	if o == nil {
		return ""
	}
	return o.dir
}

// longFlagName names a long flag as users type it in an invalid-value
// error: Go's flag package writes `invalid value "" for flag -out: …`,
// and execsim's help and every other message say --out (review10).
// A one-letter flag keeps its single dash.
func longFlagName(err error) error {
	const lead = " for flag -"
	msg := err.Error()
	before, rest, ok := strings.Cut(msg, lead)
	if !ok || !strings.HasPrefix(msg, "invalid value ") {
		return err
	}
	name, tail, ok := strings.Cut(rest, ":")
	if !ok || len(name) < 2 {
		return err
	}
	return renamedFlag{msg: before + " for flag --" + name + ":" + tail, err: err}
}

// renamedFlag is an error reworded by longFlagName; it still wraps the
// original.
type renamedFlag struct {
	msg string
	err error
}

func (e renamedFlag) Error() string { return e.msg }
func (e renamedFlag) Unwrap() error { return e.err }

func workersFlag() cli.Flag {
	return &cli.IntFlag{Name: "workers", Value: runtime.NumCPU(),
		Usage: "runs at once; for sweep, breakeven and tune, simulations computing at once, a run's platforms one each (results are identical for any value)"}
}

func maxRequestsFlag() cli.Flag {
	return &cli.GenericFlag{Name: "max-requests", Value: &maxRequestsValue{limit: scenario.DefaultMaxArrivals},
		Usage: "refuse a run expected to simulate more requests than this (a guard against runs that would not finish)"}
}

// maxRequestsValue is --max-requests' value: a number of requests, at
// least 1. As a Float64Flag, 0 and negative limits fell back to the
// default silently (Plan.CheckSize), so --max-requests 0 ran what it was
// meant to refuse, and "abc" read only "parse error".
type maxRequestsValue struct{ limit float64 }

func (m *maxRequestsValue) Set(text string) error {
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || !(v >= 1) || math.IsInf(v, 0) {
		return fmt.Errorf("a number of requests, at least 1 (e.g. 5e9)")
	}
	m.limit = v
	return nil
}

func (m *maxRequestsValue) String() string {
	if m == nil {
		return ""
	}
	return strconv.FormatFloat(m.limit, 'g', -1, 64)
}

// maxRequestsOf is --max-requests.
func maxRequestsOf(c *cli.Context) float64 {
	return c.Generic("max-requests").(*maxRequestsValue).limit
}

func noProgressFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-progress", Usage: "never show progress (a bar on a terminal; in a log, a line with the ETA every 10 s)"}
}

// scenarioArgs reads the one scenario argument and the --set overrides.
func scenarioArgs(c *cli.Context) (string, []scenario.Override, error) {
	ref, err := oneArg(c)
	if err != nil {
		return "", nil, err
	}
	overrides, err := parseOverrides(c.StringSlice("set"))
	return ref, overrides, err
}

// seedOf is --seed, or nil when not given.
func seedOf(c *cli.Context) *uint64 {
	if !c.IsSet("seed") {
		return nil
	}
	s := c.Generic("seed").(*seedValue).seed
	return &s
}

// workersOf is --workers, checked.
func workersOf(c *cli.Context) (int, error) {
	n := c.Int("workers")
	if n < 1 {
		return 0, usagef("--workers %d: must be at least 1", n)
	}
	return n, nil
}

func oneArg(c *cli.Context) (string, error) {
	switch c.NArg() {
	case 0:
		return "", usagef("%s needs a scenario: a file or builtin:NAME (see execsim scenarios)", c.Command.Name)
	case 1:
		return c.Args().First(), nil
	}
	return "", usagef("%s takes one scenario (got %d arguments: %v); give one file or builtin:NAME", c.Command.Name, c.NArg(), c.Args().Slice())
}

func parseOverrides(sets []string) ([]scenario.Override, error) {
	var out []scenario.Override
	for _, s := range sets {
		o, err := scenario.ParseOverride(s)
		if err != nil {
			return nil, usageError{err}
		}
		out = append(out, o)
	}
	return out, nil
}

// safeName is a scenario name fit for a folder name under out/: letters,
// digits, dots, dashes and underscores, anything else an underscore, and
// no leading dot (a name like ../../x must not climb out of out/).
func safeName(name string) string {
	s := scenario.FileNamePart(name)
	if s == "" || s[0] == '.' {
		s = "_" + s
	}
	return s
}

// noteLongWork tells, before it starts, that work will take a while: the
// expected requests and CPU time (a long run is no surprise).
func noteLongWork(errOut io.Writer, what string, requests float64, cpu time.Duration) {
	if cpu >= time.Minute {
		fmt.Fprintf(errOut, "execsim: note: %s will simulate about %.3g requests, about %v of CPU\n", what, requests, cpu.Round(time.Second))
	}
}

// loadPlan reads and compiles a scenario under the command's run limit
// (--max-requests); rd stops a long read on Ctrl-C and tells its progress.
func loadPlan(rd scenario.Reading, reg platform.Registry, ref string, overrides []scenario.Override, maxArrivals float64) (*scenario.Plan, error) {
	plan, err := scenarios.LoadReading(ref, overrides, reg, rd)
	if err != nil {
		return nil, err
	}
	plan.MaxArrivals = maxArrivals
	return plan, nil
}

// interruption splits the error of work that Ctrl-C can stop: an
// interruption (what finished is still written, and the command ends
// with it) or a failure.
func interruption(err error) (interrupted, failed error) {
	if err != nil && errors.Is(err, context.Canceled) {
		return err, nil
	}
	return nil, err
}

// stopped is the interruption a command ends with once it has said what
// it kept: execsim prints "interrupted: " and the message, once, instead
// of the wrapped "interrupted: interrupted: context canceled" (walk4).
type stopped struct {
	msg   string
	cause error // the context's error, so that errors.Is still sees it
}

func (s stopped) Error() string { return s.msg }
func (s stopped) Unwrap() error { return s.cause }

// stoppedf is stopped with a formatted message.
func stoppedf(cause error, format string, args ...any) error {
	return stopped{msg: fmt.Sprintf(format, args...), cause: cause}
}
