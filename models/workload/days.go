package workload

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/models"
)

// Days is a set of weekdays, Monday first; day 0 of a run is a Monday. The
// zero value means every day.
type Days uint8

// The days of the week, and the usual sets of them.
const (
	Mon Days = 1 << iota
	Tue
	Wed
	Thu
	Fri
	Sat
	Sun

	Weekdays = Mon | Tue | Wed | Thu | Fri
	Weekend  = Sat | Sun
	EveryDay = Weekdays | Weekend
)

var dayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// ParseDays parses a comma-separated list of day names and ranges, such as
// "mon-fri", "sat,sun" or "mon,wed-fri"; also "weekdays", "weekend" and
// "everyday".
func ParseDays(s string) (Days, error) {
	switch s {
	case "weekdays":
		return Weekdays, nil
	case "weekend":
		return Weekend, nil
	case "everyday":
		return EveryDay, nil
	}
	bad := func() (Days, error) {
		return 0, models.Fieldf("days", fmt.Sprintf("%q", s), models.ErrInvalid,
			"must be a list of days or ranges such as mon-fri or sat,sun (days: %s)", join(dayNames))
	}
	if s == "" {
		return bad()
	}
	var d Days
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		i, j := dayIndex(lo), dayIndex(hi)
		if !isRange {
			j = i
		}
		if i < 0 || j < i {
			return bad()
		}
		for k := i; k <= j; k++ {
			d |= 1 << k
		}
	}
	return d, nil
}

func dayIndex(s string) int {
	for i, n := range dayNames {
		if s == n {
			return i
		}
	}
	return -1
}

// Has reports whether day n of the run (0 is a Monday) is in the set.
func (d Days) Has(n int64) bool {
	return d == 0 || d&(1<<(n%7)) != 0
}

// count is the number of days in the set among days [0, n) of the run.
func (d Days) count(n int64) int64 {
	if d == 0 {
		return n
	}
	per := int64(popcount(d & EveryDay))
	return n/7*per + int64(popcount(d&(1<<(n%7)-1)))
}

func popcount(d Days) int {
	n := 0
	for ; d != 0; d &= d - 1 {
		n++
	}
	return n
}

// String prints the set canonically, with ranges: "mon-fri", "mon,wed,sat-sun".
// The zero value prints as "mon-sun".
func (d Days) String() string {
	if d == 0 {
		d = EveryDay
	}
	var parts []string
	for i := 0; i < 7; {
		if d&(1<<i) == 0 {
			i++
			continue
		}
		j := i
		for j+1 < 7 && d&(1<<(j+1)) != 0 {
			j++
		}
		if j == i {
			parts = append(parts, dayNames[i])
		} else {
			parts = append(parts, dayNames[i]+"-"+dayNames[j])
		}
		i = j + 1
	}
	if d&^EveryDay != 0 {
		parts = append(parts, fmt.Sprintf("Days(%#x)", uint8(d&^EveryDay)))
	}
	return strings.Join(parts, ",")
}

// MarshalText implements encoding.TextMarshaler.
func (d Days) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Days) UnmarshalText(b []byte) error {
	v, err := ParseDays(string(b))
	if err == nil {
		*d = v
	}
	return err
}
