package scenario

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/models"
	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/models/workload"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/sim"
	"go.yaml.in/yaml/v3"
)

// doorLimits is a Config whose payload limit is set per service and
// front door, as no real platform's is: Lambda's limits nest, so two
// services fitting different doors only cannot be built with it.
type doorLimits struct {
	doors []cost.FrontDoor
	kb    map[[2]int]float64 // {service, door} → limit; absent: 0
}

func (c doorLimits) Describe() *yaml.Node                                       { return platform.Mapping() }
func (c doorLimits) Build(*sim.Kernel, models.Recorder) (platform.Model, error) { return nil, nil }
func (c doorLimits) FrontDoors() []cost.FrontDoor                               { return c.doors }
func (c doorLimits) MaxPayloadKB(cost.FrontDoor) (float64, string)              { return 0, "the test's" }
func (c doorLimits) ServiceMaxPayloadKB(i int, fd cost.FrontDoor) (float64, string) {
	return c.kb[[2]int{i, int(fd)}], "the test's"
}

// named is a platform with a name only: payloadRemedy asks no more.
type named struct{ platform.Platform }

func (named) Name() string { return "lam" }

// The remedy names the doors that take every fixable service; with none
// that takes them all it says so, not "(cost.frontDoors.lam: )" (review7).
func TestPayloadRemedyDoors(t *testing.T) {
	none, alb := int(cost.FrontDoorNone), int(cost.FrontDoorALB)
	plan := &Plan{Workload: workload.Config{Services: []workload.Service{
		{Name: "a", PayloadKB: 2000}, {Name: "b", PayloadKB: 3000},
	}}}
	for _, tc := range []struct {
		name string
		kb   map[[2]int]float64
		want string
	}{
		{"one door takes both", map[[2]int]float64{{0, none}: 6144, {1, none}: 6144}, "another front door (cost.frontDoors.lam: none)"},
		{"each fits another door", map[[2]int]float64{{0, none}: 2048, {1, alb}: 4096},
			"no one front door takes the requests of a, b: cost.frontDoors.lam sets one for all of lam's services"},
		{"no door fits", nil, "no front door raises that limit, which is lam's own"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := doorLimits{doors: []cost.FrontDoor{cost.FrontDoorNone, cost.FrontDoorALB}, kb: tc.kb}
			got := payloadRemedy(plan, Compiled{Platform: named{}, Config: cfg}, cfg, []int{0, 1})
			if !strings.Contains(got, tc.want) || strings.Contains(got, ": )") {
				t.Errorf("remedy %q; want it to contain %q", got, tc.want)
			}
		})
	}
}
