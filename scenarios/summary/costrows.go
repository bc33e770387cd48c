package summary

// CostRow is one line of a platform's bill, as a row of a long-format
// cost.csv: what a run writes with --out, and a sweep per unit.
type CostRow struct {
	Platform     string
	Item         string
	Quantity     float64
	Unit         string // of Quantity: "GB-s", "1M requests", "h", …
	UnitPriceUSD float64
	USD          float64 // for the run
	MonthlyUSD   float64 // projected to 730 h at the run's rate
}

// CostRows are the summary's cost lines, platform by platform in the
// registry's order and each bill in its own order. Per platform they add
// up to cost.total_usd (exactly, in micro-dollars).
func (s Summary) CostRows() []CostRow {
	var out []CostRow
	for _, m := range s.Models {
		if m.Cost == nil {
			continue
		}
		for _, l := range m.Cost.Lines {
			out = append(out, CostRow{Platform: m.Name, Item: l.Item, Quantity: l.Quantity, Unit: l.Unit,
				UnitPriceUSD: l.UnitPriceUSD, USD: l.USD, MonthlyUSD: l.MonthlyUSD})
		}
	}
	return out
}
