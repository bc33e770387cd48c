package models

// Arch is an instruction set architecture: of a Lambda function, and of its
// price in the cost catalogue. One type serves both, so a function's
// architecture goes to the cost model without a translation table.
type Arch uint8

const (
	X86_64 Arch = iota
	Arm64
)

var arches = Enum[Arch]{What: "architecture", Names: []string{"x86_64", "arm64"}}

func (a Arch) String() string { return arches.String(a) }

// ParseArch parses x86_64 | arm64, ignoring case.
func ParseArch(s string) (Arch, error) { return arches.Parse(s) }

// Capacity is how a node is bought: on-demand or spot. The cluster model
// launches nodes of a capacity type and the cost model prices them by it.
type Capacity uint8

const (
	OnDemand Capacity = iota
	Spot
)

var capacities = Enum[Capacity]{What: "capacity type", Names: []string{"on-demand", "spot"}}

func (c Capacity) String() string { return capacities.String(c) }

// ParseCapacity parses on-demand | spot, ignoring case.
func ParseCapacity(s string) (Capacity, error) { return capacities.Parse(s) }
