// Package knative is Knative Serving behind the platform contract: the
// scenario's services as Knative Services on a Kubernetes cluster, scaled
// by the KPA with the activator in front (models/knative), on the same
// cluster model as the kubernetes platform (models/kubernetes).
//
// It is the worked example of adding a platform (README, "Adding a
// platform"): this package and one line in scenarios/platforms/registry.go.
// It reuses the kubernetes platform rather than repeating it: the cluster
// is the kubernetes: section's compiled config when the scenario has one
// (the same zones, node pools, instance types, node autoscaler, DaemonSets
// and per-Deployment pod settings), or the cluster model's defaults; the
// bill is what the kubernetes platform bills for that cluster; only the
// Knative settings are written in knative:. So the two columns differ by
// what Knative changes and nothing else: the KPA instead of the HPA, scale
// to zero, the activator, the queue-proxy's limit and the control plane's
// pods, which join the cluster as Deployments of their own (they occupy
// nodes and are billed as such; the allocation names their share "knative
// control plane", and the Pods and Slots gauges leave them out).
//
// A knative: section runs Knative; scenarios without one are unchanged.
// In a blend (placement:) Knative is one more platform a service can go to
// (Subset); when the blend also places services on Kubernetes, both parts
// run on one cluster (ShareWith, hybrid.ClusterSharer), so the blend pays
// for one cluster as a team running both would.
package knative
