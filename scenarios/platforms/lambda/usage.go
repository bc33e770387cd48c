package lambda

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/internal/metrics"
	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	model "github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/scenarios/platform"
)

// usage is what the region's functions used in a run.
type usage struct {
	run platform.Run
	fns []model.Usage // per function, in service order
	cfg *Config       // nil for a usage built without one
	// refused is the requests refused per function for their payload
	// (refusing) over the whole run, as the front door bills them;
	// refusedCounted those after the warm-up, as outcomes are counted.
	// Both nil in a run without such services.
	refused, refusedCounted []int64
}

// Cost bills the region's usage, and spreads the exact total over the
// series windows in proportion to each window's GB-seconds and completed
// requests at list prices.
func (u *usage) Cost() (cost.Breakdown, []cost.Money, error) {
	cp := u.run.Cost
	rec := u.run.Rec
	in, opt := u.input()
	// list price of one GB-second, for spreading the total over windows
	gbSecondPrice := cp.Prices.Lambda.X86_64.GBSecond[0].PriceUSD
	var gb, pcPerSecond float64
	for _, f := range u.fns {
		gb += float64(f.MemoryMB) / 1024 / float64(len(u.fns))
		pcPerSecond += float64(f.Provisioned) * float64(f.MemoryMB) / 1024 * cp.Prices.Lambda.X86_64.ProvisionedGBSecondUSD
		if f.SnapStartCharged {
			// a SnapStart cache is paid by the second too
			pcPerSecond += float64(f.MemoryMB) / 1024 * cp.Prices.Lambda.SnapStartCacheGBSecondUSD
		}
	}
	b, err := cp.Prices.LambdaCost(in, opt)
	if err != nil {
		return cost.Breakdown{}, nil, fmt.Errorf("internal error: lambda cost: %w", err)
	}
	weights := platform.WindowWeights(rec, func(w *metrics.Window) float64 {
		secs := (w.End - w.Start).Seconds()
		envSeconds := w.GaugeMean[models.Concurrency] * secs
		// provisioned concurrency is paid by the second whether used or not
		return envSeconds*gb*gbSecondPrice + float64(w.Completed())*cp.Prices.Lambda.RequestsPerMillionUSD/1e6 + pcPerSecond*secs
	})
	return b, weights, nil
}

// input is what the region's functions bill, and how.
func (u *usage) input() (cost.LambdaInput, cost.Options) {
	cp := u.run.Cost
	opt := cp.Options
	opt.Run = u.run.Duration
	door := cp.FrontDoorOf(Name)
	in := cost.LambdaInput{FrontDoor: cost.FrontDoorUsage{Kind: door}}
	var calls int64
	for i, f := range u.fns {
		// A Python or .NET SnapStart function's snapshot is cached for the
		// whole run (its version is published before and stays active;
		// AWS's 3-hour minimum is per version, of a version active
		// longer than the run's slice of the month), and each cold start
		// restores it.
		var snapSeconds float64
		var restores int64
		if f.SnapStartCharged {
			snapSeconds, restores = u.run.Duration.Seconds(), f.ColdStarts
		}
		// Calls weighs the function's share of the front door's bill: its
		// calls, and behind an HTTP API the 512-KB units they are metered
		// in (review6: a 7.2 MB service's 15 units a call were split as
		// one).
		fnCalls := f.Calls + u.gatewayRefused(door, i)
		weight := fnCalls
		if door == cost.FrontDoorHTTPAPI {
			weight = fnCalls * cp.Prices.HTTPAPIRequests(u.payloadKB(i))
		}
		in.Functions = append(in.Functions, cost.LambdaUsage{
			Name: f.Name, Requests: f.Invocations, BilledDurationMs: f.DurationMs, BilledInitMs: f.InitMs,
			InitAlwaysBilled: f.InitAlwaysBilled,
			MemoryMB:         f.MemoryMB, Arch: f.Arch, Provisioned: f.Provisioned,
			ProvisionedSeconds: u.run.Duration.Seconds(), ProvisionedDurationMs: f.ProvisionedDurationMs,
			Calls: weight, SnapStartCacheSeconds: snapSeconds, SnapStartRestores: restores,
		})
		calls += fnCalls
	}
	// Every call passes the front door, throttled ones and client retries
	// included (API Gateway meters calls, not successful invocations), and
	// so does a request refused for its payload if the gateway took it and
	// sent it to the integration, which refused it: API Gateway bills
	// requests sent to the integration, not only the successful ones
	// (AWS re:Post, "Pricing clarification for api gateway", accepted
	// answer); one over the gateway's own 10 MB it refuses itself, unbilled
	// (API Gateway quotas: payload size 10 MB). A function URL bills
	// nothing of its own; an ALB's processed bytes count every arrival
	// already (platform.ALBUsage), as the ALB reads the body it refuses.
	in.FrontDoor.Requests = calls
	switch door {
	case cost.FrontDoorHTTPAPI:
		// each call counts the units of its own service's payload
		in.FrontDoor.Requests = 0
		for i, f := range u.fns {
			in.FrontDoor.Requests += (f.Calls + u.gatewayRefused(door, i)) * cp.Prices.HTTPAPIRequests(u.payloadKB(i))
		}
	case cost.FrontDoorALB:
		in.FrontDoor.ALB = platform.ALBUsage(u.run, models.Concurrency)
		in.FrontDoor.ALB.ProcessedGB = cost.GB(float64(u.run.Rec.AllArrivals()) * u.callPayloadKB() * 1024)
	}
	return in, opt
}

// apiGatewayMaxPayloadKB is the largest request an API Gateway REST or
// HTTP API takes (API Gateway developer guide, quotas: "Payload size 10
// MB" for both).
const apiGatewayMaxPayloadKB = 10 * 1024

// gatewayRefused is the requests of function i refused for their payload
// that an API Gateway in front bills: those it took (10 MB at most) and
// sent on; the function's share of the gateway's bill counts them.
func (u *usage) gatewayRefused(door cost.FrontDoor, i int) int64 {
	if door != cost.FrontDoorREST && door != cost.FrontDoorHTTPAPI || u.cfg == nil || i >= len(u.refused) {
		return 0
	}
	if u.cfg.payloadKB[i] > apiGatewayMaxPayloadKB {
		return 0
	}
	return u.refused[i]
}

// payloadKB is the payload of function i's service.
func (u *usage) payloadKB(i int) float64 {
	if i < len(u.run.Services) {
		return u.run.Services[i].PayloadKB
	}
	return 0
}

// callPayloadKB is the mean payload of the requests that reached the
// region's front door: each function's service's payload, weighted by the
// function's calls and by its requests refused for their payload. That
// the ALB processes a refused body in full is an assumption: the ELB
// guide says only that a Lambda target takes at most 1 MB of body, not
// how much of a larger one the ALB reads and bills before refusing it; a
// client sends the whole body unless it waits for 100-continue, so all of
// it is counted (review6). A blend's Lambda part runs every service's
// function but is sent only its own services' requests, so a function
// whose service went elsewhere has neither and weighs nothing (review5:
// the part's ALB bytes were priced at the whole fleet's mean payload).
// Calls, not arrivals, are the weights because the region counts no
// arrivals of its own per function; they differ by client retries, which
// carry their service's payload again.
func (u *usage) callPayloadKB() float64 {
	var sum, n float64
	for i, f := range u.fns {
		w := float64(f.Calls)
		if i < len(u.refused) {
			w += float64(u.refused[i])
		}
		sum += w * u.payloadKB(i)
		n += w
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

// ALB implements the hybrid blend's albBiller: the region's ALB usage as
// its bill counts it and the bytes an LCU-hour processes for Lambda
// targets (0.4 GB, ELB pricing), so that a blend whose parts each bill an
// ALB can bill one, shared; ok is false behind another front door.
func (u *usage) ALB() (a cost.ALBUsage, gbPerLCUHour float64, ok bool) {
	in, _ := u.input()
	if in.FrontDoor.Kind != cost.FrontDoorALB {
		return cost.ALBUsage{}, 0, false
	}
	return in.FrontDoor.ALB, u.run.Cost.Prices.ALB.LCUProcessedGBPerHourLambda, true
}

// Allocate implements platform.Allocator: each function owes exactly what
// it ran up (cost.Prices.LambdaAllocation); the account's free tier and
// volume credits, and an ALB front door, are shared lines.
func (u *usage) Allocate(b cost.Breakdown) (cost.Allocation, error) {
	in, opt := u.input()
	return u.run.Cost.Prices.LambdaAllocation(b, in, opt)
}

// Extra is the lambda entry's own fields in summary.json.
type Extra struct {
	// PeakConcurrency is the most requests running at once (the
	// Concurrency gauge); PeakEnvironments the most execution environments
	// alive at once, initialising, busy or idle (the Environments gauge,
	// series.csv's environments_max). An idle environment is kept warm
	// between requests, so the second is usually the larger (audit 1: the
	// findings printed the first as environments). PeakEnvironments is
	// absent from a summary.json written before it was: execsim plot read
	// it as 0, said "peaked at 0 execution environments (18.9 on
	// average)" and wrote the 0 back (review9b M1), so nil stays nil.
	PeakConcurrency  int64   `json:"peak_concurrency"`
	PeakEnvironments *int64  `json:"peak_environments,omitempty"`
	MeanEnvironments float64 `json:"mean_environments"`
	// Utilisation is the time-average share of environments busy: ∫ busy
	// environments dt over ∫ environments dt (initialising, busy or idle),
	// the Busy and Environments gauges.
	Utilisation float64           `json:"utilisation"`
	Functions   []FunctionSummary `json:"functions,omitempty"`
	// PayloadRefused are the services whose requests Lambda refused for
	// their payload (refusing), with how many; none in most runs.
	PayloadRefused []PayloadRefusal `json:"payload_refused,omitempty"`
	// GatewayTimeoutS is API Gateway's integration timeout in seconds
	// (model.Config.FrontDoorTimeout) when it can end a synchronous
	// request before the function's own timeout does: a function's timeout
	// plus Lambda's 10 s INIT limit is longer. Its requests then fail
	// with a 504 from the gateway; absent otherwise.
	GatewayTimeoutS float64 `json:"gateway_timeout_s,omitempty"`
	// ThrottledBy names the requests-per-second caps (the account's, a
	// function's own) when they throttled invocations of requests that
	// arrived after the warm-up (accountRPSCause); absent otherwise, and
	// the report's throttles are then put down to a concurrency or scaling
	// limit.
	ThrottledBy string `json:"throttled_by,omitempty"`
}

// ThrottleCause implements platform.ThrottleCauser.
func (x *Extra) ThrottleCause() string { return x.ThrottledBy }

// accountRPS names the account's requests-per-second cap, 10 × its
// concurrency quota across all functions ("Across all functions in your
// account, Lambda enforces a requests per second limit that's equal to 10
// times your account concurrency", lambda-concurrency.html): "the
// account's 10,000 requests/s"; "" for a usage built without a config.
func (u *usage) accountRPS() string {
	if u.cfg == nil {
		return ""
	}
	return fmt.Sprintf("the account's %s requests/s", format.Count(10*int64(u.cfg.AccountConcurrency)))
}

// rateThrottled is the invocation attempts refused after the warm-up,
// over the functions: by the account's requests-per-second cap, by a
// function's own, and in all.
func (u *usage) rateThrottled() (account, own, all int64) {
	for _, f := range u.fns {
		account += f.AccountRateThrottled
		own += f.RateThrottled
		all += f.Throttled
	}
	return account, own, all
}

// accountRPSCause is Extra.ThrottledBy: the requests-per-second caps that
// throttled (the account's, a function's own), and the other limits that
// throttled too ("the account's 10,000 requests/s and a concurrency or
// scaling limit"); "" when no requests-per-second cap throttled.
func (u *usage) accountRPSCause() string {
	account, own, all := u.rateThrottled()
	if (account == 0 && own == 0) || u.cfg == nil {
		return ""
	}
	// a function's own cap alone is named too (review8: 200 req/s against
	// reservedConcurrency 10 was put down to "a concurrency or scaling
	// limit" at 2 in flight)
	var causes []string
	if account > 0 {
		causes = append(causes, u.accountRPS())
	}
	if own > 0 {
		causes = append(causes, "a function's own 10 × concurrency requests/s")
	}
	if all > account+own {
		causes = append(causes, "a concurrency or scaling limit")
	}
	return format.And(causes)
}

// PayloadRefusal is one service whose requests are larger than its
// function takes behind the front door: every one failed at once.
type PayloadRefusal struct {
	Service   string  `json:"service"`
	Requests  int64   `json:"requests"`
	PayloadKB float64 `json:"payload_kb"`
	LimitKB   float64 `json:"limit_kb"`
	FrontDoor string  `json:"front_door"`
}

// lambdaInitLimit is the longest INIT phase Lambda allows a function
// before it counts the init as failed (Lambda developer guide, "Lambda
// execution environment lifecycle": the Init phase "is limited to 10
// seconds"): with it, how far past its timeout a cold invocation can run.
const lambdaInitLimit = 10 * time.Second

// gatewayTimeout is the front door's integration timeout when it can end
// a synchronous invocation of one of the functions (Extra.GatewayTimeoutS),
// else 0.
func (c *Config) gatewayTimeout() time.Duration {
	t := c.FrontDoorTimeout
	if t <= 0 {
		return 0
	}
	for _, f := range c.Functions {
		if f.Invocation == model.Sync && f.Timeout+lambdaInitLimit > t {
			return t
		}
	}
	return 0
}

// FailureCause implements platform.FailureCauser: what the verdict and
// the report give as the cause of Lambda's failures, first the services
// refused for their payload (payloadCause), then, behind API Gateway with
// an integration timeout that can end a request first, the gateway's 504
// before a function's own timeout (review5: the verdict said "timed out,
// or lost with a failed node"); "" when neither applies, leaving the
// report's own words for timeouts.
func (x *Extra) FailureCause() string {
	var causes []string
	if c := x.payloadCause(); c != "" {
		causes = append(causes, c)
	}
	if x.GatewayTimeoutS > 0 {
		t := time.Duration(x.GatewayTimeoutS * float64(time.Second))
		causes = append(causes, fmt.Sprintf("API Gateway's 504 after its %v integration timeout, or a function's own timeout", t))
	}
	return strings.Join(causes, "; ")
}

// FunctionSummary is one function's outcomes and billed usage (fleets only).
type FunctionSummary struct {
	Name string `json:"name"`
	platform.Outcomes
	LatencyMs   platform.Latency `json:"latency_ms"`
	Invocations int64            `json:"invocations"`
	DurationMs  int64            `json:"billed_duration_ms"`
	InitMs      int64            `json:"billed_init_ms"`
}

// Extra implements platform.Usage.
func (u *usage) Extra() platform.Extra {
	rec := u.run.Rec
	x := &Extra{
		PeakConcurrency:  int64(rec.GaugePeak(models.Concurrency)),
		PeakEnvironments: new(int64(rec.GaugePeak(models.Environments))),
		MeanEnvironments: platform.Round(rec.GaugeMean(models.Environments, u.run.End), 3),
		Utilisation:      platform.Utilisation(rec, models.Environments, u.run.End),
		ThrottledBy:      u.accountRPSCause(),
	}
	if u.cfg != nil && u.cfg.refused != nil {
		door := u.run.Cost.FrontDoorOf(Name)
		for i, c := range u.refusedCounted {
			if !u.cfg.refused[i] || c == 0 {
				// a blend's part is sent none of a service placed
				// elsewhere (review6: it reported them at 0 requests and
				// blamed the blend's failures on them)
				continue
			}
			lim, _ := u.cfg.ServiceMaxPayloadKB(i, door)
			x.PayloadRefused = append(x.PayloadRefused, PayloadRefusal{Service: u.fns[i].Name, Requests: c,
				PayloadKB: u.cfg.payloadKB[i], LimitKB: lim, FrontDoor: door.String()})
		}
	}
	if u.cfg != nil {
		x.GatewayTimeoutS = u.cfg.gatewayTimeout().Seconds()
	}
	if svc := rec.Services(); svc != nil {
		for i, f := range u.fns {
			x.Functions = append(x.Functions, FunctionSummary{Name: f.Name,
				Outcomes: platform.ServiceOutcomes(svc[i]), LatencyMs: platform.LatencyOf(&svc[i].Latency),
				Invocations: f.Invocations, DurationMs: f.DurationMs, InitMs: f.InitMs})
		}
	}
	return x
}

// Golden implements platform.Usage: the functions' billed usage after the
// cost lines.
func (u *usage) Golden(w io.Writer, costLines func()) {
	costLines()
	for _, f := range u.fns {
		fmt.Fprintf(w, "function %s invocations %d billed_ms %d init_ms %d provisioned_ms %d\n",
			f.Name, f.Invocations, f.DurationMs, f.InitMs, f.ProvisionedDurationMs)
	}
}

// Rows implements platform.Extra.
func (x *Extra) Rows() [][2]string {
	rows := [][2]string{{"peak concurrency", format.Count(x.PeakConcurrency)}}
	if x.PeakEnvironments != nil {
		rows = append(rows, [2]string{"peak environments", format.Count(*x.PeakEnvironments)})
	}
	return append(rows,
		[2]string{"mean environments", format.Fixed2(x.MeanEnvironments)},
		[2]string{"utilisation", format.Percent(x.Utilisation)})
}

// Units implements platform.Extra: the per-function table of a fleet.
func (x *Extra) Units() (string, [][]string) {
	if len(x.Functions) <= 1 {
		return "", nil
	}
	rows := [][]string{{"", "completed", "throttled", "failed", "refused", "cold starts", "p50", "p99", "max", "billed duration"}}
	for _, f := range x.Functions {
		rows = append(rows, []string{f.Name, format.Count(f.Completed), format.Count(f.Throttled), format.Count(f.Failed),
			f.RefusedCell(), format.Count(f.ColdStarts), f.LatencyCell(f.LatencyMs.P50), f.LatencyCell(f.LatencyMs.P99), f.LatencyCell(f.LatencyMs.Max),
			(time.Duration(f.DurationMs) * time.Millisecond).String()})
	}
	return "lambda, per function", rows
}

// UnitsCompleted gives the completed requests of each row of Units, as
// numbers, for the text summary to rank the functions by.
func (x *Extra) UnitsCompleted() []int64 {
	out := make([]int64, len(x.Functions))
	for i, f := range x.Functions {
		out[i] = f.Completed
	}
	return out
}

// CapsReached names the configured concurrency ceilings the run reached
// (breakeven.CapReacher): a function's reserved concurrency, which
// throttles the invocations above it ("Reserved concurrency ... is also
// the maximum", Lambda developer guide, configuration-concurrency), and
// the account's concurrency quota (a default AWS raises on request), and
// the account's requests per second, 10 × that quota, when it throttled
// after the warm-up (Usage.AccountRateThrottled). Peak concurrency is the
// region's from the end of the warm-up on (the recorder's gauge peak), as
// Kubernetes judges its caps, so a function's reservation is judged only
// when it is the one function.
func (u *usage) CapsReached() []string {
	if u.cfg == nil {
		return nil
	}
	peak := int(u.run.Rec.GaugePeak(models.Concurrency))
	// reserved is the one function's reserved concurrency (0 with none, or
	// with several functions, whose caps are not judged one by one)
	reserved := 0
	if fs := u.cfg.Functions; len(fs) == 1 {
		reserved = fs[0].ReservedConcurrency
	}
	reachedReserved := reserved > 0 && peak >= reserved
	var out []string
	if reachedReserved {
		out = append(out, fmt.Sprintf("reservedConcurrency %d", reserved))
	}
	if q := u.cfg.AccountConcurrency; q > 0 && peak >= q {
		out = append(out, fmt.Sprintf("account concurrency quota %d", q))
	}
	account, own, _ := u.rateThrottled()
	if account > 0 {
		out = append(out, u.accountRPS())
	}
	// a function's own cap throttles apart from the account's only where
	// it is below it: 10 × a reserved concurrency (fidlam2 counted it,
	// RateThrottled, but left it out of the caps). Where the reserved
	// concurrency itself was reached, that one setting is named once.
	// Of several functions, those whose own cap throttled are named, the
	// first few of them: "a function's own" left the user to find which.
	switch {
	case own == 0 || reachedReserved:
	case reserved > 0:
		out = append(out, fmt.Sprintf("reservedConcurrency %d's %s requests/s", reserved, format.Count(10*int64(reserved))))
	default:
		var names []string
		for _, f := range u.fns {
			if f.RateThrottled > 0 {
				names = append(names, f.Name)
			}
		}
		out = append(out, fmt.Sprintf("the own 10 × reservedConcurrency requests/s of %s %s",
			format.Plural(len(names), "function", "functions"), format.FirstNames(names, 3)))
	}
	return out
}
