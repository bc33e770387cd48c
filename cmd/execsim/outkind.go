package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/scenarios/scenario"
)

// outputKind is what a command writes into its --out folder, known by the
// one file every such folder holds.
type outputKind struct {
	marker string // the file that marks the folder
	noun   string // "a run"
	by     string // the commands that write it
}

var (
	runOutput   = outputKind{"summary.json", "a run", "execsim run or plot"}
	sweepOutput = outputKind{"sweep.json", "a sweep", "execsim sweep or merge"}
)

// outputKinds are the kinds whose files would mix: a run's and a sweep's
// both write cost.csv, and plot reads a run folder's files back.
var outputKinds = []outputKind{runOutput, sweepOutput}

// checkOutFolder refuses an --out folder that holds another command's
// outputs: writing a sweep where a run was would replace the run's
// cost.csv beside its report.html and summary.json, and leave a folder
// that is neither. A folder of the same kind is written again as before.
func checkOutFolder(dir string, mine outputKind) error {
	for _, k := range outputKinds {
		if k == mine {
			continue
		}
		_, err := os.Stat(filepath.Join(dir, k.marker))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return scenario.InputError(fmt.Errorf("--out %s: %w", dir, err))
		}
		return scenario.InputError(fmt.Errorf("--out %s holds %s's outputs (%s, written by %s); %s would mix its files with them: give another folder, or delete that one first",
			dir, k.noun, k.marker, k.by, mine.noun))
	}
	return nil
}

// checkOutInputs refuses an --out folder where the command would write
// (or, as a stale file of its own, remove) one of the run's inputs: the
// scenario file or a file it read (hostile #3: run --out . replaced the
// user's scenario.yaml with the effective scenario, and a trace named
// series.csv with the run's series, exit 0, and the next run failed).
// owned are the command's file names in the folder (filepath.Match
// patterns, as outdir.Replace takes them). Inputs are compared as files
// (os.SameFile), so "." and an absolute path, or a symlinked folder, are
// the same folder.
func checkOutInputs(dir string, plan *scenario.Plan, owned []string) error {
	var inputs []string
	if !strings.HasPrefix(plan.Ref, scenarios.BuiltinPrefix) && plan.Ref != "" {
		inputs = append(inputs, plan.Ref)
		for _, name := range plan.Inputs() {
			inputs = append(inputs, filepath.Join(filepath.Dir(plan.Ref), filepath.FromSlash(name)))
		}
	}
	return checkOutOver(dir, inputs, owned, "run")
}

// checkOutOver refuses an --out folder where the command would write one
// of its input files (owned as for checkOutInputs); what names the
// command's work in the message ("run", "merge").
func checkOutOver(dir string, inputs, owned []string, what string) error {
	dirInfo, err := os.Stat(dir)
	if err != nil {
		return nil // not there yet: nothing in it can be overwritten
	}
	for _, in := range inputs {
		base := filepath.Base(in)
		if !slices.ContainsFunc(owned, func(pat string) bool { ok, _ := filepath.Match(pat, base); return ok }) {
			continue
		}
		if fi, err := os.Stat(filepath.Dir(in)); err != nil || !os.SameFile(fi, dirInfo) {
			continue
		}
		return scenario.InputError(fmt.Errorf("--out %s would overwrite %s, an input of this %s (the command writes %s there): give another --out folder, or rename the input",
			dir, in, what, base))
	}
	return nil
}

// checkMergeOut refuses a merge's --out folder that is one of the shard
// folders it reads: the merged sweep.json and results.csv would replace
// that shard's own, and the shard would be lost (a second merge of the
// same shards then read the merged rows as the shard's).
func checkMergeOut(dir string, shards []string) error {
	var inputs []string
	for _, d := range shards {
		for _, name := range shardFiles {
			inputs = append(inputs, filepath.Join(d, name))
		}
	}
	return checkOutOver(dir, inputs, sweepOwned, "merge")
}
