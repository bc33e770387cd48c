package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/urfave/cli/v2"
)

func mergeCommand(reg platform.Registry) *cli.Command {
	return command("merge", "join the output folders of sweep shards into one results.csv and aggregate.csv", "DIR...",
		[]cli.Flag{&cli.StringFlag{Name: "out", Required: true, Usage: "write the merged files into `DIR`"}},
		func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("merge needs the shards' output folders")
			}
			return merge(c.App.Writer, reg, c.Args().Slice(), c.String("out"))
		})
}

func merge(w io.Writer, reg platform.Registry, dirs []string, out string) error {
	var first *manifest
	var table report.Table
	seen := map[int]string{}
	for _, dir := range dirs {
		var m manifest
		data, err := os.ReadFile(filepath.Join(dir, "sweep.json"))
		if err != nil {
			return scenario.InputError(fmt.Errorf("%s is not a sweep output folder: %w", dir, err))
		}
		if err := json.Unmarshal(data, &m); err != nil || m.Schema != manifestSchema {
			return scenario.InputError(fmt.Errorf("%s/sweep.json: not an %s manifest", dir, manifestSchema))
		}
		if first == nil {
			first = &m
		} else if m.Scenario != first.Scenario || m.Seed != first.Seed || m.Replications != first.Replications ||
			m.UnitsTotal != first.UnitsTotal || !reflect.DeepEqual(m.Axes, first.Axes) {
			return scenario.InputError(fmt.Errorf("%s belongs to a different sweep than %s (scenario, seed, axes or size differ)", dir, dirs[0]))
		}
		f, err := os.Open(filepath.Join(dir, "results.csv"))
		if err != nil {
			return scenario.InputError(err)
		}
		t, err := report.ReadCSV(f)
		f.Close()
		if err != nil {
			return scenario.InputError(fmt.Errorf("%s/results.csv: %w", dir, err))
		}
		if table.Header == nil {
			table.Header = t.Header
		} else if !slices.Equal(table.Header, t.Header) {
			return scenario.InputError(fmt.Errorf("%s/results.csv has different columns than %s", dir, dirs[0]))
		}
		for _, r := range t.Rows {
			u, err := strconv.Atoi(r[0])
			if err != nil {
				return scenario.InputError(fmt.Errorf("%s/results.csv: bad unit %q", dir, r[0]))
			}
			if prev, dup := seen[u]; dup {
				return scenario.InputError(fmt.Errorf("unit %d appears in both %s and %s", u, prev, dir))
			}
			seen[u] = dir
			table.Rows = append(table.Rows, r)
		}
	}
	var missing []string
	for u := range first.UnitsTotal {
		if _, ok := seen[u]; !ok {
			missing = append(missing, strconv.Itoa(u))
		}
	}
	if len(missing) > 0 {
		if len(missing) > 20 {
			missing = append(missing[:20], "…")
		}
		return scenario.InputError(fmt.Errorf("the shards cover %d of %d runs; missing units %s", len(seen), first.UnitsTotal, strings.Join(missing, ", ")))
	}
	slices.SortFunc(table.Rows, func(a, b []string) int {
		x, _ := strconv.Atoi(a[0])
		y, _ := strconv.Atoi(b[0])
		return x - y
	})
	m := *first
	m.Shard, m.Units = "", first.UnitsTotal
	m.Command = "execsim merge " + strings.Join(dirs, " ") + " --out " + out
	files, err := writeSweep(out, m, table, true)
	if err != nil {
		return err
	}
	charts, err := sweepCharts(out, reg, m.Scenario, m.Seed, table, len(m.Axes))
	if err != nil {
		return err
	}
	files = append(files, charts...)
	fmt.Fprintf(w, "merged %d shards: %d runs of %s\nwrote %s\n", len(dirs), m.UnitsTotal, m.Scenario, strings.Join(files, ", "))
	return nil
}
