package hybrid_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/platforms/hybrid"
	"github.com/execsim/execsim/scenarios/platforms/knative"
	"github.com/execsim/execsim/scenarios/summary"
)

// Every line of a blend's bill and every shared amount of its allocation
// is named by one rule (lineName): who pays, "+"-joined platforms of the
// blend, a colon, then the item as the paying platform's own bill names
// it. outputs9 found three forms side by side: "kubernetes: idle",
// "lambda requests" (a line that began with its platform's name kept it)
// and "alb hours" (the ALB the parts share, named after no one).
func TestBlendLinesNameWhoPays(t *testing.T) {
	pin := func(a, b string) string {
		return strings.Replace(strings.Replace(fleet, "PIN", "platform: "+a+",", 1), "PIN", "platform: "+b+",", 1)
	}
	knative := strings.Replace(pin("kubernetes", "knative"), "kubernetes: {}\n", "kubernetes: {}\nknative: {}\n", 1)
	for _, tc := range []struct{ name, src string }{
		{"all on lambda", pin("lambda", "lambda")},
		{"kubernetes and lambda", pin("kubernetes", "lambda")},
		{"kubernetes and knative on one cluster", knative},
		{"lambda behind api gateway", pin("kubernetes", "lambda") + "cost: {frontDoors: {lambda: api-gateway-rest, kubernetes: alb}, freeTier: true}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := summary.Of(platformtest.Run(t, tc.src), false)
			blend := s.Models.Get("hybrid")
			var platforms []string
			for _, m := range s.Models {
				if m.Name != "hybrid" {
					platforms = append(platforms, m.Name)
				}
			}
			check := func(what, item string, own func(platform, item string) bool) {
				payer, rest, ok := strings.Cut(item, ": ")
				if !ok {
					t.Errorf("%s %q names no payer", what, item)
					return
				}
				payers := strings.Split(payer, "+")
				for _, p := range payers {
					if !slices.Contains(platforms, p) {
						t.Errorf("%s %q: payer %q is none of %v", what, item, p, platforms)
						return
					}
				}
				// a line one platform pays is one its own bill has
				if len(payers) == 1 && !own(payers[0], rest) {
					t.Errorf("%s %q: %s's own run has no %q", what, item, payers[0], rest)
				}
			}
			for _, l := range blend.Cost.Lines {
				check("bill line", l.Item, func(p, item string) bool {
					return slices.ContainsFunc(s.Models.Get(p).Cost.Lines, func(o platform.CostLine) bool { return o.Item == item })
				})
			}
			for _, sc := range blend.SharedCost {
				check("shared cost", sc.Item, func(p, item string) bool {
					e := s.Models.Get(p)
					return item == "not split by service" ||
						slices.ContainsFunc(e.SharedCost, func(o platform.SharedCost) bool { return o.Item == item }) ||
						slices.ContainsFunc(e.Cost.Lines, func(o platform.CostLine) bool { return o.Item == item })
				})
			}
		})
	}
}

// A part that runs another part's services on its cluster (Knative's,
// beside the Kubernetes part's Deployments) describes that cluster: its
// pods, nodes and node hours are both parts'. Its rows in the blend's
// column are named as its bill lines are, "kubernetes+knative: peak
// pods", not "knative: peak pods" (outputs9: knative-blend's "knative:"
// rows counted the busy service's Kubernetes pods), also when read back
// from summary.json. The rows that count Knative alone (its activator,
// its revisions scaled to zero, its control-plane pods' share) are named
// after Knative, and that share after what it is, with the money format
// of every other amount (rev11b 6: "kubernetes+knative: control plane
// $0.02" read as the EKS control plane, and the activator rows as both
// parts').
func TestSharedClusterRowsNameTheCluster(t *testing.T) {
	src := strings.Replace(strings.Replace(strings.Replace(fleet, "PIN", "platform: kubernetes,", 1), "PIN", "platform: knative,", 1),
		"kubernetes: {}\n", "kubernetes: {}\nknative: {}\n", 1)
	s := summary.Of(platformtest.Run(t, src), false)
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := summary.Decode(b, platformtest.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for name, sum := range map[string]*summary.Summary{"run": &s, "summary.json": &back} {
		x := sum.Models.Get("hybrid").Extra.(*hybrid.Extra)
		var kn *hybrid.PartSummary
		for i := range x.Parts {
			if x.Parts[i].Platform == "knative" {
				kn = &x.Parts[i]
			}
		}
		if kn == nil || kn.Runs != "kubernetes+knative" {
			t.Fatalf("%s: the knative part runs %q; want kubernetes+knative", name, func() string {
				if kn == nil {
					return "(no part)"
				}
				return kn.Runs
			}())
		}
		var details knative.Extra
		if err := json.Unmarshal(kn.Details, &details); err != nil {
			t.Fatal(err)
		}
		var cluster, own [][2]string
		for _, r := range x.Rows() {
			if strings.HasPrefix(r[0], "knative: ") {
				own = append(own, r)
			}
			if strings.HasPrefix(r[0], "kubernetes+knative: ") {
				cluster = append(cluster, r)
			}
		}
		if !slices.ContainsFunc(cluster, func(r [2]string) bool { return r[0] == "kubernetes+knative: peak pods" }) {
			t.Errorf("%s: the shared cluster's rows %v; want its peak pods among them", name, cluster)
		}
		var names []string
		for _, r := range own {
			names = append(names, r[0])
		}
		if want := []string{"knative: scaled to zero", "knative: via activator", "knative: activator waits", "knative: knative control plane"}; !slices.Equal(names, want) {
			t.Errorf("%s: Knative's own rows %q; want %q", name, names, want)
		}
		if want := format.USD(details.ControlPlaneUSD); len(own) < 4 || own[3][1] != want {
			t.Errorf("%s: Knative's own rows %q; want its control plane's share %s", name, own, want)
		}
	}
}

// Knative's control-plane row is named after what it is and prints with
// the one money format: $0.125 is "$0.13", $1,234.5 has its comma ("$%.2f"
// printed "$0.12" and "$1234.50").
func TestKnativeControlPlaneRow(t *testing.T) {
	for usd, want := range map[float64]string{0.125: "$0.13", 1234.5: "$1,234.50"} {
		x := &knative.Extra{ControlPlaneUSD: usd}
		rows := x.Rows()
		if got := rows[len(rows)-1]; got != [2]string{knative.ControlPlaneItem, want} {
			t.Errorf("control plane $%v: row %q; want %q", usd, got, [2]string{knative.ControlPlaneItem, want})
		}
	}
}
