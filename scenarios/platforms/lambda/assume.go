package lambda

import (
	"fmt"

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
	return []string{fmt.Sprintf("Lambda's cold starts rest on two assumptions AWS does not document: how long an idle environment lives (%s) and which idle environment serves a request (%s).", life, which)}
}

// warmWords say what each warm selection picks.
var warmWords = map[model.WarmSelection]string{
	model.Newest: "the most recently created",
	model.Oldest: "the longest-lived",
	model.Random: "any, at random",
}
