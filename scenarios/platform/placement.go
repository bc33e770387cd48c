package platform

// Placement is the summary's account of a blend (summary.json
// "placement"): the SLO it placed by, how many services went where, the
// monthly cost of running everything on each platform and of the blend, and
// per service where it went and why.
type Placement struct {
	SLO PlacementSLO `json:"slo"`
	// Counts is the number of services placed on each platform.
	Counts map[string]int `json:"counts"`
	// MonthlyUSD has "all_<platform>" for each platform's run of the whole
	// scenario and "hybrid" for the blend's run, each projected to a month.
	MonthlyUSD map[string]float64 `json:"monthly_usd"`
	// RunSLO judges each whole run of MonthlyUSD's keys by the placement's
	// SLO (models.<platform>.slo judge them by the scenario's slo:, which
	// may differ); absent in a summary written before it.
	RunSLO   map[string]*SLOResult `json:"run_slo,omitempty"`
	Services []PlacedService       `json:"services"`
}

// PlacementSLO is an SLO as the summary writes it.
type PlacementSLO struct {
	Percentile string  `json:"percentile"`
	TargetMs   float64 `json:"target_ms"`
	Refused    float64 `json:"refused"`
}

// PlacedService is where one service went and why, with what it did on
// each platform of the blend in that platform's own run.
type PlacedService struct {
	Name string `json:"name"`
	// RatePerSecond is the service's mean arrival rate over the run.
	RatePerSecond float64        `json:"rate_per_second"`
	Platform      string         `json:"platform"`
	Reason        string         `json:"reason"`
	Options       []PlacedOption `json:"options"`
}

// PlacedOption is a service's result on one platform.
type PlacedOption struct {
	Platform   string  `json:"platform"`
	TailMs     float64 `json:"tail_ms"`
	Refused    float64 `json:"refused"`
	MonthlyUSD float64 `json:"monthly_usd"`
	MeetsSLO   bool    `json:"meets_slo"`
}

// Placer is implemented by the Usage of a blend: its placement goes into
// the summary.
type Placer interface {
	Placement() *Placement
}
