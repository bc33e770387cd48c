package hashfs

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
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
	// hashing holds the files whose first reader is hashing them as it
	// reads: a second open meanwhile passes through, not hashing twice
	hashing map[string]bool
	stop    error // the first hash the context stopped
}

// New wraps fsys, which must not be nil.
func New(fsys fs.FS) *FS {
	return &FS{fsys: fsys, sums: map[string]string{}, hashing: map[string]bool{}}
}

// Watched is New for a command: ctx stops the hashing of the part of a
// large file its reader left unread (Ctrl-C), and out, when not nil, is
// told how that hashing goes, as loading a trace tells its reading.
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

// Open opens name in the wrapped FS. The first time a regular file is
// opened under that name, the file returned hashes what its reader reads,
// as it reads it: a trace is hashed while it loads, not read through once
// for the hash and again to load (a review: the first open of an 80 MB
// trace read it twice). The sum is recorded when the reader reaches the
// end; a reader that closes the file before (a header, a bad row) has the
// rest hashed from where it stopped, so the whole file's hash is still
// recorded. A file that cannot be read to its end is left out: its reader
// got the error, and the run stops.
func (f *FS) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if f.known(name) {
		return file, nil
	}
	st, err := file.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return file, nil // a folder (manifests/) lists files opened on their own
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, seen := f.sums[name]; seen || f.hashing[name] {
		return file, nil
	}
	f.hashing[name] = true
	return &hashingFile{File: file, fs: f, name: name, size: st.Size(), h: sha256.New()}, nil
}

// known says that name is hashed, or being hashed by its first reader.
func (f *FS) known(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, seen := f.sums[name]
	return seen || f.hashing[name]
}

// hashingFile is a file whose reads feed the sha256 of its content. It
// has the methods of an fs.File only: a reader that seeks or reads at an
// offset would read the content out of order, and none of the scenario's
// readers does (they read through an io.Reader).
type hashingFile struct {
	fs.File
	fs   *FS
	name string
	size int64
	h    hash.Hash
	read int64 // bytes hashed
	done bool  // the sum is recorded, or given up
}

func (r *hashingFile) Read(p []byte) (int, error) {
	n, err := r.File.Read(p)
	if !r.done {
		r.h.Write(p[:n])
		r.read += int64(n)
		switch {
		case err == io.EOF:
			r.finish(true)
		case err != nil:
			r.finish(false) // the reader has the error; the run stops
		}
	}
	return n, err
}

// Close hashes what the reader left unread, from where it stopped, before
// closing: the whole file is hashed either way, and read once.
func (r *hashingFile) Close() error {
	if !r.done {
		r.finish(r.hashRest() == nil)
	}
	return r.File.Close()
}

// hashRest hashes the file from its reader's position to its end. With
// the context already ended nothing is hashed and no stop recorded: the
// reader was stopped, and says so in its own words; a stop during this
// hash is recorded (Stopped), naming the file.
func (r *hashingFile) hashRest() error {
	ctx := r.fs.ctx
	if ctx != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	left := r.size - r.read
	what := fmt.Sprintf("%s (%s left) for its sha256", r.name, readwatch.Megabytes(left))
	_, err := io.Copy(r.h, readwatch.New(r.File, ctx, r.fs.out, what, left))
	if err != nil && ctx != nil && ctx.Err() != nil {
		r.fs.mu.Lock()
		r.fs.stop = cmp.Or(r.fs.stop, error(stopped{r.name, ctx.Err()}))
		r.fs.mu.Unlock()
	}
	return err
}

// finish records the sum when ok, and lets a later open hash the file
// when not.
func (r *hashingFile) finish(ok bool) {
	r.done = true
	r.fs.mu.Lock()
	defer r.fs.mu.Unlock()
	delete(r.fs.hashing, r.name)
	if ok {
		r.fs.sums[r.name] = hex.EncodeToString(r.h.Sum(nil))
	}
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
// none was. A reader that closes its file early has the rest hashed at
// Close (hashRest); a stop there is not the reader's error (Close returns
// the file's), so the reader reports its own error or none, and the
// caller asks here why the inputs are incomplete. Open itself never fails
// on a hash.
func (f *FS) Stopped() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stop
}

// Files lists the files opened so far, in path order, each with the sum
// of its whole content. A file whose first reader is still open (it
// neither reached the end nor closed) is hashed here, whole, from a fresh
// open of the wrapped FS: an unclosed reader must not drop an input from
// a golden without a word (a review's repro: read 2 bytes, keep the file
// open, a second open reads it all → the list was empty). The error is
// that hash's, naming the file; the list then holds the other files.
func (f *FS) Files() ([]File, error) {
	f.mu.Lock()
	open := make([]string, 0, len(f.hashing))
	for name := range f.hashing {
		open = append(open, name)
	}
	f.mu.Unlock()
	slices.Sort(open) // the first error is the same whatever the map's order
	var errs []error
	for _, name := range open {
		s, err := f.hashWhole(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f.mu.Lock()
		if _, seen := f.sums[name]; !seen {
			f.sums[name] = s
		}
		delete(f.hashing, name) // a second call does not hash it again
		f.mu.Unlock()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]File, 0, len(f.sums))
	for p, s := range f.sums {
		out = append(out, File{Path: p, SHA256: s})
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, errors.Join(errs...)
}

// hashWhole is the sha256 of name read from its start in the wrapped FS,
// watched as hashRest is (the context stops it, out is told).
func (f *FS) hashWhole(name string) (string, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return "", fmt.Errorf("hashing %s for the golden file: %w", name, err)
	}
	defer file.Close()
	var size int64
	if st, err := file.Stat(); err == nil {
		size = st.Size()
	}
	h := sha256.New()
	what := fmt.Sprintf("%s (%s, still open) for its sha256", name, readwatch.Megabytes(size))
	if _, err := io.Copy(h, readwatch.New(file, f.ctx, f.out, what, size)); err != nil {
		if f.ctx != nil && f.ctx.Err() != nil {
			return "", stopped{name, f.ctx.Err()}
		}
		return "", fmt.Errorf("hashing %s for the golden file: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
