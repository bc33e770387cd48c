package scenario

import (
	"io/fs"
	"path"
	"slices"
	"sync"
)

// openedFS is a scenario's file system that remembers every file opened
// through it, so that a command can refuse an --out that would overwrite
// one of the run's own inputs (hostile #3: run --out . rewrote the
// scenario's series.csv trace with the run's series.csv). The readers all
// go through Open (fs.ReadFile, fs.Stat and fs.ReadDir fall back to it),
// so wrapping Open alone sees every file they read.
type openedFS struct {
	fs.FS
	mu    sync.Mutex // sweep points compile in parallel and read through it
	names []string
}

func (o *openedFS) Open(name string) (fs.File, error) {
	f, err := o.FS.Open(name)
	if err == nil {
		o.mu.Lock()
		if !slices.Contains(o.names, name) {
			o.names = append(o.names, name)
		}
		o.mu.Unlock()
	}
	return f, err
}

// recording wraps files in an openedFS, once.
func recording(files fs.FS) fs.FS {
	if files == nil {
		return nil
	}
	if _, ok := files.(*openedFS); ok {
		return files
	}
	return &openedFS{FS: files}
}

// Inputs are the files the plan has read from its Files (traces,
// manifests, templates, settings), slash-separated paths relative to the
// scenario's folder, sorted; folders a reader listed are among them. The
// scenario file itself is not (it is the command's reference, Plan.Ref).
func (p *Plan) Inputs() []string {
	o, ok := p.Files.(*openedFS)
	if !ok {
		return nil
	}
	o.mu.Lock()
	out := slices.Clone(o.names)
	o.mu.Unlock()
	for i, n := range out {
		out[i] = path.Clean(n)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
