package models

import (
	"errors"
	"strings"
	"testing"
)

// Members tells a duplicate name once, as such, a shared streams base of
// two differently named members, and each member's own problems under its
// path.
func TestMembers(t *testing.T) {
	type member struct {
		name, streams string
		err           error
	}
	own := Fieldf("memoryMB", 64, ErrRange, "must be at least 128")
	for _, tc := range []struct {
		name    string
		members []member
		want    []string
	}{
		{"distinct", []member{{"a", "lambda/a", nil}, {"b", "lambda/b", nil}}, nil},
		{"unnamed", []member{{"", "lambda/", own}}, []string{"functions[0].memoryMB: must be at least 128 (got 64)"}},
		{"duplicate name", []member{{"a", "lambda/a", nil}, {"a", "lambda/a", nil}},
			[]string{"functions.a: duplicate function name (got a)"}},
		{"shared streams", []member{{"a", "lambda", nil}, {"b", "lambda", own}},
			[]string{"functions.b.memoryMB: must be at least 128 (got 64)", "functions.b.streams: another function draws from streams of this name; give each function its own (got lambda)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p Problems
			m := Members{Collection: "functions", Noun: "function"}
			for i, x := range tc.members {
				m.Check(&p, i, x.name, x.streams, x.err)
			}
			var got []string
			if err := p.Err(); err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if len(tc.want) > 0 && !errors.Is(p.Err(), ErrRange) && !errors.Is(p.Err(), ErrInvalid) {
				t.Errorf("problems %v are neither ErrRange nor ErrInvalid", p.Err())
			}
		})
	}
}
