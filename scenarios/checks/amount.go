package checks

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Unit is what an amount in a tolerance or an expectation is measured in.
type Unit int

const (
	Number  Unit = iota // in the field's own unit: 3, 0.5
	Percent             // 2%: of the golden value (tolerance), of arrivals (expectation on a count)
	Seconds             // a duration: 5ms, 1.5s, 2m
	USD                 // money: $0.01
	Bool                // true or false, on a yes/no field (slo.met): 1 or 0
)

// Amount is a number with its unit, as written.
type Amount struct {
	Value float64 // seconds for Seconds, dollars for USD
	Unit  Unit
	Text  string
}

// ParseAmount reads 3, 2%, 800ms, 1.5s, $0.01, true or false.
func ParseAmount(s string) (Amount, error) {
	s = strings.TrimSpace(s)
	a := Amount{Text: s}
	num := s
	switch {
	case s == "":
		return a, fmt.Errorf("no value")
	case s == "true" || s == "false":
		// summary.json writes slo.met as a boolean, so an expectation
		// on it is written as one (walk11 #5); the field holds 1 or 0
		a.Unit = Bool
		if s == "true" {
			a.Value = 1
		}
		return a, nil
	case strings.HasPrefix(s, "$"):
		a.Unit, num = USD, s[1:]
	case strings.HasSuffix(s, "%"):
		a.Unit, num = Percent, strings.TrimSpace(s[:len(s)-1])
	case unicode.IsLetter(rune(s[len(s)-1])) || strings.HasSuffix(s, "µs"):
		d, err := time.ParseDuration(s)
		if err != nil {
			return a, fmt.Errorf("%q is not a number, a percentage (2%%), a duration (5ms, 1.5s) or money ($0.01)", s)
		}
		a.Unit, a.Value = Seconds, d.Seconds()
		return a, nil
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return a, fmt.Errorf("%q is not a number, a percentage (2%%), a duration (5ms, 1.5s) or money ($0.01)", s)
	}
	a.Value = x
	return a, nil
}

// fieldUnit is the unit a summary field is written in, read from its name.
type fieldUnit int

const (
	plain   fieldUnit = iota // counts and other numbers without a unit
	millis                   // latency_ms.p99, billed_duration_ms
	secs                     // duration_s, node_seconds
	dollars                  // anything under cost., *_usd
)

// unitOf reads a field's unit from its name: money under "cost" or ending
// _usd, then the unit suffix of the last segment, else of its parent
// (latency_ms.p99).
func unitOf(name string) fieldUnit {
	_, name = SplitUnit(name) // a unit of a sweep: p003-ratePerSecond=0.05/lambda.…
	segs := strings.Split(name, ".")
	for _, s := range segs[:len(segs)-1] {
		if s == "cost" {
			return dollars
		}
	}
	for i := len(segs) - 1; i >= max(0, len(segs)-2); i-- {
		s := segs[i]
		switch {
		case strings.HasSuffix(s, "_usd"):
			return dollars
		case strings.HasSuffix(s, "_ms"):
			return millis
		case strings.HasSuffix(s, "_s"), strings.HasSuffix(s, "_seconds"):
			return secs
		}
	}
	return plain
}

func (u fieldUnit) String() string {
	return [...]string{"a number without a unit", "in milliseconds", "in seconds", "in US dollars"}[u]
}

// plainUnit is the unit a plain number a is read in on the named field,
// for the drift report's tolerance column (" ms": a tolerance of 0.05 on
// latency_ms.mean is 0.05 ms, and the column read "0.05", walk14 #9);
// "" when a has a unit of its own or the field has none.
func plainUnit(a Amount, field string) string {
	if a.Unit != Number {
		return ""
	}
	return [...]string{"", " ms", " s", " USD"}[unitOf(field)]
}

// in converts a (not a Percent) to the unit of the named field.
func (a Amount) in(field string) (float64, error) {
	u := unitOf(field)
	if a.Unit == Bool {
		if yesNo(field) {
			return a.Value, nil
		}
		return 0, fmt.Errorf("%s is not a yes/no field, so %s does not apply (write a number)", field, a.Text)
	}
	switch {
	case a.Unit == Number:
		return a.Value, nil
	case a.Unit == Seconds && u == millis:
		return a.Value * 1000, nil
	case a.Unit == Seconds && u == secs:
		return a.Value, nil
	case a.Unit == USD && u == dollars:
		return a.Value, nil
	}
	hint := ""
	switch u {
	case plain:
		hint = " (write a plain number)"
	case millis, secs:
		hint = " (write a duration such as 5ms or 1.5s, or a plain number)"
	case dollars:
		hint = " (write money as $0.01, or a plain number)"
	}
	return 0, fmt.Errorf("%s is %s; %s does not apply%s", field, u, a.Text, hint)
}

// withUnit writes a field's value with its unit, as an expectation on it
// is written: 512.128ms, $0.0123, 12.5s; a number without a unit as it is.
func withUnit(field, value string) string {
	switch unitOf(field) {
	case millis:
		return value + "ms"
	case secs:
		return value + "s"
	case dollars:
		if v, ok := strings.CutPrefix(value, "-"); ok {
			return "-$" + v
		}
		return "$" + value
	}
	return value
}

// plainNumber writes a number without an exponent (8e-06 is 0.000008), as
// the rest of execsim's output does; any other text is left as it is.
func plainNumber(s string) string {
	if !strings.ContainsAny(s, "eE") {
		return s
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return s
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
