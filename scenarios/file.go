package scenarios

import (
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// File is a scenario as written. Pointers and empty strings mean "not set":
// Compile fills every default in one place.
type File struct {
	Name        string          `yaml:"name"`
	Description string          `yaml:"description"`
	Seed        *uint64         `yaml:"seed"`
	Duration    time.Duration   `yaml:"duration"`
	Window      time.Duration   `yaml:"window"`
	Workload    *WorkloadFile   `yaml:"workload"`
	Services    []ServiceFile   `yaml:"services"`
	Kubernetes  *KubernetesFile `yaml:"kubernetes"`
	Lambda      *LambdaFile     `yaml:"lambda"`
	Cost        *CostFile       `yaml:"cost"`
	// Sweep maps field paths to lists of values; its order is kept (a
	// yaml.Node, not a Go map) because it orders the sweep's points.
	Sweep        yaml.Node `yaml:"sweep"`
	Replications int       `yaml:"replications"`
}

// WorkloadFile is the single-service form: workload: {arrivals:, work:}.
type WorkloadFile struct {
	Arrivals ArrivalsFile `yaml:"arrivals"`
	Work     WorkFile     `yaml:"work"`
}

// ServiceFile is one service of a fleet: services: [{name:, arrivals:, work:, lambda:}].
type ServiceFile struct {
	Name       string          `yaml:"name"`
	Arrivals   ArrivalsFile    `yaml:"arrivals"`
	Work       WorkFile        `yaml:"work"`
	Kubernetes *DeploymentFile `yaml:"kubernetes"`
	Lambda     *FunctionFile   `yaml:"lambda"`
}

// ArrivalsFile mirrors workload.Arrivals with strings for the enumerations.
type ArrivalsFile struct {
	Process            string        `yaml:"process"`
	Spacing            string        `yaml:"spacing"`
	RatePerSecond      *float64      `yaml:"ratePerSecond"`
	Profile            []PointFile   `yaml:"profile"`
	Interpolation      string        `yaml:"interpolation"`
	Repeat             string        `yaml:"repeat"`
	Days               string        `yaml:"days"`
	MeanRatePerSecond  *float64      `yaml:"meanRatePerSecond"`
	Amplitude          *float64      `yaml:"amplitude"`
	Period             time.Duration `yaml:"period"`
	PeakAt             time.Duration `yaml:"peakAt"`
	SpikeRatePerSecond *float64      `yaml:"spikeRatePerSecond"`
	Multiplier         *float64      `yaml:"multiplier"`
	At                 time.Duration `yaml:"at"`
	For                time.Duration `yaml:"for"`
}

// PointFile is one point of a rate profile.
type PointFile struct {
	At            time.Duration `yaml:"at"`
	RatePerSecond float64       `yaml:"ratePerSecond"`
}

// WorkFile is per-request work as distributions (internal/dist specs).
type WorkFile struct {
	CPU       string  `yaml:"cpu"`
	IO        string  `yaml:"io"`
	PayloadKB float64 `yaml:"payloadKB"`
}

// LambdaFile is the lambda: section: the region's settings and the default
// settings of every function (one per service).
type LambdaFile struct {
	Region                 string   `yaml:"region"`
	AccountConcurrency     *int     `yaml:"accountConcurrency"`
	Scaling                string   `yaml:"scaling"`
	ScalingBurst           *int     `yaml:"scalingBurst"`
	ScalingRefillPerSecond *float64 `yaml:"scalingRefillPerSecond"`
	LegacyBurst            *int     `yaml:"legacyBurst"`
	LegacyRefillPerMinute  *float64 `yaml:"legacyRefillPerMinute"`
	UnreservedMinimum      *int     `yaml:"unreservedMinimum"`
	FunctionFile           `yaml:",inline"`
}

// FunctionFile holds one function's settings.
type FunctionFile struct {
	MemoryMB               *int           `yaml:"memoryMB"`
	Arch                   string         `yaml:"arch"`
	Runtime                string         `yaml:"runtime"`
	Package                string         `yaml:"package"`
	Init                   string         `yaml:"init"`
	PlatformOverhead       string         `yaml:"platformOverhead"`
	AppInit                string         `yaml:"appInit"`
	SnapStart              *bool          `yaml:"snapStart"`
	Restore                string         `yaml:"restore"`
	ReservedConcurrency    *int           `yaml:"reservedConcurrency"`
	ProvisionedConcurrency *int           `yaml:"provisionedConcurrency"`
	Invocation             string         `yaml:"invocation"`
	Retry                  *RetryFile     `yaml:"retry"`
	MaxEventAge            *time.Duration `yaml:"maxEventAge"`
	AsyncRetries           *int           `yaml:"asyncRetries"`
	Timeout                *time.Duration `yaml:"timeout"`
	KeepAlive              string         `yaml:"keepAlive"`
	MaxLifetime            *time.Duration `yaml:"maxLifetime"`
	WarmSelection          string         `yaml:"warmSelection"`
	RPSLimit               *bool          `yaml:"rpsLimit"`
}

// RetryFile is a synchronous caller's retry policy.
type RetryFile struct {
	Attempts *int           `yaml:"attempts"`
	Base     *time.Duration `yaml:"base"`
	Max      *time.Duration `yaml:"max"`
	Jitter   string         `yaml:"jitter"`
}

// sections maps the Go type names yaml mentions in its errors to the
// scenario's own words, with the keys allowed there.
var sectionTypes = map[string]struct {
	label string
	typ   reflect.Type
}{
	"File":         {"", reflect.TypeOf(File{})},
	"WorkloadFile": {"workload", reflect.TypeOf(WorkloadFile{})},
	"ServiceFile":  {"services[]", reflect.TypeOf(ServiceFile{})},
	"ArrivalsFile": {"arrivals", reflect.TypeOf(ArrivalsFile{})},
	"PointFile":    {"profile[]", reflect.TypeOf(PointFile{})},
	"WorkFile":     {"work", reflect.TypeOf(WorkFile{})},
	"LambdaFile":   {"lambda", reflect.TypeOf(LambdaFile{})},
	"FunctionFile": {"lambda", reflect.TypeOf(FunctionFile{})},
	"RetryFile":    {"retry", reflect.TypeOf(RetryFile{})},
}

// registerSection adds a File type to the names used in messages.
func registerSection(goType string, v any) {
	label := map[string]string{"KubernetesFile": "kubernetes", "DeploymentFile": "kubernetes", "HPAFile": "hpa",
		"NodePoolFile": "nodePools[]", "InstanceTypeFile": "instanceTypes[]", "DaemonSetFile": "daemonSets[]",
		"ClusterAutoscalerFile": "clusterAutoscaler", "KarpenterFile": "karpenter", "AZFailureFile": "azFailure",
		"SpreadFile": "spread[]", "BehaviorFile": "behavior", "RulesFile": "behavior", "PolicyFile": "policies[]"}[goType]
	sectionTypes[goType] = struct {
		label string
		typ   reflect.Type
	}{label, reflect.TypeOf(v)}
}

// sectionOf names a section for messages ("lambda: ") and lists its keys.
func sectionOf(goType string) (string, []string) {
	s, ok := sectionTypes[goType]
	if !ok {
		return "", nil
	}
	label := ""
	if s.label != "" {
		label = s.label + ": "
	}
	return label, yamlKeys(s.typ)
}

func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if strings.Contains(tag, "inline") {
			keys = append(keys, yamlKeys(f.Type)...)
			continue
		}
		if name, _, _ := strings.Cut(tag, ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}
