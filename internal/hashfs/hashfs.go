package hashfs

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/execsim/execsim/internal/readwatch"
)

// FS is an fs.FS that records the regular files opened through it. It is
// safe for concurrent use: a sweep's runs open their files side by side.
type FS struct {
	fsys fs.FS
	ctx  context.Context // nil: a hash is never stopped
	out  io.Writer       // nil: hashing is silent
	mu   sync.Mutex
	sums map[string]string // path → hex sha256
	stop error             // the first hash the context stopped
}

// New wraps fsys, which must not be nil.
func New(fsys fs.FS) *FS {
	return &FS{fsys: fsys, sums: map[string]string{}}
}

// Watched is New for a command: ctx stops the hashing of a large file
// (Ctrl-C), and out, when not nil, is told how the hashing of a file of
// readwatch.From bytes or more goes, as loading a trace tells its reading.
// The first open of a multi-GB trace hashes all of it before the loader
// reads a byte, so without this it would neither stop nor say why it
// takes so long.
func Watched(fsys fs.FS, ctx context.Context, out io.Writer) *FS {
	f := New(fsys)
	f.ctx, f.out = ctx, out
	return f
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
// A hash the context stopped fails the open with an error that wraps the
// context's, naming the file.
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
	st, err := file.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return file, nil // a folder (manifests/) lists files opened on their own
	}
	sum, err := f.hashFile(name, st.Size())
	if err != nil && f.ctx != nil && f.ctx.Err() != nil {
		file.Close()
		err = stopped{name, f.ctx.Err()}
		f.mu.Lock()
		f.stop = cmp.Or(f.stop, err)
		f.mu.Unlock()
		return nil, err
	}
	if err == nil {
		f.mu.Lock()
		f.sums[name] = sum
		f.mu.Unlock()
	}
	return file, nil
}

// stopped is the error of a hash the context stopped: errors.Is finds
// the context's error (execsim exits 130 on context.Canceled).
type stopped struct {
	file string
	err  error
}

func (s stopped) Error() string { return "stopped while hashing " + s.file + " for the golden file" }
func (s stopped) Unwrap() error { return s.err }

// Stat and ReadDir pass through without recording: looking at a file or
// listing a folder reads no content.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.fsys, name) }

// ReadDir lists a folder of the wrapped FS (see Stat).
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.fsys, name) }

// Stopped is the error of the first hash the context stopped, nil when
// none was: a reader may report a failed open in words of its own
// ("cannot be read: …") that no longer wrap the context's error.
func (f *FS) Stopped() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stop
}

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

func (f *FS) hashFile(name string, size int64) (string, error) {
	r, err := f.fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	h := sha256.New()
	what := fmt.Sprintf("%s (%s) for its sha256", name, readwatch.Megabytes(size))
	if _, err := io.Copy(h, readwatch.New(r, f.ctx, f.out, what, size)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
