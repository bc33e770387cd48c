package scenario

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	k8svalidation "k8s.io/apimachinery/pkg/util/validation"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// GenerateFile draws a fleet: fleet: {generate: {count:, rate:, shapes:, …}}.
//
// Each service's mean request rate is drawn from rate (or its shape's own
// rate), its shape is one of the mix in shapes, and its arrivals follow the
// shape scaled so that their long-run mean is the drawn rate. The fleet is
// a function of the file alone: its draws come from seed (the scenario's
// seed as written, unless given), from streams named after each service, so
// --seed and replications change arrivals and work but not the fleet, and
// a service's rate and work do not move when others are added.
type GenerateFile struct {
	// Count is the number of services, 1 to MaxFleet.
	Count int `yaml:"count"`
	// Seed draws the fleet [the scenario's seed].
	Seed *uint64 `yaml:"seed"`
	// Names is a printf pattern with one integer verb, given the service's
	// index from 0 [svc-%03d, wider for fleets over 1,000].
	Names string `yaml:"names"`
	// Rate is the distribution of the services' long-run mean rates, in
	// requests per second (internal/dist's forms with plain numbers).
	Rate string `yaml:"rate"`
	// Shapes is the mix of shapes with their shares.
	Shapes Shapes `yaml:"shapes"`
	// Work is every service's work, unless its shape has its own.
	Work *FleetWorkFile `yaml:"work"`
	// Hours, when set, gives every service traffic only inside these daily
	// windows (a test environment); idle and steady shapes only.
	Hours *HoursFile `yaml:"hours"`
	// Compress runs the shapes' calendar this many times faster than the
	// run [1]: see workload.Arrivals.Compress.
	Compress *float64 `yaml:"compress"`
}

// Shapes is a fleet's mix of shapes: a mapping of shape to share
// ({idle: 0.8, steady: 0.2}) or a list of shapes with their own settings.
type Shapes []ShapeFile

// UnmarshalYAML reads either form; the mapping keeps its written order.
func (s *Shapes) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return n.Decode((*[]ShapeFile)(s))
	}
	var terr yaml.TypeError
	for i := 0; i+1 < len(n.Content); i += 2 {
		sh := ShapeFile{Shape: n.Content[i].Value, Share: new(float64)}
		if err := n.Content[i+1].Decode(sh.Share); err != nil {
			if te, ok := err.(*yaml.TypeError); ok {
				terr.Errors = append(terr.Errors, te.Errors...)
				continue
			}
			return err
		}
		*s = append(*s, sh)
	}
	if len(terr.Errors) > 0 {
		return &terr
	}
	return nil
}

// ShapeFile is one shape of the mix, with its share of the services and,
// optionally, its own rate distribution, work and shape settings.
type ShapeFile struct {
	Shape string         `yaml:"shape"`
	Share *float64       `yaml:"share"`
	Rate  string         `yaml:"rate"`
	Work  *FleetWorkFile `yaml:"work"`
	// SLO is the objective of the shape's services (ServiceFile.SLO): a
	// batch-like shape's own target.
	SLO *platform.SLOFile `yaml:"slo"`
	// idle: a burst of length for [10m] once in every every [24h] (at a
	// random time within it), carrying inBursts [0.5] of the requests.
	Every    *time.Duration `yaml:"every"`
	For      *time.Duration `yaml:"for"`
	InBursts *float64       `yaml:"inBursts"`
	// business-hours: from [9h] to [18h] on days [mon-fri].
	Days string         `yaml:"days"`
	From *time.Duration `yaml:"from"`
	To   *time.Duration `yaml:"to"`
	// diurnal: a sinusoid of amplitude [0.8] peaking at peakAt [14h].
	Amplitude *float64       `yaml:"amplitude"`
	PeakAt    *time.Duration `yaml:"peakAt"`
}

// FleetWorkFile is a fleet's work: the request distributions of a
// service, and optionally a factor drawn once per service that scales them
// (so the services' mean durations follow that factor's distribution).
type FleetWorkFile struct {
	CPU       string   `yaml:"cpu"`
	IO        string   `yaml:"io"`
	PayloadKB *float64 `yaml:"payloadKB"`
	// Scale is a distribution of positive factors (plain numbers), e.g.
	// lognormal(median=1,sigma=0.5).
	Scale string `yaml:"scale"`
}

// The shapes a fleet's services can have.
const (
	ShapeIdle          = "idle"
	ShapeSteady        = "steady"
	ShapeBusinessHours = "business-hours"
	ShapeDiurnal       = "diurnal"
)

var shapeNames = []string{ShapeIdle, ShapeSteady, ShapeBusinessHours, ShapeDiurnal}

// Defaults of the generator.
const (
	// MaxFleet is the largest count a fleet may have.
	MaxFleet = 100_000
	// MaxFleetRate bounds a drawn mean rate, in requests per second.
	MaxFleetRate = 1e6

	DefaultBurstEvery    = 24 * time.Hour
	DefaultBurstFor      = 10 * time.Minute
	DefaultInBursts      = 0.5
	DefaultWorkdayFrom   = 9 * time.Hour
	DefaultWorkdayTo     = 18 * time.Hour
	DefaultWorkdays      = workload.Weekdays
	DefaultDiurnalAmp    = 0.8
	DefaultDiurnalPeakAt = 14 * time.Hour

	// shareSlack is how far the shares may add up from 1 (0.333 for a
	// third is fine); they are then normalised to add up to exactly 1.
	shareSlack = 1e-3
)

// shape is one compiled shape of the mix.
type shape struct {
	name  string
	path  string
	share float64
	rate  dist.Number
	work  *compiledWork
	slo   *platform.SLOFile
	// build turns a drawn mean rate into arrivals (bursts draws its seed).
	build func(mean float64, burstSeed uint64) workload.Arrivals
}

// compiledWork is a parsed work spec.
type compiledWork struct {
	cpu, io   dist.Dist
	payloadKB float64
	scale     dist.Number
	path      string
}

// compileGenerate returns the generated services.
func compileGenerate(p *models.Problems, g *GenerateFile, plan *Plan) []service {
	const at = "fleet.generate"
	if g.Count < 1 || g.Count > MaxFleet {
		p.Add(at+".count", g.Count, models.ErrRange, "must be between 1 and %d services", MaxFleet)
	}
	seed := plan.Seed
	if g.Seed != nil {
		seed = *g.Seed
	}
	names := fleetNames(p, at+".names", g.Names, g.Count)
	rate := parseNumber(p, at+".rate", g.Rate)
	work := compileFleetWork(p, at+".work", g.Work)
	shapes := compileShapes(p, at, g, rate, work)
	var hours *workload.Hours
	if h := g.Hours; h != nil {
		hours = &workload.Hours{From: h.From, To: h.To}
		if h.Days != "" {
			d, err := workload.ParseDays(h.Days)
			if err != nil {
				p.Add(at+".hours.days", strconv.Quote(h.Days), models.ErrInvalid, "must be a list of days or ranges such as mon-fri or sat,sun")
			}
			hours.Days = d
		}
		for i, s := range g.Shapes {
			if s.Shape == ShapeBusinessHours || s.Shape == ShapeDiurnal {
				p.Add(at+".hours", nil, models.ErrInvalid, "gates idle and steady shapes only: %s (shapes[%d]) keeps a calendar of its own", s.Shape, i)
			}
		}
		// The window's own checks, once, with the file's paths.
		probe := workload.Arrivals{RatePerSecond: 1, Hours: hours}
		p.Merge(at, probe.Validate())
	}
	var compress float64
	if c := g.Compress; c != nil {
		if !(*c > 0 && *c <= workload.MaxCompress) {
			p.Add(at+".compress", *c, models.ErrRange, "must be positive and at most %g", workload.MaxCompress)
		} else {
			compress = *c
			checkCompress(p, at+".compress", compress, plan.Duration)
		}
	}
	if names == nil || shapes == nil {
		return nil
	}
	counts := largestRemainder(shapes, g.Count)
	of := assignShapes(seed, names, counts)
	svcs := make([]service, 0, len(names))
	for i, name := range names {
		sh := shapes[of[i]]
		mean := sh.rate.Sample(sim.Stream(seed, "fleet/"+name+"/rate"))
		if !(mean > 0 && mean <= MaxFleetRate) {
			p.Add(sh.path+".rate", sh.rate.String(), models.ErrRange,
				"drew %v requests per second for service %s: draws must be positive and at most %g", mean, name, MaxFleetRate)
			continue
		}
		arr := sh.build(mean, sim.Stream(seed, "fleet/"+name+"/bursts").Uint64())
		arr.Hours, arr.Compress = hours, compress
		if err := arr.Validate(); err != nil {
			p.Merge(fmt.Sprintf("%s (service %s)", sh.path, name), err)
			continue
		}
		ws := workload.Service{Name: name, Arrivals: arr, CPU: sh.work.cpu, IO: sh.work.io, PayloadKB: sh.work.payloadKB}
		if sh.work.scale != nil {
			f := sh.work.scale.Sample(sim.Stream(seed, "fleet/"+name+"/work"))
			if !(f > 0) || math.IsInf(f, 0) {
				p.Add(sh.work.path+".scale", sh.work.scale.String(), models.ErrRange, "drew %v for service %s: factors must be positive", f, name)
				continue
			}
			if ws.CPU != nil {
				ws.CPU = dist.Scale(ws.CPU, f)
			}
			if ws.IO != nil {
				ws.IO = dist.Scale(ws.IO, f)
			}
		}
		svcs = append(svcs, service{name: name, path: at + ".names", compiled: &ws, slo: sh.slo, sloPath: sh.path + ".slo"})
	}
	return svcs
}

// nameVerb is a printf integer verb: flags, a width and d.
var nameVerb = regexp.MustCompile(`%[-+ 0]*[0-9]*d`)

// fleetNames returns the services' names from the pattern, or nil after
// reporting why it cannot.
func fleetNames(p *models.Problems, path, pattern string, count int) []string {
	if pattern == "" {
		pattern = fmt.Sprintf("svc-%%0%dd", max(3, len(strconv.Itoa(max(count, 1)-1))))
	}
	plain := strings.ReplaceAll(pattern, "%%", "")
	if n := len(nameVerb.FindAllString(plain, -1)); n != 1 || strings.Contains(nameVerb.ReplaceAllString(plain, ""), "%") {
		p.Add(path, strconv.Quote(pattern), models.ErrInvalid, "must hold exactly one integer verb such as %%d or %%03d (and %%%% for a per cent sign), given the service's index from 0")
		return nil
	}
	for _, r := range fmt.Sprintf(pattern, 0) {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			p.Add(path, strconv.Quote(pattern), models.ErrInvalid, "must not give names with spaces or control characters")
			return nil
		}
	}
	if count < 1 || count > MaxFleet {
		return nil // reported by the caller
	}
	// The names become Deployments', Services' and Lambda functions'
	// names, as services[].name does, so they must be DNS-1123 labels
	// (RFC 1123; Kubernetes' IsDNS1123Label). The pattern is the user's,
	// so it is refused rather than mapped: SVC-%03d ran Deployments named
	// SVC-000 that the API server refuses (hostile #8). The first and the
	// last name differ only in digits and length.
	for _, i := range []int{0, count - 1} {
		if bad := k8svalidation.IsDNS1123Label(fmt.Sprintf(pattern, i)); len(bad) > 0 {
			p.Add(path, strconv.Quote(pattern), models.ErrInvalid, "makes %q, which is not a Kubernetes object's or a Lambda function's name: %s", fmt.Sprintf(pattern, i), bad[0])
			return nil
		}
	}
	names := make([]string, count)
	for i := range names {
		names[i] = fmt.Sprintf(pattern, i)
	}
	return names
}

// parseNumber parses a distribution of numbers, reporting a bad spec.
func parseNumber(p *models.Problems, path, spec string) dist.Number {
	if strings.TrimSpace(spec) == "" {
		return nil
	}
	d, err := dist.ParseNumber(spec)
	if err != nil {
		p.Add(path, nil, models.ErrInvalid, "%v", err) // the message quotes the spec
		return nil
	}
	return d
}

// compileFleetWork parses a work spec; nil when none was written.
func compileFleetWork(p *models.Problems, path string, w *FleetWorkFile) *compiledWork {
	if w == nil {
		return nil
	}
	out := &compiledWork{path: path, payloadKB: checkKB(p, path+".payloadKB", w.PayloadKB)}
	out.cpu = platform.ParseDist(p, path+".cpu", w.CPU)
	out.io = platform.ParseDist(p, path+".io", w.IO)
	out.scale = parseNumber(p, path+".scale", w.Scale)
	if strings.TrimSpace(w.CPU) == "" && strings.TrimSpace(w.IO) == "" {
		p.Add(path, nil, models.ErrRequired, "give cpu: and/or io: as distributions (e.g. io: \"exp(mean=100ms)\")")
	}
	return out
}

// compileShapes checks the mix and builds each shape; nil if it cannot.
// rate and work are generate's own, for the shapes without theirs.
func compileShapes(p *models.Problems, at string, g *GenerateFile, rate dist.Number, work *compiledWork) []shape {
	if len(g.Shapes) == 0 {
		p.Add(at+".shapes", nil, models.ErrRequired, "give the mix of shapes with their shares, e.g. {idle: 0.8, steady: 0.2} (shapes: %s)", strings.Join(shapeNames, ", "))
		return nil
	}
	ok := true
	sum := 0.0
	var noRate, noWork []string
	out := make([]shape, 0, len(g.Shapes))
	for i, sf := range g.Shapes {
		path := fmt.Sprintf("%s.shapes[%d]", at, i)
		s := shape{name: sf.Shape, path: path, rate: rate, work: work, slo: sf.SLO}
		if !slices.Contains(shapeNames, sf.Shape) {
			p.Add(path+".shape", strconv.Quote(sf.Shape), models.ErrUnknown, "must be one of %s", strings.Join(shapeNames, ", "))
			ok = false
		}
		switch {
		case sf.Share == nil:
			p.Add(path+".share", nil, models.ErrRequired, "give the shape's share of the services, between 0 and 1")
			ok = false
		case !(*sf.Share >= 0 && *sf.Share <= 1):
			p.Add(path+".share", *sf.Share, models.ErrRange, "must be between 0 and 1")
			ok = false
		default:
			s.share = *sf.Share
			sum += s.share
		}
		switch {
		case strings.TrimSpace(sf.Rate) != "":
			s.rate = parseNumber(p, path+".rate", sf.Rate)
		case strings.TrimSpace(g.Rate) == "":
			noRate = append(noRate, path)
		}
		switch {
		case sf.Work != nil && work != nil:
			s.work = work.over(p, path+".work", sf.Work.CPU, sf.Work.IO, sf.Work.PayloadKB, sf.Work.Scale)
		case sf.Work != nil:
			s.work = compileFleetWork(p, path+".work", sf.Work)
		case g.Work == nil:
			noWork = append(noWork, path)
		}
		s.build = buildShape(p, path, sf)
		if s.rate == nil || s.work == nil || s.build == nil {
			ok = false // each reported where it was written (or below)
		}
		out = append(out, s)
	}
	if len(noRate) > 0 {
		p.Add(at+".rate", nil, models.ErrRequired, "give the distribution of the services' mean rates per second, e.g. \"lognormal(median=0.01,sigma=2)\", here or in each shape (%s have none)", strings.Join(noRate, ", "))
	}
	if len(noWork) > 0 {
		p.Add(at+".work", nil, models.ErrRequired, "give the services' work, e.g. {cpu: \"exp(mean=10ms)\", io: \"exp(mean=50ms)\"}, here or in each shape (%s have none)", strings.Join(noWork, ", "))
	}
	if ok && math.Abs(sum-1) > shareSlack {
		p.Add(at+".shapes", strconv.FormatFloat(sum, 'g', 6, 64), models.ErrInvalid, "the shares must add up to 1")
		ok = false
	}
	if !ok {
		return nil
	}
	for i := range out {
		out[i].share /= sum
	}
	return out
}

// shapeKeys are the settings of each shape but steady, and shapeOf the
// shape each setting belongs to.
var (
	shapeKeys = map[string][]string{
		ShapeIdle:          {"every", "for", "inBursts"},
		ShapeBusinessHours: {"days", "from", "to"},
		ShapeDiurnal:       {"amplitude", "peakAt"},
	}
	shapeOf = map[string]string{"every": ShapeIdle, "for": ShapeIdle, "inBursts": ShapeIdle,
		"days": ShapeBusinessHours, "from": ShapeBusinessHours, "to": ShapeBusinessHours,
		"amplitude": ShapeDiurnal, "peakAt": ShapeDiurnal}
)

// buildShape checks a shape's own settings and returns how it turns a
// mean rate into arrivals whose long-run mean is that rate; nil after
// reporting a problem.
func buildShape(p *models.Problems, path string, sf ShapeFile) func(float64, uint64) workload.Arrivals {
	set := []struct {
		key string
		on  bool
	}{
		{"every", sf.Every != nil}, {"for", sf.For != nil}, {"inBursts", sf.InBursts != nil},
		{"days", sf.Days != ""}, {"from", sf.From != nil}, {"to", sf.To != nil},
		{"amplitude", sf.Amplitude != nil}, {"peakAt", sf.PeakAt != nil},
	}
	ok := true
	for _, f := range set {
		if f.on && !slices.Contains(shapeKeys[sf.Shape], f.key) && slices.Contains(shapeNames, sf.Shape) {
			p.Add(path+"."+f.key, nil, models.ErrInvalid, "only for shape %s (this one is %s)", shapeOf[f.key], sf.Shape)
			ok = false
		}
	}
	switch sf.Shape {
	case ShapeSteady:
		return orNil(ok, func(m float64, _ uint64) workload.Arrivals {
			return workload.Arrivals{Process: workload.Poisson, RatePerSecond: m}
		})
	case ShapeIdle:
		every, dur, in := DefaultBurstEvery, DefaultBurstFor, DefaultInBursts
		setIf(&every, sf.Every)
		setIf(&dur, sf.For)
		setIf(&in, sf.InBursts)
		if every <= 0 {
			p.Add(path+".every", every, models.ErrRange, "must be positive")
			ok = false
		}
		if dur <= 0 || dur > every && every > 0 {
			p.Add(path+".for", dur, models.ErrRange, "must be positive and at most every (%v): one burst per interval", every)
			ok = false
		}
		if !(in > 0 && in <= 1) {
			p.Add(path+".inBursts", in, models.ErrRange, "must be above 0 and at most 1 (the share of the requests that come in bursts; use shape steady for none)")
			ok = false
		}
		// Base rate m(1−b) and a burst of extra m·b·every/for, for one
		// for-long burst per every: the long-run mean is m.
		return orNil(ok, func(m float64, seed uint64) workload.Arrivals {
			return workload.Arrivals{Process: workload.Bursts, RatePerSecond: m * (1 - in),
				BurstRatePerSecond: m * in * every.Seconds() / dur.Seconds(), Every: every, For: dur, BurstSeed: seed}
		})
	case ShapeBusinessHours:
		from, to, days := DefaultWorkdayFrom, DefaultWorkdayTo, DefaultWorkdays
		setIf(&from, sf.From)
		setIf(&to, sf.To)
		if sf.Days != "" {
			d, err := workload.ParseDays(sf.Days)
			if err != nil {
				p.Add(path+".days", strconv.Quote(sf.Days), models.ErrInvalid, "must be a list of days or ranges such as mon-fri or sat,sun")
				ok = false
			}
			days = d
		}
		switch {
		case from < 0 || from >= 24*time.Hour:
			p.Add(path+".from", from, models.ErrRange, "must be within [0s, 24h)")
			ok = false
		case to <= from || to > 24*time.Hour:
			p.Add(path+".to", to, models.ErrRange, "must be after from (%v) and at most 24h", from)
			ok = false
		}
		// The rate in hours is m × the week / the hours in it: the weekly
		// mean is m.
		active := float64(countDays(days)) * (to - from).Seconds()
		return orNil(ok, func(m float64, _ uint64) workload.Arrivals {
			r := m * (7 * 24 * time.Hour).Seconds() / active
			var pts []workload.Point
			if from > 0 {
				pts = append(pts, workload.Point{At: 0, RatePerSecond: 0})
			}
			pts = append(pts, workload.Point{At: from, RatePerSecond: r})
			if to < 24*time.Hour {
				pts = append(pts, workload.Point{At: to, RatePerSecond: 0})
			}
			return workload.Arrivals{Process: workload.Profile, Repeat: workload.Daily, Days: days, Points: pts}
		})
	case ShapeDiurnal:
		amp, peak := DefaultDiurnalAmp, DefaultDiurnalPeakAt
		setIf(&amp, sf.Amplitude)
		setIf(&peak, sf.PeakAt)
		if !(amp >= 0 && amp <= 1) {
			p.Add(path+".amplitude", amp, models.ErrRange, "must be between 0 and 1")
			ok = false
		}
		if peak < 0 || peak >= 24*time.Hour {
			p.Add(path+".peakAt", peak, models.ErrRange, "must be within [0s, 24h)")
			ok = false
		}
		// A sinusoid around m: its mean over every whole day is m.
		return orNil(ok, func(m float64, _ uint64) workload.Arrivals {
			return workload.Arrivals{Process: workload.Diurnal, MeanRatePerSecond: m, Amplitude: amp, PeakAt: peak}
		})
	}
	return nil
}

func orNil(ok bool, f func(float64, uint64) workload.Arrivals) func(float64, uint64) workload.Arrivals {
	if !ok {
		return nil
	}
	return f
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// countDays is the number of days a week in the set.
func countDays(d workload.Days) int {
	if d == 0 {
		return 7
	}
	n := 0
	for i := range 7 {
		if d&(1<<i) != 0 {
			n++
		}
	}
	return n
}

// largestRemainder splits count services among the shapes by their
// (normalised) shares: each gets the whole part of its quota, and the
// services left over go to the largest fractional parts, ties to the shape
// listed first. The counts add up to count and each is within one of its
// quota.
func largestRemainder(shapes []shape, count int) []int {
	counts := make([]int, len(shapes))
	frac := make([]float64, len(shapes))
	left := count
	for i, s := range shapes {
		q := s.share * float64(count)
		counts[i] = int(math.Floor(q))
		frac[i] = q - float64(counts[i])
		left -= counts[i]
	}
	order := make([]int, len(shapes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case frac[a] > frac[b]:
			return -1
		case frac[a] < frac[b]:
			return 1
		}
		return 0
	})
	for i := 0; left > 0; i = (i + 1) % len(order) {
		counts[order[i]]++
		left--
	}
	return counts
}

// assignShapes gives each service (by index) its shape: the services are
// ordered by a key drawn from their own stream fleet/<name>/shape (a seeded
// shuffle), and the first counts[0] of that order take shape 0, the next
// counts[1] shape 1, and so on. A service's key depends on its name and
// the seed only, so changing the count moves only services near the
// shares' boundaries.
func assignShapes(seed uint64, names []string, counts []int) []int {
	keys := make([]uint64, len(names))
	order := make([]int, len(names))
	for i, name := range names {
		keys[i] = sim.Stream(seed, "fleet/"+name+"/shape").Uint64()
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case keys[a] < keys[b]:
			return -1
		case keys[a] > keys[b]:
			return 1
		}
		return a - b
	})
	of := make([]int, len(names))
	k := 0
	for s, n := range counts {
		for range n {
			of[order[k]] = s
			k++
		}
	}
	return of
}
