package kubernetes

import "testing"

func TestKubeReservedCPU(t *testing.T) {
	// kubernetes.md A.6: 2 vCPU 70m, 4: 80m, 8: 90m, 16: 110m, 32: 150m.
	for _, tc := range []struct {
		vcpu int
		want int64
	}{{1, 60}, {2, 70}, {4, 80}, {8, 90}, {16, 110}, {32, 150}, {96, 310}} {
		if got := KubeReservedCPUMilli(tc.vcpu); got != tc.want {
			t.Errorf("KubeReservedCPUMilli(%d) = %d; want %d", tc.vcpu, got, tc.want)
		}
	}
}

func TestCatalogue(t *testing.T) {
	types := newTypeTable(nil, nil)
	for _, fam := range []string{"m5", "m6i", "m7i", "m7g", "c7g"} {
		for _, size := range []string{"large", "xlarge", "2xlarge"} {
			name := fam + "." + size
			i := types.index(name)
			if i < 0 {
				t.Errorf("%s missing from the catalogue", name)
				continue
			}
			it := types[i]
			if it.VCPU < 2 || it.MemoryGiB < 4 || it.PriceUSDPerHour <= 0 || it.Source == "" || it.Date == "" {
				t.Errorf("%s = %+v; want size, price, source and date", name, it)
			}
		}
	}
	// lambda-and-prices.md §4.3 and kubernetes.md A.6.
	for _, tc := range []struct {
		name    string
		price   float64
		maxPods int
		memMiB  int64 // kubeReserved memory
	}{
		{"m5.large", 0.096, 29, 574}, {"m6i.large", 0.096, 29, 574}, {"m7i.large", 0.1008, 29, 574},
		{"m7g.large", 0.0816, 29, 574}, {"c7g.large", 0.0725, 29, 574}, {"m6i.xlarge", 0.192, 58, 893},
		{"m6i.2xlarge", 0.384, 58, 893}, {"t3.medium", 0.0416, 17, 442}, {"m5.4xlarge", 0.768, 234, 2829},
	} {
		it := types[types.index(tc.name)]
		if it.PriceUSDPerHour != tc.price || it.PodLimit() != tc.maxPods || KubeReservedMemoryMiB(it.PodLimit()) != tc.memMiB {
			t.Errorf("%s: price %v maxPods %d reserved %d MiB; want %v, %d, %d",
				tc.name, it.PriceUSDPerHour, it.PodLimit(), KubeReservedMemoryMiB(it.PodLimit()), tc.price, tc.maxPods, tc.memMiB)
		}
	}
}

// m5.large by hand: 2 vCPU, 8 GiB, 3 ENIs × 10 IPv4 → maxPods 3·9+2 = 29.
// CPU: 2000 − (60 + 10) = 1930m; memory: the measured capacity 7,867,456 Ki
// = 7683 MiB − (11·29 + 255 = 574) − 100 = 7009 MiB. With the default
// DaemonSets (aws-node 50m, kube-proxy 100m): 1780m, 7009 MiB and 27 pod
// slots for workload pods.
func TestAllocatableM5Large(t *testing.T) {
	types := newTypeTable(nil, nil)
	it := &types[types.index("m5.large")]
	if got, want := NodeAllocatable(it, 100), (Resources{CPUMilli: 1930, MemoryMiB: 7009, Pods: 29}); got != want {
		t.Errorf("NodeAllocatable(m5.large) = %+v; want %+v", got, want)
	}
	ds := DefaultConfig().DaemonSets
	if got, want := UserAllocatable(it, 100, ds), (Resources{CPUMilli: 1780, MemoryMiB: 7009, Pods: 27}); got != want {
		t.Errorf("UserAllocatable(m5.large) = %+v; want %+v", got, want)
	}
	// a custom type without a measurement: 16384 − ⌈16384 × 0.075⌉ = 15155
	custom := InstanceType{Name: "x1.custom", VCPU: 4, MemoryGiB: 16, PriceUSDPerHour: 0.2, MaxPods: 50}
	tt := newTypeTable([]InstanceType{custom}, nil)
	if got, want := NodeAllocatable(&tt[tt.index("x1.custom")], 100), (Resources{CPUMilli: 3920, MemoryMiB: 15155 - 805 - 100, Pods: 50}); got != want {
		t.Errorf("NodeAllocatable(custom) = %+v; want %+v", got, want)
	}
}

// The kubelet sees less memory than EC2's nominal GiB: a measured capacity
// where instances.csv has one, else Karpenter's estimate (64 MiB less on
// arm64, then 7.5 % less, rounded up). costrev's m6i.large: 8192 − 615 =
// 7577 MiB capacity, 7577 − 574 − 100 = 6903 MiB allocatable (was 7518).
func TestCapacityMemory(t *testing.T) {
	types := newTypeTable(nil, nil)
	for _, tc := range []struct {
		name        string
		capacity    int64
		allocatable int64
	}{
		{"m5.large", 7683, 7009},                    // 7,867,456 Ki measured (amazon-vpc-cni-k8s#148)
		{"m6i.large", 8192 - 615, 8192 - 615 - 674}, // ⌈614.4⌉
		{"m6i.xlarge", 16384 - 1229, 16384 - 1229 - 993},
		{"m7g.large", 8128 - 610, 8128 - 610 - 674}, // arm64: 64 MiB CMA, then ⌈609.6⌉
		{"c7g.large", 4032 - 303, 4032 - 303 - 674}, // ⌈302.4⌉
		{"t3.medium", 4096 - 308, 4096 - 308 - 542}, // ⌈307.2⌉; 17 pods: 442 + 100
		{"m5.4xlarge", 65536 - 4916, 65536 - 4916 - 2929},
	} {
		it := &types[types.index(tc.name)]
		if got := it.CapacityMemoryMiB(); got != tc.capacity {
			t.Errorf("%s: CapacityMemoryMiB() = %d; want %d", tc.name, got, tc.capacity)
		}
		if got := NodeAllocatable(it, 100).MemoryMiB; got != tc.allocatable {
			t.Errorf("%s: allocatable memory %d MiB; want %d", tc.name, got, tc.allocatable)
		}
	}
	// the integer ceiling: 4000 × 0.075 is exactly 300, not 301
	if got := (&InstanceType{MemoryGiB: 4000.0 / 1024}).CapacityMemoryMiB(); got != 3700 {
		t.Errorf("CapacityMemoryMiB(4000 MiB) = %d; want 3700", got)
	}
	if got := (&InstanceType{MemoryGiB: 8, KubeletMemoryKi: 8000000}).CapacityMemoryMiB(); got != 7812 {
		t.Errorf("CapacityMemoryMiB(measured 8,000,000 Ki) = %d; want 7812", got)
	}
}
