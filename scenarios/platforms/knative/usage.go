package knative

import (
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/models/cost"
	kn "github.com/execsim/execsim/models/knative"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/platform"
	k8sp "github.com/execsim/execsim/scenarios/platforms/kubernetes"
)

// ControlPlaneItem is the allocation's shared line for Knative's own pods.
const ControlPlaneItem = "knative control plane"

// usage is what the cluster and Knative used in a run. The bill is the
// cluster's (nodes, EKS control plane, front door, cross-zone bytes), as
// the kubernetes platform prices it behind Knative's own front door
// (Config.ingresses); Knative's control-plane pods are
// inside it because they occupy nodes, and the allocation shows their
// share as a line of its own.
type usage struct {
	run     platform.Run
	cfg     *Config
	inner   platform.Usage
	cluster model.Usage
	stats   []kn.RevisionStats
	// bill, weights and billErr are inner's Cost; alloc and allocErr its
	// split (allocate). Both are worked out once (price): Cost, Allocate,
	// Extra and Golden all read them.
	bill     cost.Breakdown
	weights  []cost.Money
	billErr  error
	alloc    cost.Allocation
	allocErr error
}

// price prices the usage and splits the bill, once (Finish).
func (us *usage) price() {
	us.bill, us.weights, us.billErr = us.inner.Cost()
	if us.billErr == nil {
		us.alloc, us.allocErr = us.allocate(us.bill)
	}
}

// Cost implements platform.Usage: the cluster's bill.
func (us *usage) Cost() (cost.Breakdown, []cost.Money, error) {
	return us.bill, us.weights, us.billErr
}

// Allocate implements platform.Allocator: for the bill Cost returned, a
// copy of the split price worked out; any other b is split afresh.
func (us *usage) Allocate(b cost.Breakdown) (cost.Allocation, error) {
	if us.billErr != nil || !slices.Equal(b.Lines, us.bill.Lines) {
		return us.allocate(b)
	}
	if us.allocErr != nil {
		return cost.Allocation{}, us.allocErr
	}
	return us.alloc.Clone(), nil
}

// ALB implements the hybrid blend's albBiller as the cluster's usage does
// (scenarios/platforms/kubernetes usage.go): an ALB in front of Knative's
// ingress gateway forwards to its pods as IP targets, and a listener rule
// on the same ALB can forward a blend's Lambda services to their function
// (review5: a Knative and Lambda blend paid two ALBs). The gateway's load
// balancer stays apart from the kubernetes part's Deployments' ALB
// (Config.ingresses): inner bills both, and the blend keeps the second.
func (us *usage) ALB() (a cost.ALBUsage, gbPerLCUHour float64, ok bool) {
	if b, isB := us.inner.(interface {
		ALB() (cost.ALBUsage, float64, bool)
	}); isB {
		return b.ALB()
	}
	return cost.ALBUsage{}, 0, false
}

// allocate splits b the way the kubernetes platform does (OpenCost's
// rule: each Deployment owes its pods' share of the nodes they held), with
// the control plane's Deployments owed by no service: their share is the
// "knative control plane" line.
func (us *usage) allocate(b cost.Breakdown) (cost.Allocation, error) {
	u := &us.cluster
	free, _ := us.inner.(interface{ CrossZoneFree(di int) bool })
	a, err := k8sp.ClusterAllocation(&us.run.Cost.Prices, b, u, func(di int) bool { return free != nil && free.CrossZoneFree(di) })
	if err != nil {
		return a, err
	}
	// the control plane's Deployments' exact amounts, rounded once with
	// the rest
	parts := a.ExactParts()
	cp := new(big.Rat)
	for _, x := range parts[us.cfg.revDeps:] {
		cp.Add(cp, x)
	}
	a = cost.Rounded(parts[:us.cfg.revDeps], append(a.ExactShared(), cost.ExactShare{Item: ControlPlaneItem, Amount: cp}))
	weights := make([]int64, len(u.Services))
	for i, su := range u.Services {
		weights[i] = int64(su.Busy)
	}
	return a.SplitParts(us.cfg.kube.ServiceDeployment, weights)
}

// Extra is the knative entry's own fields in summary.json: the cluster's
// (as the kubernetes entry has them; pods are the revisions', the control
// plane's left out) and Knative's.
type Extra struct {
	k8sp.Extra
	// ControlPlaneUSD is the control plane pods' share of the bill over
	// the run (the allocation's "knative control plane" line).
	ControlPlaneUSD float64 `json:"control_plane_usd"`
	// Activated requests went through the activator; Held of them waited
	// there, HeldMeanMs on average; TimedOut failed after its timeout and
	// Rejected were refused by its full queue.
	Activated         int64   `json:"activated"`
	Held              int64   `json:"activator_held"`
	HeldMeanMs        float64 `json:"activator_wait_mean_ms"`
	ActivatorTimedOut int64   `json:"activator_timed_out"`
	ActivatorRejected int64   `json:"activator_rejected"`
	ScaleToZero       int64   `json:"scale_to_zero"`
	ScaleFromZero     int64   `json:"scale_from_zero"`
	Panics            int64   `json:"panics"`
}

// Extra implements platform.Usage.
func (us *usage) Extra() platform.Extra {
	x := &Extra{}
	if kx, ok := us.inner.Extra().(*k8sp.Extra); ok {
		x.Extra = *kx
		// the cluster's Deployments include the activator's; the
		// revisions' slots row says what a slot is in its own words
		x.SlotsPerPod = ""
		if len(x.Deployments) > us.cfg.revDeps {
			x.Deployments = x.Deployments[:us.cfg.revDeps]
		}
		if len(x.Deployments) <= 1 {
			x.Deployments = nil
		}
	}
	var heldNs int64
	for _, s := range us.stats {
		x.Activated += s.Activated
		x.Held += s.Held
		heldNs += s.HeldNs
		x.ActivatorTimedOut += s.TimedOut
		x.ActivatorRejected += s.QueueFull
		x.ScaleToZero += s.ScaleToZero
		x.ScaleFromZero += s.ScaleFromZero
		x.Panics += s.Panics
	}
	if x.Held > 0 {
		x.HeldMeanMs = platform.Round(float64(heldNs)/float64(x.Held)/1e6, 3)
	}
	if us.billErr == nil && us.allocErr == nil {
		for _, s := range us.alloc.Shared {
			if s.Item == ControlPlaneItem {
				x.ControlPlaneUSD = platform.Round(s.Amount.USD(), 6)
			}
		}
	}
	return x
}

// Golden implements platform.Usage: the cluster's lines, then each
// revision's Knative counts, then the cost lines.
func (us *usage) Golden(w io.Writer, costLines func()) {
	us.inner.Golden(w, func() {})
	for _, s := range us.stats {
		fmt.Fprintf(w, "revision %s activated %d held %d held_ns %d timed_out %d queue_full %d to_zero %d from_zero %d panics %d peak_desired %d\n",
			s.Name, s.Activated, s.Held, s.HeldNs, s.TimedOut, s.QueueFull, s.ScaleToZero, s.ScaleFromZero, s.Panics, s.PeakDesired)
	}
	if us.billErr == nil && us.allocErr == nil {
		for _, sh := range us.alloc.Shared {
			if sh.Item == ControlPlaneItem {
				fmt.Fprintf(w, "allocated %q %d\n", sh.Item, sh.Amount.Micros())
			}
		}
	}
	costLines()
}

// Rows implements platform.Extra: the cluster's rows, then Knative's own.
func (x *Extra) Rows() [][2]string { return append(x.ClusterRows(), x.OwnRows()...) }

// ClusterRows are the rows of the cluster Knative runs on (pods, nodes,
// node hours, slots busy): in a blend whose Kubernetes and Knative parts
// share one cluster they count both parts' pods, and the hybrid column
// names them after the shared cluster ("kubernetes+knative: peak pods").
func (x *Extra) ClusterRows() [][2]string {
	rows := x.Extra.Rows()
	for i := range rows {
		if strings.HasPrefix(rows[i][0], k8sp.SlotsBusyRow+" (") {
			// a revision's slots are its containerConcurrency, the
			// cluster's concurrency: when that is 0 (unlimited)
			rows[i][0] = "worker slots busy (containerConcurrency, or concurrency:, a pod)"
		}
	}
	return rows
}

// OwnRows are the rows that count Knative alone, whatever cluster it
// shares: its revisions scaled to zero, the requests its activator held,
// and its control-plane pods' share of the bill, named after them
// (ControlPlaneItem) so that the row is not read as the EKS control plane
// (rev11b 6: "kubernetes+knative: control plane $0.02" beside a bill line
// "kubernetes+knative: eks control plane"). The hybrid column names them
// after Knative ("knative: via activator").
func (x *Extra) OwnRows() [][2]string {
	return [][2]string{
		{"scaled to zero", format.Count(x.ScaleToZero)},
		{"via activator", format.Count(x.Activated)},
		{"activator waits", fmt.Sprintf("%s (mean %s)", format.Count(x.Held), format.Millis(x.HeldMeanMs))},
		{ControlPlaneItem, format.USD(x.ControlPlaneUSD)},
	}
}

// Units implements platform.Extra: the per-revision table of a fleet.
func (x *Extra) Units() (string, [][]string) {
	_, rows := x.Extra.Units()
	if rows == nil {
		return "", nil
	}
	return "knative, per revision", rows
}
