package lambda

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models/cost"
	model "github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/scenarios/platform"
)

// unusedWarnings name settings that were read and change nothing in the
// run (hostile #13): scaling parameters of another scaling mode (each
// mode reads only its own, Config.Describe prints only those), and a
// restore: distribution for a function without SnapStart (only a
// SnapStart cold start restores a snapshot: model's cold).
func unusedWarnings(s *Section, mode model.ScalingMode, fns []model.Function, in platform.CompileInput) []string {
	var warns []string
	var other []string
	for _, o := range []struct {
		key  string
		set  bool
		mode model.ScalingMode
	}{
		{"scalingBurst", s.ScalingBurst != nil, model.PerFunction},
		{"scalingRefillPerSecond", s.ScalingRefillPerSecond != nil, model.PerFunction},
		{"scalingWindowSize", s.ScalingWindowSize != nil, model.Window},
		{"scalingWindow", s.ScalingWindow != nil, model.Window},
		{"legacyBurst", s.LegacyBurst != nil, model.Legacy},
		{"legacyRefillPerMinute", s.LegacyRefillPerMinute != nil, model.Legacy},
	} {
		if o.set && o.mode != mode {
			other = append(other, fmt.Sprintf("%s.%s (scaling: %s)", Name, o.key, o.mode))
		}
	}
	if len(other) > 0 {
		warns = append(warns, fmt.Sprintf("%s is not used: the scaling mode is %s, which reads only its own parameters", strings.Join(other, ", "), mode))
	}
	var restore []string
	for i, svc := range in.Services {
		o, _ := svc.Override.(*Function)
		written := s.Restore != "" || (s.EveryFunction != nil && s.EveryFunction.Restore != "") || (o != nil && o.Restore != "")
		if written && i < len(fns) && !fns[i].SnapStart {
			restore = append(restore, svc.Name)
		}
	}
	if len(restore) > 0 {
		warns = append(warns, fmt.Sprintf("%s.restore is set for %s, which do not use SnapStart: only a SnapStart cold start restores a snapshot (snapStart: true), so it changes nothing",
			Name, format.FirstNames(restore, 3)))
	}
	// a keep-alive of milliseconds is a unit slip (hostile #17: uniform(5ms,
	// 7ms)): an idle environment lives minutes (observations run from 5-7
	// min to 45-60 min, the default's source: model.Function.KeepAlive)
	var slipped []string
	for i, f := range fns {
		if f.KeepAlive != nil && i < len(in.Services) {
			if m := f.KeepAlive.Quantile(0.5); m > 0 && m < time.Second {
				slipped = append(slipped, in.Services[i].Name)
			}
		}
	}
	if len(slipped) > 0 {
		warns = append(warns, fmt.Sprintf("%s.keepAlive of %s has a median below 1s, far below anything real (an idle environment is observed to live from 5-7 min to 45-60 min; default uniform(5m,7m)): a unit slip for s or m?",
			Name, format.FirstNames(slipped, 3)))
	}
	return warns
}

// regionWarning tells that a lambda.region other than the priced one
// prices nothing (hostile #13: eu-west-1 was billed at us-east-1 without
// a word): the bill is cost.region's catalogue, and execsim has only
// us-east-1's (models/cost prices.csv), so the region sets only the
// legacy scaling mode's initial burst (legacyBurst).
func regionWarning(region string) string {
	if region == "" || region == cost.DefaultRegion || !slices.Contains(regions, region) {
		return ""
	}
	return fmt.Sprintf("%s.region: %s sets only the legacy scaling mode's initial burst (%d); prices are cost.region's catalogue, and execsim has only %s's, so the bill is at %s prices",
		Name, region, legacyBurst(region), cost.DefaultRegion, cost.DefaultRegion)
}
