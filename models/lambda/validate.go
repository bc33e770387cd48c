package lambda

import (
	"time"

	"github.com/execsim/execsim/models"
)

// Validate reports every problem in c at once.
func (c *Config) Validate() error {
	var p models.Problems
	models.AtLeast(&p, "accountConcurrency", c.AccountConcurrency, 1)
	models.AtLeast(&p, "scalingBurst", c.ScalingBurst, 1)
	models.Positive(&p, "scalingRefillPerSecond", c.ScalingRefillPerSecond)
	models.AtLeast(&p, "scalingWindowSize", c.ScalingWindowSize, 1)
	models.Positive(&p, "scalingWindow", c.ScalingWindow)
	models.AtLeast(&p, "legacyBurst", c.LegacyBurst, 1)
	models.Positive(&p, "legacyRefillPerMinute", c.LegacyRefillPerMinute)
	models.NotNegative(&p, "unreservedMinimum", c.UnreservedMinimum)
	models.NotNegative(&p, "frontDoorTimeout", c.FrontDoorTimeout)
	if len(c.Functions) == 0 {
		p.Add("functions", nil, models.ErrRequired, "at least one function is required")
	}
	reserved, pcUnreserved := 0, 0
	fns := models.Members{Collection: "functions", Noun: "function"}
	for i := range c.Functions {
		f := &c.Functions[i]
		fns.Check(&p, i, f.Name, f.streams(), f.Validate())
		if f.ReservedConcurrency >= 0 {
			reserved += f.ReservedConcurrency
		} else {
			pcUnreserved += f.ProvisionedConcurrency
		}
	}
	// The floor applies to provisioned concurrency too: it is carved from
	// the same pool (configuration-concurrency.html, provisioned-concurrency.html).
	if avail := c.AccountConcurrency - c.UnreservedMinimum; (reserved > 0 || pcUnreserved > 0) && reserved+pcUnreserved > avail {
		p.Add("functions", reserved+pcUnreserved, models.ErrRange,
			"reserved plus unreserved provisioned concurrency must leave %d of the account's %d unreserved (at most %d)",
			c.UnreservedMinimum, c.AccountConcurrency, max(avail, 0))
	}
	return p.Err()
}

// Validate reports every problem in f at once; paths are relative to f.
func (f *Function) Validate() error {
	var p models.Problems
	if f.MemoryMB < MinMemoryMB || f.MemoryMB > MaxMemoryMB {
		p.Add("memoryMB", f.MemoryMB, models.ErrRange, "must be between %d and %d", MinMemoryMB, MaxMemoryMB)
	}
	if f.Init == nil && !f.SnapStart {
		if _, err := LookupInit(f.Runtime, f.Arch, f.Package, f.MemoryMB); err != nil {
			p.Add("runtime", nil, models.ErrUnknown, "%v", err) // the message quotes it
		}
	}
	if f.SnapStart {
		switch {
		case f.Package == Image:
			// first: an image may hold any runtime (SnapStartOf)
			p.Add("snapStart", true, models.ErrInvalid, "execsim does not model SnapStart for a container image (AWS supports it since July 2026, snapstart-runtime-hooks-custom.html, but no restore time for one is measured): use package: zip or snapStart: false")
		case SnapStartOf(f.Runtime) == NoSnapStart:
			p.Add("snapStart", true, models.ErrInvalid, "runtime %s cannot use it: %s", f.Runtime, snapStartRuntimes)
		}
		if f.ProvisionedConcurrency > 0 {
			p.Add("snapStart", true, models.ErrInvalid, "cannot be combined with provisionedConcurrency (snapstart.html)")
		}
		if f.Restore == nil && f.Package != Image && SnapStartOf(f.Runtime) != NoSnapStart {
			if _, err := LookupRestore(f.Runtime, f.MemoryMB); err != nil {
				p.Add("snapStart", true, models.ErrInvalid, "%v; give restore: a distribution", err)
			}
		}
	}
	if f.ReservedConcurrency >= 0 && f.ProvisionedConcurrency > f.ReservedConcurrency {
		p.Add("provisionedConcurrency", f.ProvisionedConcurrency, models.ErrRange,
			"must not exceed reservedConcurrency (%d)", f.ReservedConcurrency)
	}
	models.NotNegative(&p, "provisionedConcurrency", f.ProvisionedConcurrency)
	if f.Timeout <= 0 || f.Timeout > MaxTimeout {
		p.Add("timeout", f.Timeout, models.ErrRange, "must be between 1ms and %v", MaxTimeout)
	}
	if f.MaxEventAge < MinEventAge || f.MaxEventAge > MaxEventAgeCap {
		p.Add("maxEventAge", f.MaxEventAge, models.ErrRange, "must be between %v and %v", MinEventAge, MaxEventAgeCap)
	}
	if f.AsyncRetries < 0 || f.AsyncRetries > maxAsyncRetries {
		p.Add("asyncRetries", f.AsyncRetries, models.ErrRange, "must be between 0 and %d", maxAsyncRetries)
	}
	models.Positive(&p, "maxLifetime", f.MaxLifetime)
	if f.KeepAlive == nil {
		p.Add("keepAlive", nil, models.ErrRequired, "a distribution is required")
	}
	if f.PlatformOverhead == nil {
		p.Add("platformOverhead", nil, models.ErrRequired, "a distribution is required")
	}
	if f.Retry.Attempts < 1 {
		p.Add("retry.attempts", f.Retry.Attempts, models.ErrRange, "must be at least 1 (1 means no retry)")
	}
	models.Positive(&p, "retry.base", f.Retry.Base)
	if f.Retry.Max < f.Retry.Base {
		p.Add("retry.max", f.Retry.Max, models.ErrRange, "must be at least retry.base (%v)", f.Retry.Base)
	}
	return p.Err()
}

// InitLimit is the longest f's init may run before it fails for good
// (lambda-runtime-environment.html, Init phase): an on-demand
// environment's INIT phase is cut at 10 s and run again inside the first
// invocation under the function's timeout, so init fails for good past
// the longer of the two; a provisioned-concurrency environment may
// initialise for the longer of 130 s and the timeout. (SnapStart's init
// runs when a version is published, outside the run.) A function with
// provisioned concurrency also starts on-demand environments past it, but
// those fail too only past the larger limit, so that one is the bound.
func (f *Function) InitLimit() time.Duration {
	if f.ProvisionedConcurrency > 0 {
		return max(provisionedInitLimit, f.Timeout)
	}
	return max(maxInit, f.Timeout)
}

// InitLimitWhy says where InitLimit comes from, for messages.
func (f *Function) InitLimitWhy() string {
	if f.ProvisionedConcurrency > 0 {
		return "provisioned concurrency initialises for up to the longer of 130s and the timeout, lambda-runtime-environment.html"
	}
	return "on demand, the INIT phase is cut at 10s and retried inside the first invocation under the timeout, lambda-runtime-environment.html"
}

// provisionedInitLimit is the init limit of a provisioned-concurrency or
// SnapStart environment when the timeout is shorter
// (lambda-runtime-environment.html: "the time limit is 130 seconds or the
// configured function timeout (maximum 900 seconds), whichever is higher").
const provisionedInitLimit = 130 * time.Second
