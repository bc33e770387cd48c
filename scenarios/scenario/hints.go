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

// fieldUnit is the unit a numeric field's name ends in, for the message
// about a value it cannot take: "memoryMB: "1.5GB" is not an integer" left
// the user to guess that the unit is in the name and the value a bare
// count of it (inputs13).
type fieldUnit struct {
	suffix string // of the field's key: memoryMB, cpuRequestMilli
	whole  string // what an integer field takes
	number string // what a number field takes
	e      string // an example, as the user would think of it
	// per are the units a value may be written in, with their size in
	// this one, so that the message can give the number to write:
	// "1.5GB" is 1536 MB (Lambda's sizes are binary: 10,240 MB is its
	// 10 GB)
	per map[string]float64
}

var fieldUnits = []fieldUnit{
	{"MiB", "whole mebibytes", "a number of mebibytes", "1536 for 1.5 GiB",
		map[string]float64{"Ki": 1.0 / 1024, "KiB": 1.0 / 1024, "Mi": 1, "MiB": 1, "Gi": 1024, "GiB": 1024, "Ti": 1 << 20, "TiB": 1 << 20}},
	{"GiB", "whole gibibytes", "a number of gibibytes", "8",
		map[string]float64{"Mi": 1.0 / 1024, "MiB": 1.0 / 1024, "Gi": 1, "GiB": 1, "Ti": 1024, "TiB": 1024}},
	{"MB", "whole megabytes", "a number of megabytes", "1536 for 1.5 GB",
		map[string]float64{"MB": 1, "M": 1, "MiB": 1, "GB": 1024, "G": 1024, "GiB": 1024}},
	{"KB", "whole kilobytes", "a number of kilobytes", "64",
		map[string]float64{"B": 1.0 / 1024, "KB": 1, "K": 1, "KiB": 1, "MB": 1024, "M": 1024, "MiB": 1024}},
	{"Milli", "whole millicores", "a number of millicores", "500 for half a CPU",
		map[string]float64{"m": 1, "": 1000}},
	{"Percent", "a whole percentage", "a percentage", "60 for 60 %",
		map[string]float64{"%": 1}},
}

// valueRE splits a number and the unit written after it.
var valueRE = regexp.MustCompile(`^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z%]*)\s*$`)

// valueHint says, for a value a numeric field refused (msg ends "is not
// an integer" or "is not a number"), how to write it: a number in quotes
// is a string, which the decoder refuses (memoryMB: "1024"); an integer
// field takes no exponent (1e3); and a field whose name ends in a unit
// counts in it, so "1.5GB" in memoryMB gets ": memoryMB takes whole
// megabytes; 1.5GB is 1536". "" when there is nothing to add.
func valueHint(path, value, msg string) string {
	integer := strings.HasSuffix(msg, " is not an integer")
	if !integer && !strings.HasSuffix(msg, " is not a number") {
		return ""
	}
	m := valueRE.FindStringSubmatch(value)
	var x float64
	if m != nil {
		var err error
		if x, err = strconv.ParseFloat(m[1], 64); err != nil {
			m = nil
		}
	}
	if m != nil && m[2] == "" && (!integer || x == math.Trunc(x) && x < 1e15) {
		if value == m[1] && !strings.ContainsAny(value, "eE") {
			// the field takes this very text: it was written in quotes
			return "; a number in quotes is a string: write it without them"
		}
		return fmt.Sprintf("; write %s", strconv.FormatFloat(x, 'f', -1, 64))
	}
	key := path[strings.LastIndex(path, ".")+1:]
	key, _, _ = strings.Cut(key, "[")
	for _, u := range fieldUnits {
		if !strings.HasSuffix(key, u.suffix) || len(key) == len(u.suffix) {
			continue
		}
		takes := u.number
		if integer {
			takes = u.whole
		}
		if m != nil {
			if per, ok := u.per[m[2]]; ok {
				if v := x * per; (!integer || v == math.Trunc(v)) && v < 1e15 {
					return fmt.Sprintf(": %s takes %s; %s is %s", key, takes, strings.TrimSpace(value), strconv.FormatFloat(v, 'f', -1, 64))
				}
			}
		}
		return fmt.Sprintf(": %s takes %s, e.g. %s", key, takes, u.e)
	}
	return ""
}
