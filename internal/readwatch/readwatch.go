package readwatch

import (
	"context"
	"fmt"
	"io"
)

// From is the size from which a read is told on the progress writer:
// smaller files read in well under a second.
const From = 32 << 20

// Reader is a file being read: every Read first checks the command's
// context, so that Ctrl-C stops a read of gigabytes within one buffer,
// and a file of From bytes or more tells how far the read has got, a line
// at each quarter. Both depend on bytes read only, never on the clock, so
// the same file prints the same lines.
type Reader struct {
	r    io.Reader
	ctx  context.Context // nil: never stopped
	out  io.Writer       // nil: silent
	what string          // "big.csv (169 MB, pass 1 of 2)"
	size int64
	read int64
	told int // quarters told
}

// New wraps r, a file of size bytes that progress lines call what
// ("big.csv (169 MB)"). ctx nil never stops the read; out nil reads
// silently. A large file's first line ("execsim: reading …") is written
// here, before the first Read, unless ctx has already ended: the read
// will not start, and a line would say it did.
func New(r io.Reader, ctx context.Context, out io.Writer, what string, size int64) *Reader {
	w := &Reader{r: r, ctx: ctx, out: out, what: what, size: size}
	if w.loud() && (ctx == nil || ctx.Err() == nil) {
		fmt.Fprintf(w.out, "execsim: reading %s\n", w.what)
	}
	return w
}

func (w *Reader) loud() bool { return w.out != nil && w.size >= From }

// Read reads from the wrapped reader unless the context has ended, in
// which case it returns the context's error and reads nothing.
func (w *Reader) Read(p []byte) (int, error) {
	if w.ctx != nil {
		if err := w.ctx.Err(); err != nil {
			return 0, err
		}
	}
	n, err := w.r.Read(p)
	w.read += int64(n)
	if w.loud() {
		if q := int(w.read * 4 / w.size); q > w.told && q < 4 {
			w.told = q
			fmt.Fprintf(w.out, "execsim: reading %s: %d %%\n", w.what, q*25)
		}
	}
	return n, err
}

// Megabytes shows a size as the progress lines give it.
func Megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }
