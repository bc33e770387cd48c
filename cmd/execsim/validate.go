package main

import (
	"fmt"
	"io"
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
		[]cli.Flag{&cli.BoolFlag{Name: "prices", Usage: "also list every price (path, value, source) the run would use"}},
		func(c *cli.Context, ref string, overrides []scenario.Override) error {
			return validate(c.App.Writer, reg, ref, overrides, c.Bool("prices"))
		})
}

func validate(w io.Writer, reg platform.Registry, ref string, overrides []scenario.Override, prices bool) error {
	plan, err := scenarios.Load(ref, overrides, reg)
	if err != nil {
		return err
	}
	if err := plan.CheckPoints(); err != nil {
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
	if _, err = io.WriteString(w, plan.Describe()); err != nil || !prices {
		return err
	}
	p := plan.Cost.Prices
	fmt.Fprintf(w, "\n# prices (%s, catalogue of %s); override any under cost.prices:\n", p.Region, p.Date)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, path := range p.Paths() {
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
