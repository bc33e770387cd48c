package hashfs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/execsim/execsim/internal/readwatch"
	"github.com/google/go-cmp/cmp"
)

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"traces/a.csv":  {Data: []byte("app,t\nx,1\n")},
		"traces/b.csv":  {Data: []byte("app,t\ny,2\n")},
		"k8s/web.yaml":  {Data: []byte("kind: Deployment\n")},
		"k8s/api.yaml":  {Data: []byte("kind: Service\n")},
		"unread.json":   {Data: []byte("{}")},
		"scenario.yaml": {Data: []byte("name: s\n")},
	}
}

func TestFiles(t *testing.T) {
	cases := []struct {
		name string
		read func(t *testing.T, f fs.FS)
		want []File
	}{
		{"nothing read", func(t *testing.T, f fs.FS) {}, []File{}},
		{"ReadFile", func(t *testing.T, f fs.FS) { mustRead(t, f, "traces/b.csv") },
			[]File{{"traces/b.csv", sum("app,t\ny,2\n")}}},
		{"in path order, once each", func(t *testing.T, f fs.FS) {
			mustRead(t, f, "traces/b.csv")
			mustRead(t, f, "traces/a.csv")
			mustRead(t, f, "traces/b.csv")
		}, []File{{"traces/a.csv", sum("app,t\nx,1\n")}, {"traces/b.csv", sum("app,t\ny,2\n")}}},
		// a reader that stops at the header still pins the whole file
		{"a partial read hashes the whole file", func(t *testing.T, f fs.FS) {
			r, err := f.Open("traces/a.csv")
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, err := r.Read(make([]byte, 3)); err != nil {
				t.Fatal(err)
			}
		}, []File{{"traces/a.csv", sum("app,t\nx,1\n")}}},
		// a folder of manifests: the listing is no input, its files are
		{"a folder's files, not the folder", func(t *testing.T, f fs.FS) {
			entries, err := fs.ReadDir(f, "k8s")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				mustRead(t, f, "k8s/"+e.Name())
			}
			d, err := f.Open("k8s")
			if err != nil {
				t.Fatal(err)
			}
			d.Close()
		}, []File{{"k8s/api.yaml", sum("kind: Service\n")}, {"k8s/web.yaml", sum("kind: Deployment\n")}}},
		{"Stat reads nothing", func(t *testing.T, f fs.FS) {
			if _, err := fs.Stat(f, "unread.json"); err != nil {
				t.Fatal(err)
			}
		}, []File{}},
		{"a missing file is not an input", func(t *testing.T, f fs.FS) {
			if _, err := fs.ReadFile(f, "traces/none.csv"); err == nil {
				t.Fatal("read a missing file")
			}
		}, []File{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := New(testFS())
			tc.read(t, f)
			if diff := cmp.Diff(tc.want, files(t, f)); diff != "" {
				t.Errorf("Files() (-want +got):\n%s", diff)
			}
		})
	}
}

// The wrapper is an fs.FS like the one it wraps.
func TestFSConformance(t *testing.T) {
	if err := fstest.TestFS(New(testFS()), "traces/a.csv", "k8s/web.yaml", "scenario.yaml"); err != nil {
		t.Fatal(err)
	}
}

// A sweep's runs open the same files at once; the list is the same.
func TestConcurrentOpens(t *testing.T) {
	f := New(testFS())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range []string{"traces/a.csv", "traces/b.csv"}[i%2:] {
				r, err := f.Open(p)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, r)
				r.Close()
			}
		}()
	}
	wg.Wait()
	want := []File{{"traces/a.csv", sum("app,t\nx,1\n")}, {"traces/b.csv", sum("app,t\ny,2\n")}}
	if diff := cmp.Diff(want, files(t, f)); diff != "" {
		t.Errorf("Files() (-want +got):\n%s", diff)
	}
}

// files is f.Files(), which must not fail.
func files(t *testing.T, f *FS) []File {
	t.Helper()
	got, err := f.Files()
	if err != nil {
		t.Fatalf("Files(): %v", err)
	}
	return got
}

// A first reader that is never closed (nor read to its end) still has its
// file listed, hashed whole: a review's repro left the list empty.
func TestFilesStillOpen(t *testing.T) {
	const data = "app,t\nx,1\n"
	c := &counting{FS: fstest.MapFS{"t.csv": {Data: []byte(data)}}}
	f := New(c)
	first, err := f.Open("t.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if _, err := first.Read(make([]byte, 2)); err != nil {
		t.Fatal(err)
	}
	mustRead(t, f, "t.csv") // a second open reads it all and closes
	want := []File{{"t.csv", sum(data)}}
	if diff := cmp.Diff(want, files(t, f)); diff != "" {
		t.Errorf("Files() (-want +got):\n%s", diff)
	}
	read := c.n
	if diff := cmp.Diff(want, files(t, f)); diff != "" {
		t.Errorf("second Files() (-want +got):\n%s", diff)
	}
	if c.n != read {
		t.Errorf("a second Files() read %d bytes more; want the file hashed once", c.n-read)
	}
	// the first reader, going on, agrees
	_, _ = io.Copy(io.Discard, first)
	if diff := cmp.Diff(want, files(t, f)); diff != "" {
		t.Errorf("Files() after the first reader ends (-want +got):\n%s", diff)
	}
}

// A still-open file that cannot be hashed is an error naming it, not a
// file silently left out; Ctrl-C during that hash wraps context.Canceled.
func TestFilesStillOpenFails(t *testing.T) {
	m := fstest.MapFS{"t.csv": {Data: []byte("app,t\n")}, "u.csv": {Data: []byte("u\n")}}
	f := New(m)
	r, err := f.Open("t.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	mustRead(t, f, "u.csv")
	delete(m, "t.csv") // gone before the run's end
	got, err := f.Files()
	if err == nil || !strings.Contains(err.Error(), "t.csv") {
		t.Errorf("Files() error = %v; want one naming t.csv", err)
	}
	if diff := cmp.Diff([]File{{"u.csv", sum("u\n")}}, got); diff != "" {
		t.Errorf("Files() (-want +got):\n%s", diff)
	}

	ctx, cancel := context.WithCancel(context.Background())
	f = Watched(testFS(), ctx, nil)
	r2, err := f.Open("traces/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	cancel()
	if _, err := f.Files(); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "traces/a.csv") {
		t.Errorf("Files() error = %v; want one naming traces/a.csv that wraps context.Canceled", err)
	}
}

func mustRead(t *testing.T, f fs.FS, name string) {
	t.Helper()
	if _, err := fs.ReadFile(f, name); err != nil {
		t.Fatal(err)
	}
}

// The cost of pinning a trace: a sha256 of it as it is read, once per
// file, against reading it once to replay.
func BenchmarkOpen(b *testing.B) {
	for _, mb := range []int{1, 64} {
		data := make([]byte, mb<<20)
		for i := range data {
			data[i] = byte('0' + i%10)
		}
		m := fstest.MapFS{"t.csv": {Data: data}}
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				f := New(m)
				if _, err := fs.ReadFile(f, "t.csv"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// counting is an fs.FS that counts the bytes read from its files.
type counting struct {
	fs.FS
	mu sync.Mutex
	n  int64
}

func (c *counting) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingFile{File: f, c: c}, nil
}

type countingFile struct {
	fs.File
	c *counting
}

func (f *countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.c.mu.Lock()
	f.c.n += int64(n)
	f.c.mu.Unlock()
	return n, err
}

// A file is hashed as its reader reads it: the first open of a trace
// reads it once, not once for the hash and once more to load it (a
// review); a reader that stops early leaves the rest to be hashed, still
// once through the file.
func TestHashedWhileRead(t *testing.T) {
	data := "app,t\n" + strings.Repeat("x,1\n", 5000)
	for _, tc := range []struct {
		name string
		read func(r io.Reader) error
	}{
		{"read to the end", func(r io.Reader) error { _, err := io.Copy(io.Discard, r); return err }},
		{"a header only", func(r io.Reader) error { _, err := r.Read(make([]byte, 6)); return err }},
		{"nothing", func(io.Reader) error { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &counting{FS: fstest.MapFS{"t.csv": {Data: []byte(data)}}}
			f := New(c)
			r, err := f.Open("t.csv")
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.read(r); err != nil {
				t.Fatal(err)
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]File{{"t.csv", sum(data)}}, files(t, f)); diff != "" {
				t.Errorf("Files() (-want +got):\n%s", diff)
			}
			if c.n != int64(len(data)) {
				t.Errorf("read %d bytes of the file's %d; want each once", c.n, len(data))
			}
		})
	}
}

// A file opened again while its first reader is hashing it is not hashed
// twice; a first reader that fails leaves the hash to a later open.
func TestHashedOnce(t *testing.T) {
	f := New(testFS())
	first, err := f.Open("traces/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.Open("traces/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := second.(*hashingFile); ok {
		t.Error("a second open hashes the file too")
	}
	second.Close()
	_, _ = io.Copy(io.Discard, first)
	first.Close()
	if diff := cmp.Diff([]File{{"traces/a.csv", sum("app,t\nx,1\n")}}, files(t, f)); diff != "" {
		t.Errorf("Files() (-want +got):\n%s", diff)
	}

	broken := New(failing{testFS()})
	r, err := broken.Open("traces/b.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, r); err == nil {
		t.Fatal("read a failing file")
	}
	r.Close()
	if got := files(t, broken); len(got) != 0 {
		t.Errorf("Files() = %v after a failed read; want none", got)
	}
	if r, _ := broken.Open("traces/b.csv"); r != nil {
		if _, ok := r.(*hashingFile); !ok {
			t.Error("an open after a failed read does not hash the file")
		}
		r.Close()
	}
}

// failing is an FS whose files fail every read after the first.
type failing struct{ fs.FS }

func (f failing) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &failingFile{File: file}, nil
}

type failingFile struct {
	fs.File
	reads int
}

func (f *failingFile) Read(p []byte) (int, error) {
	f.reads++
	if f.reads > 1 {
		return 0, errors.New("disk on fire")
	}
	return f.File.Read(p[:min(len(p), 2)])
}

// Ctrl-C: a file's reader stopped by it (the trace loader watches the
// context) leaves nothing recorded and no stop of the hash's own, since
// its reader says it stopped; Ctrl-C while the rest of a file its reader
// left is hashed stops that hash, naming the file, and nothing is
// recorded.
func TestStoppedByContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := Watched(testFS(), ctx, nil)
	r, err := f.Open("traces/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the loader's read stopped before it began
	if f.Stopped() != nil {
		t.Errorf("Stopped() = %v; want nil: the reader was stopped, not the hash", f.Stopped())
	}
	if got := files(t, f); len(got) != 0 {
		t.Errorf("Files() = %v; want none", got)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	f = Watched(cancelling{testFS(), cancel}, ctx, nil)
	r, err = f.Open("traces/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	r.Close() // the rest is hashed, and Ctrl-C comes during it
	if err := f.Stopped(); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "traces/a.csv") {
		t.Errorf("Stopped() = %v; want an error naming traces/a.csv that wraps context.Canceled", err)
	}
	if got := files(t, f); len(got) != 0 {
		t.Errorf("Files() = %v; want none", got)
	}
}

// cancelling is an FS whose files call cancel at their second read.
type cancelling struct {
	fs.FS
	cancel func()
}

func (c cancelling) Open(name string) (fs.File, error) {
	file, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &cancellingFile{File: file, cancel: c.cancel}, nil
}

type cancellingFile struct {
	fs.File
	cancel func()
	reads  int
}

func (f *cancellingFile) Read(p []byte) (int, error) {
	f.reads++
	if f.reads == 2 {
		f.cancel()
	}
	return f.File.Read(p[:min(len(p), 1)])
}

// Hashing as a file is read says nothing: its reader tells how its read
// goes. Hashing the part of a file of readwatch.From bytes or more that
// its reader left says how it goes, in the trace loader's words; a small
// one is silent.
func TestProgress(t *testing.T) {
	big := make([]byte, readwatch.From+1)
	m := fstest.MapFS{"big.csv": {Data: big}, "small.csv": {Data: []byte("t\n1\n")}}
	var out strings.Builder
	f := Watched(m, context.Background(), &out)
	mustRead(t, f, "small.csv")
	mustRead(t, f, "big.csv")
	if out.String() != "" {
		t.Errorf("progress of files read whole:\n%s", out.String())
	}
	f = Watched(m, context.Background(), &out)
	r, err := f.Open("big.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	r.Close()
	want := "execsim: reading big.csv (34 MB left) for its sha256\n" +
		"execsim: reading big.csv (34 MB left) for its sha256: 25 %\n" +
		"execsim: reading big.csv (34 MB left) for its sha256: 50 %\n" +
		"execsim: reading big.csv (34 MB left) for its sha256: 75 %\n"
	if out.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", out.String(), want)
	}
	if diff := cmp.Diff([]File{{"big.csv", sum(string(big))}}, files(t, f)); diff != "" {
		t.Errorf("Files() (-want +got):\n%s", diff)
	}
	if f.Stopped() != nil {
		t.Errorf("Stopped() = %v; want nil", f.Stopped())
	}
}
