package cost

import (
	"encoding/csv"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/models"
	"github.com/google/go-cmp/cmp"
)

// TestCatalogueFigures pins every figure the issue lists for us-east-1.
func TestCatalogueFigures(t *testing.T) {
	p := Default()
	want := map[string]any{
		"lambda.requestsPerMillionUSD":               0.20,
		"lambda.gbSecondX86USD":                      0.0000166667,
		"lambda.gbSecondX86Tier2USD":                 0.000015,
		"lambda.gbSecondX86Tier3USD":                 0.0000133334,
		"lambda.x86Tier1GBSeconds":                   6e9,
		"lambda.x86Tier2GBSeconds":                   9e9,
		"lambda.gbSecondArm64USD":                    0.0000133334,
		"lambda.gbSecondArm64Tier2USD":               0.0000120001,
		"lambda.gbSecondArm64Tier3USD":               0.0000106667,
		"lambda.arm64Tier1GBSeconds":                 7.5e9,
		"lambda.arm64Tier2GBSeconds":                 11.25e9,
		"lambda.provisionedGBSecondX86USD":           0.0000041667,
		"lambda.provisionedDurationGBSecondX86USD":   0.0000097222,
		"lambda.provisionedGBSecondArm64USD":         0.0000033334,
		"lambda.provisionedDurationGBSecondArm64USD": 0.0000077778,
		"lambda.initBilled":                          true,
		"lambda.freeRequests":                        1e6,
		"lambda.freeGBSeconds":                       400_000.0,
		"apiGateway.restPerMillionUSD":               3.50,
		"apiGateway.restTier2PerMillionUSD":          2.80,
		"apiGateway.restTier3PerMillionUSD":          2.38,
		"apiGateway.restTier4PerMillionUSD":          1.51,
		"apiGateway.restTier1Requests":               333e6,
		"apiGateway.restTier2Requests":               667e6,
		"apiGateway.restTier3Requests":               19e9,
		"apiGateway.httpPerMillionUSD":               1.00,
		"apiGateway.httpTier2PerMillionUSD":          0.90,
		"apiGateway.httpTier1Requests":               300e6,
		"alb.hourUSD":                                0.0225,
		"alb.lcuHourUSD":                             0.008,
		"alb.lcuNewConnectionsPerSecond":             25.0,
		"alb.lcuProcessedGBPerHourLambda":            0.4,
		"eks.clusterHourUSD":                         0.10,
		"ec2.minimumSeconds":                         60.0,
		"transfer.crossAZGBUSD":                      0.01,
		"ec2.m5.large.hourUSD":                       0.096,
		"ec2.m6i.large.hourUSD":                      0.096,
		"ec2.m7i.large.hourUSD":                      0.1008,
		"ec2.m7g.large.hourUSD":                      0.0816,
		"ec2.c7g.large.hourUSD":                      0.0725,
		"ec2.m6i.xlarge.hourUSD":                     0.192,
		"ec2.m6i.2xlarge.hourUSD":                    0.384,
		"ec2.m5.xlarge.hourUSD":                      0.192,
		"ec2.m7i.xlarge.hourUSD":                     0.2016,
		"ec2.m7g.xlarge.hourUSD":                     0.1632,
	}
	for path, w := range want {
		got, err := p.Get(path)
		if err != nil || got != w {
			t.Errorf("Get(%q) = %v, %v; want %v", path, got, err, w)
		}
	}
	// Every family of the issue in large, xlarge and 2xlarge.
	for _, fam := range []string{"m5", "m6i", "m7i", "m7g", "c7g"} {
		for _, size := range []string{"large", "xlarge", "2xlarge"} {
			if _, ok := p.EC2.Instance(fam + "." + size); !ok {
				t.Errorf("no price for %s.%s", fam, size)
			}
		}
	}
}

func TestCatalogueSources(t *testing.T) {
	if got := Regions(); !slices.Equal(got, []string{"us-east-1"}) {
		t.Errorf("Regions() = %v; want [us-east-1]", got)
	}
	p := Default()
	if p.Region != "us-east-1" || p.Date == "" {
		t.Errorf("Default() region %q date %q", p.Region, p.Date)
	}
	paths := p.Paths()
	spot := len(p.EC2.Instances) // spot prices default to the discount: no rows
	if len(p.Sources()) != len(paths)-spot {
		t.Errorf("%d sources for %d paths (%d spot)", len(p.Sources()), len(paths), spot)
	}
	for _, path := range paths {
		if strings.HasSuffix(path, spotSuffix) {
			continue // spot prices default to the discount
		}
		s, ok := p.Source(path)
		if !ok || !slices.Contains(tags, s.Tag) || s.Ref == "" || !validDate(s.Date) {
			t.Errorf("Source(%q) = %+v, %v; want a tag, a reference and a date", path, s, ok)
		}
	}
	if _, err := Catalogue("eu-west-1"); !errors.Is(err, models.ErrUnknown) ||
		err.Error() != "region: no price catalogue; known: us-east-1 (got eu-west-1)" {
		t.Errorf("Catalogue(eu-west-1) error = %v", err)
	}
}

func TestParseCatalogueErrors(t *testing.T) {
	head := "region,path,value,tag,source,date\nr,date,2026-01-01,[AWS],x,2026\n"
	var full strings.Builder
	full.WriteString(head)
	for _, prm := range params {
		v := "1"
		if prm.flag != nil {
			v = "true"
		}
		if prm.path == "ec2.spotDiscount" {
			v = "0.5"
		}
		full.WriteString("r," + prm.path + "," + v + ",[AWS],x,2026\n")
	}
	if _, err := parseCatalogue(full.String()); err != nil {
		t.Fatalf("parseCatalogue(complete) = %v", err)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"missing path", head, "r: no lambda.requestsPerMillionUSD"},
		{"duplicate", full.String() + "r,lambda.freeRequests,2,[AWS],x,2026\n", "r lambda.freeRequests set twice"},
		{"bad tag", full.String() + "r,ec2.x.large.hourUSD,1,[blog],x,2026\n", "want a tag in"},
		{"bad date", full.String() + "r,ec2.x.large.hourUSD,1,[AWS],x,June\n", "want a tag in"},
		{"unknown path", full.String() + "r,lambda.nope,1,[AWS],x,2026\n", "lambda.nope: unknown price"},
		{"not a number", full.String() + "r,ec2.x.large.hourUSD,cheap,[AWS],x,2026\n", `"cheap" is not a number`},
		{"bad header", "a,b\n", "prices.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseCatalogue(tc.text)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("parseCatalogue = %v; want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestOverride(t *testing.T) {
	p := Default()
	if err := p.Override("lambda.gbSecondX86USD", 0.00002); err != nil {
		t.Fatal(err)
	}
	if v, _ := p.Get("lambda.gbSecondX86USD"); v != 0.00002 {
		t.Errorf("after Override, Get = %v; want 2e-05", v)
	}
	if s, _ := p.Source("lambda.gbSecondX86USD"); s.Tag != "[override]" {
		t.Errorf("Source after Override = %+v; want tag [override]", s)
	}
	if err := p.Override("lambda.initBilled", false); err != nil || p.Lambda.InitBilled {
		t.Errorf("Override(lambda.initBilled, false) = %v; InitBilled %v", err, p.Lambda.InitBilled)
	}
	if err := p.Override("lambda.freeRequests", 0); err != nil || p.Lambda.FreeRequests != 0 {
		t.Errorf("Override with an int = %v", err)
	}

	// Copies never share a change.
	q := p
	if err := q.Override("ec2.m6i.large.hourUSD", 1); err != nil {
		t.Fatal(err)
	}
	if err := q.Override("ec2.new.metal.hourUSD", 9.5); err != nil {
		t.Fatal(err)
	}
	if ip, _ := p.EC2.Instance("m6i.large"); ip.HourUSD != 0.096 {
		t.Errorf("override of a copy changed the original: m6i.large %v", ip.HourUSD)
	}
	if s, _ := p.Source("ec2.m6i.large.hourUSD"); s.Tag == "[override]" {
		t.Errorf("override of a copy changed the original's source")
	}
	if _, ok := p.EC2.Instance("new.metal"); ok {
		t.Errorf("type added to a copy appears in the original")
	}
	if ip, ok := q.EC2.Instance("new.metal"); !ok || ip.HourUSD != 9.5 || !slices.Contains(q.Paths(), "ec2.new.metal.spotHourUSD") {
		t.Errorf("added type: %+v %v", ip, ok)
	}
	if d := Default(); d.Lambda.X86_64.GBSecond[0].PriceUSD != 0.0000166667 || !d.Lambda.InitBilled {
		t.Errorf("Override changed the catalogue")
	}

	for _, tc := range []struct {
		path     string
		value    any
		sentinel error
		msg      string
	}{
		{"lambda.gbSecondX86", 1.0, models.ErrUnknown, "lambda.gbSecondX86: unknown price; known: lambda.requestsPerMillionUSD, lambda.gbSecondX86USD,"},
		{"lambda.gbSecondX86", 1.0, models.ErrUnknown, "transfer.crossAZGBUSD, ec2.<instance type>.hourUSD, ec2.<instance type>.spotHourUSD (got 1)"},
		{"ec2.m6i.large", 1.0, models.ErrUnknown, "unknown price"},
		{"lambda.initBilled", 1, models.ErrInvalid, "lambda.initBilled: must be true or false (got 1)"},
		{"lambda.requestsPerMillionUSD", "0.2", models.ErrInvalid, "must be a number"},
		{"lambda.requestsPerMillionUSD", -0.2, models.ErrRange, "lambda.requestsPerMillionUSD: must be ≥ 0 (got -0.2)"},
		{"ec2.spotDiscount", 1.5, models.ErrRange, "must be between 0 and 1"},
		{"lambda.x86Tier1GBSeconds", 0, models.ErrRange, "must be > 0"},
		{"ec2.m6i.large.hourUSD", 0, models.ErrRange, "must be > 0"},
	} {
		p := Default()
		err := p.Override(tc.path, tc.value)
		var fe *models.FieldError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &fe) || fe.Path != tc.path || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Override(%q, %v) = %v; want %v containing %q", tc.path, tc.value, err, tc.sentinel, tc.msg)
		}
		if diff := cmp.Diff(Default(), p, cmp.AllowUnexported(Prices{})); diff != "" {
			t.Errorf("failed Override(%q) changed prices:\n%s", tc.path, diff)
		}
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	p := Default()
	p.Lambda.RequestsPerMillionUSD = -1
	p.EC2.SpotDiscount = 2
	p.EC2.Instances = append(slices.Clone(p.EC2.Instances), InstancePrice{Type: "m5.large", HourUSD: 1})
	err := p.Validate()
	for _, want := range []string{
		"lambda.requestsPerMillionUSD: must be ≥ 0 (got -1)",
		"ec2.spotDiscount: must be between 0 and 1 (got 2)",
		"ec2.m5.large: priced twice",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; want it to contain %q", err, want)
		}
	}
	if _, err := p.LambdaCost(LambdaInput{}, month); err == nil {
		t.Errorf("LambdaCost with invalid prices succeeded")
	}
}

// TestInstancePricesAgreeWithClusterCatalogue checks that the node prices
// here and in the cluster model's instance catalogue have not drifted.
func TestInstancePricesAgreeWithClusterCatalogue(t *testing.T) {
	f, err := os.Open("../kubernetes/instances.csv")
	if err != nil {
		t.Skip("no ../kubernetes/instances.csv")
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Skipf("instances.csv unreadable: %v", err)
	}
	typ, price := slices.Index(rows[0], "type"), slices.Index(rows[0], "priceUSDPerHour")
	if typ < 0 || price < 0 {
		t.Skip("instances.csv has no type/priceUSDPerHour columns")
	}
	p := Default()
	for _, r := range rows[1:] {
		want, err := strconv.ParseFloat(r[price], 64)
		if err != nil {
			continue
		}
		ip, ok := p.EC2.Instance(r[typ])
		if !ok || ip.HourUSD != want {
			t.Errorf("%s: cost catalogue %v (priced %v), cluster catalogue %v", r[typ], ip.HourUSD, ok, want)
		}
	}
}
