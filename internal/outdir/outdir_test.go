package outdir

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWriteFileReplacesASymlinkInsteadOfFollowingIt(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious.txt")
	if err := os.WriteFile(target, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "summary.json")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := WriteFile(link, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Errorf("the symlink's target was overwritten: %q", b)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink != 0 {
		t.Error("the symlink is still there")
	}
	if b, _ := os.ReadFile(link); string(b) != "{}" {
		t.Errorf("file holds %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestWriteFileLeavesTheOldFileWhenItCannotWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.html")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "report.html"), []byte("new")); err == nil {
		t.Error("writing into a missing folder did not fail")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("old file changed: %q", b)
	}
}

func TestReplaceRemovesStaleOwnedFilesOnly(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"results.csv", "aggregate.csv", "sweep-latency-p99.svg", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths, err := Replace(dir, []string{"results.csv", "aggregate.csv", "sweep.json", "sweep-*.svg", "sweep-*.png"},
		[]File{{"results.csv", []byte("new")}, {"sweep.json", []byte("{}")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || filepath.Base(paths[0]) != "results.csv" {
		t.Errorf("paths %v", paths)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"notes.txt", "results.csv", "sweep.json"}; !slices.Equal(names, want) {
		t.Errorf("folder holds %v; want %v (stale owned files removed, others kept)", names, want)
	}
}

func TestPrepare(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := Prepare(dir); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Prepare left %v", entries)
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	if err := Prepare(filepath.Join(file, "sub")); err == nil {
		t.Error("a folder under a file was accepted")
	}
}

// An existing file keeps its permissions; a new one gets the umask's.
func TestWriteFileKeepsPermissions(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "summary.json")
	if err := os.WriteFile(private, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(private, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(private); fi.Mode().Perm() != 0o600 {
		t.Errorf("a private file became %v", fi.Mode().Perm())
	}
	fresh := filepath.Join(dir, "report.html")
	if err := WriteFile(fresh, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm()&0o600 != 0o600 || fi.Mode().Perm()&0o002 != 0 && os.Getuid() != 0 {
		t.Errorf("a new file got %v", fi.Mode().Perm())
	}
}
