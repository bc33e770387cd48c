package platform

// ServiceResult is one service's results on one platform: an element of
// a fleet's services in summary.json and a row of services.csv.
type ServiceResult struct {
	Name     string `json:"name"`
	Arrivals int64  `json:"arrivals"`
	Outcomes
	// Refused is throttled, rejected and failed together.
	Refused int64 `json:"refused"`
	// P50Ms and P99Ms are nearest-rank latency percentiles of the
	// service's completed requests (within 1 %, clamped to its exact
	// minimum and maximum); nil when none completed.
	P50Ms *float64 `json:"p50_ms"`
	P99Ms *float64 `json:"p99_ms"`
	// CostUSD is the service's part of the platform's bill for the run
	// and MonthlyUSD its 730-hour projection; nil for a platform that does
	// not split its bill by service (no Allocator).
	CostUSD    *float64 `json:"cost_usd,omitempty"`
	MonthlyUSD *float64 `json:"monthly_usd,omitempty"`
}

// SharedCost is a part of a platform's bill that no one service owes: a
// cluster's idle capacity, its control plane, the account's free tier.
// The services' costs and the shared costs add up to the platform's total.
type SharedCost struct {
	Item       string  `json:"item"`
	CostUSD    float64 `json:"cost_usd"`
	MonthlyUSD float64 `json:"monthly_usd"`
}
