package kubernetes

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"

	"github.com/execsim/execsim/models/streams"
)

// Random streams. A draw that belongs to one deployment comes from streams
// of that deployment, named after it as its service's arrivals and work are
// (models/workload), so that one deployment's traffic moves no other
// deployment's draws:
//
//   - routing: kube-proxy-random's pick among the deployment's serving
//     pods, once per request of the deployment.
//   - lifecycle: a pod's image pull, container start, application init,
//     endpoint propagation and ALB registration. A pull happens on a node
//     without the image; when deployments share an image, the pod that
//     finds the node without it draws the pull from its own deployment's
//     stream, and the others wait for that pull (a node-level coupling,
//     below).
//   - entry-zone: the zone a request with a payload enters the cluster
//     in, once per request of the deployment. It could be per service, but
//     services grouped into one deployment share its pods, its routing
//     cursor and its cross-zone count anyway.
//
// The cluster's own streams draw what is genuinely shared:
//
//   - scheduler: the tie-break among equally scored nodes. Pods of every
//     deployment compete for the same nodes in one queue, in creation
//     order; a stream per deployment would still see the others' pods on
//     the nodes it scores.
//   - node-launch, housekeeping: per node, and a node hosts any
//     deployment's pods.
//   - expander: the cluster autoscaler's pick among node groups, for the
//     pending pods of all deployments at once.
//   - phases: the control loops' phases, drawn once in New in a fixed
//     order (the metrics scrape, then each HPA's sync in deployment order,
//     then the node autoscaler): traffic never moves them, but adding or
//     removing a deployment's HPA shifts the phases drawn after it.
//
// What that guarantees: deployment a's results are byte-identical whatever
// deployment b's traffic, as long as b's traffic changes nothing a's
// requests and pods share with b's, that is, as long as the run's shared
// draws and shared state come out the same. The model's node-level
// interactions couple deployments legitimately: pods on one node divide
// its CPU (cpu.go), b's scale-out can take the node a's next pod would
// have had, or launch a node that a's pending pod then lands on, and every
// such event also shifts the shared scheduler and node streams. Deployments
// in node pools of their own, without an HPA or with one that never
// rescales on b's account, are independent (TestDeploymentsIndependent);
// deployments that share nodes and rescale are not, by design.

// streams is d's stream base name (Deployment.Streams).
func (d *Deployment) streams() string { return streams.Base(d.Streams, "kubernetes", d.Name) }

// seed sets ds's streams for the run's seed; ds.cfg must be set.
func (ds *depState) seed(seed uint64) {
	base := ds.cfg.streams()
	ds.rngRoute = streams.State(seed, base+"/routing")
	ds.rngLife = streams.State(seed, base+"/lifecycle")
	ds.rngEntry = streams.State(seed, base+"/entry-zone")
}

// skipDraws advances p as n calls of p.Uint64 would, in O(log n) steps.
// kube-proxy-random's pick among one serving pod needs no draw, but the
// routing stream must still be where the draws would have left it when a
// second pod joins (route): the draws a deployment owes are counted and
// skipped here at its next real pick. A draw is one step of PCG's
// 128-bit linear congruential state, s ← m·s + a (mod 2¹²⁸); n steps are
// s ← M·s + A with M = mⁿ and A = a·(mⁿ⁻¹ + … + m + 1), found by squaring
// (F. B. Brown, "Random number generation with arbitrary strides", 1994).
// m and a are PCG's multiplier and increment (Go's math/rand/v2/pcg.go,
// PCG.next, as of go1.26); TestSkipDrawsIsDrawing checks the result
// against n real draws, so a change of them upstream fails it.
func skipDraws(p *rand.PCG, n uint64) {
	var buf [20]byte
	b, _ := p.AppendBinary(buf[:0]) // "pcg:", then the state's high and low words, big-endian
	s := u128{binary.BigEndian.Uint64(b[4:]), binary.BigEndian.Uint64(b[12:])}
	m := u128{2549297995355413924, 4865540595714422341} // one step's
	a := u128{6364136223846793005, 1442695040888963407}
	accM, accA := u128{0, 1}, u128{} // the steps so far: none
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			accM = accM.mul(m)
			accA = accA.mul(m).add(a)
		}
		a = m.add(u128{0, 1}).mul(a) // two of the steps m, a
		m = m.mul(m)
	}
	s = accM.mul(s).add(accA)
	binary.BigEndian.PutUint64(b[4:], s.hi)
	binary.BigEndian.PutUint64(b[12:], s.lo)
	if err := p.UnmarshalBinary(b); err != nil {
		panic("kubernetes: skipDraws: " + err.Error()) // (AppendBinary's own encoding)
	}
}

// u128 is an unsigned integer modulo 2¹²⁸.
type u128 struct{ hi, lo uint64 }

func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	return u128{x.hi + y.hi + c, lo}
}

func (x u128) mul(y u128) u128 {
	hi, lo := bits.Mul64(x.lo, y.lo)
	return u128{hi + x.hi*y.lo + x.lo*y.hi, lo}
}
