package metrics

import (
	"math"
	"time"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// Batches is the number of batches of the batch-means confidence intervals.
const Batches = 20

// tQuantile is Student's t 0.975 quantile with Batches − 1 degrees of
// freedom (2.093): the half-width of a 95 % interval in standard errors.
var tQuantile = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: Batches - 1}.Quantile(0.975)

// batches holds one run's sums per batch for the method of batch means:
// batch i holds the counted requests that arrive in the i-th of Batches
// equal stretches of [from, from+span), the time after the warm-up.
type batches struct {
	from, span sim.Time // span 0: no batches
	perNs      float64  // Batches / span: a multiplication per request, not a division
	arrivals   [Batches]int64
	refused    [Batches]int64 // throttled, rejected or failed
	completed  [Batches]int64
	latencyNs  [Batches]float64 // sum of the completed requests' latencies
}

func (b *batches) index(arrival sim.Time) int {
	i := int(float64(arrival-b.from) * b.perNs)
	return min(max(i, 0), Batches-1)
}

func (b *batches) arrive(req *models.Request) {
	if b.span > 0 {
		b.arrivals[b.index(req.Arrival)]++
	}
}

func (b *batches) finish(req *models.Request, o models.Outcome, latency time.Duration) {
	if b.span <= 0 {
		return
	}
	i := b.index(req.Arrival)
	if o == models.Completed {
		b.completed[i]++
		b.latencyNs[i] += float64(latency)
	} else {
		b.refused[i]++
	}
}

// ratioCI is the 95 % confidence interval of Σy/Σn by batch means, from
// each batch's sum y[i] over its count n[i]. Batches hold unequal counts,
// so the interval is that of the ratio estimator, centred on Σy/Σn:
// ± t · √(Σ(y[i] − r·n[i])² / (B − 1)) / (n̄·√B), which for equal counts
// is the textbook ± t·s/√B of the B batch means. ok is false when a batch
// is empty.
func ratioCI(y []float64, n []int64) (lo, hi float64, ok bool) {
	var sy, sn float64
	for i := range y {
		if n[i] <= 0 {
			return 0, 0, false
		}
		sy += y[i]
		sn += float64(n[i])
	}
	r := sy / sn
	var ss float64
	for i := range y {
		d := y[i] - r*float64(n[i])
		ss += d * d
	}
	b := float64(len(y))
	half := tQuantile * math.Sqrt(ss/(b-1)) / (sn / b * math.Sqrt(b))
	return r - half, r + half, true
}

// batched tells whether the run's batches are complete: SetSpan gave the
// run's end, and the run reached it.
func (r *Recorder) batched() bool {
	return r.batch.span > 0 && r.closed && r.end >= r.batch.from+r.batch.span
}

// MeanLatencyCI95 is the 95 % confidence interval of the counted requests'
// mean latency by the method of batch means (Batches batches by arrival
// time after the warm-up; Student's t with Batches − 1 degrees of freedom),
// centred on the mean. ok is false without batches (no end given to
// SetSpan, or a run stopped before it) or when a batch completed no
// request. The interval assumes the batches are long against the run's
// correlation time and the load stationary after the warm-up.
func (r *Recorder) MeanLatencyCI95() (lo, hi time.Duration, ok bool) {
	if !r.batched() {
		return 0, 0, false
	}
	l, h, ok := ratioCI(r.batch.latencyNs[:], r.batch.completed[:])
	if !ok {
		return 0, 0, false
	}
	return time.Duration(math.Round(max(l, 0))), time.Duration(math.Round(h)), true
}

// RefusedCI95 is the 95 % confidence interval of the refused fraction
// (throttled, rejected or failed over counted arrivals) by batch means, as
// MeanLatencyCI95, within [0, 1]. ok is false without batches or when a
// batch had no arrival.
func (r *Recorder) RefusedCI95() (lo, hi float64, ok bool) {
	if !r.batched() {
		return 0, 0, false
	}
	var y [Batches]float64
	for i, n := range r.batch.refused {
		y[i] = float64(n)
	}
	l, h, ok := ratioCI(y[:], r.batch.arrivals[:])
	return max(l, 0), min(h, 1), ok
}
