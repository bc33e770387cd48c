package report

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/format"
)

// tailPerServiceNote is the tail chart's note for a run judged service by
// service (plots.TailSLO.PerService): its lines pool every service's
// requests, so they judge nothing, and which platforms miss on which
// services; "" for a run judged on its pooled tail (walk13 #3: Lambda's
// pooled p99 sat well under the SLO's corner while the verdict beside
// the chart said Lambda missed it).
func (b *Bundle) tailPerServiceNote() string {
	var each []string
	per := false
	for _, m := range b.Summary.Models {
		r := sloOf(m.Entry)
		if !r.PerService() {
			continue
		}
		per = true
		var names []string
		for _, x := range r.Services.Missed {
			names = append(names, x.Service)
		}
		noun := b.Registry.Look(m.Name).Noun
		if len(names) == 0 {
			each = append(each, noun+" meets it on every service")
			continue
		}
		each = append(each, fmt.Sprintf("%s misses it on %s", noun, format.FirstNames(names, 3)))
	}
	if !per {
		return ""
	}
	return format.Capitalised(fmt.Sprintf("the SLO is judged service by service, each service by its own slo: (the scenario's, the corner drawn, where it has none); these lines pool every service's requests, so a line left of the corner may still miss it: %s.",
		strings.Join(each, "; ")))
}
