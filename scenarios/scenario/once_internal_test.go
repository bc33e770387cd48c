package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/execsim/execsim/models"
)

// once leaves out a problem told before, and nothing else: two distinct
// problems that read the same (a value of another type, a problem of
// another kind, an error of its own beside a field's) are both told. It
// compared the text alone, and kept the first of each.
func TestOnceHidesNoDistinctProblem(t *testing.T) {
	arch := models.Fieldf("lambda.arch", nil, models.ErrInvalid, `unknown architecture "x86"`)
	five := models.Fieldf("lambda.memoryMB", 5, models.ErrRange, "must be at least 128")
	for _, tc := range []struct {
		name string
		in   []error
		want int // problems told
	}{
		{"the same problem thrice", []error{arch, models.Fieldf("lambda.arch", nil, models.ErrInvalid, `unknown architecture "x86"`), arch}, 1},
		{"repeats inside a joined group", []error{arch, errors.Join(five, arch), five}, 2},
		{"a value of another type", []error{five, models.Fieldf("lambda.memoryMB", "5", models.ErrRange, "must be at least 128")}, 2},
		{"a problem of another kind", []error{five, models.Fieldf("lambda.memoryMB", 5, models.ErrInvalid, "must be at least 128")}, 2},
		{"an error of its own that reads as a field's", []error{five, errors.New(five.Error())}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := once(errors.Join(tc.in...))
			if n := strings.Count(got.Error(), "\n") + 1; n != tc.want {
				t.Errorf("once told %d problems; want %d:\n%v", n, tc.want, got)
			}
			for _, e := range tc.in {
				if !errors.Is(got, models.ErrInvalid) && errors.Is(e, models.ErrInvalid) {
					t.Errorf("once hid the ErrInvalid of %v:\n%v", e, got)
				}
			}
		})
	}
}
