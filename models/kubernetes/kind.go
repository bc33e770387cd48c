package kubernetes

import "github.com/execsim/execsim/sim"

// Event kinds handled by Cluster.Handle.
const (
	// Requests (ID = request slot, Gen = the slot's generation).
	kindIODone  sim.Kind = iota + 1 // a request's io wait ended
	kindTimeout                     // the oldest live request of a deployment may have timed out (ID = deployment)

	// CPU (ID = node; never cancelled).
	kindCPUDone // a pod's next CPU completion on the node is due

	// Pod lifecycle (ID = pod, Gen = the pod's generation).
	kindPulled           // the image is on the node
	kindContainerStarted // the container runs; app init begins
	kindAppInitialised   // the app is ready; Ready at the next probe tick
	kindReady            // the readiness probe passed
	kindServing          // in the endpoints (and the ALB target group)
	kindGraceEnd         // the termination grace period ran out

	// Control loops.
	kindSchedule     // a scheduling pass (Gen = pass generation)
	kindScrape       // metrics-server scrape
	kindHPASync      // an HPA sync (ID = deployment)
	kindNodeReady    // a launched node became Ready (ID = node, Gen = node generation)
	kindCAScan       // a cluster-autoscaler loop
	kindKBatch       // a Karpenter provisioning batch closes (Gen = batch generation)
	kindKDisrupt     // Karpenter's disruption poll
	kindKValidate    // a Karpenter consolidation command is re-validated (ID = command)
	kindAZFailure    // a zone fails (ID = failure index)
	kindPodsLost     // the node-monitor grace ran out for a failed zone (ID = failure index)
	kindHousekeeping // a node's kubelet collects container stats (ID = node, Gen = node generation)
	kindPodsNotReady // a failed zone's pods leave the endpoints (ID = failure index)
	kindMetricMark   // a Pods metric window of an HPA opens (ID = deployment)
)
