package lambda

import (
	"fmt"

	"github.com/execsim/execsim/internal/format"
	model "github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/scenarios/platform"
)

// Assumptions implements platform.Assumer: how many cold starts Lambda
// has, and so the INIT it bills and the environments it keeps, rests on
// two rules AWS does not document, which the model takes as settings
// (fidmodel review, "Right but undocumented"):
//   - how long an idle environment lives: AWS says only that Lambda keeps
//     it "for some time" ("may completely terminate an environment after
//     a period of inactivity", lambda-concurrency.html); observations run
//     from 5–7 min to 45–60 min (lambda-and-prices.md §2.1), hence
//     keepAlive's uniform(5m,7m);
//   - which idle environment serves a request: AWS says a
//     "pre-initialized execution environment instance" is used if one is
//     available, not which (lambda-concurrency.html); the newest first
//     (warmSelection newest) lets the older ones idle out, the policy
//     SimFaaS reproduces.
//
// Where a function's synchronous invocations pass the 10 × concurrency
// requests-per-second caps (rpsLimit), two more that the last review
// found stated only in the model's comments (admitRate, New):
//   - what an attempt spends: AWS gives the caps' rates, not whether a
//     throttled request counts against them; the model counts an attempt
//     that passes the caps even when concurrency or the scaling rate then
//     throttles it, and not one the caps refuse;
//   - where requests above a provisioned version's 10 ×
//     provisionedConcurrency go: AWS does not say; the model runs them on
//     on-demand environments, cold starts and on-demand prices included,
//     while provisioned environments may idle (named per function when
//     not every function has provisioned concurrency).
func (c *Config) Assumptions() []string {
	if len(c.Functions) == 0 {
		return nil
	}
	keep := platform.DistString(c.Functions[0].KeepAlive)
	warm := c.Functions[0].WarmSelection
	sameKeep, sameWarm := true, true
	for _, f := range c.Functions[1:] {
		sameKeep = sameKeep && platform.DistString(f.KeepAlive) == keep
		sameWarm = sameWarm && f.WarmSelection == warm
	}
	life := "keepAlive " + keep
	if !sameKeep {
		life = "keepAlive, set per function"
	}
	which := "warmSelection " + warm.String() + ": " + warmWords[warm]
	if !sameWarm {
		which = "warmSelection, set per function"
	}
	out := []string{fmt.Sprintf("Lambda's cold starts rest on two assumptions AWS does not document: how long an idle environment lives (%s) and which idle environment serves a request (%s).", life, which)}
	capped, provisioned := false, []string(nil)
	for _, f := range c.Functions {
		if !f.RPSLimit || f.Invocation != model.Sync {
			continue
		}
		capped = true
		if f.ProvisionedConcurrency > 0 {
			provisioned = append(provisioned, f.Name)
		}
	}
	if capped {
		out = append(out, "Lambda's requests-per-second caps (10 × concurrency, on synchronous invocations) are assumed to count an attempt that passes them even when the concurrency quota or the scaling rate then throttles it, and not one they refuse: AWS does not say whether throttled requests count.")
	}
	if len(provisioned) > 0 {
		whose := ""
		if len(provisioned) < len(c.Functions) {
			whose = " (" + format.FirstNames(provisioned, 3) + ")"
		}
		out = append(out, fmt.Sprintf("Requests above a provisioned version's 10 × provisionedConcurrency per second%s are assumed to run on on-demand environments, with their cold starts and on-demand prices, while provisioned ones may idle: AWS does not say what becomes of them.", whose))
	}
	return out
}

// warmWords say what each warm selection picks.
var warmWords = map[model.WarmSelection]string{
	model.Newest: "the most recently created",
	model.Oldest: "the longest-lived",
	model.Random: "any, at random",
}
