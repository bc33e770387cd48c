package cost

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"

	"github.com/execsim/execsim/models"
)

// LambdaUsage is what one function consumed (compare lambda.Usage).
type LambdaUsage struct {
	// Name identifies the function: records with the same name are summed
	// before billing (per-window increments, say), so provisioned
	// concurrency is rounded up once per function.
	Name string
	// Requests is billed invocations.
	Requests int64
	// BilledDurationMs is invocation duration, each invocation rounded up
	// to 1 ms, on-demand and provisioned environments together.
	BilledDurationMs int64
	// BilledInitMs is INIT duration of on-demand cold starts, each rounded
	// up to 1 ms; billed when Prices.Lambda.InitBilled.
	BilledInitMs int64
	// InitAlwaysBilled marks a function whose INIT was billed even under the
	// rule before 2025-08-01: custom runtimes and container images (only
	// on-demand zip functions on managed runtimes had it free).
	InitAlwaysBilled bool
	MemoryMB         int
	Arch             models.Arch
	// Provisioned is the function's provisioned concurrency (environments).
	Provisioned int
	// ProvisionedSeconds is how long Provisioned was configured (usually
	// the run's length); billed rounded up to
	// Prices.Lambda.ProvisionedIncrementSeconds.
	ProvisionedSeconds float64
	// ProvisionedDurationMs is the part of BilledDurationMs run on
	// provisioned environments.
	ProvisionedDurationMs int64
	// Calls is the function's weight in the front door's per-request
	// lines: the requests made to it through the front door, every attempt
	// counted, and behind an HTTP API the 512-KB units those requests are
	// metered in (a 1.2 MB call is three). It bills nothing
	// (FrontDoorUsage.Requests is what the front door bills):
	// LambdaAllocation splits the front door's per-request lines among
	// functions by it, so it must be in the same units as that bill.
	Calls int64
	// SnapStartCacheSeconds is how long the function's SnapStart snapshot
	// was cached, and SnapStartRestores how many environments were
	// restored from it: both billed for Python and .NET only (0 for Java
	// and functions without SnapStart).
	SnapStartCacheSeconds float64
	SnapStartRestores     int64
}

// LambdaInput is a run's Lambda usage: every function, and the front door
// in front of them.
type LambdaInput struct {
	Functions []LambdaUsage
	FrontDoor FrontDoorUsage
}

// mbMsPerGBs converts MB × ms to GB-s: AWS counts 1,024 MB per GB.
var mbMsPerGBs = ratInt(1024 * 1000)

// LambdaCost bills a run's Lambda usage. Lines, in order (an architecture's
// lines only when it was used):
//
//	lambda requests                       requests at the list price
//	lambda free tier requests             credit (Options.FreeTier)
//	lambda duration <arch>                on-demand invocation GB-s at tier 1
//	lambda init <arch>                    INIT GB-s at tier 1 (0 when not billed)
//	lambda free tier duration <arch>      credit at tier 1
//	lambda duration <arch> tier N discount  GB-s in tier N at (tier N − tier 1)
//	lambda provisioned concurrency <arch> configured GB-s
//	lambda provisioned duration <arch>    invocation GB-s on provisioned environments
//	lambda snapstart cache                SnapStart cache GB-s (Python, .NET)
//	lambda snapstart restore              GB restored from SnapStart snapshots (Python, .NET)
//
// then the front door's lines (FrontDoorCost). Volume tiers and the free tier
// apply as Options.Scope says. The free tier covers functions without
// provisioned concurrency only ("The Lambda free tier does not apply to
// functions that have Provisioned Concurrency enabled", pricing page); its
// GB-s go to x86_64 duration first, then arm64 (AWS does not say which
// architecture draws on the shared allowance first).
func (p *Prices) LambdaCost(in LambdaInput, o Options) (Breakdown, error) {
	return p.lambdaCost([]LambdaInput{in}, nil, o)
}

// lambdaCost bills the sum of windows; paths[i] prefixes the problems of
// windows[i] (none when paths is nil).
func (p *Prices) lambdaCost(windows []LambdaInput, paths []string, o Options) (Breakdown, error) {
	var pr models.Problems
	pr.Merge("", p.Validate())
	s, err := o.scale()
	pr.Merge("", err)
	fns := mergeFunctions(&pr, windows, paths)
	doors := make([]FrontDoorUsage, len(windows))
	for i, w := range windows {
		doors[i] = w.FrontDoor
	}
	door := mergeFrontDoors(&pr, doors, paths)
	if err := pr.Err(); err != nil {
		return Breakdown{}, err
	}
	lp := &p.Lambda

	type archUse struct {
		invoke, init, free, pcAlloc, pcDur *big.Rat // GB-s; free: GB-s of free-tier-eligible functions
		used                               bool
	}
	var use [2]archUse
	for i := range use {
		u := &use[i]
		u.invoke, u.init, u.free, u.pcAlloc, u.pcDur = new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat)
	}
	requests, freeRequests := new(big.Rat), new(big.Rat)
	snapCache, snapRestore := new(big.Rat), new(big.Rat)
	for _, f := range fns {
		u := &use[f.Arch]
		u.used = true
		g := f.gbSeconds(lp)
		invoke, init := g.invoke, g.init
		u.invoke.Add(u.invoke, invoke)
		u.init.Add(u.init, init)
		u.pcDur.Add(u.pcDur, g.pcDur)
		u.pcAlloc.Add(u.pcAlloc, g.pcAlloc)
		snapCache.Add(snapCache, g.snapCache)
		snapRestore.Add(snapRestore, g.snapRestore)
		requests.Add(requests, ratInt(f.Requests))
		if f.Provisioned == 0 {
			freeRequests.Add(freeRequests, ratInt(f.Requests))
			u.free.Add(u.free, invoke)
			if lp.InitBilled {
				u.free.Add(u.free, init)
			}
		}
	}

	var b Breakdown
	if len(fns) > 0 {
		reqPrice := dec(lp.RequestsPerMillionUSD)
		b.add("lambda requests", quo(requests, million), "1M requests", reqPrice)
		if o.FreeTier {
			credit := minRat(freeRequests, mul(dec(lp.FreeRequests), s))
			if credit.Sign() > 0 {
				b.add("lambda free tier requests", neg(quo(credit, million)), "1M requests", reqPrice)
			}
		}
	}
	freeLeft := mul(dec(lp.FreeGBSeconds), s)
	for a := range use {
		u := &use[a]
		if !u.used {
			continue
		}
		ap := lp.archPrices(models.Arch(a))
		arch := models.Arch(a).String()
		p1 := dec(ap.GBSecond[0].PriceUSD)
		b.add("lambda duration "+arch, u.invoke, "GB-s", p1)
		billable := new(big.Rat).Set(u.invoke)
		if u.init.Sign() > 0 {
			initPrice := new(big.Rat)
			if lp.InitBilled {
				initPrice = p1
				billable.Add(billable, u.init)
			}
			b.add("lambda init "+arch, u.init, "GB-s", initPrice)
		}
		if o.FreeTier {
			credit := minRat(u.free, freeLeft)
			freeLeft = sub(freeLeft, credit)
			billable = sub(billable, credit)
			if credit.Sign() > 0 {
				b.add("lambda free tier duration "+arch, neg(credit), "GB-s", p1)
			}
		}
		b.tierDiscounts("lambda duration "+arch, billable, ap.GBSecond[:], s, ratInt(1), "GB-s")
		if u.pcAlloc.Sign() > 0 {
			b.add("lambda provisioned concurrency "+arch, u.pcAlloc, "GB-s", dec(ap.ProvisionedGBSecondUSD))
		}
		if u.pcDur.Sign() > 0 {
			b.add("lambda provisioned duration "+arch, u.pcDur, "GB-s", dec(ap.ProvisionedDurationGBSecondUSD))
		}
	}
	if snapCache.Sign() > 0 {
		b.add("lambda snapstart cache", snapCache, "GB-s", dec(lp.SnapStartCacheGBSecondUSD))
	}
	if snapRestore.Sign() > 0 {
		b.add("lambda snapstart restore", snapRestore, "GB", dec(lp.SnapStartRestoreGBUSD))
	}
	b.frontDoor(p, door, s)
	return b, nil
}

// functionGBs is one function's billed GB-seconds, exact.
type functionGBs struct {
	invoke  *big.Rat // invocations on on-demand environments (and INIT under the old rule when always billed)
	init    *big.Rat // INIT of on-demand cold starts
	pcAlloc *big.Rat // provisioned concurrency configured
	pcDur   *big.Rat // invocations on provisioned environments
	// snapCache is SnapStart cache GB-s, snapRestore GB restored
	snapCache, snapRestore *big.Rat
}

// gbSeconds is f's billed GB-seconds under lp's rules.
func (f *function) gbSeconds(lp *LambdaPrices) functionGBs {
	mb := ratInt(int64(f.MemoryMB))
	gbs := func(ms int64) *big.Rat {
		// one rational from int64s where ms × MB fits, the same value
		// (rationals are kept in lowest terms) for a fleet's 500
		// functions without three intermediate ones each
		if hi, lo := bits.Mul64(uint64(ms), uint64(f.MemoryMB)); ms >= 0 && f.MemoryMB > 0 && hi == 0 && lo <= math.MaxInt64 {
			return big.NewRat(int64(lo), 1024*1000)
		}
		return quo(mul(ratInt(ms), mb), mbMsPerGBs)
	}
	g := functionGBs{
		invoke: gbs(f.BilledDurationMs - f.ProvisionedDurationMs), init: gbs(f.BilledInitMs),
		pcAlloc: new(big.Rat), pcDur: gbs(f.ProvisionedDurationMs),
		snapCache:   quo(mul(mb, f.snapSeconds), ratInt(1024)),
		snapRestore: quo(mul(mb, ratInt(f.SnapStartRestores)), ratInt(1024)),
	}
	if f.InitAlwaysBilled && !lp.InitBilled {
		// under the old rule this function's INIT was billed as duration
		g.invoke.Add(g.invoke, g.init)
		g.init = new(big.Rat)
	}
	if f.Provisioned > 0 {
		secs := f.pcSeconds
		if inc := lp.ProvisionedIncrementSeconds; inc > 0 {
			secs = mul(ceilRat(quo(secs, dec(inc))), dec(inc))
		}
		g.pcAlloc = quo(mul(ratInt(int64(f.Provisioned)), mb, secs), ratInt(1024))
	}
	return g
}

func (lp *LambdaPrices) archPrices(a models.Arch) *LambdaArchPrices {
	if a == models.Arm64 {
		return &lp.Arm64
	}
	return &lp.X86_64
}

// validate reports what is wrong with one record, under prefix, and
// whether it is usable.
func (f *LambdaUsage) validate(pr *models.Problems, prefix string) bool {
	ok := true
	nonNeg := func(name string, v int64) {
		if v < 0 {
			pr.Add(prefix+name, v, models.ErrRange, "must be ≥ 0")
			ok = false
		}
	}
	nonNeg("requests", f.Requests)
	nonNeg("billedDurationMs", f.BilledDurationMs)
	nonNeg("billedInitMs", f.BilledInitMs)
	nonNeg("provisioned", int64(f.Provisioned))
	nonNeg("provisionedDurationMs", f.ProvisionedDurationMs)
	nonNeg("calls", f.Calls)
	nonNeg("snapStartRestores", f.SnapStartRestores)
	if v := f.SnapStartCacheSeconds; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		pr.Add(prefix+"snapStartCacheSeconds", v, models.ErrRange, "must be ≥ 0")
		ok = false
	}
	bad := func(path string, v any, sentinel error, format string, args ...any) {
		pr.Add(prefix+path, v, sentinel, format, args...)
		ok = false
	}
	if f.MemoryMB < 128 || f.MemoryMB > 10240 {
		bad("memoryMB", f.MemoryMB, models.ErrRange, "must be between 128 and 10240")
	}
	if f.Arch > models.Arm64 {
		bad("arch", uint8(f.Arch), models.ErrUnknown, "must be x86_64 or arm64")
	}
	if v := f.ProvisionedSeconds; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		bad("provisionedSeconds", v, models.ErrRange, "must be ≥ 0")
	}
	if f.ProvisionedDurationMs > f.BilledDurationMs {
		bad("provisionedDurationMs", f.ProvisionedDurationMs, models.ErrRange,
			"must be at most billedDurationMs (%d)", f.BilledDurationMs)
	}
	if f.ProvisionedDurationMs > 0 && f.Provisioned == 0 {
		bad("provisionedDurationMs", f.ProvisionedDurationMs, models.ErrInvalid,
			"must be 0 without provisioned concurrency")
	}
	return ok
}

// function is one function's records summed; pcSeconds and snapSeconds
// are exact.
type function struct {
	LambdaUsage
	pcSeconds, snapSeconds *big.Rat
}

// newFunction is f's record as a function, its seconds exact.
func newFunction(f LambdaUsage) function {
	return function{f, dec(f.ProvisionedSeconds), dec(f.SnapStartCacheSeconds)}
}

// mergeFunctions validates the windows' records and sums those of the
// same function, in order of first appearance.
func mergeFunctions(pr *models.Problems, windows []LambdaInput, paths []string) []function {
	var out []function
	at := map[string]int{} // out's index of each name (looked up, never ranged over)
	for w, in := range windows {
		for i, f := range in.Functions {
			prefix := fmt.Sprintf("functions[%d].", i)
			if paths != nil {
				prefix = paths[w] + prefix
			}
			if !f.validate(pr, prefix) {
				continue
			}
			j, seen := at[f.Name]
			if !seen {
				at[f.Name] = len(out)
				out = append(out, newFunction(f))
				continue
			}
			m := &out[j]
			if m.MemoryMB != f.MemoryMB || m.Arch != f.Arch || m.Provisioned != f.Provisioned {
				pr.Add(prefix+"name", f.Name, models.ErrInvalid,
					"function seen before with memoryMB %d, arch %s, provisioned %d", m.MemoryMB, m.Arch, m.Provisioned)
				continue
			}
			m.Requests += f.Requests
			m.BilledDurationMs += f.BilledDurationMs
			m.BilledInitMs += f.BilledInitMs
			m.ProvisionedDurationMs += f.ProvisionedDurationMs
			m.Calls += f.Calls
			m.pcSeconds = add(m.pcSeconds, dec(f.ProvisionedSeconds))
			m.SnapStartRestores += f.SnapStartRestores
			m.snapSeconds = add(m.snapSeconds, dec(f.SnapStartCacheSeconds))
		}
	}
	return out
}
