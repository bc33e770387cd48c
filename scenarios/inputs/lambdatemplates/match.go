package lambdatemplates

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Match assigns functions to service names. An explicit entry (service →
// logical name or FunctionName) wins; then a service takes the function
// whose logical name or FunctionName equals it, then the one equal to it
// ignoring case, '-' and '_'. A function serves at most one service. The
// warnings list, in this order, explicit entries naming no function,
// services matched by more than one function, services without a
// function and functions without a service, each sorted by name.
func (s *Set) Match(services []string, explicit map[string]string) (map[string]*Function, []Warning) {
	out := map[string]*Function{}
	taken := make([]bool, len(s.Functions))
	var warnings []Warning
	warn := func(format string, args ...any) {
		warnings = append(warnings, Warning{File: s.File, Document: 1, Path: "match", Msg: fmt.Sprintf(format, args...)})
	}
	find := func(eq func(a, b string) bool, name string) []int {
		var hits []int
		for i := range s.Functions {
			f := &s.Functions[i]
			if !taken[i] && (eq(f.Name, name) || f.FunctionName != "" && eq(f.FunctionName, name)) {
				hits = append(hits, i)
			}
		}
		return hits
	}
	exact := func(a, b string) bool { return a == b }
	loose := func(a, b string) bool { return normalise(a) == normalise(b) }

	svcs := slices.Clone(services)
	slices.Sort(svcs)
	svcs = slices.Compact(svcs)
	for _, svc := range slices.Sorted(maps.Keys(explicit)) {
		if !slices.Contains(svcs, svc) {
			warn("explicit entry %s → %s names no service", svc, explicit[svc])
			continue
		}
		hits := find(exact, explicit[svc])
		if len(hits) == 0 {
			warn("explicit entry %s → %s names no function of the file", svc, explicit[svc])
			continue
		}
		taken[hits[0]] = true
		out[svc] = &s.Functions[hits[0]]
	}
	for _, eq := range []func(a, b string) bool{exact, loose} {
		for _, svc := range svcs {
			if _, done := out[svc]; done {
				continue
			}
			if _, pinned := explicit[svc]; pinned {
				continue
			}
			hits := find(eq, svc)
			if len(hits) > 1 {
				names := make([]string, len(hits))
				for i, h := range hits {
					names[i] = s.Functions[h].Name
				}
				warn("service %s matches functions %s; give an explicit entry", svc, strings.Join(names, ", "))
				out[svc] = nil // decided: ambiguous
				continue
			}
			if len(hits) == 1 {
				taken[hits[0]] = true
				out[svc] = &s.Functions[hits[0]]
			}
		}
	}
	for _, svc := range svcs {
		if f, ok := out[svc]; !ok || f == nil {
			delete(out, svc)
			if !ok {
				warn("service %s has no function in the file", svc)
			}
		}
	}
	for i := range s.Functions {
		if !taken[i] {
			warn("function %s serves no service", s.Functions[i].Name)
		}
	}
	return out, warnings
}

// normalise lower-cases a name and drops '-' and '_': order-api, OrderApi
// and order_api are the same service.
func normalise(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return -1
		}
		return r
	}, strings.ToLower(s))
}
