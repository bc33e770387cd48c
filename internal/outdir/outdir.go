package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
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
	f, tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	// a file that exists keeps its permissions (a user who made results
	// private keeps them private); a new one gets 0666 less the umask
	if fi, lerr := os.Lstat(path); err == nil && lerr == nil && fi.Mode().IsRegular() {
		err = os.Chmod(tmp, fi.Mode().Perm())
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

// tempSeq tells temporary files of one process apart.
var tempSeq atomic.Uint64

// createTemp creates a new temporary file beside path, with the
// permissions a new file gets (0666 less the umask; os.CreateTemp would
// make it 0600).
func createTemp(path string) (*os.File, string, error) {
	for {
		tmp := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.tmp-%d-%d", filepath.Base(path), os.Getpid(), tempSeq.Add(1)))
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, tmp, err
	}
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
