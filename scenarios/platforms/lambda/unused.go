package lambda

import (
	"fmt"
	"strings"

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
	if n := len(restore); n > 0 {
		more := ""
		if n > 3 {
			restore, more = restore[:3], fmt.Sprintf(" and %d more", n-3)
		}
		warns = append(warns, fmt.Sprintf("%s.restore is set for %s%s, which do not use SnapStart: only a SnapStart cold start restores a snapshot (snapStart: true), so it changes nothing",
			Name, strings.Join(restore, ", "), more))
	}
	return warns
}
