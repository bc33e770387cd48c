package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
)

// DefaultFrontDoor is the kind of front door in front of every platform
// unless the scenario says otherwise: an ALB. An HTTP service needs a
// front door on either platform, and an ALB is the one kind both can have
// (a cluster's pods behind it, a function as its target); the cluster
// model already routes through one (alb-round-robin, load-balancer
// registration). With nothing in front of both, a cluster's routing
// would describe a load balancer nobody pays for.
const DefaultFrontDoor = cost.FrontDoorALB

// compileFrontDoors resolves the front door of every platform that bills
// one (platform.FrontDoorer): cost.frontDoors.<name> when given, the shared
// cost.frontDoor otherwise. It reports a kind a platform cannot take and an
// override for a platform that is not in the scenario or bills no front
// door, and returns the warning every output prints when the kinds differ.
func compileFrontDoors(p *models.Problems, f *CostFile, shared cost.FrontDoor, plan *Plan) (map[string]cost.FrontDoor, []string) {
	doors := map[string]cost.FrontDoor{}
	var names []string
	takes := map[string][]cost.FrontDoor{}
	for _, c := range plan.Platforms {
		fd, ok := c.Config.(platform.FrontDoorer)
		if !ok {
			continue
		}
		name := c.Platform.Name()
		names = append(names, name)
		takes[name] = fd.FrontDoors()
		doors[name] = shared
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range f.FrontDoors {
			if !yield(k) {
				return
			}
		}
	}) {
		path := "cost.frontDoors." + name
		if _, ok := takes[name]; !ok {
			if len(names) == 0 {
				p.Add(path, nil, models.ErrUnknown, "no platform of the scenario bills a front door")
			} else {
				p.Add(path, nil, models.ErrUnknown, "not a platform of the scenario with a front door (%s)", strings.Join(names, ", "))
			}
			continue
		}
		kind, err := cost.ParseFrontDoor(f.FrontDoors[name])
		if err != nil {
			p.Add(path, nil, models.ErrInvalid, "%v", err)
			continue
		}
		doors[name] = kind
	}
	for _, name := range names {
		if slices.Contains(takes[name], doors[name]) {
			continue
		}
		path := "cost.frontDoor"
		if _, ok := f.FrontDoors[name]; ok {
			path = "cost.frontDoors." + name
		}
		kinds := make([]string, len(takes[name]))
		for i, k := range takes[name] {
			kinds[i] = k.String()
		}
		hint := fmt.Sprintf("give another kind in cost.frontDoors.%s", name)
		if path == "cost.frontDoor" {
			hint = fmt.Sprintf("keep a kind every platform takes here and put %s in cost.frontDoors.<platform> for the platforms that take it", doors[name])
		}
		p.Add(path, nil, models.ErrInvalid, "%s cannot be fronted by %s (it takes %s); %s",
			name, doors[name], strings.Join(kinds, " or "), hint)
	}
	// a platform whose model depends on its front door (Lambda behind API
	// Gateway: the integration timeout) learns it, and may say why
	for _, c := range plan.Platforms {
		if ft, ok := c.Config.(frontDoorTaker); ok {
			plan.Warnings = append(plan.Warnings, ft.BehindFrontDoor(doors[c.Platform.Name()], p)...)
		}
	}
	var warnings []string
	for _, name := range names[min(1, len(names)):] {
		if doors[name] != doors[names[0]] {
			var parts []string
			for _, n := range names {
				parts = append(parts, fmt.Sprintf("%s behind %s", n, doors[n]))
			}
			warnings = append(warnings, fmt.Sprintf("front doors differ (%s): the costs compare different front ends, not only the platforms", strings.Join(parts, ", ")))
			break
		}
	}
	return doors, warnings
}

// PayloadProblems says, for each of the given platforms, whether its
// services' requests are larger than it accepts behind its front door
// (platform.PayloadLimiter): such requests are refused before any work
// (Lambda: RequestTooLargeException, HTTP 413), and the platform's run
// fails every one of them, so it misses the SLO by their share
// (walk4: payloadKB 2048 behind an ALB ran as if Lambda served it). One
// sentence per platform, naming the largest payload and up to three of
// the services; runs and validate print them as warnings.
//
// A platform that a blend among platforms blends is left out: the blend
// pins such services to another of its platforms (pinOverPayloads), and
// the platform's own run, the blend's input, is warned about.
func PayloadProblems(plan *Plan, platforms []Compiled) []string {
	var out []string
	blended := map[string]bool{}
	for _, c := range platforms {
		if b, ok := c.Config.(platform.Pinner); ok {
			for _, name := range b.Peers() {
				blended[name] = true
			}
		}
	}
	for _, c := range platforms {
		pl, ok := c.Config.(platform.PayloadLimiter)
		if !ok || blended[c.Platform.Name()] {
			continue
		}
		name := c.Platform.Name()
		fd := plan.Cost.FrontDoorOf(name)
		var limit float64
		var rule string
		var over []string
		largest := 0.0
		for i, s := range plan.Workload.Services {
			lim, why := serviceLimit(c, pl, i, fd)
			if s.PayloadKB > lim {
				over = append(over, s.Name)
				if s.PayloadKB > largest {
					limit, rule = lim, why // the sentence names the largest's rule
				}
				largest = max(largest, s.PayloadKB)
			}
		}
		if len(over) == 0 {
			continue
		}
		who := ""
		if len(plan.Workload.Services) > 1 {
			who = fmt.Sprintf(" (%d %s: %s)", len(over), format.Plural(len(over), "service", "services"), firstThree(over))
		}
		out = append(out, fmt.Sprintf("payloadKB %s%s: %s behind %s takes at most %s KB a request: %s; its run fails every such request at once, so it misses the SLO by their share; give a smaller payloadKB or another front door (cost.frontDoors.%s) to compare it serving them",
			format.Sig(largest, 4), who, name, fd, format.Count(int64(limit)), rule, name))
	}
	return out
}

// frontDoorTaker is implemented by a Config whose model depends on the
// kind of front door in front of it (Lambda: API Gateway's integration
// timeout answers a long request 504): it is told its front door once the
// doors are resolved, reports bad settings for it into p, and returns
// notes for validate.
type frontDoorTaker interface {
	BehindFrontDoor(fd cost.FrontDoor, p *models.Problems) []string
}

// serviceLimit is the largest request service i may send the platform
// behind fd, and the rule that says so: the platform's own
// (platform.PayloadLimiter), or its service's where they differ
// (servicePayloadLimiter: an async function's 1 MB).
func serviceLimit(c Compiled, pl platform.PayloadLimiter, i int, fd cost.FrontDoor) (float64, string) {
	if sl, ok := c.Config.(servicePayloadLimiter); ok {
		return sl.ServiceMaxPayloadKB(i, fd)
	}
	return pl.MaxPayloadKB(fd)
}

// firstThree names up to three services, with "…" for more.
func firstThree(names []string) string {
	out := strings.Join(names[:min(3, len(names))], ", ")
	if len(names) > 3 {
		out += ", …"
	}
	return out
}

// servicePayloadLimiter is implemented by a platform.PayloadLimiter whose
// limit differs between its services (Lambda: 1 MB for an asynchronously
// invoked function, 6 MB for a synchronous one): service i's limit and rule.
type servicePayloadLimiter interface {
	ServiceMaxPayloadKB(i int, fd cost.FrontDoor) (kb float64, rule string)
}

// PayloadWarnings are the warnings of a run of the chosen platforms about
// requests larger than they take behind their front doors
// (PayloadProblems). They are judged for the platforms a run chooses, not
// when the plan is compiled, so that --model kubernetes says nothing of
// what Lambda would refuse. Such a platform's run is no longer refused
// (p413: the verdict ranked a Lambda that served them): it fails those
// requests, and the warnings say why.
func (p *Plan) PayloadWarnings(chosen []Compiled) []string {
	return PayloadProblems(p, chosen)
}

// pinOverPayloads pins, in every blend, each service whose requests are
// larger than one of the blend's platforms takes behind its front door
// (platform.PayloadLimiter) to another of them (platform.Pinner), with the
// reason the placement gives for it; the rest are placed as usual
// (review4: such a scenario was refused as a whole, even with the service
// pinned to Kubernetes). The platform's own run, the blend's input and
// its column, fails every request of those services at once (Lambda:
// refusing), and a warning says which services it cannot take. A pin of the user's to that platform is an
// error. Compile calls it once the front doors are known.
func pinOverPayloads(p *models.Problems, plan *Plan) {
	for _, bc := range plan.Platforms {
		b, ok := bc.Config.(platform.Pinner)
		if !ok {
			continue
		}
		at := platform.SectionKey(bc.Platform)
		peers := b.Peers()
		off := make([][]string, len(plan.Workload.Services))
		why := make([][]string, len(plan.Workload.Services))
		for _, c := range plan.Platforms {
			pl, ok := c.Config.(platform.PayloadLimiter)
			if !ok || !slices.Contains(peers, c.Platform.Name()) {
				continue
			}
			name := c.Platform.Name()
			fd := plan.Cost.FrontDoorOf(name)
			var over []string
			for i, s := range plan.Workload.Services {
				limit, _ := serviceLimit(c, pl, i, fd)
				if s.PayloadKB > limit {
					over = append(over, s.Name)
					size, max := format.MegabytesApart(s.PayloadKB, limit)
					off[i] = append(off[i], name)
					why[i] = append(why[i], fmt.Sprintf("requests up to %s exceed %s's %s payload limit behind %s", size, c.Platform.Look().Noun, max, fd))
				}
			}
			if len(over) > 0 {
				plan.Warnings = append(plan.Warnings, fmt.Sprintf("%s behind %s cannot take the requests of %s %s (%s): %s pins %s elsewhere, and %s's own run fails %s requests, as %s refuses them",
					name, fd, format.Count(int64(len(over))), format.Plural(len(over), "service", "services"), firstThree(over),
					at, format.Plural(len(over), "it", "them"), name, format.Plural(len(over), "its", "their"), c.Platform.Look().Noun))
			}
		}
		for i := range off {
			if len(off[i]) == 0 {
				continue
			}
			if _, err := b.PinOff(i, off[i], strings.Join(why[i], "; ")); err != nil {
				p.Add(at, nil, models.ErrInvalid, "%v", err)
			}
		}
	}
}
