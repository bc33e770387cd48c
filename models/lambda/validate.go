package lambda

import "github.com/execsim/execsim/models"

// Validate reports every problem in c at once.
func (c *Config) Validate() error {
	var p models.Problems
	if c.AccountConcurrency < 1 {
		p.Add("accountConcurrency", c.AccountConcurrency, models.ErrRange, "must be at least 1")
	}
	if c.ScalingBurst < 1 {
		p.Add("scalingBurst", c.ScalingBurst, models.ErrRange, "must be at least 1")
	}
	if !(c.ScalingRefillPerSecond > 0) {
		p.Add("scalingRefillPerSecond", c.ScalingRefillPerSecond, models.ErrRange, "must be positive")
	}
	if c.LegacyBurst < 1 {
		p.Add("legacyBurst", c.LegacyBurst, models.ErrRange, "must be at least 1")
	}
	if !(c.LegacyRefillPerMinute > 0) {
		p.Add("legacyRefillPerMinute", c.LegacyRefillPerMinute, models.ErrRange, "must be positive")
	}
	if c.UnreservedMinimum < 0 {
		p.Add("unreservedMinimum", c.UnreservedMinimum, models.ErrRange, "must not be negative")
	}
	if len(c.Functions) == 0 {
		p.Add("functions", nil, models.ErrRequired, "at least one function is required")
	}
	reserved, pcUnreserved := 0, 0
	seen := map[string]bool{}
	for i := range c.Functions {
		f := &c.Functions[i]
		prefix := p.Item("functions", i, f.Name, "function", seen)
		p.Merge(prefix, f.Validate())
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
		if f.ProvisionedConcurrency > 0 {
			p.Add("snapStart", true, models.ErrInvalid, "cannot be combined with provisionedConcurrency (snapstart.html)")
		}
		if f.Restore == nil {
			if _, err := LookupRestore(f.Runtime, f.MemoryMB); err != nil {
				p.Add("snapStart", true, models.ErrInvalid, "%v; give restore: a distribution", err)
			}
		}
	}
	if f.ReservedConcurrency >= 0 && f.ProvisionedConcurrency > f.ReservedConcurrency {
		p.Add("provisionedConcurrency", f.ProvisionedConcurrency, models.ErrRange,
			"must not exceed reservedConcurrency (%d)", f.ReservedConcurrency)
	}
	if f.ProvisionedConcurrency < 0 {
		p.Add("provisionedConcurrency", f.ProvisionedConcurrency, models.ErrRange, "must not be negative")
	}
	if f.Timeout <= 0 || f.Timeout > MaxTimeout {
		p.Add("timeout", f.Timeout, models.ErrRange, "must be between 1ms and %v", MaxTimeout)
	}
	if f.MaxEventAge < MinEventAge || f.MaxEventAge > MaxEventAgeCap {
		p.Add("maxEventAge", f.MaxEventAge, models.ErrRange, "must be between %v and %v", MinEventAge, MaxEventAgeCap)
	}
	if f.AsyncRetries < 0 || f.AsyncRetries > maxAsyncRetries {
		p.Add("asyncRetries", f.AsyncRetries, models.ErrRange, "must be between 0 and %d", maxAsyncRetries)
	}
	if f.MaxLifetime <= 0 {
		p.Add("maxLifetime", f.MaxLifetime, models.ErrRange, "must be positive")
	}
	if f.KeepAlive == nil {
		p.Add("keepAlive", nil, models.ErrRequired, "a distribution is required")
	}
	if f.PlatformOverhead == nil {
		p.Add("platformOverhead", nil, models.ErrRequired, "a distribution is required")
	}
	if f.Retry.Attempts < 1 {
		p.Add("retry.attempts", f.Retry.Attempts, models.ErrRange, "must be at least 1 (1 means no retry)")
	}
	if f.Retry.Base <= 0 {
		p.Add("retry.base", f.Retry.Base, models.ErrRange, "must be positive")
	}
	if f.Retry.Max < f.Retry.Base {
		p.Add("retry.max", f.Retry.Max, models.ErrRange, "must be at least retry.base (%v)", f.Retry.Base)
	}
	return p.Err()
}
