package hybrid

import (
	"io"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
)

// fakeALB is a part's usage billing an ALB with the given usage.
type fakeALB struct {
	a  cost.ALBUsage
	gb float64
}

func (fakeALB) Cost() (cost.Breakdown, []cost.Money, error) { return cost.Breakdown{}, nil, nil }
func (fakeALB) Extra() platform.Extra                       { return nil }
func (fakeALB) Golden(io.Writer, func())                    {}
func (f fakeALB) ALB() (cost.ALBUsage, float64, bool)       { return f.a, f.gb, f.gb > 0 }

// The shared ALB bills one hour an hour and the larger of the combined
// traffic's dimensions, bytes counted against the capacity of the target
// each went to (1 GB an LCU-hour to IP targets, 0.4 GB to Lambda): where
// one part's LCUs come from connections and the other's from bytes, the
// shared ALB bills fewer than the two did.
func TestSharedALBCombinesTheDimensions(t *testing.T) {
	p, err := cost.Catalogue(cost.DefaultRegion)
	if err != nil {
		t.Fatal(err)
	}
	lambdaGB, ipGB := p.ALB.LCUProcessedGBPerHourLambda, p.ALB.LCUProcessedGBPerHour
	for _, tc := range []struct {
		name         string
		lambda, kube cost.ALBUsage
		wantLCUHours float64
	}{
		// Lambda: 2 LCU of connections, 0.5 of bytes; Kubernetes 1.5 of
		// bytes. Apart 2 + 1.5; shared max(2, 0.5 + 1.5) = 2.
		{"connections against bytes", cost.ALBUsage{Hours: 1, ActiveConnectionHours: 6000, ProcessedGB: 0.2},
			cost.ALBUsage{Hours: 1, ProcessedGB: 1.5}, 2},
		// bytes on both: 0.8/0.4 + 1.5/1 = 3.5, as apart
		{"bytes on both", cost.ALBUsage{Hours: 1, ActiveConnectionHours: 30, ProcessedGB: 0.8},
			cost.ALBUsage{Hours: 1, ActiveConnectionHours: 60, ProcessedGB: 1.5}, 3.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := &usage{run: platform.Run{Duration: time.Hour, Cost: &platform.CostPlan{Prices: p}},
				parts: []partUsage{{name: "kubernetes", usage: fakeALB{tc.kube, ipGB}}, {name: "lambda", usage: fakeALB{tc.lambda, lambdaGB}}}}
			b, sharing, err := u.sharedALB()
			if err != nil {
				t.Fatal(err)
			}
			if !sharing[0] || !sharing[1] {
				t.Fatalf("sharing %v; want both parts", sharing)
			}
			got := map[string]float64{}
			for _, l := range b.Lines {
				got[l.Item] = l.Quantity
			}
			if got["alb hours"] != 1 {
				t.Errorf("alb hours %v; want one ALB's 1 h", got["alb hours"])
			}
			if math.Abs(got["alb lcu-hours"]-tc.wantLCUHours) > 1e-9 {
				t.Errorf("alb lcu-hours %v; want %v", got["alb lcu-hours"], tc.wantLCUHours)
			}
		})
	}
	// one part behind an ALB: nothing shared
	u := &usage{run: platform.Run{Duration: time.Hour, Cost: &platform.CostPlan{Prices: p}},
		parts: []partUsage{{name: "kubernetes", usage: fakeALB{cost.ALBUsage{Hours: 1}, ipGB}}, {name: "lambda", usage: fakeALB{}}}}
	if b, sharing, err := u.sharedALB(); err != nil || len(b.Lines) != 0 || sharing[0] || sharing[1] {
		t.Errorf("one ALB: shared %v, sharing %v, %v; want nothing", b.Lines, sharing, err)
	}
}

// apportionMoney gives every micro-dollar to one entry: the shares add up
// to the total, follow the weights, and skip entries not taking part.
func TestApportionMoney(t *testing.T) {
	for _, tc := range []struct {
		name    string
		total   cost.Money
		weights []cost.Money
		in      []bool
		want    []cost.Money
	}{
		{"even hours", 22_500, []cost.Money{22_500, 22_500}, []bool{true, true}, []cost.Money{11_250, 11_250}},
		{"odd micro-dollar to the first", 7, []cost.Money{5, 5}, []bool{true, true}, []cost.Money{4, 3}},
		{"in proportion", 100, []cost.Money{1, 3}, []bool{true, true}, []cost.Money{25, 75}},
		{"largest remainder", 10, []cost.Money{1, 1, 1}, []bool{true, true, true}, []cost.Money{4, 3, 3}},
		{"one not taking part", 9, []cost.Money{9, 1, 2}, []bool{false, true, true}, []cost.Money{0, 3, 6}},
		{"no weight: evenly", 5, []cost.Money{0, 0}, []bool{true, true}, []cost.Money{3, 2}},
		{"a credit", -7, []cost.Money{1, 1}, []bool{true, true}, []cost.Money{-4, -3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := apportionMoney(tc.total, tc.weights, tc.in)
			var sum cost.Money
			for _, m := range got {
				sum += m
			}
			if !slices.Equal(got, tc.want) || sum != tc.total {
				t.Errorf("apportionMoney(%d, %v, %v) = %v (sum %d); want %v", tc.total, tc.weights, tc.in, got, sum, tc.want)
			}
		})
	}
}
