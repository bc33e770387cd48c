package kubernetes

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/models"
)

// InstanceType is one EC2 worker node type: its size, its on-demand price
// and its pod limit, with where each number comes from.
type InstanceType struct {
	Name      string
	Arch      string // x86_64 | arm64
	VCPU      int
	MemoryGiB float64
	// PriceUSDPerHour is the Linux on-demand price: the catalogue's
	// us-east-1 list price, or what Config.NodePrices says the bill charges.
	PriceUSDPerHour float64
	// SpotPriceUSDPerHour is the spot price from Config.NodePrices; 0 (not
	// known) ranks spot pools by PriceUSDPerHour.
	SpotPriceUSDPerHour float64
	// ENIs and IPv4PerENI give the VPC CNI pod limit when MaxPods is 0.
	ENIs       int
	IPv4PerENI int
	// MaxPods overrides the VPC CNI formula (e.g. with prefix delegation).
	MaxPods int
	// KubeletMemoryKi is the memory capacity the kubelet reported for a
	// node of this type, where one was measured; 0 estimates it
	// (CapacityMemoryMiB).
	KubeletMemoryKi int64
	Source          string
	Date            string
}

// HourUSD is the hourly price of a node of type t bought as capacity c:
// the price Karpenter ranks the pool's types by.
func (t *InstanceType) HourUSD(c models.Capacity) float64 {
	if c == models.Spot && t.SpotPriceUSDPerHour > 0 {
		return t.SpotPriceUSDPerHour
	}
	return t.PriceUSDPerHour
}

// NodePrice is what the bill charges for one node-hour of an instance type,
// on-demand and spot.
type NodePrice struct {
	Type               string
	OnDemandUSDPerHour float64
	SpotUSDPerHour     float64
}

// DefaultMaxPods is the kubelet's maxPods when the instance type's network
// limits are unknown (kubelet config defaults).
const DefaultMaxPods = 110

// PodLimit is the kubelet's maxPods for the type: MaxPods when set, else the
// VPC CNI formula ENIs × (IPv4 per ENI − 1) + 2, without prefix delegation
// (awslabs/amazon-eks-ami nodeadm eni_max_pods.go, calculateStandardMaxPods;
// aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt), else 110.
func (t *InstanceType) PodLimit() int {
	switch {
	case t.MaxPods > 0:
		return t.MaxPods
	case t.ENIs > 0 && t.IPv4PerENI > 1:
		return t.ENIs*(t.IPv4PerENI-1) + 2
	}
	return DefaultMaxPods
}

// Resources is an amount of CPU, memory and pod slots.
type Resources struct {
	CPUMilli  int64
	MemoryMiB int64
	Pods      int
}

// KubeReservedCPUMilli is the EKS AMI's kubeReserved CPU for a node of vcpu
// cores: 6 % of the first core, 1 % of the second, 0.5 % of cores 3–4 and
// 0.25 % of the rest, each range truncated to whole millicores
// (awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go,
// getCPUMillicoresToReserve and getResourceToReserveInRange; the same ranges
// in the older bootstrap.sh).
func KubeReservedCPUMilli(vcpu int) int64 {
	total := int64(vcpu) * 1000
	ranges := [...]int64{0, 1000, 2000, 4000, total}
	perTenThousand := [...]int64{600, 100, 50, 25}
	var reserved int64
	for i, pct := range perTenThousand {
		start, end := ranges[i], ranges[i+1]
		if total <= start {
			continue
		}
		top := min(total, end)
		reserved += (top - start) * pct / 10000
	}
	return reserved
}

// KubeReservedMemoryMiB is the EKS AMI's kubeReserved memory: 11 MiB per pod
// of maxPods plus 255 MiB (nodeadm/internal/kubelet/config.go,
// getMemoryMebibytesToReserve).
func KubeReservedMemoryMiB(maxPods int) int64 { return 11*int64(maxPods) + 255 }

// VMMemoryOverheadPerMille is the share of an instance's nominal memory
// that the kubelet does not see (hypervisor, kernel, firmware), in tenths of
// a percent: Karpenter's VM_MEMORY_OVERHEAD_PERCENT default 0.075
// (aws/karpenter-provider-aws pkg/operator/options/options.go; kubernetes.md
// A.5.2). Karpenter's maintainers chose it so that it does not overestimate
// the capacity of known type and AMI pairs (aws/karpenter-provider-aws
// #7929), so it errs a little low: an m5.large measured 6.2 %.
const VMMemoryOverheadPerMille = 75

// GravitonCMAMiB is the memory arm64 (Graviton) instances reserve for the
// kernel's contiguous memory allocator, which the kubelet does not see
// (Karpenter subtracts it before the overhead: aws/karpenter-provider-aws
// pkg/providers/instancetype/types.go, memory).
const GravitonCMAMiB = 64

// CapacityMemoryMiB is the node's memory capacity as the kubelet reports
// it, below the nominal GiB EC2 sells (kubernetes.md A.6). A measured value
// (KubeletMemoryKi, whole MiB) wins; else it is estimated as Karpenter does
// before it has seen a node of the type: nominal MiB, less 64 MiB on arm64,
// less VMMemoryOverheadPerMille of that, rounded up to a whole MiB
// (types.go memory; ceil as there).
func (t *InstanceType) CapacityMemoryMiB() int64 {
	if t.KubeletMemoryKi > 0 {
		return t.KubeletMemoryKi / 1024
	}
	mib := int64(t.MemoryGiB * 1024)
	if t.Arch == "arm64" {
		mib -= GravitonCMAMiB
	}
	// integer ceiling, so that a product that should be whole is not
	// rounded up by a float's last bit
	return mib - (mib*VMMemoryOverheadPerMille+999)/1000
}

// NodeAllocatable is what the kubelet offers to pods on a node of type t:
// capacity (CapacityMemoryMiB) − kubeReserved (EKS formula; systemReserved
// is not set) − the memory.available hard eviction threshold. Pods is
// maxPods.
func NodeAllocatable(t *InstanceType, evictionHardMiB int64) Resources {
	maxPods := t.PodLimit()
	return Resources{
		CPUMilli:  int64(t.VCPU)*1000 - KubeReservedCPUMilli(t.VCPU),
		MemoryMiB: t.CapacityMemoryMiB() - KubeReservedMemoryMiB(maxPods) - evictionHardMiB,
		Pods:      maxPods,
	}
}

// UserAllocatable is what is left for workload pods once every DaemonSet
// has its pod on the node: NodeAllocatable minus the DaemonSets' requests and
// one pod slot each.
func UserAllocatable(t *InstanceType, evictionHardMiB int64, ds []DaemonSet) Resources {
	r := NodeAllocatable(t, evictionHardMiB)
	for _, d := range ds {
		r.CPUMilli -= d.CPUMilli
		r.MemoryMiB -= d.MemoryMiB
		r.Pods--
	}
	return r
}

//go:embed instances.csv
var instancesCSV []byte

// catalogue is the embedded instance table, sorted by name.
var catalogue = mustParseCatalogue(instancesCSV)

// Catalogue returns a copy of the embedded instance types, sorted by name.
func Catalogue() []InstanceType { return slices.Clone(catalogue) }

func mustParseCatalogue(b []byte) []InstanceType {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		panic("kubernetes: instances.csv: " + err.Error())
	}
	want := "type,arch,vcpu,memoryGiB,priceUSDPerHour,enis,ipv4PerENI,kubeletMemoryKi,source,date"
	if len(rows) == 0 || strings.Join(rows[0], ",") != want {
		panic("kubernetes: instances.csv: header must be " + want)
	}
	var out []InstanceType
	for i, r := range rows[1:] {
		num := func(col int) float64 {
			v, err := strconv.ParseFloat(r[col], 64)
			if err != nil {
				panic(fmt.Sprintf("kubernetes: instances.csv line %d: %v", i+2, err))
			}
			return v
		}
		var ki int64 // empty: not measured
		if r[7] != "" {
			ki = int64(num(7))
		}
		out = append(out, InstanceType{
			Name: r[0], Arch: r[1], VCPU: int(num(2)), MemoryGiB: num(3), PriceUSDPerHour: num(4),
			ENIs: int(num(5)), IPv4PerENI: int(num(6)), KubeletMemoryKi: ki, Source: r[8], Date: r[9],
		})
	}
	slices.SortFunc(out, func(a, b InstanceType) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// typeTable is the catalogue merged with a config's custom types (a custom
// type replaces a catalogue entry of the same name), sorted by name, each
// at the price the bill charges for it where prices gives one (a price for
// a type the table lacks is ignored).
type typeTable []InstanceType

func newTypeTable(custom []InstanceType, prices []NodePrice) typeTable {
	t := typeTable(slices.Clone(catalogue))
	for _, c := range custom {
		if i := t.index(c.Name); i >= 0 {
			t[i] = c
		} else {
			t = append(t, c)
		}
	}
	slices.SortFunc(t, func(a, b InstanceType) int { return strings.Compare(a.Name, b.Name) })
	for _, np := range prices {
		if i := t.index(np.Type); i >= 0 {
			t[i].PriceUSDPerHour = np.OnDemandUSDPerHour
			t[i].SpotPriceUSDPerHour = np.SpotUSDPerHour
		}
	}
	return t
}

func (t typeTable) index(name string) int {
	for i := range t {
		if t[i].Name == name {
			return i
		}
	}
	return -1
}

func (t typeTable) names() string {
	n := make([]string, len(t))
	for i := range t {
		n[i] = t[i].Name
	}
	return strings.Join(n, ", ")
}
