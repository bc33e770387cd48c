package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
)

// ServicesFile is the per-service results of a run (issue 9): for each
// platform, one row per service, then one row per cost no one service owes.
const ServicesFile = "services.csv"

// ServicesHeader is the column list of services.csv: a tidy long table
// (one observation a row, snake_case names, integers as integers, empty
// cells where a value does not apply) that pandas reads as it is.
//
//   - service: the service's name, or a shared cost in parentheses:
//     "(idle)" for node capacity no pod requested, "(daemonsets)", a bill
//     line such as "(eks control plane)" or "(lambda free tier requests)";
//   - kind: service, idle or shared;
//   - refused: throttled + rejected + failed; in_flight: still running at
//     the end (arrivals = completed + refused + in_flight);
//   - p50_ms, p99_ms: nearest-rank latency of completed requests, empty
//     when none completed;
//   - cost_usd: the row's part of the platform's bill for the run, and
//     monthly_usd its 730-hour projection; empty for a platform that does
//     not split its bill. Per platform, cost_usd adds up to the total in
//     summary.json exactly. monthly_usd is the direct cost, as
//     placement.csv's <platform>_direct_monthly_usd;
//   - placed_on: on the hybrid's service rows, the platform the blend ran
//     the service on; empty elsewhere.
var ServicesHeader = []string{
	"service", "platform", "kind", "arrivals", "completed", "refused", "in_flight", "cold_starts",
	"p50_ms", "p99_ms", "cost_usd", "monthly_usd", "placed_on",
}

// servicesHeaderV1 is services.csv's header before placed_on: a folder
// written then still reads back.
var servicesHeaderV1 = ServicesHeader[:len(ServicesHeader)-1]

// Kinds of services.csv rows.
const (
	KindService = "service"
	KindIdle    = "idle"
	KindShared  = "shared"
)

// ServiceRow is a row of services.csv.
type ServiceRow struct {
	Service, Platform, Kind                            string
	Arrivals, Completed, Refused, InFlight, ColdStarts int64
	P50Ms, P99Ms, CostUSD, MonthlyUSD                  *float64 // nil: empty
	PlacedOn                                           string
}

// serviceRows collects services.csv from a finished run.
func serviceRows(res *runner.Result) []ServiceRow {
	var rows []ServiceRow
	for _, m := range res.Platforms {
		services, shared := summary.Services(res, m)
		var placed map[string]string
		if pr, ok := m.Usage.(platform.Placer); ok {
			placed = placedOn(pr.Placement())
		}
		for _, s := range services {
			rows = append(rows, ServiceRow{Service: s.Name, Platform: m.Name, Kind: KindService,
				Arrivals: s.Arrivals, Completed: s.Completed, Refused: s.Refused, InFlight: s.InFlight, ColdStarts: s.ColdStarts,
				P50Ms: s.P50Ms, P99Ms: s.P99Ms, CostUSD: s.CostUSD, MonthlyUSD: s.MonthlyUSD, PlacedOn: placed[s.Name]})
		}
		for _, s := range shared {
			rows = append(rows, sharedRow(m.Name, s))
		}
	}
	return rows
}

// sharedRow is a shared cost's row: of kind idle for the idle capacity,
// a hybrid's part's too ("kubernetes: idle"), so that kind == idle finds
// all of it.
func sharedRow(platformName string, s platform.SharedCost) ServiceRow {
	kind := KindShared
	if s.Item == "idle" || strings.HasSuffix(s.Item, ": idle") {
		kind = KindIdle
	}
	usd, monthly := s.CostUSD, s.MonthlyUSD
	return ServiceRow{Service: "(" + s.Item + ")", Platform: platformName, Kind: kind, CostUSD: &usd, MonthlyUSD: &monthly}
}

// ServicesCSV renders services.csv.
func (b *Bundle) ServicesCSV() []byte {
	rows := [][]string{ServicesHeader}
	num := func(x *float64, digits int) string {
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', digits, 64)
	}
	for _, r := range b.Services {
		rows = append(rows, []string{r.Service, r.Platform, r.Kind,
			strconv.FormatInt(r.Arrivals, 10), strconv.FormatInt(r.Completed, 10), strconv.FormatInt(r.Refused, 10),
			strconv.FormatInt(r.InFlight, 10), strconv.FormatInt(r.ColdStarts, 10),
			num(r.P50Ms, 3), num(r.P99Ms, 3), num(r.CostUSD, 6), num(r.MonthlyUSD, 6), r.PlacedOn})
	}
	return CSVBytes(rows)
}

// readServices reads services.csv. Errors start with the line ("line 3, ...").
func readServices(data []byte, reg platform.Registry) ([]ServiceRow, error) {
	t, err := readTable(data, ServicesHeader)
	if err != nil {
		var errV1 error
		if t, errV1 = readTable(data, servicesHeaderV1); errV1 != nil {
			return nil, err
		}
	}
	rows := []ServiceRow{} // present, even if empty: a re-render writes it again
	for i, rec := range t.Rows {
		r := ServiceRow{Service: rec[0], Platform: rec[1], Kind: rec[2]}
		if err := knownModel(r.Platform, reg); err != nil {
			return nil, fmt.Errorf("line %d, %s: %w", t.Line(i), ServicesHeader[1], err)
		}
		if r.Kind != KindService && r.Kind != KindIdle && r.Kind != KindShared {
			return nil, fmt.Errorf("line %d, %s: %s is not service, idle or shared", t.Line(i), ServicesHeader[2], clip(r.Kind))
		}
		for j, f := range []*int64{&r.Arrivals, &r.Completed, &r.Refused, &r.InFlight, &r.ColdStarts} {
			if *f, err = strconv.ParseInt(rec[3+j], 10, 64); err != nil || *f < 0 {
				return nil, fmt.Errorf("line %d, %s: %s is not a count", t.Line(i), ServicesHeader[3+j], clip(rec[3+j]))
			}
		}
		for j, f := range []**float64{&r.P50Ms, &r.P99Ms, &r.CostUSD, &r.MonthlyUSD} {
			if rec[8+j] == "" {
				continue
			}
			x, err := number(rec[8+j])
			if err != nil {
				return nil, fmt.Errorf("line %d, %s: %w", t.Line(i), ServicesHeader[8+j], err)
			}
			*f = &x
		}
		if len(rec) > 12 {
			r.PlacedOn = rec[12]
			if r.PlacedOn != "" && (r.Kind != KindService || knownModel(r.PlacedOn, reg) != nil) {
				return nil, fmt.Errorf("line %d, %s: %s is not a platform a service of the blend can be placed on", t.Line(i), ServicesHeader[12], clip(r.PlacedOn))
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}
