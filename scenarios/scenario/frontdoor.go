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
			plan.warnOf(c.Name(), ft.BehindFrontDoor(doors[c.Platform.Name()], p)...)
		}
	}
	return doors, doorsDiffer(doors, names)
}

// doorsDiffer is the warning that the platforms names, which bill a
// front door, are billed behind different ones (none when they agree).
func doorsDiffer(doors map[string]cost.FrontDoor, names []string) []string {
	for _, name := range names[min(1, len(names)):] {
		if doors[name] != doors[names[0]] {
			var parts []string
			for _, n := range names {
				parts = append(parts, fmt.Sprintf("%s behind %s", n, doors[n]))
			}
			return []string{fmt.Sprintf("front doors differ (%s): the costs compare different front ends, not only the platforms", strings.Join(parts, ", "))}
		}
	}
	return nil
}

// FrontDoorWarnings are the cost warnings of a run of the chosen
// platforms (runner.Select: a blend brings its peers): that their front
// doors differ, judged among the chosen that bill one. The plan's
// Cost.Warnings judge every platform, as validate, sweep and break-even
// run them all; `run --model kubernetes` bills one front door and
// compares none, and is told nothing (review: it printed "front doors
// differ"), as PayloadWarnings tells it nothing of Lambda's limits.
func (p *Plan) FrontDoorWarnings(chosen []Compiled) []string {
	var names []string
	for _, c := range chosen {
		if _, ok := c.Config.(platform.FrontDoorer); ok {
			names = append(names, c.Name())
		}
	}
	return doorsDiffer(p.Cost.FrontDoors, names)
}

// PayloadProblems says, for each of the given platforms, whether its
// services' requests are larger than it accepts behind its front door
// (platform.PayloadLimiter): such requests are refused before any work
// (Lambda: RequestTooLargeException, HTTP 413), and the platform's run
// fails every one of them, so it misses the SLO by their share
// (walk4: payloadKB 2048 behind an ALB ran as if Lambda served it). One
// sentence per platform, naming the largest payload, up to three of the
// services and the remedy (payloadRemedy); runs and validate print them as
// warnings.
//
// A platform that a blend among platforms blends is left out: the blend
// pins such services to another of its platforms (pinOverPayloads), and
// the blend's sentence says so and that the platform's own run, the
// blend's input, fails them (pinWarnings). That sentence comes only with
// the blend among the given platforms: `run --model kubernetes` runs no
// blend and no Lambda, and is told nothing of what Lambda would refuse.
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
		if b, ok := c.Config.(platform.Pinner); ok {
			out = append(out, pinWarnings(plan, c, b)...)
			continue
		}
		pl, ok := c.Config.(platform.PayloadLimiter)
		if !ok || blended[c.Platform.Name()] {
			continue
		}
		name := c.Platform.Name()
		fd := plan.Cost.FrontDoorOf(name)
		var limit float64
		var rule string
		var over []int
		largest := 0.0
		for i, s := range plan.Workload.Services {
			lim, why := serviceLimit(c, pl, i, fd)
			if s.PayloadKB > lim {
				over = append(over, i)
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
			who = fmt.Sprintf(" (%d %s: %s)", len(over), format.Plural(len(over), "service", "services"), firstThree(serviceNames(plan, over)))
		}
		out = append(out, fmt.Sprintf("payloadKB %s%s: %s behind %s takes at most %s KB a request: %s; its run fails every such request at once, so it misses the SLO by their share; %s",
			format.Sig(largest, 4), who, name, fd, format.Count(int64(limit)), rule, payloadRemedy(plan, c, pl, over)))
	}
	return out
}

// payloadRemedy says what would let platform c take the requests of the
// services over (indices into the plan's services) that it refuses behind
// its front door. Another front door helps only where one the platform
// takes (platform.FrontDoorer) has a larger limit: behind an ALB (1 MB
// into a Lambda target) a direct invocation or API Gateway takes up to
// 6 MB. Beyond the platform's own limit, whatever the door (a synchronous
// Lambda invocation's 6 MB, an asynchronous one's 1 MB: Lambda API
// reference, Invoke; hard limits, not raised on request), no door helps:
// the requests must carry a reference to the body instead (the client
// uploads it to S3, with a presigned URL, and sends its key: AWS Compute
// Blog, "Patterns for building an API to upload files to Amazon S3"), or
// be served by another platform (review: the warning offered "another
// front door" for 7 MB sent synchronously).
func payloadRemedy(plan *Plan, c Compiled, pl platform.PayloadLimiter, over []int) string {
	name := c.Platform.Name()
	var takes []cost.FrontDoor
	if fd, ok := c.Config.(platform.FrontDoorer); ok {
		takes = fd.FrontDoors()
	}
	var stuck, fixable []int
	var doors []string // the doors that take every fixable service's requests
	for _, fd := range takes {
		doors = append(doors, fd.String())
	}
	for _, i := range over {
		kb := plan.Workload.Services[i].PayloadKB
		var fit []string
		for _, fd := range takes {
			if lim, _ := serviceLimit(c, pl, i, fd); kb <= lim {
				fit = append(fit, fd.String())
			}
		}
		if len(fit) == 0 {
			stuck = append(stuck, i)
			continue
		}
		fixable = append(fixable, i)
		doors = slices.DeleteFunc(doors, func(d string) bool { return !slices.Contains(fit, d) })
	}
	byReference := "send such requests a reference to the body instead (uploaded to S3, say, with payloadKB the size of what is sent) or compare another platform serving them"
	if len(fixable) > 0 && len(doors) == 0 {
		// each fits some door, none fits them all: cost.frontDoors sets
		// one door for all of a platform's services. Lambda's limits nest
		// (1 MB behind an ALB or invoked async, 6 MB otherwise), so this
		// cannot happen today; without it the sentence would end
		// "(cost.frontDoors.lambda: )" (review7)
		return fmt.Sprintf("no one front door takes the requests of %s: cost.frontDoors.%s sets one for all of %s's services, and each takes some of them only; give a smaller payloadKB, %s",
			firstThree(serviceNames(plan, over)), name, name, byReference)
	}
	another := fmt.Sprintf("another front door (cost.frontDoors.%s: %s)", name, format.Or(doors))
	switch {
	case len(stuck) == 0:
		return "give a smaller payloadKB or " + another + " to compare it serving them"
	case len(fixable) == 0:
		return fmt.Sprintf("no front door raises that limit, which is %s's own: give a smaller payloadKB, %s", name, byReference)
	}
	return fmt.Sprintf("%s would take the requests of %s, but those of %s exceed %s's own limit, which no front door raises: for %s, %s",
		another, firstThree(serviceNames(plan, fixable)), firstThree(serviceNames(plan, stuck)), name,
		format.Plural(len(stuck), "that service", "those services"), byReference)
}

// serviceNames are the names of the plan's services at indices is.
func serviceNames(plan *Plan, is []int) []string {
	out := make([]string, len(is))
	for j, i := range is {
		out[j] = plan.Workload.Services[i].Name
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
// refusing), and a warning says which services it cannot take
// (pinWarnings, with the runs that include the blend). A pin of the
// user's to that platform is an error. Compile calls it once the front
// doors are known.
func pinOverPayloads(p *models.Problems, plan *Plan) {
	for _, bc := range plan.Platforms {
		b, ok := bc.Config.(platform.Pinner)
		if !ok {
			continue
		}
		off := make([][]string, len(plan.Workload.Services))
		why := make([][]string, len(plan.Workload.Services))
		for _, o := range overPayloads(plan, b) {
			for _, i := range o.services {
				size, max := format.MegabytesApart(plan.Workload.Services[i].PayloadKB, o.limits[i])
				off[i] = append(off[i], o.name)
				why[i] = append(why[i], fmt.Sprintf("requests up to %s exceed %s's %s payload limit behind %s", size, o.noun, max, o.door))
			}
		}
		for i := range off {
			if len(off[i]) == 0 {
				continue
			}
			if _, err := b.PinOff(i, off[i], strings.Join(why[i], "; ")); err != nil {
				p.Add(platform.SectionKey(bc.Platform), nil, models.ErrInvalid, "%v", err)
			}
		}
	}
}

// overPayload is a platform of a blend and the services whose requests it
// cannot take behind its front door.
type overPayload struct {
	name, noun string
	door       cost.FrontDoor
	services   []int           // indices into the plan's services
	limits     map[int]float64 // each one's limit in KB
}

// overPayloads lists, for each platform blend b blends that has a payload
// limit, the services whose requests exceed it behind its front door
// (serviceLimit); platforms with none are left out.
func overPayloads(plan *Plan, b platform.Pinner) []overPayload {
	var out []overPayload
	peers := b.Peers()
	for _, c := range plan.Platforms {
		pl, ok := c.Config.(platform.PayloadLimiter)
		if !ok || !slices.Contains(peers, c.Platform.Name()) {
			continue
		}
		o := overPayload{name: c.Platform.Name(), noun: c.Platform.Look().Noun, door: plan.Cost.FrontDoorOf(c.Platform.Name()), limits: map[int]float64{}}
		for i, s := range plan.Workload.Services {
			if limit, _ := serviceLimit(c, pl, i, o.door); s.PayloadKB > limit {
				o.services = append(o.services, i)
				o.limits[i] = limit
			}
		}
		if len(o.services) > 0 {
			out = append(out, o)
		}
	}
	return out
}

// pinWarnings are the sentences of blend bc (b its Pinner) about the
// services pinOverPayloads pinned off a platform that cannot take their
// requests: the placement keeps them elsewhere, and that platform's own
// run, the blend's input, fails them. PayloadProblems gives them with the
// blend among a run's platforms only, not with every run of the plan
// (review: `run --model kubernetes` printed it, running neither).
func pinWarnings(plan *Plan, bc Compiled, b platform.Pinner) []string {
	var out []string
	at := platform.SectionKey(bc.Platform)
	for _, o := range overPayloads(plan, b) {
		n := len(o.services)
		out = append(out, fmt.Sprintf("%s behind %s cannot take the requests of %s %s (%s): %s pins %s elsewhere, and %s's own run fails %s requests, as %s refuses them",
			o.name, o.door, format.Count(int64(n)), format.Plural(n, "service", "services"), firstThree(serviceNames(plan, o.services)),
			at, format.Plural(n, "it", "them"), o.name, format.Plural(n, "its", "their"), o.noun))
	}
	return out
}
