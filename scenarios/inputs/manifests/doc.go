// Package manifests reads a user's Kubernetes manifests into execsim's
// terms: one Deployment per service, each with the Services that select its
// pods and the HorizontalPodAutoscaler that scales it.
//
// Read takes files and directories (a directory's *.yaml, *.yml and *.json
// files in name order, not its subdirectories, as kubectl apply -f without
// -R; the directory's other files are named in one Warning),
// splits each into YAML documents (--- and ... markers; a kind: List or
// DeploymentList, as kubectl get -o yaml prints, is read item by item) and
// decodes every document with the Kubernetes API types of k8s.io/api after
// converting it to JSON with sigs.k8s.io/yaml, as kubectl does. So real
// output loads: status, managedFields, annotations and resourceVersion are
// read and not used. What is read:
//
//   - apps/v1 Deployment: replicas, the pod's CPU and memory requests and
//     limits, the readiness probe, topologySpreadConstraints and
//     terminationGracePeriodSeconds;
//   - autoscaling/v2 HorizontalPodAutoscaler: min and max replicas, metrics
//     and behavior, matched to its Deployment by scaleTargetRef (kind,
//     name, namespace); autoscaling/v1 is converted (its CPU target) and
//     autoscaling/v2beta2, the same schema, is read as v2 with a warning;
//   - v1 Service: matched to every Deployment in its namespace whose pod
//     template labels include its selector;
//   - apps/v1 DaemonSet: its pod's CPU and memory requests (one pod per
//     node), in Set.DaemonSets.
//
// Every other object is listed once in Set.Ignored (kind and name), never
// dropped silently. Fields absent from a manifest take the API server's
// defaults (replicas 1, readiness probe period 10 s, grace period 30 s, HPA
// minReplicas 1 and an 80 % CPU target), since that is what the cluster
// runs. A field execsim cannot honour, or an unknown field (clusters add
// fields; the API types may lag), is a Warning naming the object and the
// field. A document that cannot be read is an *Error
// ("file:document N: kind/name: field: what is wrong (got X)"); Read
// reports every one, joined with errors.Join, and returns no Set then.
//
// The package returns plain values: the scenario layer that turns a Set
// into deployments never imports k8s.io.
package manifests
