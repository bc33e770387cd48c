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
			if diff := cmp.Diff(tc.want, f.Files()); diff != "" {
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
	if diff := cmp.Diff(want, f.Files()); diff != "" {
		t.Errorf("Files() (-want +got):\n%s", diff)
	}
}

func mustRead(t *testing.T, f fs.FS, name string) {
	t.Helper()
	if _, err := fs.ReadFile(f, name); err != nil {
		t.Fatal(err)
	}
}

// The cost of pinning a trace: one more read and a sha256 of it, once per
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
				r, err := f.Open("t.csv")
				if err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
		})
	}
}

// Ctrl-C during the hash of a large trace stops it: the open fails with
// the context's error, naming the file, and nothing is recorded.
func TestStoppedByContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := Watched(testFS(), ctx, nil)
	_, err := f.Open("traces/a.csv")
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "traces/a.csv") {
		t.Errorf("Open = %v; want an error naming traces/a.csv that wraps context.Canceled", err)
	}
	if !errors.Is(f.Stopped(), context.Canceled) {
		t.Errorf("Stopped() = %v; want context.Canceled", f.Stopped())
	}
	if got := f.Files(); len(got) != 0 {
		t.Errorf("Files() = %v; want none", got)
	}
}

// Hashing a file of readwatch.From bytes or more says how it goes, in the
// trace loader's words; a small one is silent.
func TestProgress(t *testing.T) {
	big := make([]byte, readwatch.From)
	m := fstest.MapFS{"big.csv": {Data: big}, "small.csv": {Data: []byte("t\n1\n")}}
	var out strings.Builder
	f := Watched(m, context.Background(), &out)
	mustRead(t, f, "small.csv")
	mustRead(t, f, "big.csv")
	mustRead(t, f, "big.csv") // hashed once
	want := "execsim: reading big.csv (34 MB) for its sha256\n" +
		"execsim: reading big.csv (34 MB) for its sha256: 25 %\n" +
		"execsim: reading big.csv (34 MB) for its sha256: 50 %\n" +
		"execsim: reading big.csv (34 MB) for its sha256: 75 %\n"
	if out.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", out.String(), want)
	}
	if f.Stopped() != nil {
		t.Errorf("Stopped() = %v; want nil", f.Stopped())
	}
}
