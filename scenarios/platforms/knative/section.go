package knative

import "time"

// Section is the knative: section: Knative's settings for every revision
// (one per service, as one Knative Service each), and the control plane's
// pods. The cluster itself — zones, node pools, instance types, the node
// autoscaler, DaemonSets — and each Deployment's pod settings (requests,
// image, start-up, routing) are the kubernetes: section's, so that both
// columns run on the same cluster; without a kubernetes: section, its
// defaults.
type Section struct {
	Revision `yaml:",inline"`
	// ControlPlane lists Knative's own pods on the cluster [activator,
	// autoscaler, controller, webhook, net-kourier controller and gateway,
	// one replica each at upstream's requests]; [] for none (a cluster that
	// already runs them for other teams).
	ControlPlane *[]ControlPodFile `yaml:"controlPlane"`
}

// Revision is a revision's settings: the Knative Service's
// containerConcurrency and autoscaling.knative.dev annotations, and the
// cluster-wide config-autoscaler values they default to.
type Revision struct {
	ContainerConcurrency     *int           `yaml:"containerConcurrency"`
	Metric                   string         `yaml:"metric"`
	Target                   *float64       `yaml:"target"`
	TargetUtilizationPercent *float64       `yaml:"targetUtilizationPercent"`
	StableWindow             *time.Duration `yaml:"stableWindow"`
	PanicWindowPercent       *float64       `yaml:"panicWindowPercent"`
	PanicThresholdPercent    *float64       `yaml:"panicThresholdPercent"`
	MaxScaleUpRate           *float64       `yaml:"maxScaleUpRate"`
	MaxScaleDownRate         *float64       `yaml:"maxScaleDownRate"`
	ScaleToZero              *bool          `yaml:"scaleToZero"`
	ScaleToZeroGracePeriod   *time.Duration `yaml:"scaleToZeroGracePeriod"`
	ScaleToZeroPodRetention  *time.Duration `yaml:"scaleToZeroPodRetention"`
	MinScale                 *int           `yaml:"minScale"`
	MaxScale                 *int           `yaml:"maxScale"`
	InitialScale             *int           `yaml:"initialScale"`
	ActivationScale          *int           `yaml:"activationScale"`
	TargetBurstCapacity      *float64       `yaml:"targetBurstCapacity"`
	ActivatorTimeout         *time.Duration `yaml:"activatorTimeout"`
	ActivatorQueue           *int           `yaml:"activatorQueue"`
}

// ControlPodFile is a controlPlane: entry as written: Replicas is a
// pointer so that a missing count is told from a written 0 (it became ×0
// without a word: hostile #14).
type ControlPodFile struct {
	Name             string `yaml:"name"`
	Replicas         *int   `yaml:"replicas"`
	CPURequestMilli  int64  `yaml:"cpuRequestMilli"`
	MemoryRequestMiB int64  `yaml:"memoryRequestMiB"`
}

// ControlPod is one Deployment of Knative's control plane.
type ControlPod struct {
	Name             string `yaml:"name"`
	Replicas         int    `yaml:"replicas"`
	CPURequestMilli  int64  `yaml:"cpuRequestMilli"`
	MemoryRequestMiB int64  `yaml:"memoryRequestMiB"`
}

// DefaultControlPlane is Knative Serving's control plane with the Kourier
// ingress, at the requests of their manifests: knative/serving
// config/core/deployments/{activator,autoscaler,controller,webhook}.yaml
// (activator 300m/60Mi, the others 100m/100Mi; the activator's and the
// webhook's HPAs keep one replica at least) and knative-extensions/
// net-kourier config/300-controller.yaml and 300-gateway.yaml (200m/200Mi
// each).
func DefaultControlPlane() []ControlPod {
	return []ControlPod{
		{"activator", 1, 300, 60},
		{"autoscaler", 1, 100, 100},
		{"controller", 1, 100, 100},
		{"webhook", 1, 100, 100},
		{"net-kourier-controller", 1, 200, 200},
		{"3scale-kourier-gateway", 1, 200, 200},
	}
}
