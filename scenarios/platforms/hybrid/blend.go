package hybrid

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// Config is the compiled placement: section: the SLO, the platforms to
// blend and the pins. It is a platform.Composite: the runner composes it
// with its peers' results into a blend, which it runs.
type Config struct {
	slo   platform.SLO
	peers []platform.Peer
	// minRequests is placement.minRequests: fewer requests than this
	// and a service's own tail is not judged.
	minRequests int
	pins        []string // per service; "" lets the blend choose
	// pinWhy is, per service, why execsim pinned it (PinOff); "" for a
	// pin of the user's, or none
	pinWhy   []string
	services []string
	// own is, per service, its own SLO (services[].slo:), nil for one
	// judged by the placement's: a service is placed by its own, and a
	// run judged service by service as soon as one has one (sloOf).
	own []*platform.SLO
	// warnings are what placement: as written raises (platform.Warner):
	// a refused share meant as a percentage
	warnings []string
}

// sloOf is the SLO service i is placed by: its own, else the placement's.
func (c *Config) sloOf(i int) platform.SLO {
	if i < len(c.own) && c.own[i] != nil {
		return *c.own[i]
	}
	return c.slo
}

// MinRequests implements platform.MinRequester: placement.minRequests.
func (c *Config) MinRequests() int { return c.minRequests }

// perService is how a whole run is judged by the placement (platform.SLO.
// JudgeRun): nil, pooled by its SLO as before services had SLOs of their
// own, while none has one; else each service by sloOf.
func (c *Config) perService() *platform.ServiceSLOs {
	if !slices.ContainsFunc(c.own, func(s *platform.SLO) bool { return s != nil }) {
		return nil
	}
	per := &platform.ServiceSLOs{PerService: true, MinRequests: c.minRequests}
	for i, name := range c.services {
		per.Services = append(per.Services, platform.ServiceSLO{Name: name, SLO: c.sloOf(i), Own: c.own[i] != nil})
	}
	return per
}

// judgeRun judges a whole run by the placement's SLO (perService).
func (c *Config) judgeRun(rec *metrics.Recorder) *platform.SLOResult {
	return c.slo.JudgeRun(rec, c.perService())
}

// Warnings implements platform.Warner.
func (c *Config) Warnings() []string { return c.warnings }

// Peers implements platform.Composite.
func (c *Config) Peers() []string {
	out := make([]string, len(c.peers))
	for i, p := range c.peers {
		out[i] = p.Platform.Name()
	}
	return out
}

// Describe implements platform.Config.
func (c *Config) Describe() *yaml.Node {
	m := platform.Mapping()
	slo := platform.Mapping()
	platform.Put(slo, c.slo.Percentile(), c.slo.Target.String())
	platform.Put(slo, "refused", fmt.Sprint(c.slo.Refused))
	platform.PutNode(m, "slo", slo)
	platform.Put(m, "minRequests", fmt.Sprint(c.minRequests))
	platform.PutNode(m, "platforms", platform.FlowList(c.Peers()))
	pins := platform.Mapping()
	for i, p := range c.pins {
		if p != "" {
			platform.Put(pins, c.services[i], p)
			if i < len(c.pinWhy) && c.pinWhy[i] != "" {
				pins.Content[len(pins.Content)-1].LineComment = "by execsim: " + c.pinWhy[i]
			}
		}
	}
	platform.PutNode(m, "pin", pins)
	return m
}

// Build implements platform.Config. The runner composes a blend before
// building it; a placement that was not composed has nothing to run.
func (c *Config) Build(*sim.Kernel, models.Recorder) (platform.Model, error) {
	return nil, errors.New("internal error: the blend must be composed from its platforms' results before it runs")
}

// Compose implements platform.Composite: with no way to simulate a
// candidate blend, each service goes where decide places it alone.
func (c *Config) Compose(done []platform.Done) (platform.Config, error) {
	return c.ComposeTrying(done, nil)
}

// ComposeTrying implements platform.Trier: it judges every service on
// every platform from the platforms' own runs, then searches, by
// simulating blends, for the cheapest placement that meets the SLO at
// least as well as each platform alone (search.go), and returns it.
func (c *Config) ComposeTrying(done []platform.Done, try platform.Try) (platform.Config, error) {
	byName := map[string]platform.Done{}
	for _, d := range done {
		byName[d.Name] = d
	}
	peers := make([]platform.Done, len(c.peers))
	direct := make([][]float64, len(c.peers)) // per peer, per service
	loaded := make([][]float64, len(c.peers))
	for j, p := range c.peers {
		d, ok := byName[p.Platform.Name()]
		if !ok {
			return nil, fmt.Errorf("internal error: the blend's platform %s did not run", p.Platform.Name())
		}
		peers[j] = d
		direct[j], loaded[j] = servicesMonthly(d, len(c.services))
	}
	timeouts := make([][]time.Duration, len(c.peers))
	for j, p := range c.peers {
		if to, ok := p.Config.(platform.Timeouter); ok {
			_, timeouts[j] = to.Timeouts()
		}
	}
	secs := runSeconds(peers[0].Rec)
	var choices []Choice
	for i, name := range c.services {
		n := platform.ServiceMeasuredOf(peers[0].Rec, i).Arrivals
		tooFew := n < int64(c.minRequests)
		opts := make([]Option, len(c.peers))
		slo := c.sloOf(i)
		for j, d := range peers {
			m := platform.ServiceMeasuredOf(d.Rec, i)
			opts[j] = Option{Platform: d.Name, Tail: slo.Tail(m), Completed: m.Completed(), Refused: m.RefusedShare(),
				MonthlyUSD: direct[j][i], LoadedUSD: loaded[j][i], Meets: slo.MeetsFew(m, tooFew)}
			if !tooFew {
				opts[j].Interval, opts[j].Marginal = slo.Marginal(m)
			}
			if u := slo.Unfinished(m); u != "" && (!tooFew || m.Completed() == 0) {
				opts[j].Unfinished = u
			}
			if !opts[j].Meets {
				var to time.Duration
				if i < len(timeouts[j]) {
					to = timeouts[j][i]
				}
				opts[j].Why = missWhy(slo, m, platform.ServiceOutcomesOf(d.Rec, i), to, tooFew)
			}
		}
		ch := decide(name, c.pins[i], slo, tooFew, opts)
		ch.Requests, ch.TooFew = n, tooFew
		if secs > 0 {
			ch.RatePerSecond = float64(n) / secs
		}
		choices = append(choices, ch)
	}
	s := &search{cfg: c, peers: peers, choices: choices, try: try}
	return s.settle()
}

// missWhy says in words why a service misses the SLO on a platform:
// "12 of 12 requests failed (its timeout there is 3s)", "p99 2.3 s". Its
// failures are put beside the platform's timeout for it, which a user
// who left lambda.timeout at Lambda's default of 3 s may not know ends
// any request that runs longer (walk9 #1: the verdict said only "timed
// out, or lost with a failed node"); "" when nothing can be said.
func missWhy(slo platform.SLO, m platform.Measured, o platform.Outcomes, timeout time.Duration, tooFew bool) string {
	var out []string
	if m.Arrivals > 0 && m.RefusedShare() > slo.Refused {
		var kinds []string
		for _, k := range []struct {
			n    int64
			what string
		}{{o.Failed, "failed"}, {o.Throttled, "throttled"}, {o.Rejected, "rejected"}} {
			if k.n > 0 {
				kinds = append(kinds, fmt.Sprintf("%s %s", format.Count(k.n), k.what))
			}
		}
		w := fmt.Sprintf("%s of %s %s refused", format.Count(m.Refused), format.Count(m.Arrivals), format.Plural(int(m.Arrivals), "request", "requests"))
		if len(kinds) > 0 {
			w += " (" + format.And(kinds) + ")"
		}
		if o.Failed > 0 && timeout > 0 {
			w += fmt.Sprintf("; its timeout there is %v", timeout)
		}
		out = append(out, w)
	}
	if m.Completed() == 0 && m.Arrivals > m.Refused {
		out = append(out, "none of its requests completed")
	}
	if !tooFew {
		if t := slo.Tail(m); m.Completed() > 0 && t > slo.Target {
			out = append(out, fmt.Sprintf("%s %s", slo.Percentile(), format.Millis(float64(t)/1e6)))
		}
		if u := slo.Unfinished(m); u != "" && m.Completed() > 0 {
			out = append(out, u)
		}
	}
	return strings.Join(out, ", ")
}

// TrialBound implements platform.Trier: one blend with pins, then three
// per platform other than the search's base (search.go), however many
// services; a start that holds services that meet the SLO nowhere off the
// base, without pins, fits in it too (the search skips a half-group's try
// for it when it must). It is all the blend costs: the search settles on a blend it
// ran or on a platform alone, whose own run it reuses.
func (c *Config) TrialBound() int {
	n := 3 * max(len(c.peers)-1, 0)
	if slices.ContainsFunc(c.pins, func(p string) bool { return p != "" }) {
		n++
	}
	return n
}

// blendOf is the blend running service i on peer route[i] (the route is
// kept; the blend has its own copy).
func (c *Config) blendOf(route []int, window time.Duration) *blend {
	b := &blend{cfg: c, route: slices.Clone(route), window: window, runSLO: map[string]*platform.SLOResult{}}
	for j, p := range c.peers {
		keep := make([]bool, len(c.services))
		n := 0
		for i := range keep {
			keep[i] = route[i] == j
			if keep[i] {
				n++
			}
		}
		part := part{peer: p, services: n}
		if n > 0 {
			part.cfg = p.Config.(platform.Subsetter).Subset(keep)
		}
		b.parts = append(b.parts, part)
	}
	b.shareClusters(c)
	return b
}

// Reuses implements platform.Reuser: a blend with every service on one
// platform, as a search that settles on that platform returns, is that
// platform's own run (reproduce_test.go), which the runner has made
// already; "" for a blend that mixes platforms.
func (b *blend) Reuses() string {
	if len(b.route) == 0 {
		return ""
	}
	j := b.route[0]
	if slices.ContainsFunc(b.route, func(k int) bool { return k != j }) || b.parts[j].cfg == nil || b.parts[j].label != "" {
		return ""
	}
	return b.parts[j].peer.Platform.Name()
}

// Reuse implements platform.Reuser: the blend's model, its one part the
// platform's finished run (its usage, its recorder), so that Finish
// accounts for the blend as after a run of its own.
func (b *blend) Reuse(peer platform.Usage, rec *metrics.Recorder) platform.Model {
	m := &model{blend: b, route: b.route, subs: make([]sub, len(b.parts))}
	m.subs[b.route[0]] = sub{model: ran{peer}, rec: rec}
	return m
}

// ran is a part's model whose run is over: Finish gives its usage.
type ran struct{ usage platform.Usage }

func (ran) Handle(*sim.Kernel, sim.Event) { panic("hybrid: a reused run received an event") }

func (ran) Submit(*sim.Kernel, models.Request) { panic("hybrid: a reused run received a request") }

func (r ran) Finish(platform.Run) platform.Usage { return r.usage }

// ClusterSharer is implemented by a Config whose services can run on the
// cluster of another platform of the blend beside that platform's own
// services (Knative's revisions on the kubernetes part's nodes), so that a
// blend placing services on both pays for one cluster, as a team running
// both would.
type ClusterSharer interface {
	// ShareHost names the platform whose cluster it can share.
	ShareHost() string
	// ShareWith returns one config that runs the host's services whose
	// keepHost entry is true as the host runs them and its own whose
	// keepSelf entry is true, on the host's cluster; ok is false when it
	// cannot (it runs on a cluster of its own).
	ShareWith(host platform.Config, keepHost, keepSelf []bool) (cfg platform.Config, ok bool)
}

// shareClusters merges each part that can share its host's cluster with
// that host's part when both have services: the merged part runs them
// all and is billed once; the host's part keeps its count of services but
// runs nothing of its own.
func (b *blend) shareClusters(c *Config) {
	keepOf := func(j int) []bool {
		keep := make([]bool, len(b.route))
		for i := range keep {
			keep[i] = b.route[i] == j
		}
		return keep
	}
	for j := range b.parts {
		self := &b.parts[j]
		sh, ok := self.peer.Config.(ClusterSharer)
		if !ok || self.cfg == nil {
			continue
		}
		h := slices.IndexFunc(b.parts, func(p part) bool { return p.peer.Platform.Name() == sh.ShareHost() })
		if h < 0 || b.parts[h].cfg == nil {
			continue
		}
		host := &b.parts[h]
		merged, ok := sh.ShareWith(host.peer.Config, keepOf(h), keepOf(j))
		if !ok {
			continue
		}
		self.cfg, host.cfg = merged, nil
		self.label = host.peer.Platform.Name() + "+" + self.peer.Platform.Name()
		for i := range b.route {
			if b.route[i] == h {
				b.route[i] = j
			}
		}
	}
}

// runSeconds is the length of a finished run: the end of its last window.
func runSeconds(rec *metrics.Recorder) float64 {
	ws := rec.Windows()
	if len(ws) == 0 {
		return 0
	}
	return ws[len(ws)-1].End.Seconds()
}

// servicesMonthly is each of n services' cost on a platform projected to
// a month, direct and loaded. Direct is its own part of the platform's
// bill (exact on Lambda, allocated by requests on Kubernetes), what
// services.csv shows. Loaded adds, in proportion to that part, the lines
// no one service owes (idle capacity, the control plane, the load
// balancer, account credits), as Kubecost shares idle and shared costs
// proportionally: direct × total / sum of the parts. Neither is the
// marginal cost of moving a service: the fixed costs are not spread evenly
// at the margin (a second platform opens a node, a control plane and a
// load balancer for its first service and nothing more for the next few),
// which is why the placement simulates the blends it compares. A
// platform that does not split its bill charges every service an equal
// part, both direct and loaded.
//
// Both are scaled from the month's amounts and rounded last (audit 3:
// scaled from run amounts rounded to a micro-dollar, a 30-minute fleet's
// loaded costs summed to $2,332.19 against a bill of $2,332.09): direct is
// services.csv's monthly_usd (platform.MonthlyShares, whose parts and
// shared amounts add up to the bill's month), loaded is direct × the
// bill's month over the sum of the direct months, unrounded, so that the
// loaded costs add up to the bill's month.
func servicesMonthly(d platform.Done, n int) (direct, loaded []float64) {
	direct, loaded = make([]float64, n), make([]float64, n)
	secs := runSeconds(d.Rec)
	if secs <= 0 || n == 0 {
		return direct, loaded
	}
	run := time.Duration(secs * float64(time.Second))
	month := float64(d.Breakdown.MonthlyOver(run))
	var own []cost.Money
	var parts float64
	if d.Services != nil && len(d.Services.Parts) >= n {
		own, _ = platform.MonthlyShares(d.Breakdown, *d.Services, run)
		for _, m := range own[:n] {
			parts += float64(m)
		}
	}
	for i := range direct {
		if own == nil || parts <= 0 {
			direct[i] = month / float64(n) / 1e6
			loaded[i] = direct[i]
			continue
		}
		direct[i] = own[i].USD()
		loaded[i] = float64(own[i]) * month / parts / 1e6
	}
	return direct, loaded
}

// blend is the composed blend: where each service runs, and each
// platform's config restricted to its services.
type blend struct {
	cfg     *Config
	choices []Choice
	route   []int // per service, the index of its part
	parts   []part
	window  time.Duration
	// runSLO is each platform's whole run judged by the placement's SLO
	// ("all_<platform>"), as the services were.
	runSLO map[string]*platform.SLOResult
	// trials are what the placement compared (search.go), and settled
	// the platform every service went to when no blend was better.
	trials  []platform.PlacementTrial
	settled string
	// stopped says how far the search got when it was interrupted (nil:
	// it finished).
	stopped *platform.PlacementStop
}

// SearchCut implements platform.Cut.
func (b *blend) SearchCut() bool { return b.stopped != nil }

// part is one platform of a blend.
type part struct {
	peer     platform.Peer
	cfg      platform.Config // nil when no service is placed on it, or they run on another part's cluster
	services int
	label    string // the part's name in cost lines when it runs another's services too ("" is its platform's)
}

// name is the part's name in cost lines and its share of the bill.
func (p *part) name() string {
	if p.label != "" {
		return p.label
	}
	return p.peer.Platform.Name()
}

// Describe implements platform.Config.
func (b *blend) Describe() *yaml.Node { return b.cfg.Describe() }

// Build implements platform.Config: each platform with services of its
// own is built on the same kernel, reporting to its own recorder (for its
// usage and cost) and through it to the blend's.
func (b *blend) Build(k *sim.Kernel, rec models.Recorder) (platform.Model, error) {
	m := &model{blend: b, route: b.route, subs: make([]sub, len(b.parts))}
	sums := &gaugeSums{to: rec}
	for j, p := range b.parts {
		if p.cfg == nil {
			continue
		}
		own := metrics.NewRecorder(b.window, len(b.route))
		own.SetSpan(platform.WarmupOf(rec), 0)
		t := &tee{own: own, all: rec, sums: sums}
		pm, err := p.cfg.Build(k, t)
		if err != nil {
			return nil, fmt.Errorf("%s in the blend: %w", p.peer.Platform.Name(), err)
		}
		m.subs[j] = sub{model: pm, rec: own}
	}
	return m, nil
}

// model is a blend's run: it routes each request to its service's
// platform. The platforms' events go to their own models.
type model struct {
	blend *blend
	route []int
	subs  []sub
}

type sub struct {
	model platform.Model
	rec   *metrics.Recorder
}

// Handle implements sim.Handler; a blend schedules no events of its own.
func (m *model) Handle(*sim.Kernel, sim.Event) {
	panic("hybrid: the blend received an event")
}

// Submit implements models.Submitter: the blend's recorder has seen the
// arrival (the driver reports it); the part's own recorder sees it here.
func (m *model) Submit(k *sim.Kernel, req models.Request) {
	s := &m.subs[m.route[req.Service]]
	s.rec.Arrive(k.Now(), &req)
	s.model.Submit(k, req)
}

// Finish implements platform.Model.
func (m *model) Finish(run platform.Run) platform.Usage {
	u := &usage{blend: m.blend, run: run}
	for j, s := range m.subs {
		if s.model == nil {
			continue
		}
		s.rec.Close(run.End)
		r := run
		r.Rec = s.rec
		pu := partUsage{name: m.blend.parts[j].name(), platform: m.blend.parts[j].peer.Platform.Name(), services: m.blend.parts[j].services, usage: s.model.Finish(r),
			rejected: s.rec.Count(models.Rejected)}
		pu.bill, pu.weights, pu.err = pu.usage.Cost() // once: Cost, Extra and Allocate all read it
		u.parts = append(u.parts, pu)
	}
	return u
}

// tee reports a part's observations to its own recorder and to the
// blend's; gauges reach the blend's recorder summed over the parts (both
// report busy work, for example).
type tee struct {
	own  *metrics.Recorder
	all  models.Recorder
	sums *gaugeSums
	last [models.NumGauges]float64
}

type gaugeSums struct {
	to  models.Recorder
	sum [models.NumGauges]float64
}

func (t *tee) Arrive(now sim.Time, req *models.Request) { t.own.Arrive(now, req) }

func (t *tee) Finish(now sim.Time, req *models.Request, o models.Outcome, latency time.Duration) {
	t.own.Finish(now, req, o, latency)
	t.all.Finish(now, req, o, latency)
}

func (t *tee) ColdStart(now sim.Time, req *models.Request) {
	t.own.ColdStart(now, req)
	t.all.ColdStart(now, req)
}

// Warmup is the part's warm-up: the blend's.
func (t *tee) Warmup() time.Duration { return t.own.Warmup() }

func (t *tee) Gauge(now sim.Time, g models.Gauge, value float64) {
	t.own.Gauge(now, g, value)
	t.sums.sum[g] += value - t.last[g]
	t.last[g] = value
	t.sums.to.Gauge(now, g, t.sums.sum[g])
}
