package lambda

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	model "github.com/execsim/execsim/models/lambda"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// Config is the compiled lambda: section: the region and one function per
// service.
type Config struct {
	model.Config
	// templates and match are the section's (ReadSettings), for Describe.
	templates []string
	match     map[string]string
	// warnings are Compile's (platform.Warner); ownMemory the services
	// whose function has a size of its own, which Tune overrides.
	warnings  []string
	ownMemory []string
	// integrationTimeout is the section's, for BehindFrontDoor.
	integrationTimeout *time.Duration
	// region is the section's region as written ("" when left out), for
	// Describe: it sets the legacy burst and no price (regionWarning).
	region string
	// payloadKB is each service's request payload (Compile); refused,
	// set by BehindFrontDoor once the front door is known, marks the
	// services whose requests are larger than their function takes
	// behind it (ServiceMaxPayloadKB): Lambda refuses every one of them
	// before the function runs (Build, refusing). nil when none is.
	payloadKB []float64
	refused   []bool
}

// Warnings implements platform.Warner.
func (c *Config) Warnings() []string { return c.warnings }

// Overridden implements platform.TuneOverrider: the services whose
// function has a memory size of its own, which Tune sets like every
// other's.
func (c *Config) Overridden() []string { return c.ownMemory }

// Build implements platform.Config.
func (c *Config) Build(k *sim.Kernel, rec models.Recorder) (platform.Model, error) {
	r, err := model.New(k, c.Config, rec)
	if err != nil {
		return nil, err
	}
	// throttles are put down to their cause as the recorder counts
	// outcomes: after the warm-up
	r.CountFrom(sim.At(platform.WarmupOf(rec)))
	reg := &region{Region: r, start: r.State(), cfg: c}
	if c.refused != nil {
		// only a run with such services pays for the check, and only per
		// request of the wrapper; the model's Submit stays as it is
		n := len(c.Functions)
		return &refusing{region: reg, rec: rec, warmup: sim.At(platform.WarmupOf(rec)), count: make([]int64, n), counted: make([]int64, n)}, nil
	}
	return reg, nil
}

// Tune implements platform.Tuner: every function at memoryMB.
func (c *Config) Tune(memoryMB int) (platform.Config, error) {
	if memoryMB < model.MinMemoryMB || memoryMB > model.MaxMemoryMB {
		return nil, fmt.Errorf("must be between %d and %d MB", model.MinMemoryMB, model.MaxMemoryMB)
	}
	cfg := c.Config
	cfg.Functions = append(cfg.Functions[:0:0], c.Functions...)
	for i := range cfg.Functions {
		cfg.Functions[i].MemoryMB = memoryMB
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return c.with(cfg), nil
}

// TuneEach implements platform.EachTuner: function i at memoryMB[i], one
// size per service in the plan's order.
func (c *Config) TuneEach(memoryMB []int) (platform.Config, error) {
	if len(memoryMB) != len(c.Functions) {
		return nil, fmt.Errorf("%d sizes for %d functions", len(memoryMB), len(c.Functions))
	}
	cfg := c.Config
	cfg.Functions = append(cfg.Functions[:0:0], c.Functions...)
	for i, mb := range memoryMB {
		if mb < model.MinMemoryMB || mb > model.MaxMemoryMB {
			return nil, fmt.Errorf("%s: %d MB: must be between %d and %d MB", cfg.Functions[i].Name, mb, model.MinMemoryMB, model.MaxMemoryMB)
		}
		cfg.Functions[i].MemoryMB = mb
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return c.with(cfg), nil
}

// with is the platform's configuration around cfg, a variant of c's
// functions (Tune, Subset): what the section and the front door set
// carries over (templates, matching, the gateway's timeout, the payloads
// and the services refused for them); the section's warnings and own
// sizes stay with the scenario's own Config.
func (c *Config) with(cfg model.Config) *Config {
	return &Config{Config: cfg, templates: c.templates, match: c.match, integrationTimeout: c.integrationTimeout,
		payloadKB: c.payloadKB, refused: c.refused, region: c.region}
}

// region is the model of one run.
type region struct {
	*model.Region
	start model.State // as built, for Unforgotten
	cfg   *Config     // for the caps a run can reach (usage.CapsReached)
}

// Unforgotten implements platform.Regenerator.
func (r *region) Unforgotten() []string { return r.Region.Unforgotten(r.start) }

// Finish implements platform.Model.
func (r *region) Finish(run platform.Run) platform.Usage {
	return &usage{run: run, fns: r.Usage(), cfg: r.cfg}
}

// Describe implements platform.Config.
func (c *Config) Describe() *yaml.Node { return c.DescribeFirst(0) }

// DescribeFirst implements platform.Abridger: at most the first most
// functions (0: all).
func (c *Config) DescribeFirst(most int) *yaml.Node {
	l := c.Config
	m := platform.Mapping()
	if len(c.templates) > 0 {
		platform.PutNode(m, "templates", platform.FlowList(c.templates))
	}
	if len(c.match) > 0 {
		mm := platform.Mapping()
		mm.Style = yaml.FlowStyle
		for _, svc := range slices.Sorted(maps.Keys(c.match)) {
			platform.Put(mm, svc, c.match[svc])
		}
		platform.PutNode(m, "match", mm)
	}
	if c.region != "" {
		// printed only when written, so that no plan of the default moves
		platform.Put(m, "region", c.region)
	}
	platform.Put(m, "accountConcurrency", fmt.Sprint(l.AccountConcurrency))
	platform.Put(m, "scaling", l.Scaling.String())
	switch l.Scaling {
	case model.PerFunction:
		platform.Put(m, "scalingBurst", fmt.Sprint(l.ScalingBurst))
		platform.Put(m, "scalingRefillPerSecond", fmt.Sprint(l.ScalingRefillPerSecond))
	case model.Window:
		platform.Put(m, "scalingWindowSize", fmt.Sprint(l.ScalingWindowSize))
		platform.Put(m, "scalingWindow", l.ScalingWindow.String())
	case model.Legacy:
		platform.Put(m, "legacyBurst", fmt.Sprint(l.LegacyBurst))
		platform.Put(m, "legacyRefillPerMinute", fmt.Sprint(l.LegacyRefillPerMinute))
	}
	platform.Put(m, "unreservedMinimum", fmt.Sprint(l.UnreservedMinimum))
	if l.FrontDoorTimeout > 0 {
		platform.Put(m, "integrationTimeout", l.FrontDoorTimeout.String())
	}
	fns := &yaml.Node{Kind: yaml.SequenceNode}
	for i, f := range l.Functions {
		if most > 0 && i == most {
			fns.Content = append(fns.Content, platform.Omitted(len(l.Functions)-most, "functions"))
			break
		}
		fns.Content = append(fns.Content, describeFunction(f))
	}
	platform.PutNode(m, "functions", fns)
	return m
}

func describeFunction(f model.Function) *yaml.Node {
	put := platform.Put
	m := platform.Mapping()
	put(m, "name", f.Name)
	put(m, "memoryMB", fmt.Sprint(f.MemoryMB))
	put(m, "cpuShare", fmt.Sprintf("%.4f", f.CPUShare()))
	put(m, "arch", f.Arch.String())
	put(m, "runtime", f.Runtime)
	put(m, "package", f.Package.String())
	switch {
	case f.SnapStart:
		put(m, "snapStart", "true")
		if f.Restore != nil {
			put(m, "restore", f.Restore.String())
		} else if row, err := model.LookupRestore(f.Runtime, f.MemoryMB); err == nil {
			put(m, "restore", fmt.Sprintf("%s (measured %s, %d MB, p50 %v, p99 %v)", row.Dist(), row.Raw, row.MemoryMB, row.P50, row.P99))
		}
	case f.Init != nil:
		put(m, "init", f.Init.String())
	default:
		if row, err := model.LookupInit(f.Runtime, f.Arch, f.Package, f.MemoryMB); err == nil {
			put(m, "init", fmt.Sprintf("%s (measured %s %s %s %d MB, n=%d)", row.Dist(), row.Raw, row.Arch, row.Package, row.MemoryMB, row.N))
		}
	}
	put(m, "platformOverhead", platform.DistString(f.PlatformOverhead))
	if !f.SnapStart {
		put(m, "appInit", platform.DistString(f.AppInit))
	}
	if f.ReservedConcurrency >= 0 {
		put(m, "reservedConcurrency", fmt.Sprint(f.ReservedConcurrency))
	} else {
		put(m, "reservedConcurrency", "none")
	}
	put(m, "provisionedConcurrency", fmt.Sprint(f.ProvisionedConcurrency))
	put(m, "invocation", f.Invocation.String())
	if f.Invocation == model.Sync {
		r := platform.Mapping()
		r.Style = yaml.FlowStyle
		put(r, "attempts", fmt.Sprint(f.Retry.Attempts))
		put(r, "base", f.Retry.Base.String())
		put(r, "max", f.Retry.Max.String())
		put(r, "jitter", f.Retry.Jitter.String())
		platform.PutNode(m, "retry", r)
	} else {
		put(m, "maxEventAge", f.MaxEventAge.String())
		put(m, "asyncRetries", fmt.Sprint(f.AsyncRetries))
	}
	put(m, "timeout", f.Timeout.String())
	put(m, "keepAlive", platform.DistString(f.KeepAlive))
	put(m, "maxLifetime", f.MaxLifetime.String())
	put(m, "warmSelection", f.WarmSelection.String())
	put(m, "rpsLimit", fmt.Sprint(f.RPSLimit))
	return m
}

// Subset implements platform.Subsetter: the functions of the services left
// out keep no provisioned environments and reserve no concurrency, so they
// take nothing from the account's quota, and publish no SnapStart version,
// so no snapshot cache is paid for them (review5: a blend paid the cache
// of every Python or .NET function, its services on Lambda or not).
func (c *Config) Subset(keep []bool) platform.Config {
	cfg := c.Config
	cfg.Functions = append(cfg.Functions[:0:0], c.Functions...)
	for i := range cfg.Functions {
		if i < len(keep) && !keep[i] {
			cfg.Functions[i].ProvisionedConcurrency = 0
			cfg.Functions[i].ReservedConcurrency = -1
			cfg.Functions[i].SnapStart = false
		}
	}
	return c.with(cfg)
}

// Timeouts implements platform.Timeouter: each function's timeout.
func (c *Config) Timeouts() (string, []time.Duration) {
	per := make([]time.Duration, len(c.Functions))
	for i, f := range c.Functions {
		per[i] = f.Timeout
	}
	return Name + ".timeout", per
}

// MaxPayloadKB implements platform.PayloadLimiter. A function can be sent
// at most 6 MB of request payload by a synchronous invocation (Lambda
// quotas, "Invocation payload (request and response)": 6 MB each), which
// also bounds API Gateway's own 10 MB and a function URL; an ALB sends a
// Lambda target at most 1 MB of request body (Elastic Load Balancing,
// "Lambda functions as targets", Limits). Larger requests never reach the
// function: Invoke answers RequestTooLargeException (HTTP 413, "The
// request payload exceeded the Invoke request body JSON input quota",
// Lambda API reference), and the run fails each of them at once
// (refusing; walk4: payloadKB 2048 behind an ALB ran as if served).
func (c *Config) MaxPayloadKB(fd cost.FrontDoor) (float64, string) {
	if fd == cost.FrontDoorALB {
		return 1024, "an ALB sends a Lambda target at most 1 MB of request body (Elastic Load Balancing: Lambda functions as targets)"
	}
	return 6 * 1024, "a synchronous Lambda invocation carries at most 6 MB of request payload (Lambda quotas)"
}

// ServiceMaxPayloadKB is MaxPayloadKB for service i's function: an
// asynchronous invocation carries at most 1 MB ("For asynchronous
// invocations, the maximum payload size is 1 MB", Lambda API reference,
// Invoke; raised from 256 KB in October 2025, AWS Compute Blog "More room
// to build: serverless services now support payloads up to 1 MB",
// 2026-01-29), whatever the front door (costrev item 6: 2 MB async ran).
func (c *Config) ServiceMaxPayloadKB(i int, fd cost.FrontDoor) (float64, string) {
	kb, rule := c.MaxPayloadKB(fd)
	if i < len(c.Functions) && c.Functions[i].Invocation == model.Async && kb > 1024 {
		return 1024, "an asynchronous Lambda invocation carries at most 1 MB of payload (Lambda API reference: Invoke)"
	}
	return kb, rule
}

// refuseOverPayloads marks the services whose payload is larger than
// their function takes behind fd (ServiceMaxPayloadKB), for Build; it
// leaves refused nil when there are none, so that such a plan's runs are
// built exactly as before.
func (c *Config) refuseOverPayloads(fd cost.FrontDoor) {
	c.refused = nil
	for i, kb := range c.payloadKB {
		if lim, _ := c.ServiceMaxPayloadKB(i, fd); kb > lim {
			if c.refused == nil {
				c.refused = make([]bool, len(c.Functions))
			}
			c.refused[i] = true
		}
	}
}

// FrontDoors implements platform.FrontDoorer: every kind models/cost
// prices in front of functions.
func (c *Config) FrontDoors() []cost.FrontDoor {
	return []cost.FrontDoor{cost.FrontDoorALB, cost.FrontDoorNone, cost.FrontDoorREST, cost.FrontDoorHTTPAPI, cost.FrontDoorFunctionURL}
}

// API Gateway's integration timeouts. REST APIs: 50 ms to 29 s by default
// (AWS What's New 2017-11-21, "Customize integration timeouts in Amazon
// API Gateway"); since 2024-06-04 a Regional or private REST API may go
// beyond 29 s after a quota increase, which may lower the account's
// throttle quota (What's New, "Amazon API Gateway integration timeout
// limit increase beyond 29 seconds"). HTTP APIs: at most 30 s, not raisable
// (API Gateway developer guide, http-api-quotas.html: "Maximum integration
// timeout 30 seconds").
const (
	restIntegrationTimeout = 29 * time.Second
	httpIntegrationTimeout = 30 * time.Second
	minIntegrationTimeout  = 50 * time.Millisecond
)

// BehindFrontDoor implements scenario.frontDoorTaker: behind API Gateway a
// synchronous request is answered 504 at the integration timeout while its
// function runs on (model.Config.FrontDoorTimeout), so the region learns
// the gateway's timeout, lambda.integrationTimeout or the default of its
// kind. It returns notes for validate: a function whose own timeout is
// longer (its longer requests fail for the client, billed to their end),
// or a REST timeout above 29 s (a quota increase; Regional and private
// REST APIs only).
func (c *Config) BehindFrontDoor(fd cost.FrontDoor, p *models.Problems) []string {
	c.refuseOverPayloads(fd)
	const path = Name + ".integrationTimeout"
	set := c.integrationTimeout
	var t time.Duration
	var notes []string
	switch fd {
	case cost.FrontDoorREST:
		t = restIntegrationTimeout
		if set != nil {
			t = *set
		}
		switch {
		case t < minIntegrationTimeout || t > model.MaxTimeout:
			p.Add(path, t, models.ErrRange, "must be between %v and %v behind api-gateway-rest (29s by default; more only after a quota increase)", minIntegrationTimeout, model.MaxTimeout)
			return nil
		case t > restIntegrationTimeout:
			notes = append(notes, fmt.Sprintf("%s %v: above API Gateway's 29s default, which only a Regional or private REST API may exceed, after a Service Quotas increase that may lower the account's throttle quota", path, t))
		}
	case cost.FrontDoorHTTPAPI:
		t = httpIntegrationTimeout
		if set != nil {
			t = *set
		}
		if t < minIntegrationTimeout || t > httpIntegrationTimeout {
			p.Add(path, t, models.ErrRange, "must be between %v and %v behind http-api (an HTTP API's integration timeout cannot be raised)", minIntegrationTimeout, httpIntegrationTimeout)
			return nil
		}
	default:
		if set != nil {
			p.Add(path, *set, models.ErrInvalid, "is API Gateway's: it applies behind api-gateway-rest or http-api only (lambda is behind %s)", fd)
		}
		return nil
	}
	c.FrontDoorTimeout = t
	var longer []string
	for _, f := range c.Functions {
		if f.Invocation == model.Sync && f.Timeout > t {
			longer = append(longer, fmt.Sprintf("%s %v", f.Name, f.Timeout))
		}
	}
	if len(longer) > 0 {
		what := fmt.Sprintf("the function's timeout (%v) is", c.Functions[0].Timeout)
		if len(c.Functions) > 1 {
			shown := longer[:min(3, len(longer))]
			list := strings.Join(shown, ", ")
			if len(longer) > len(shown) {
				list += ", …"
			}
			what = fmt.Sprintf("%d of %d functions' timeouts (%s) are", len(longer), len(c.Functions), list)
		}
		notes = append(notes, fmt.Sprintf("%s: %s longer than API Gateway's integration timeout (%v behind %s): a request still running then fails for its client (504) while its function runs on, billed, holding its environment",
			Name, what, t, fd))
	}
	return notes
}
