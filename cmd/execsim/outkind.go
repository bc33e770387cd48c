package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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
