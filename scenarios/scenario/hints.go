package scenario

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var durationRE = regexp.MustCompile(`^([0-9.]+)([eE][-+]?[0-9]+)?(ns|us|µs|ms|s|m|h)$`)

// durationProblem says why a value that looks like a duration is not one
// ("" when it does not look like one): too long for the nanosecond clock,
// or written with an exponent, which Go's durations do not take.
func durationProblem(s string) string {
	m := durationRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	x, err := strconv.ParseFloat(m[1]+m[2], 64)
	if err != nil {
		return ""
	}
	unit := map[string]time.Duration{"ns": time.Nanosecond, "us": time.Microsecond, "µs": time.Microsecond,
		"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour}[m[3]]
	ns := x * float64(unit)
	if ns >= math.MaxInt64 {
		return fmt.Sprintf("longer than the longest duration execsim can hold (%v, about 292 years)", time.Duration(math.MaxInt64).Truncate(time.Hour))
	}
	if m[2] != "" {
		return fmt.Sprintf("exponents are not accepted; write %v", time.Duration(ns))
	}
	return ""
}

func goTypeWord(t string) string {
	switch {
	case t == "time.Duration":
		return `a duration (write it as a string with a unit, e.g. "600s" or "10m")`
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint") || t == "*int":
		return "an integer"
	case strings.HasPrefix(t, "float") || t == "*float64":
		return "a number"
	case t == "bool" || t == "*bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "string" || t == "*string":
		return "a string"
	}
	return "of the expected type (a " + t + ")"
}
