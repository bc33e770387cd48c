package lambda

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	model "github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
)

// evenPhaseWarning tells, when two or more functions with exactly
// periodic arrivals (process even) share the account's requests-per-second
// cap and the synchronous rates exceed it, that the per-function split of
// its throttles is not about the functions. The account's bucket serves
// first come, first served; against periodic arrivals the function whose
// request first follows the bucket's regaining a token takes it, period
// after period, so a fixed phase hands one function every token and the
// other every throttle (two functions at 8,000 req/s against 10,000:
// 0 % and 75 %, or the reverse a 100 µs shift later; the model's
// TestAccountRPSSplitFollowsPhase). A real bucket would do the same with
// perfectly periodic clients: the model is not wrong, the arrivals lack
// the jitter that makes the split even, so the user is told rather than
// the model changed. "" otherwise.
func evenPhaseWarning(cfg *model.Config, in platform.CompileInput) string {
	if in.Duration <= 0 || len(in.Services) != len(cfg.Functions) {
		return ""
	}
	var even []string
	var rate float64
	for i, svc := range in.Services {
		f := &cfg.Functions[i]
		if !f.RPSLimit || f.Invocation != model.Sync {
			continue
		}
		a := svc.Work.Arrivals
		if a.Process == workload.Even {
			even = append(even, svc.Name)
			rate += a.RatePerSecond
		} else {
			rate += a.Expected(0, in.Duration) / in.Duration.Seconds()
		}
	}
	limit := 10 * cfg.AccountConcurrency
	// at exactly the cap the bucket keeps up and nothing is throttled,
	// so there is no split to speak of (review10 D3)
	if len(even) < 2 || rate <= float64(limit) {
		return ""
	}
	return fmt.Sprintf("%s: the functions of %s have exactly periodic arrivals (process: even) and share the account's %s requests/s, which the synchronous rates exceed (%s req/s): its throttles are right in total, but how they split between these functions follows the phase of their arrivals, not the functions (the one whose request first follows the bucket's regaining a token takes it every time); process: poisson splits them as independent clients would",
		Name, format.FirstNames(even, 3), format.Count(int64(limit)), format.Sig(rate, 4))
}
