package report

import (
	"cmp"
	"maps"
	"math"
	"slices"

	"github.com/execsim/execsim/scenarios/platform"
)

// stakes is, per service whose placement is a close call (PlacedService.
// Marginal), the monthly cost the call decides, for marginal to name the
// calls that matter most first (walk13 #1: of 42 close calls the first
// three named were the scenario's first three, each worth cents, and the
// one worth $1,367.64 a month came fifth, unnamed). It is the larger of
//   - what the blend would save were a platform alone to meet the SLO:
//     the blend's monthly cost less that platform's, when that platform's
//     own run costs less and misses the SLO only on close calls, the
//     service's among them (platform.SLOResult.OnlyCloseMisses: with the
//     other calls it would meet the SLO, and the placement settles on a
//     platform alone that costs no more and meets it as well);
//   - the difference of the service's own direct costs between where it
//     is and each other platform, where the other call would move it.
//
// A summary written before runs listed their close calls has only the
// latter.
func (f *fleet) stakes() map[string]float64 {
	out := map[string]float64{}
	for _, svc := range f.pl.Services {
		if svc.Marginal == "" {
			continue
		}
		on := option(svc, svc.Platform)
		if on == nil {
			continue
		}
		for _, o := range svc.Options {
			if o.Platform != svc.Platform {
				out[svc.Name] = max(out[svc.Name], math.Abs(o.MonthlyUSD-on.MonthlyUSD))
			}
		}
	}
	blend, ok := f.monthly(f.blend)
	if !ok {
		return out
	}
	for _, key := range slices.Sorted(maps.Keys(f.pl.RunSLO)) {
		usd, ok := f.pl.MonthlyUSD[key]
		r := f.pl.RunSLO[key]
		if key == f.blend || !ok || usd >= blend || !r.OnlyCloseMisses() {
			continue
		}
		for _, m := range r.Services.Missed {
			if _, named := out[m.Service]; named {
				out[m.Service] = max(out[m.Service], blend-usd)
			}
		}
	}
	return out
}

// byStake orders the placement's close calls, the most at stake first
// (stakes), the scenario's order among equal stakes.
func (f *fleet) byStake() []platform.PlacedService {
	var out []platform.PlacedService
	for _, svc := range f.pl.Services {
		if svc.Marginal != "" {
			out = append(out, svc)
		}
	}
	st := f.stakes()
	slices.SortStableFunc(out, func(a, b platform.PlacedService) int { return cmp.Compare(st[b.Name], st[a.Name]) })
	return out
}
