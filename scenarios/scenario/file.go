package scenario

import (
	"context"
	"io"
	"io/fs"
	"time"

	"github.com/execsim/execsim/scenarios/platform"

	"go.yaml.in/yaml/v3"
)

// File is a scenario as written. Pointers and empty strings mean "not set":
// Compile fills every default in one place.
type File struct {
	Name        string         `yaml:"name"`
	Description string         `yaml:"description"`
	Seed        *uint64        `yaml:"seed"`
	Duration    *time.Duration `yaml:"duration"`
	Window      *time.Duration `yaml:"window"`
	Warmup      *time.Duration `yaml:"warmup"`
	// SLO is what every platform's run is judged by [p99: 1s, refused: 0.001].
	SLO      *platform.SLOFile `yaml:"slo"`
	Workload *WorkloadFile     `yaml:"workload"`
	Fleet    *FleetFile        `yaml:"fleet"`
	Services []ServiceFile     `yaml:"services"`
	Cost     *CostFile         `yaml:"cost"`
	// Sweep maps field paths to lists of values; its order is kept (a
	// yaml.Node, not a Go map) because it orders the sweep's points.
	Sweep        yaml.Node `yaml:"sweep"`
	Replications *int      `yaml:"replications"` // nil: not given (1); 0 is an error
	// Golden and Expect are for execsim test (tolerances per field and
	// assertions); a run ignores them, and scenarios/checks reads them.
	Golden yaml.Node `yaml:"golden"`
	Expect yaml.Node `yaml:"expect"`
	// Sections are the platform sections the file has (kubernetes:,
	// lambda:, …) by platform name, decoded into the platforms' types.
	Sections map[string]any `yaml:"-"`
	// Files are where the files the scenario names (traces) are read from:
	// the scenario file's directory, or the built-ins' embedded folder; nil
	// when the scenario came from elsewhere and may name no files.
	Files fs.FS `yaml:"-"`
	// Reading is how those files are read by this command (not part of
	// the scenario).
	Reading Reading `yaml:"-"`
	// sets, after a --set, are the trees that tell where each node of
	// the re-encoded text the File was decoded from came from
	// (origins.go); nil when decoded from the file as written.
	sets *setTrees
}

// Reading is how a command reads a scenario's files: Context stops a long
// read (Ctrl-C) and Progress, when set, is told about a large one (a
// trace of gigabytes). The zero value reads silently to the end.
type Reading struct {
	Context  context.Context
	Progress io.Writer
	// loaded holds the traces read so far, shared by a plan and the plans
	// of its sweep's points (ParseReading makes it; nil: none kept).
	loaded *loadedTraces
}

// WorkloadFile is the single-service form: workload: {arrivals:, work:}.
type WorkloadFile struct {
	Arrivals ArrivalsFile `yaml:"arrivals"`
	Work     WorkFile     `yaml:"work"`
}

// ServiceFile is one service of a fleet: services: [{name:, arrivals:, work:, <platform>:}].
type ServiceFile struct {
	Name string `yaml:"name"`
	// Platform pins the service to a platform in a blend (placement:).
	Platform string       `yaml:"platform"`
	Arrivals ArrivalsFile `yaml:"arrivals"`
	Work     WorkFile     `yaml:"work"`
	// SLO is the service's own objective, its unset parts the scenario's
	// slo:'s; a fleet with one is judged service by service
	// (platform.ServiceSLOs).
	SLO *platform.SLOFile `yaml:"slo"`
	// Overrides are the service's platform settings by platform name
	// (services[].lambda:, …), decoded into the platforms' override types.
	Overrides map[string]any `yaml:"-"`
}

// ArrivalsFile mirrors workload.Arrivals with strings for the enumerations.
type ArrivalsFile struct {
	Process            string         `yaml:"process"`
	Spacing            string         `yaml:"spacing"`
	RatePerSecond      *float64       `yaml:"ratePerSecond"`
	Profile            []PointFile    `yaml:"profile"`
	Interpolation      string         `yaml:"interpolation"`
	Repeat             string         `yaml:"repeat"`
	Days               string         `yaml:"days"`
	MeanRatePerSecond  *float64       `yaml:"meanRatePerSecond"`
	Amplitude          *float64       `yaml:"amplitude"`
	Period             *time.Duration `yaml:"period"`
	PeakAt             time.Duration  `yaml:"peakAt"`
	SpikeRatePerSecond *float64       `yaml:"spikeRatePerSecond"`
	Multiplier         *float64       `yaml:"multiplier"`
	At                 time.Duration  `yaml:"at"`
	For                time.Duration  `yaml:"for"`
	BurstRatePerSecond *float64       `yaml:"burstRatePerSecond"`
	Every              time.Duration  `yaml:"every"`
	BurstSeed          uint64         `yaml:"burstSeed"`
	Hours              *HoursFile     `yaml:"hours"`
	Compress           *float64       `yaml:"compress"`
}

// HoursFile is a daily window: hours: {days: mon-fri, from: 9h, to: 18h}.
type HoursFile struct {
	Days string        `yaml:"days"`
	From time.Duration `yaml:"from"`
	To   time.Duration `yaml:"to"`
}

// PointFile is one point of a rate profile.
type PointFile struct {
	At time.Duration `yaml:"at"`
	// RatePerSecond is required: a point without it was a rate of 0
	// without a word (hostile #14); 0 is written as 0.
	RatePerSecond *float64 `yaml:"ratePerSecond"`
}

// WorkFile is per-request work as distributions (internal/dist specs).
type WorkFile struct {
	CPU string `yaml:"cpu"`
	IO  string `yaml:"io"`
	// PayloadKB is a pointer so that a service's work: can leave it to
	// its fleet's (compiledWork.over).
	PayloadKB *float64 `yaml:"payloadKB"`
}
