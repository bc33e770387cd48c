package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/execsim/execsim/scenarios"
	"github.com/urfave/cli/v2"
)

func scenariosCommand() *cli.Command {
	return command("scenarios", "list the built-in scenarios (run one with: execsim run builtin:NAME)", "", nil,
		func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("scenarios takes no arguments (got %q)", c.Args().First())
			}
			return listScenarios(c.App.Writer)
		})
}

func listScenarios(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, b := range scenarios.Builtins() {
		fmt.Fprintf(tw, "builtin:%s\t%s\n", b.Name, b.Description)
	}
	return tw.Flush()
}
