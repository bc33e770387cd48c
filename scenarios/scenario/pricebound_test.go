package scenario_test

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/report"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/scenario"
	"github.com/execsim/execsim/scenarios/summary"
)

// Prices are bounded at MaxPriceFactor times the catalogue's (divisors
// such as the ALB's LCU units at the catalogue's over it): a price of
// 1e12 per million requests passed validate and then overflowed the
// bill's int64 micro-dollars, a panic and exit 1 in run, sweep, tune and
// breakeven (hostile #4). The boundary itself is accepted.
func TestPriceBounds(t *testing.T) {
	const head = "name: p\nduration: 1m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 5}\n  work: {cpu: 10ms}\n" +
		"lambda: {memoryMB: 512}\nkubernetes:\n  instanceTypes: [{name: big.custom, vcpu: 4, memoryGiB: 16, priceUSDPerHour: %s}]\n" +
		"  nodePools: [{name: p, instanceTypes: [big.custom], nodes: 1}]\ncost:\n  prices: {%s}\n"
	for _, tc := range []struct {
		name, itype, prices string
		want                string // "" when accepted
	}{
		{"catalogue prices", "0.1", "", ""},
		{"requests at the bound", "0.1", "lambda.requestsPerMillionUSD: 200", ""},
		{"requests past the bound", "0.1", "lambda.requestsPerMillionUSD: 200.001",
			"cost.prices.lambda.requestsPerMillionUSD: must be at most 200 (1000 × the us-east-1 catalogue's lambda.requestsPerMillionUSD 0.2)"},
		{"requests 1e12 (hostile c17, h19, h20)", "0.1", "lambda.requestsPerMillionUSD: 1e12", "must be at most 200"},
		{"alb hour 1e13 (h02)", "0.1", "alb.hourUSD: 1e13", "cost.prices.alb.hourUSD: must be at most 22.5"},
		{"eks 1e12 (h18)", "0.1", "eks.clusterHourUSD: 1e12", "cost.prices.eks.clusterHourUSD: must be at most 100"},
		{"GB-s 1e9 (h17)", "0.1", "lambda.gbSecondX86USD: 1e9", "cost.prices.lambda.gbSecondX86USD: must be at most 0.0166667"},
		{"free is a price", "0.1", "lambda.requestsPerMillionUSD: 0", ""},
		{"catalogue EC2 type", "0.1", "ec2.m6i.large.hourUSD: 96.001", "cost.prices.ec2.m6i.large.hourUSD: must be at most 96 "},
		{"spot against on-demand", "0.1", "ec2.m6i.large.spotHourUSD: 97", "must be at most 96 (1000 × the us-east-1 catalogue's on-demand m6i.large price 0.096)"},
		{"LCU unit at the bound", "0.1", "alb.lcuProcessedGBPerHour: 0.001", ""},
		{"LCU unit past the bound", "0.1", "alb.lcuProcessedGBPerHour: 0.0009", "cost.prices.alb.lcuProcessedGBPerHour: must be at least 0.001"},
		// a custom type is bounded by the catalogue's dearest type
		{"custom type 1e13 (h01)", "1e13", "", "kubernetes.instanceTypes.big.custom.priceUSDPerHour: must be at most 768 (1000 × the us-east-1 catalogue's dearest instance type"},
		{"custom type at the bound", "768", "", ""},
		{"custom type priced under cost.prices", "0.1", "ec2.big.custom.hourUSD: 800", "cost.prices.ec2.big.custom.hourUSD: must be at most 768"},
		// so is its spot price, which had no bound: 1e15 passed validate
		// and overflowed run's bill (rev11a #2)
		{"custom type's spot price 1e15", "0.1", "ec2.big.custom.spotHourUSD: 1e15",
			"cost.prices.ec2.big.custom.spotHourUSD: must be at most 768 (1000 × the us-east-1 catalogue's dearest instance type, m5.4xlarge, 0.768)"},
		{"custom type's spot price at the bound", "0.1", "ec2.big.custom.spotHourUSD: 768", ""},
		// times that multiply the billed units are bounded as prices are
		{"minimum billed time past the bound", "0.1", "ec2.minimumSeconds: 60001",
			"cost.prices.ec2.minimumSeconds: must be at most 60000 (1000 × the us-east-1 catalogue's ec2.minimumSeconds 60): a longer time multiplies the billed units"},
		{"minimum billed time at the bound", "0.1", "ec2.minimumSeconds: 60000", ""},
		{"provisioned increment 1e300", "0.1", "lambda.provisionedIncrementSeconds: 1e300",
			"cost.prices.lambda.provisionedIncrementSeconds: must be at most 300000 (1000 × the us-east-1 catalogue's lambda.provisionedIncrementSeconds 300)"},
		{"provisioned increment at the bound", "0.1", "lambda.provisionedIncrementSeconds: 300000", ""},
		// the catalogue's own range error under cost.prices, its path said
		// once (rev12c: "cost.prices.ec2.minimumSeconds: ec2.minimumSeconds:")
		{"minimum billed time NaN", "0.1", "ec2.minimumSeconds: .nan", "cost.prices.ec2.minimumSeconds: must be ≥ 0 (got NaN)"},
		{"negative price", "0.1", "lambda.requestsPerMillionUSD: -1", "cost.prices.lambda.requestsPerMillionUSD: must be ≥ 0 (got -1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(head, "%s", tc.itype, 1), "%s", tc.prices, 1)
			_, err := platformtest.Parse(src)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("error %v; want the price accepted", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
}

// A custom instance type named like a catalogue type is the scenario's
// machine, price included, and a warning says so; a per-type EC2 price
// of a type no node pool launches is refused with the types they launch
// (hostile #7: the catalogue's $0.096/h billed a 64-vCPU m6i.large, and
// ec2.m6i.larg.hourUSD was accepted and changed nothing).
func TestInstanceTypePrices(t *testing.T) {
	const head = "name: p\nduration: 1m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 5}\n  work: {cpu: 10ms}\n" +
		"kubernetes: {%s}\ncost: {prices: {%s}}\n"
	const shadow = "instanceTypes: [{name: m6i.large, vcpu: 64, memoryGiB: 512, priceUSDPerHour: 0.001}]"
	for _, tc := range []struct {
		name, k8s, prices string
		err               string  // "" when accepted
		warn              string  // a warning the plan must have
		hourUSD           float64 // m6i.large's billed price when accepted
	}{
		{"catalogue type", "", "", "", "", 0.096},
		{"shadowing type bills its own price", shadow, "", "",
			"kubernetes.instanceTypes: m6i.large is also a catalogue type (2 vCPU, 8 GiB, $0.096/h); the scenario's definition is used: 64 vCPU, 512 GiB, $0.001/h", 0.001},
		{"shadowing type without a price keeps the catalogue's", "instanceTypes: [{name: m6i.large, vcpu: 64, memoryGiB: 512}]", "", "",
			"the scenario's definition is used: 64 vCPU, 512 GiB, the catalogue's $0.096/h (it gives no priceUSDPerHour)", 0.096},
		{"cost.prices still wins", shadow, "ec2.m6i.large.hourUSD: 0.5", "", "(cost.prices.ec2.m6i.large.hourUSD, where set, still wins)", 0.5},
		{"a typo of a launched type", "", "ec2.m6i.larg.hourUSD: 0.08",
			"cost.prices.ec2.m6i.larg.hourUSD: no node pool launches m6i.larg, so the price would change nothing (the node pools launch: m6i.large; did you mean m6i.large?)", "", 0},
		{"a catalogue type no pool launches", "", "ec2.m5.large.spotHourUSD: 0.03", "no node pool launches m5.large", "", 0},
		// the shadowing type's own price is bounded like a custom type's:
		// 1e15 passed validate and overflowed run's bill (review9b D1)
		{"shadowing type's price is bounded", "instanceTypes: [{name: m6i.large, vcpu: 2, memoryGiB: 8, priceUSDPerHour: 1e15}]", "",
			"kubernetes.instanceTypes.m6i.large.priceUSDPerHour: must be at most 96 (1000 × the us-east-1 catalogue's ec2.m6i.large.hourUSD 0.096)", "", 0},
		{"shadowing type at the bound", "instanceTypes: [{name: m6i.large, vcpu: 2, memoryGiB: 8, priceUSDPerHour: 96}]", "", "",
			"the scenario's definition is used: 2 vCPU, 8 GiB, $96/h", 96},
		{"cost.prices bounds a shadowing type, not its own price", "instanceTypes: [{name: m6i.large, vcpu: 2, memoryGiB: 8, priceUSDPerHour: 1e15}]",
			"ec2.m6i.large.hourUSD: 0.5", "", "$1e+15/h (cost.prices.ec2.m6i.large.hourUSD, where set, still wins)", 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(head, "%s", tc.k8s, 1), "%s", tc.prices, 1)
			plan, err := platformtest.Parse(src)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v; want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.warn != "" && !slices.ContainsFunc(plan.Warnings, func(w string) bool { return strings.Contains(w, tc.warn) }) {
				t.Errorf("warnings %q; want one with %q", plan.Warnings, tc.warn)
			}
			if tc.warn == "" && slices.ContainsFunc(plan.Warnings, func(w string) bool { return strings.Contains(w, "catalogue type") }) {
				t.Errorf("warnings %q; want none about a catalogue type", plan.Warnings)
			}
			if got, _ := plan.Cost.Prices.Get("ec2.m6i.large.hourUSD"); got != tc.hourUSD {
				t.Errorf("m6i.large billed at %v/h; want %v", got, tc.hourUSD)
			}
		})
	}
}

// A sweep that sets the node pools may price a type only some of its
// points launch: the sweep over nodePools[0].instanceTypes to c7g.large
// could not price c7g.large, which the base pools do not launch (review9b
// D2). A price of a type no point launches, or of no type at all, is
// still refused, by CheckPoints over every point's pools.
func TestSweptNodeTypePrices(t *testing.T) {
	const head = "name: p\nduration: 1m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 5}\n  work: {cpu: 10ms}\n" +
		"kubernetes:\n  nodePools: [{name: general, instanceTypes: [m6i.large], nodes: 1}]\ncost: {prices: {%s}}\nsweep:\n  %s\n"
	for _, tc := range []struct {
		name, prices, sweep string
		err                 string // "" when accepted
	}{
		{"a type one point launches", "ec2.c7g.large.hourUSD: 0.05", "kubernetes.nodePools[0].instanceTypes: [[m6i.large], [c7g.large]]", ""},
		{"its spot price", "ec2.c7g.large.spotHourUSD: 0.02", "kubernetes.nodePools[0].instanceTypes: [[m6i.large], [c7g.large]]", ""},
		{"a price a point sets", "", "kubernetes.nodePools[0].instanceTypes: [[m6i.large], [c7g.large]]\n  cost.prices.ec2.c7g.large.hourUSD: [0.05]", ""},
		{"the whole section", "ec2.c7g.large.hourUSD: 0.05",
			"kubernetes: [{nodePools: [{name: a, instanceTypes: [m6i.large], nodes: 1}]}, {nodePools: [{name: b, instanceTypes: [c7g.large], nodes: 1}]}]", ""},
		{"a type no point launches", "ec2.m5.large.hourUSD: 0.05", "kubernetes.nodePools[0].instanceTypes: [[m6i.large], [c7g.large]]",
			"cost.prices.ec2.m5.large.hourUSD: no node pool launches m5.large at any point of the sweep, so the price would change nothing (the node pools launch: m6i.large, c7g.large; did you mean m6i.large?)"},
		{"a typo", "ec2.c7g.larg.hourUSD: 0.05", "kubernetes.nodePools[0].instanceTypes: [[m6i.large], [c7g.large]]",
			"cost.prices.ec2.c7g.larg.hourUSD: no instance type c7g.larg is priced or defined"},
		{"a sweep that leaves the pools alone", "ec2.c7g.large.hourUSD: 0.05", "workload.arrivals.ratePerSecond: [5, 10]",
			"cost.prices.ec2.c7g.large.hourUSD: no node pool launches c7g.large, so the price would change nothing (the node pools launch: m6i.large)"},
		// another field of the section leaves the pools alone too: any
		// kubernetes.* axis let the price through the base plan's check
		// (rev11a #5), where run, which does not check the points, took it
		{"a sweep of another kubernetes field", "ec2.m5.large.hourUSD: 0.05", "kubernetes.replicas: [1, 2]",
			"cost.prices.ec2.m5.large.hourUSD: no node pool launches m5.large, so the price would change nothing (the node pools launch: m6i.large"},
		{"a sweep of the whole pools", "ec2.c7g.large.hourUSD: 0.05", "kubernetes.nodePools: [[{name: a, instanceTypes: [m6i.large], nodes: 1}], [{name: b, instanceTypes: [c7g.large], nodes: 1}]]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(head, "%s", tc.prices, 1), "%s", tc.sweep, 1)
			plan, err := platformtest.Parse(src)
			if err == nil {
				err = plan.CheckPoints()
			}
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("error %v; want the price accepted", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v; want %q", err, tc.err)
			}
		})
	}
}

const overflowSrc = `name: pp
seed: 1
duration: 1m
services:
  - name: snap
    arrivals: {process: poisson, ratePerSecond: 1}
    work: {cpu: "10ms", io: "20ms", payloadKB: 64}
    lambda: {snapStart: true}
  - name: prov
    arrivals: {process: poisson, ratePerSecond: 1}
    work: {cpu: "10ms", payloadKB: 64}
    lambda: {provisionedConcurrency: 1}
  - name: arm
    arrivals: {process: poisson, ratePerSecond: 1}
    work: {cpu: "10ms", payloadKB: 64}
    lambda: {arch: arm64, provisionedConcurrency: 1}
kubernetes:
  instanceTypes: [{name: my.box, arch: amd64, vcpu: 2, memoryGiB: 8, priceUSDPerHour: 0.1}]
  nodePools:
    - {name: od, instanceTypes: [m6i.large], nodes: 1}
    - {name: sp, instanceTypes: [my.box], nodes: 1, capacity: spot}
    - {name: sp2, instanceTypes: [m6i.large], nodes: 1, capacity: spot}
  routing: kube-proxy-random
lambda: {memoryMB: 512, runtime: java21}
knative: {}
placement: {}
cost: {frontDoors: {lambda: %s}, freeTier: true, extendedSupport: %s, prices: {%s}}
`

// No price path can reach the bill's int64 overflow: for every path the
// compiled plan lists, the extreme values a scenario may give (1e300,
// 1e15, the bound, the catalogue's, its thousandth, 1e-300) are either
// refused or run, on every platform, through the summary and the text
// report, without an error. ec2.<custom>.spotHourUSD had no bound and
// 1e15 passed validate and panicked in run (rev11a #2).
func TestNoPricePathOverflows(t *testing.T) {
	variants := [][2]string{{"http-api", "true"}, {"api-gateway-rest", "false"}, {"alb", "false"}, {"function-url", "true"}}
	if testing.Short() {
		variants = variants[:1]
	}
	for _, v := range variants {
		scen := func(prices string) string {
			return fmt.Sprintf(overflowSrc, v[0], v[1], prices)
		}
		base := platformtest.Plan(t, scen(""))
		for _, path := range base.Cost.Prices.Paths() {
			if typ, _, ok := strings.Cut(strings.TrimPrefix(path, "ec2."), "."); ok && strings.HasPrefix(path, "ec2.") && typ != "m6i" && typ != "my" {
				continue // a type no pool launches: refused whatever its price
			}
			cur, _ := base.Cost.Prices.Get(path)
			ref, ok := cur.(float64)
			if !ok {
				continue // lambda.initBilled
			}
			// the largest and the smallest positive value accepted
			var hi, lo float64
			for _, x := range []float64{1e300, 1e15, ref * scenario.MaxPriceFactor, ref / scenario.MaxPriceFactor, 1e-300} {
				if x <= 0 {
					continue
				}
				if _, err := platformtest.Parse(scen(fmt.Sprintf("%s: %s", path, strconv.FormatFloat(x, 'g', -1, 64)))); err != nil {
					continue
				}
				hi, lo = max(hi, x), cmp.Or(min(lo, x), x)
			}
			for _, x := range slices.Compact([]float64{hi, lo}) {
				if x == 0 {
					continue
				}
				prices := fmt.Sprintf("%s: %s", path, strconv.FormatFloat(x, 'g', -1, 64))
				if err := runAll(platformtest.Plan(t, scen(prices))); err != nil {
					t.Errorf("frontDoors.lambda %s, %s: accepted, then %v", v[0], prices, err)
				}
			}
		}
	}
}

// runAll runs every platform of plan and writes its text report,
// turning a panic into an error.
func runAll(plan *scenario.Plan) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	res, err := runner.Run(plan, runner.Options{})
	if err != nil {
		return err
	}
	_ = summary.Of(res, false)
	return report.TextOut(io.Discard, res, "execsim run", "")
}
