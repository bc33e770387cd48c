package cost

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/models"
)

// prices.csv is the price catalogue: one row per price and region, each
// with its source (see the file's header).
//
//go:embed prices.csv
var pricesCSV string

// DefaultRegion is the region whose catalogue is complete.
const DefaultRegion = "us-east-1"

// Prices is every price the meters use, for one region. It is a plain
// value: copy it, change fields, or Override them by path; the meters read
// only what is passed to them. Sizes of tiers count the priced quantity
// (GB-s, requests), not money.
type Prices struct {
	Region string
	Date   string // when the catalogue was compiled (YYYY-MM-DD)

	Lambda     LambdaPrices
	APIGateway APIGatewayPrices
	ALB        ALBPrices
	EKS        EKSPrices
	EC2        EC2Prices
	Transfer   TransferPrices

	// sources[i] is where the value at a path came from; Override replaces
	// the entry (copy on write: copies of a Prices never share a change).
	sources []Source
}

// LambdaPrices are AWS Lambda's prices.
type LambdaPrices struct {
	RequestsPerMillionUSD float64
	X86_64, Arm64         LambdaArchPrices
	// ProvisionedIncrementSeconds: provisioned concurrency is billed from
	// enabling to disabling, rounded up to this many seconds (≤ 0: exact).
	ProvisionedIncrementSeconds float64
	// InitBilled: INIT duration of on-demand cold starts is billed like
	// invocation duration (the rule since 2025-08-01). false is the earlier
	// rule for on-demand zip functions on managed runtimes: INIT free.
	InitBilled bool
	// Monthly free tier, for functions without provisioned concurrency.
	FreeRequests  float64
	FreeGBSeconds float64
	// SnapStart on Python and .NET (snapstart.html, "SnapStart pricing";
	// aws.amazon.com/lambda/pricing): the snapshot's cache per GB-s of the
	// function's memory while its version is active (at least 3 hours per
	// published version), and each restore per GB restored (the memory
	// size). Java's SnapStart has neither charge. Not tiered, and not in
	// the free tier.
	SnapStartCacheGBSecondUSD float64
	SnapStartRestoreGBUSD     float64
}

// LambdaArchPrices are the prices of one instruction set architecture.
type LambdaArchPrices struct {
	// GBSecond is on-demand duration (invocation and INIT), per GB-s at
	// 1-ms granularity, in monthly volume tiers of aggregate GB-s.
	GBSecond [3]Tier
	// ProvisionedGBSecondUSD is per GB-s of configured provisioned
	// concurrency (memory × environments × time enabled).
	ProvisionedGBSecondUSD float64
	// ProvisionedDurationGBSecondUSD is per GB-s of invocation duration run
	// on provisioned environments (not tiered).
	ProvisionedDurationGBSecondUSD float64
}

// APIGatewayPrices are Amazon API Gateway's request prices; tier sizes in
// requests, prices per million requests.
type APIGatewayPrices struct {
	REST [4]Tier
	HTTP [2]Tier
	// HTTPMeteringKB: an HTTP API request is metered in increments of this
	// size (a 1.2-MB request counts as 3).
	HTTPMeteringKB float64
}

// ALBPrices are an Application Load Balancer's prices and the capacity of
// one Load Balancer Capacity Unit (LCU) in each dimension; an hour is
// billed at its largest dimension.
type ALBPrices struct {
	HourUSD                     float64
	LCUHourUSD                  float64
	LCUNewConnectionsPerSecond  float64
	LCUActiveConnections        float64 // per minute
	LCUProcessedGBPerHour       float64 // EC2 and IP targets
	LCUProcessedGBPerHourLambda float64 // Lambda targets
	LCURuleEvaluationsPerSecond float64 // beyond the free rules
}

// EKSPrices are the Amazon EKS cluster fees.
type EKSPrices struct {
	ClusterHourUSD         float64 // standard support
	ClusterHourExtendedUSD float64 // extended support
}

// EC2Prices are worker-node prices.
type EC2Prices struct {
	// MinimumSeconds is billed at least per node launch (Linux per-second
	// billing).
	MinimumSeconds float64
	// SpotDiscount is the spot price's discount off on-demand, a fraction,
	// for types without an explicit SpotHourUSD.
	SpotDiscount float64
	// Instances, in catalogue order then added types.
	Instances []InstancePrice
}

// InstancePrice is one instance type's hourly Linux prices.
type InstancePrice struct {
	Type        string  // e.g. "m6i.large"
	HourUSD     float64 // on-demand
	SpotHourUSD float64 // 0: HourUSD × (1 − SpotDiscount)
}

// TransferPrices are data-transfer prices.
type TransferPrices struct {
	// CrossAZGBUSD is charged in each direction: a GB crossing zones is
	// billed to the sender and to the receiver.
	CrossAZGBUSD float64
}

// Instance returns the prices of an instance type.
func (e *EC2Prices) Instance(typ string) (InstancePrice, bool) {
	i := slices.IndexFunc(e.Instances, func(ip InstancePrice) bool { return ip.Type == typ })
	if i < 0 {
		return InstancePrice{}, false
	}
	return e.Instances[i], true
}

// Types lists the priced instance types.
func (e *EC2Prices) Types() []string {
	out := make([]string, len(e.Instances))
	for i, ip := range e.Instances {
		out[i] = ip.Type
	}
	return out
}

// Source is where one price came from.
type Source struct {
	Path string // the price's override path
	// Tag is the kind of source, as in lambda-and-prices.md: [AWS] AWS
	// documentation, pricing page or blog; [AWS-2nd] an AWS figure from a
	// third-party copy; [3rd] a third-party figure; [derived] computed from
	// other figures; [unverified] carried over without a source; [override]
	// set by the user.
	Tag  string
	Ref  string // URL or document
	Date string // of the source, or when it was read (YYYY, YYYY-MM or YYYY-MM-DD)
}

// Source returns where the value at path came from.
func (p *Prices) Source(path string) (Source, bool) {
	i := slices.IndexFunc(p.sources, func(s Source) bool { return s.Path == path })
	if i < 0 {
		return Source{}, false
	}
	return p.sources[i], true
}

// Sources lists the source of every price, in catalogue order (overridden
// and added prices included).
func (p *Prices) Sources() []Source { return slices.Clone(p.sources) }

func (p *Prices) setSource(s Source) {
	p.sources = slices.Clone(p.sources)
	if i := slices.IndexFunc(p.sources, func(o Source) bool { return o.Path == s.Path }); i >= 0 {
		p.sources[i] = s
		return
	}
	p.sources = append(p.sources, s)
}

// catalogue is the parsed prices.csv, one Prices per region in file order.
// It is never handed out: Catalogue returns copies.
var catalogue = mustParse(pricesCSV)

// Regions lists the regions with a catalogue.
func Regions() []string {
	out := make([]string, len(catalogue))
	for i := range catalogue {
		out[i] = catalogue[i].Region
	}
	return out
}

// Catalogue returns the embedded prices of a region.
func Catalogue(region string) (Prices, error) {
	for i := range catalogue {
		if catalogue[i].Region == region {
			return catalogue[i].clone(), nil
		}
	}
	return Prices{}, models.Fieldf("region", region, models.ErrUnknown,
		"no price catalogue; known: %s", strings.Join(Regions(), ", "))
}

// Default returns the embedded prices of DefaultRegion.
func Default() Prices {
	p, err := Catalogue(DefaultRegion)
	if err != nil {
		panic("cost: " + err.Error())
	}
	return p
}

func (p Prices) clone() Prices {
	p.EC2.Instances = slices.Clone(p.EC2.Instances)
	p.sources = slices.Clone(p.sources)
	return p
}

// csvColumns is prices.csv's header.
var csvColumns = []string{"region", "path", "value", "tag", "source", "date"}

// parseCatalogue reads the catalogue: a row per (region, path); the path
// "date" gives the region's catalogue date. Every region must set every
// fixed path and pass Validate.
func parseCatalogue(text string) ([]Prices, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	r.FieldsPerRecord = len(csvColumns)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("prices.csv: %w", err)
	}
	if !slices.Equal(header, csvColumns) {
		return nil, fmt.Errorf("prices.csv: header %v, want %v", header, csvColumns)
	}
	var out []Prices
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("prices.csv: %w", err)
		}
		line, _ := r.FieldPos(0)
		region, path, value, tag, ref, date := rec[0], rec[1], rec[2], rec[3], rec[4], rec[5]
		i := slices.IndexFunc(out, func(p Prices) bool { return p.Region == region })
		if i < 0 {
			out = append(out, Prices{Region: region})
			i = len(out) - 1
		}
		p := &out[i]
		if path == "date" {
			p.Date = value
			continue
		}
		if _, dup := p.Source(path); dup {
			return nil, fmt.Errorf("prices.csv:%d: %s %s set twice", line, region, path)
		}
		if err := p.set(path, value); err != nil {
			return nil, fmt.Errorf("prices.csv:%d: %s: %w", line, region, err)
		}
		if !slices.Contains(tags, tag) || ref == "" || !validDate(date) {
			return nil, fmt.Errorf("prices.csv:%d: %s %s: want a tag in %v, a source and a date (YYYY, YYYY-MM or YYYY-MM-DD)", line, region, path, tags)
		}
		p.sources = append(p.sources, Source{Path: path, Tag: tag, Ref: ref, Date: date})
	}
	for i := range out {
		p := &out[i]
		for _, prm := range params {
			if _, ok := p.Source(prm.path); !ok {
				return nil, fmt.Errorf("prices.csv: %s: no %s", p.Region, prm.path)
			}
		}
		if !validDate(p.Date) {
			return nil, fmt.Errorf("prices.csv: %s: no date", p.Region)
		}
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("prices.csv: %s: %w", p.Region, err)
		}
	}
	return out, nil
}

// validDate accepts YYYY, YYYY-MM or YYYY-MM-DD.
func validDate(s string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if _, err := time.Parse(layout, s); err == nil && len(s) == len(layout) {
			return true
		}
	}
	return false
}

// tags are the source kinds a catalogue row may carry.
var tags = []string{"[AWS]", "[AWS-2nd]", "[3rd]", "[derived]", "[unverified]"}

func mustParse(text string) []Prices {
	c, err := parseCatalogue(text)
	if err != nil {
		panic("cost: " + err.Error())
	}
	return c
}

// set parses a catalogue value into path.
func (p *Prices) set(path, value string) error {
	var v any
	switch value {
	case "true":
		v = true
	case "false":
		v = false
	default:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not a number", path, value)
		}
		v = f
	}
	return p.assign(path, v)
}
