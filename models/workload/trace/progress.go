package trace

import (
	"context"
	"fmt"
	"io"
)

// progressFrom is the size from which reading a file is told on
// Options.Progress: smaller files read in well under a second.
const progressFrom = 32 << 20

// watched is a trace file as Load reads it: every Read first checks the
// command's context, so that Ctrl-C stops a read of gigabytes within one
// buffer, and large files tell how far the read has got, a line at each
// quarter. Both depend on bytes read only, never on the clock, so the
// same file prints the same lines.
type watched struct {
	r    io.Reader
	ctx  context.Context // nil: never stopped
	out  io.Writer       // nil: silent
	what string          // "big.csv (169 MB, pass 1 of 2)"
	size int64
	read int64
	told int // quarters told
}

func (w *watched) Read(p []byte) (int, error) {
	if w.ctx != nil {
		if err := w.ctx.Err(); err != nil {
			return 0, err
		}
	}
	n, err := w.r.Read(p)
	w.read += int64(n)
	if w.out != nil && w.size >= progressFrom {
		if q := int(w.read * 4 / w.size); q > w.told && q < 4 {
			w.told = q
			fmt.Fprintf(w.out, "execsim: reading %s: %d %%\n", w.what, q*25)
		}
	}
	return n, err
}

// begin tells that a large file's read starts.
func (w *watched) begin() {
	if w.out != nil && w.size >= progressFrom {
		fmt.Fprintf(w.out, "execsim: reading %s\n", w.what)
	}
}

// megabytes shows a size as the message gives it.
func megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }
