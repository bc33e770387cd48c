package hashfs

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// FS is an fs.FS that records the regular files opened through it. It is
// safe for concurrent use: a sweep's runs open their files side by side.
type FS struct {
	fsys fs.FS
	mu   sync.Mutex
	sums map[string]string // path → hex sha256
}

// New wraps fsys, which must not be nil.
func New(fsys fs.FS) *FS {
	return &FS{fsys: fsys, sums: map[string]string{}}
}

// File is one file read: its path in the FS (slash-separated, relative to
// the FS's root, as the scenario wrote it) and the sha256 of its content.
type File struct {
	Path   string
	SHA256 string
}

// Open opens name in the wrapped FS and, the first time a regular file is
// opened under that name, hashes its content. The hash reads the file
// through a handle of its own, so that a reader that stops early (a header,
// a bad row) still leaves the whole file's hash. A file that cannot be
// hashed is left out: the reader gets the same error, and the run stops.
func (f *FS) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	_, seen := f.sums[name]
	f.mu.Unlock()
	if seen {
		return file, nil
	}
	if st, err := file.Stat(); err != nil || !st.Mode().IsRegular() {
		return file, nil // a folder (manifests/) lists files opened on their own
	}
	if sum, err := hashFile(f.fsys, name); err == nil {
		f.mu.Lock()
		f.sums[name] = sum
		f.mu.Unlock()
	}
	return file, nil
}

// Stat and ReadDir pass through without recording: looking at a file or
// listing a folder reads no content.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.fsys, name) }

// ReadDir lists a folder of the wrapped FS (see Stat).
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.fsys, name) }

// Files lists the files opened so far, in path order.
func (f *FS) Files() []File {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]File, 0, len(f.sums))
	for p, s := range f.sums {
		out = append(out, File{Path: p, SHA256: s})
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out
}

func hashFile(fsys fs.FS, name string) (string, error) {
	r, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
