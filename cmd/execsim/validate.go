package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/checks"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

func validateCommand(reg platform.Registry) *cli.Command {
	return scenarioCommand("validate", "check a scenario and print the compiled plan, every default filled in",
		[]cli.Flag{&cli.BoolFlag{Name: "prices", Usage: "also list every price (path, value, source) the run would use: EC2 only for the instance types its node pools may launch"},
			&cli.BoolFlag{Name: "all", Usage: fmt.Sprintf("list every service, function and Deployment (the plan shows the first %d of each list)", scenario.DescribeListMax)}},
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			return validateAll(c.App.Writer, reg, ref, overrides, c.Bool("prices"), c.Bool("all"), scenario.Reading{Context: c.Context, Progress: c.App.ErrWriter})
		})
}

func validate(w io.Writer, reg platform.Registry, ref string, overrides []scenario.Override, prices bool, rd scenario.Reading) error {
	return validateAll(w, reg, ref, overrides, prices, false, rd)
}

// validateAll is validate printing every entry of the plan's lists when
// all is set (a fleet of 100,000 services described in full took 5.7 GB).
func validateAll(w io.Writer, reg platform.Registry, ref string, overrides []scenario.Override, prices, all bool, rd scenario.Reading) error {
	plan, err := scenarios.LoadReading(ref, overrides, reg, rd)
	if err != nil {
		return err
	}
	// every point, checked, and what each warns of that the scenario as
	// written does not (walk14 #1: a swept lambda.memoryMB that sized no
	// function was warned of nowhere)
	sweepWarnings, err := plan.SweepWarnings()
	if err != nil {
		return scenario.InputError(fmt.Errorf("scenario %s: %w", ref, err))
	}
	// golden: and expect: are for execsim test; check them here too
	if src, err := scenarios.ReadSource(ref); err == nil {
		if _, _, err := checks.Split(src); err != nil {
			return scenario.InputError(fmt.Errorf("scenario %s: %w", ref, err))
		}
	}
	fmt.Fprintf(w, "# %s is valid; the compiled plan, with every default:\n", ref)
	for _, x := range plan.Cost.Warnings {
		fmt.Fprintf(w, "# warning: %s\n", x)
	}
	for _, x := range plan.Warnings { // the files it names (issue 14)
		fmt.Fprintf(w, "# warning: %s\n", x)
	}
	// of a run of every platform, as execsim run runs by default
	if x := scenario.ShortRunWarning(plan, plan.Platforms); x != "" {
		fmt.Fprintf(w, "# warning: %s\n", x)
	}
	for _, x := range scenario.PayloadProblems(plan, plan.Platforms) {
		fmt.Fprintf(w, "# warning: %s\n", x)
	}
	base := plan.RunWarnings()
	for _, x := range pointWarningsOf(sweepWarnings, base, plan.Axes) {
		if slices.Contains(base, x.Warning) {
			continue // printed above, as the scenario's own
		}
		if x.Where == "" {
			x.Where = "every point"
		}
		fmt.Fprintf(w, "# warning: sweep, %s: %s\n", x.Where, x.Warning)
	}
	describe := plan.Describe
	if all {
		describe = plan.DescribeAll
	}
	if _, err = io.WriteString(w, describe()); err != nil || !prices {
		return err
	}
	p := plan.Cost.Prices
	used, all := nodeTypesOf(plan)
	fmt.Fprintf(w, "\n# prices (%s, catalogue of %s); override any under cost.prices:\n", p.Region, p.Date)
	if !all {
		fmt.Fprintf(w, "# (EC2: the instance types the node pools may launch; the catalogue has more)\n")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, path := range p.Paths() {
		if t, ok := ec2Type(path); ok && !all && !used[t] {
			continue
		}
		v, _ := p.Get(path)
		src, ok := p.Source(path)
		where := "spot: the on-demand price less ec2.spotDiscount"
		if ok && src.Tag != "" {
			where = strings.TrimSpace(fmt.Sprintf("%s %s %s", src.Tag, src.Ref, src.Date))
		}
		if strings.HasSuffix(path, ".spotHourUSD") && v == 0.0 {
			v = "—"
		}
		fmt.Fprintf(tw, "%s\t%v\t%s\n", path, v, where)
	}
	return tw.Flush()
}

// nodeTypesOf is the instance types the plan's platforms may launch, or
// all when one may launch any (a Karpenter pool without a list). A plan
// without a cluster launches none.
func nodeTypesOf(plan *scenario.Plan) (map[string]bool, bool) {
	used := map[string]bool{}
	for _, pc := range plan.Platforms {
		nt, ok := pc.Config.(platform.NodeTyper)
		if !ok {
			continue
		}
		names, all := nt.NodeTypes()
		if all {
			return nil, true
		}
		for _, n := range names {
			used[n] = true
		}
	}
	return used, false
}

// ec2Type is the instance type of a per-type EC2 price path
// ("ec2.m6i.large.hourUSD" is m6i.large's); ec2.minimumSeconds and
// ec2.spotDiscount are not per type.
func ec2Type(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "ec2.")
	if !ok {
		return "", false
	}
	for _, suffix := range []string{".hourUSD", ".spotHourUSD"} {
		if t, ok := strings.CutSuffix(rest, suffix); ok {
			return t, true
		}
	}
	return "", false
}
