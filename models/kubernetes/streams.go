package kubernetes

import "github.com/execsim/execsim/models/streams"

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
