package kubernetes

import (
	"fmt"
	"slices"
	"strings"

	model "github.com/execsim/execsim/models/kubernetes"
)

// Burstable instance types (T3, T3a, T4g) launch in unlimited mode unless
// the account or launch template says otherwise (EC2 RunInstances
// CreditSpecification: "Default: standard (T2 instances) or unlimited
// (T3/T3a/T4g instances)"; EC2 User Guide, "Unlimited mode for burstable
// performance instances"). An unlimited instance whose CPU use averages
// above its baseline over 24 hours, or over its life if shorter, pays for
// the surplus CPU credits at a flat rate per vCPU-hour on top of its hourly
// price (User Guide, "Unlimited mode concepts": a t3.large's baseline is
// 30 % per vCPU, and at 40 % it "is billed for the additional 10 % CPU
// usage at a flat additional rate per vCPU-hour").
//
// execsim does not bill that surplus: it would need each node's CPU use
// over its life, system daemons' included, which the cluster model does not
// keep per node. Warnings says so when a pool may launch such a type, with
// the most it can add.
const (
	// surplusVCPUHourUSD is the Linux price of surplus credits for T3 and
	// T3a, per vCPU-hour: "$0.05 per vCPU-Hour" (AWS News Blog, "New T3
	// Instances – Burstable, Cost-Effective Performance", 2018-08-21, as
	// quoted in its Japanese edition; aws.amazon.com/ec2/pricing/on-demand,
	// "T2/T3/T4g Unlimited Mode Pricing"). [AWS-2nd]
	surplusVCPUHourUSD = 0.05
	// t3LargeBaseline is a t3.large's baseline CPU use per vCPU, from the
	// User Guide's unlimited-mode example; the example the warning prices.
	t3LargeBaseline = 0.30
)

// burstable reports whether instance type name is of a family that
// launches in unlimited mode by default.
func burstable(name string) bool {
	fam, _, _ := strings.Cut(name, ".")
	return fam == "t3" || fam == "t3a" || fam == "t4g"
}

// burstableWarning is the warning for the burstable types the node pools
// may launch, or "" when there are none. A Karpenter pool without a list
// may launch any type of the catalogue, t3 included.
func (c *Config) burstableWarning() string {
	var names []string
	add := func(n string) {
		if burstable(n) && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	listed, any := c.NodeTypes()
	for _, n := range listed {
		add(n)
	}
	if any {
		for _, t := range append(slices.Clone(c.InstanceTypes), model.Catalogue()...) {
			add(t.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	t := model.InstanceType{Name: "t3.large", VCPU: 2}
	most := float64(t.VCPU) * (1 - t3LargeBaseline) * surplusVCPUHourUSD
	return fmt.Sprintf("kubernetes: the node pools may launch %s, which launch in unlimited mode: CPU use above the type's baseline is charged for surplus credits at $%.2f per vCPU-hour (Linux), which execsim does not bill, so these nodes' cost is a lower bound; a t3.large (baseline 30 %% per vCPU) busy on both vCPUs pays up to $%.2f/h more (in AWS, creditSpecification: standard avoids the charge and caps the CPU at the baseline instead)",
		strings.Join(names, ", "), surplusVCPUHourUSD, most)
}
