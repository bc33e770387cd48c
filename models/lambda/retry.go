package lambda

import (
	"math/rand/v2"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
)

// throttle refuses one attempt of the request in slot: a synchronous caller
// may retry with backoff; an asynchronous event goes back to the internal
// queue and is retried with waits doubling from 1 s to 5 min until it is
// older than the maximum event age (invocation-async-error-handling.html).
func (r *Region) throttle(k *sim.Kernel, slot int32) {
	rs := r.reqs.At(slot)
	fs := &r.fns[rs.service]
	f := fs.cfg
	now := k.Now()
	if rs.arrival >= r.countFrom {
		fs.usage.Throttled++
	}
	var wait time.Duration
	if f.Invocation == Async {
		wait = min(time.Second<<min(rs.attempts, 20), 5*time.Minute)
		if now.Add(wait).Sub(rs.arrival) > f.MaxEventAge {
			r.finish(k, slot, models.Throttled)
			return
		}
	} else {
		if int(rs.attempts)+1 >= f.Retry.Attempts {
			r.finish(k, slot, models.Throttled)
			return
		}
		wait = backoff(f.Retry, int(rs.attempts), r.rng.From(&fs.rngRetry))
	}
	rs.attempts++
	rs.gen++
	k.After(wait, r, kindRetry, int64(slot), rs.gen)
}

// retryFailed schedules another attempt of an asynchronous event whose
// function failed: retried twice by default, one then two minutes later
// (invocation-async-error-handling.html), while younger than the maximum
// event age. It reports whether it did.
func (r *Region) retryFailed(k *sim.Kernel, slot int32, f *Function) bool {
	rs := r.reqs.At(slot)
	if f.Invocation != Async || int(rs.failures) >= f.AsyncRetries {
		return false
	}
	wait := time.Minute << rs.failures
	if k.Now().Add(wait).Sub(rs.arrival) > f.MaxEventAge {
		return false
	}
	rs.failures++
	rs.gen++
	k.After(wait, r, kindRetry, int64(slot), rs.gen)
	return true
}

// backoff is the wait before retry n+1 (n from 0): exponential from Base,
// capped at Max, with the policy's jitter.
func backoff(p RetryPolicy, n int, rng *rand.Rand) time.Duration {
	b := p.Max
	if n < 40 && p.Base<<n > 0 && p.Base<<n < p.Max {
		b = p.Base << n
	}
	switch p.Jitter {
	case FullJitter:
		return time.Duration(rng.Int64N(int64(b) + 1))
	case EqualJitter:
		return b/2 + time.Duration(rng.Int64N(int64(b/2)+1))
	default:
		return b
	}
}
