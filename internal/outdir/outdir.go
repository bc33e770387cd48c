package outdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// File is one file to write: its name in the folder and its bytes.
type File struct {
	Name string
	Data []byte
}

// Prepare makes dir (and its parents) and checks that a file can be
// created in it, so that a bad --out is reported before the work it would
// hold, not after.
func Prepare(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".execsim-check-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// WriteFile writes data to path atomically: into a temporary file in the
// same folder, synced, then renamed over path. A symlink at path is
// replaced by the file, never followed.
func WriteFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Replace writes files into dir, each atomically, and then removes every
// file of dir that matches one of the owned patterns (filepath.Match,
// e.g. "sweep-*.svg") and is not among the files written: the command's
// files in the folder are exactly the new set. It returns the paths
// written, in order.
func Replace(dir string, owned []string, files []File) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	keep := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		if err := WriteFile(p, f.Data); err != nil {
			return paths, err
		}
		paths = append(paths, p)
		keep[f.Name] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return paths, err
	}
	var errs []error
	for _, e := range entries {
		if keep[e.Name()] || e.IsDir() || !slices.ContainsFunc(owned, func(pat string) bool {
			ok, _ := filepath.Match(pat, e.Name())
			return ok
		}) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			errs = append(errs, fmt.Errorf("removing the stale %s: %w", e.Name(), err))
		}
	}
	return paths, errors.Join(errs...)
}
