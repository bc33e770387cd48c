package readwatch

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestProgressLines(t *testing.T) {
	cases := []struct {
		name string
		size int
		want string
	}{
		{"small files are silent", From - 1, ""},
		{"a quarter at a time, never 100 %", From, "execsim: reading f (34 MB)\n" +
			"execsim: reading f (34 MB): 25 %\n" +
			"execsim: reading f (34 MB): 50 %\n" +
			"execsim: reading f (34 MB): 75 %\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			data := strings.Repeat("x", tc.size)
			r := New(strings.NewReader(data), nil, &out, "f ("+Megabytes(int64(tc.size))+")", int64(tc.size))
			n, err := io.Copy(io.Discard, r)
			if err != nil || n != int64(tc.size) {
				t.Fatalf("read %d bytes, %v; want %d", n, err, tc.size)
			}
			if out.String() != tc.want {
				t.Errorf("progress:\n%s\nwant:\n%s", out.String(), tc.want)
			}
		})
	}
}

// A read stops at the first Read after the context ends, having read
// nothing more.
func TestStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := New(strings.NewReader(strings.Repeat("x", 1000)), ctx, nil, "f", 1000)
	buf := make([]byte, 100)
	if _, err := r.Read(buf); err != nil {
		t.Fatal(err)
	}
	cancel()
	n, err := r.Read(buf)
	if n != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("Read after cancel = %d, %v; want 0, context.Canceled", n, err)
	}
}

// A read that cannot start (Ctrl-C came first) is not announced.
func TestNoLineWhenStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out strings.Builder
	r := New(strings.NewReader(strings.Repeat("x", From)), ctx, &out, "f", From)
	if _, err := r.Read(make([]byte, 10)); !errors.Is(err, context.Canceled) {
		t.Errorf("Read: %v; want context.Canceled", err)
	}
	if out.String() != "" {
		t.Errorf("progress %q; want none", out.String())
	}
}
