// Package kubernetes models a Kubernetes cluster on AWS (EKS) serving
// request traffic: nodes from an embedded instance catalogue, the
// kube-scheduler, pods with their start-up lifecycle and termination,
// per-pod serving with worker slots, an accept queue and processor-shared
// CPU, each node's CPU divided among its busy pods as CFS shares and quotas
// divide it, front-door routing, the HorizontalPodAutoscaler fed by a
// metrics-server model, node autoscaling by the cluster autoscaler or
// Karpenter, and availability-zone failures.
//
// The model is a single-threaded state machine driven by a sim.Kernel: one
// Handle method switching on the event kind (kind.go). Nothing in it reads
// the wall clock or global random state; every random draw comes from a
// named stream, and no result depends on map iteration order. A draw that
// belongs to one deployment (routing, a pod's start-up, a request's entry
// zone) comes from streams of that deployment (<Streams>/routing,
// /lifecycle, /entry-zone; Streams is kubernetes/<Name> unless set); what
// deployments share comes from the cluster's (kubernetes/scheduler,
// /node-launch, /expander, /phases, /housekeeping). So deployment b's
// traffic moves none of deployment a's draws, and a's results are
// byte-identical whatever b's traffic as long as b's traffic changes nothing
// they share: the nodes' CPU, the nodes b's pods take or launch, the shared
// streams those events draw from. Node-level interactions couple
// deployments by design (streams.go).
//
// Results: models.Recorder gets every outcome, cold start and gauge;
// Cluster.Usage reports node-seconds per instance and capacity type (with
// EC2's 60-s minimum), cross-zone bytes, peaks, CPU-seconds and
// per-deployment counts for the cost model; Cluster.History lists rescales
// and node events.
//
// Files by concept: catalog.go (instance types, allocatable), node.go,
// scheduler.go, pod.go (lifecycle, ReplicaSet), serving.go (slots, queue),
// cpu.go (the node's division of its CPU, processor sharing in a pod), routing.go
// and outstanding.go (least-outstanding routing in O(log n)), hpa.go (metrics pipeline, HPA driver),
// autoscaler.go (cluster autoscaler), karpenter.go, zones.go (spread,
// AZ failure, cross-zone bytes), config.go, cluster.go (New, Submit, Handle,
// Usage).
//
// Choices a user should know:
//   - The run starts in steady state: initial nodes Ready, initial pods
//     Ready, serving and with their image pulled at time zero.
//   - A request holding a worker slot runs its CPU work, then its io.
//   - CPU is work-conserving by default (Config.CPUSharing shares): a pod
//     with work may use what its idle neighbours leave, up to its limit; a
//     request uses at most one vCPU.
//   - A request with no pod receiving traffic is rejected at once (503); it
//     does not wait for a pod. A full accept queue also rejects.
//   - Request timeouts count from arrival and free the worker slot.
//   - A cold start (models.Recorder.ColdStart) is, as on Lambda, a request
//     that waited for a new pod: one served by a pod that became Ready after
//     the request arrived. Routing reaches only pods already receiving
//     traffic and holds no request, so no request does and the count is
//     zero; the cost of a pod start shows as queueing and rejections
//     instead. Pods that became Ready after time zero are counted apart
//     (DeploymentStats.PodStarts).
//   - Gauges: Busy = requests holding a worker slot, Pods = Ready pods,
//     Nodes = nodes launching or registered.
//
// Sources (shared/reference/kubernetes.md gives file and function names):
//   - kubernetes/kubernetes pkg/kubelet/cm (MilliCPUToShares,
//     MilliCPUToQuota, getCPUWeight) and the kernel's
//     Documentation/scheduler/sched-design-CFS.rst, sched-bwc.rst and
//     admin-guide/cgroup-v2.rst: cpu.shares/cpu.weight and CFS quota (cpu.go).
//   - kubernetes/kubernetes: pkg/scheduler (NodeResourcesFit least/most
//     allocated, PodTopologySpread filtering.go and scoring.go, system
//     default constraints, selectHost), pkg/controller/podautoscaler (via
//     the hpa package), pkg/controller/controller_utils.go (scale-down
//     victim ranking), pkg/kubelet/prober (readiness probe ticks),
//     pkg/controller/nodelifecycle (node-monitor grace period 40 s),
//     pkg/apis/core/v1/defaults.go (grace period 30 s, probe period 10 s).
//   - kubernetes-sigs/metrics-server: pkg/storage (rate between the last
//     two scrapes, fresh-container rule), 15 s resolution in its manifests.
//   - awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go:
//     getCPUMillicoresToReserve (6 % / 1 % / 0.5 % / 0.25 % ranges),
//     getMemoryMebibytesToReserve (11 MiB × maxPods + 255 MiB),
//     evictionHard memory.available 100Mi; the same formulas were in the
//     AL2 bootstrap.sh.
//   - aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt: maxPods =
//     ENIs × (IPv4 per ENI − 1) + 2; aws-node requests.
//   - kubernetes/autoscaler cluster-autoscaler/FAQ.md: 10 s scan,
//     least-waste expander, scale-down below 50 % requested for 10 min and
//     not within 10 min of a scale-up, upcoming nodes.
//   - Karpenter (karpenter.sh docs "Disruption" and "Settings";
//     kubernetes-sigs/karpenter pkg/operator/options, pkg/controllers/
//     disruption): batch idle 1 s / max 10 s, consolidation with 15 s
//     validation, budget nodes 10 %.
//   - AWS: EC2 on-demand prices (instances.csv, dated), ALB algorithms
//     round_robin and least_outstanding_requests, ALB idle timeout 60 s.
package kubernetes
