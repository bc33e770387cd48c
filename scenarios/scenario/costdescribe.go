package scenario

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/execsim/execsim/models/cost"
	"github.com/execsim/execsim/scenarios/platform"
	"go.yaml.in/yaml/v3"
)

// describeCost is the cost: section of `execsim validate`: every setting
// as compiled, each with its default (and what it means) as a comment.
func describeCost(c *platform.CostPlan) *yaml.Node {
	m := platform.Mapping()
	put := func(k, v, comment string) {
		platform.Put(m, k, v)
		m.Content[len(m.Content)-1].LineComment = comment
	}
	put("region", c.Prices.Region, "default "+cost.DefaultRegion+"; catalogue of "+c.Prices.Date+" (execsim validate --prices lists every price and its source)")
	put("freeTier", strconv.FormatBool(c.Options.FreeTier), "default false: Lambda's monthly free tier (1M requests, 400,000 GB-s) not applied")
	put("volume", c.Options.Scope.String(), "default monthly: Lambda's volume tiers and free tier apply to the run projected to 730 h (run: to the run as it is)")
	put("initBilled", strconv.FormatBool(c.Prices.Lambda.InitBilled), "default true: cold-start INIT billed, AWS's rule since 2025-08-01")
	put("frontDoor", c.FrontDoor.String(), "default "+DefaultFrontDoor.String()+": the same kind of front door in front of every platform (alb, none, api-gateway-rest, http-api, function-url)")
	doors := platform.Mapping()
	doors.Style = yaml.FlowStyle
	for _, name := range slices.Sorted(maps.Keys(c.FrontDoors)) {
		platform.Put(doors, name, c.FrontDoors[name].String())
	}
	platform.PutNode(m, "frontDoors", doors)
	m.Content[len(m.Content)-1].LineComment = "each platform's door as billed; default: frontDoor for every one (override per platform)"
	put("controlPlane", strconv.FormatBool(c.ControlPlane), "default true: a cluster's control plane billed (EKS $"+strconv.FormatFloat(c.Prices.EKS.ClusterHourUSD, 'f', -1, 64)+"/h)")
	put("extendedSupport", strconv.FormatBool(c.ExtendedSupport), "default false: the control plane at the standard-support rate")
	prices := platform.Mapping()
	prices.Style = yaml.FlowStyle
	for _, path := range slices.Sorted(maps.Keys(c.PriceOverrides)) {
		platform.Put(prices, path, fmt.Sprint(c.PriceOverrides[path]))
	}
	platform.PutNode(m, "prices", prices)
	m.Content[len(m.Content)-1].LineComment = "default {}: prices overridden by path; the rest from the catalogue"
	return m
}
