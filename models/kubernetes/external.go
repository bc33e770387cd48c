package kubernetes

import "github.com/execsim/execsim/sim"

// Hooks for a scaler and a front end that live outside this package: a
// Knative revision is a Deployment whose replicas the KPA sets instead of
// the HPA, with the activator in front of it (models/knative). Nothing here
// runs unless such a model calls it, so a cluster without one behaves
// exactly as before.

// external holds what an outside model asked to be told.
type external struct {
	// serving is called when a pod of a deployment joins its endpoints.
	serving func(k *sim.Kernel, di int)
}

// OnServing asks to be told, at the time it happens, whenever a pod of a
// deployment starts receiving traffic (joins the endpoints): an activator
// holding requests for a revision with no pod releases them then.
func (c *Cluster) OnServing(f func(k *sim.Kernel, di int)) { c.ext.serving = f }

// notifyServing tells the outside model that pod pi serves.
func (c *Cluster) notifyServing(pi int32) {
	if c.ext.serving != nil {
		c.ext.serving(c.k, int(c.pods.At(pi).dep))
	}
}

// SetReplicas sets deployment di's spec.replicas to n, as an autoscaler
// outside the cluster decided (reason goes to the history), and lets the
// ReplicaSet controller create or delete pods. A deployment scaled this way
// should have no HPA of its own, or the two would fight.
func (c *Cluster) SetReplicas(k *sim.Kernel, di, n int, reason string) {
	d := &c.deps[di]
	if n < 0 {
		n = 0
	}
	if n == d.desired {
		return
	}
	c.note(Change{Kind: Rescale, Deployment: di, From: d.desired, To: n, Detail: reason})
	d.desired = n
	c.replicasSet(d)
	c.reconcileReplicas(k, int32(di))
}

// ServingPods is the number of pods of deployment di receiving traffic (in
// its endpoints).
func (c *Cluster) ServingPods(di int) int { return len(c.deps[di].serving) }

// Outstanding is the number of requests queued or in service in deployment
// di's pods: every pod not yet gone, terminating ones included. It is kept
// as requests come and go (Cluster.outstanding), so a call costs O(1).
func (c *Cluster) Outstanding(di int) int { return c.deps[di].outReqs }
