package main

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/version"
	"github.com/urfave/cli/v2"
)

// setVersion gives the app its version: `execsim --version` (and -v) and
// `execsim version` print "execsim version v1.2.3 (commit 1a2b3c4d5e6f)".
// Calling it twice changes nothing.
func setVersion(app *cli.App) {
	app.Version = strings.TrimPrefix(version.String(), "execsim ")
	for _, c := range app.Commands {
		if c.Name == "version" {
			return
		}
	}
	app.Commands = append(app.Commands, versionCommand())
}

func versionCommand() *cli.Command {
	cmd := command("version", "print execsim's version and the commit it was built from", "",
		[]cli.Flag{&cli.BoolFlag{Name: "short", Usage: "print the version alone, as one word (e.g. v1.2.3-1a2b3c4d5e6f+dirty)"}},
		func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("version takes no arguments (got %q)", c.Args().First())
			}
			if c.Bool("short") {
				fmt.Fprintln(c.App.Writer, version.Short())
				return nil
			}
			fmt.Fprintf(c.App.Writer, "%s version %s\n", c.App.Name, strings.TrimPrefix(version.String(), "execsim "))
			return nil
		})
	cmd.Description = "The module version is the release tag, or a pseudo-version or v0.0.0-devel for a build from a\n" +
		"checkout; the commit and \"modified\" (uncommitted changes) come from the build's VCS stamp.\n" +
		"Golden files record the same line."
	return cmd
}
