package kubernetes_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/models"
	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/platforms"
	k8s "github.com/execsim/execsim/scenarios/platforms/kubernetes"
	"github.com/execsim/execsim/scenarios/scenario"
)

const base = `name: k
seed: 1
duration: 1m
workload:
  arrivals: {process: poisson, ratePerSecond: 10}
  work: {cpu: "10ms", io: "10ms"}
kubernetes:
  replicas: 2
`

// hpa.metricWindow: the adapter's rate window for rps and inflight,
// 5m unless set, reported by validate, and checked with every other
// problem at once.
func TestHPAMetricWindow(t *testing.T) {
	for _, tc := range []struct {
		name   string
		hpa    string
		window time.Duration // compiled, when valid
		want   []string      // problems, all reported together
	}{
		{"default", "{metric: rps, targetAverageValue: 50}", model.DefaultMetricWindow, nil},
		{"set", "{metric: inflight, targetAverageValue: 5, metricWindow: 2m}", 2 * time.Minute, nil},
		{"zero", "{metric: rps, targetAverageValue: 50, metricWindow: 0s}", 0,
			[]string{"kubernetes.hpa.metricWindow: must be greater than 0s and at most 1h0m0s (got 0s)"}},
		{"with other problems", "{metric: rps, minReplicas: 5, maxReplicas: 2, metricWindow: 2h}", 0,
			[]string{"kubernetes.hpa.metricWindow: must be greater than 0s and at most 1h0m0s (got 2h0m0s)",
				"kubernetes.hpa.maxReplicas: must be ≥ minReplicas (got 2 < 5)",
				"kubernetes.hpa.targetAverageValue: must be positive (got 0)"}},
		{"on a cpu metric", "{metric: cpu, metricWindow: 1m}", 0,
			[]string{"kubernetes.hpa.metricWindow: only for metric: rps or inflight (cpu comes from metrics-server's scrapes) (got 1m0s)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := scenario.Parse([]byte(base+"  hpa: "+tc.hpa+"\n"), nil, platforms.Default())
			if tc.want != nil {
				for _, w := range tc.want {
					if err == nil || !strings.Contains(err.Error(), w) {
						t.Errorf("Parse() = %v; want a problem %q", err, w)
					}
				}
				var fe *models.FieldError
				if !errors.As(err, &fe) {
					t.Errorf("Parse() = %v; want FieldErrors", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse() = %v", err)
			}
			cfg := plan.Platforms[0].Config.(*k8s.Config)
			if got := cfg.Deployments[0].HPAMetricWindow; got != tc.window {
				t.Errorf("hpa.metricWindow compiled to %v; want %v", got, tc.window)
			}
			out := plan.Describe()
			if w := "metricWindow: " + tc.window.String(); !strings.Contains(out, w) {
				t.Errorf("Describe() =\n%s\nwant it to show %q", out, w)
			}
		})
	}
}

// cpuSharing: shares unless set, isolated on request, reported by validate;
// a bad value names the field, the value and what is allowed.
func TestCPUSharing(t *testing.T) {
	for _, tc := range []struct {
		set      string // the cpuSharing: line, if any
		want     model.CPUSharing
		describe string
		problem  string
	}{
		{"", model.Shares, "cpuSharing: shares (busy pods divide the node CPU", ""},
		{"  cpuSharing: isolated\n", model.Isolated, "cpuSharing: isolated (each running pod has a fixed part", ""},
		{"  cpuSharing: Shares\n", model.Shares, "cpuSharing: shares", ""},
		{"  cpuSharing: fair\n", 0, "", `kubernetes.cpuSharing: unknown CPU sharing "fair" (allowed: shares, isolated)`},
	} {
		t.Run(tc.set, func(t *testing.T) {
			plan, err := scenario.Parse([]byte(base+tc.set), nil, platforms.Default())
			if tc.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tc.problem) {
					t.Errorf("Parse() = %v; want a problem %q", err, tc.problem)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse() = %v", err)
			}
			if got := plan.Platforms[0].Config.(*k8s.Config).CPUSharing; got != tc.want {
				t.Errorf("cpuSharing compiled to %v; want %v", got, tc.want)
			}
			if out := plan.Describe(); !strings.Contains(out, tc.describe) {
				t.Errorf("Describe() =\n%s\nwant it to show %q", out, tc.describe)
			}
		})
	}
}

// The special values of queue and timeout say what they mean where
// validate shows them (walk4), and ordinary values carry no comment.
func TestDescribeSaysUnboundedAndNone(t *testing.T) {
	for _, tc := range []struct {
		set  string
		want []string
		not  []string
	}{
		{"  queue: -1\n  timeout: 0s\n", []string{"queue: -1 # unbounded", "timeout: 0s # none: a request waits as long as it takes"}, nil},
		{"  queue: 5\n  timeout: 2s\n", []string{"queue: 5\n", "timeout: 2s\n"}, []string{"unbounded", "none: a request"}},
	} {
		plan, err := scenario.Parse([]byte(base+tc.set), nil, platforms.Default())
		if err != nil {
			t.Fatal(err)
		}
		out := plan.Describe()
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: Describe() =\n%s\nwant %q", tc.set, out, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(out, w) {
				t.Errorf("%q: Describe() says %q", tc.set, w)
			}
		}
	}
}

// validate prints every setting of the kubernetes section and of its
// deployments: each key appears in Describe, but those shown only when
// given or in another's place.
func TestDescribeShowsEverySectionKey(t *testing.T) {
	plan, err := scenario.Parse([]byte(base), nil, platforms.Default())
	if err != nil {
		t.Fatal(err)
	}
	out := plan.Describe()
	elsewhere := map[string]string{
		"instanceTypes":     "custom types: under allocatable, and each pool's instanceTypes",
		"azFailure":         "shown when given",
		"azFailures":        "shown as azFailure, one per failure, when given",
		"clusterAutoscaler": "shown with nodeAutoscaler: cluster-autoscaler",
		"karpenter":         "shown with nodeAutoscaler: karpenter",
		"hpa":               "shown when given",
		"cpuLimitMilli":     "shown, with what none means",
		"albRegistration":   "shown with ALB routing",
		"manifests":         "shown when given; their settings are the deployments'",
	}
	for _, typ := range []reflect.Type{reflect.TypeOf(k8s.Section{}), reflect.TypeOf(k8s.Deployment{})} {
		for i := range typ.NumField() {
			key, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
			if key == "" || elsewhere[key] != "" {
				continue
			}
			if !strings.Contains(out, " "+key+":") {
				t.Errorf("Describe() =\n%s\nwant it to show %s", out, key)
			}
		}
	}
}

// A Deployment with replicas: 0 and no HPA serves nothing: the plan warns
// that every request to it will be rejected. With an HPA, or replicas, it
// says nothing.
func TestReplicasZeroWarns(t *testing.T) {
	const scaled = `name: k
seed: 1
duration: 1m
workload:
  arrivals: {process: poisson, ratePerSecond: 10}
  work: {cpu: "10ms"}
kubernetes:
`
	for _, tc := range []struct {
		name, section string
		warn          bool
	}{
		{"replicas 0, no hpa", "  replicas: 0\n", true},
		{"replicas 0 with an hpa", "  replicas: 0\n  hpa: {metric: cpu, minReplicas: 1, maxReplicas: 3}\n", false},
		{"replicas 2", "  replicas: 2\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := scenario.Parse([]byte(scaled+tc.section), nil, platforms.Default())
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, w := range plan.Warnings {
				if strings.Contains(w, "replicas: 0 and no HPA") && strings.Contains(w, "every request to it will be rejected") {
					found = true
				}
			}
			if found != tc.warn {
				t.Errorf("warnings %q; want the replicas: 0 warning: %v", plan.Warnings, tc.warn)
			}
		})
	}
}

// No node and no node autoscaler: every request is rejected, and the
// plan warns as it does for replicas: 0 (hostile #11); an autoscaler that
// can add nodes, or a node, says nothing.
func TestNoNodesWarns(t *testing.T) {
	const head = "name: k\nduration: 1m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 10}\n  work: {cpu: \"10ms\"}\nkubernetes:\n"
	for _, tc := range []struct {
		name, section string
		warn          bool
	}{
		{"no node, no autoscaler", "  nodeAutoscaler: none\n  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 0}]\n", true},
		{"a node, no autoscaler", "  nodeAutoscaler: none\n  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 1}]\n", false},
		{"no node, an autoscaler", "  nodeAutoscaler: cluster-autoscaler\n  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 0, minNodes: 0, maxNodes: 3}]\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := scenario.Parse([]byte(head+tc.section), nil, platforms.Default())
			if err != nil {
				t.Fatal(err)
			}
			found := slices.ContainsFunc(plan.Warnings, func(w string) bool {
				return strings.Contains(w, "start with no node and nodeAutoscaler is none") && strings.Contains(w, "every request will be rejected")
			})
			if found != tc.warn {
				t.Errorf("warnings %q; want the no-node warning: %v", plan.Warnings, tc.warn)
			}
		})
	}
}

// A name given twice in instanceTypes: or daemonSets: is refused (hostile
// #16: the first type was used silently, both DaemonSets were counted).
func TestDuplicateNames(t *testing.T) {
	const head = "name: k\nduration: 1m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 10}\n  work: {cpu: \"10ms\"}\nkubernetes:\n"
	for _, tc := range []struct{ name, section, want string }{
		{"instance types", "  instanceTypes: [{name: x, vcpu: 2, memoryGiB: 8, priceUSDPerHour: 0.1}, {name: x, vcpu: 64, memoryGiB: 256, priceUSDPerHour: 1}]\n  nodePools: [{name: p, instanceTypes: [x], nodes: 1}]\n",
			"kubernetes.instanceTypes[1].name: instanceTypes[0] already defines this type; the second would never be used (got x)"},
		{"daemonSets", "  daemonSets: [{name: agent, cpuMilli: 100}, {name: agent, cpuMilli: 200}]\n",
			"kubernetes.daemonSets[1].name: daemonSets[0] already has this name; both would be counted on every node (got agent)"},
		// hostile #14: an empty list became the three default zones
		{"zones written empty", "  zones: []\n", "kubernetes.zones: give at least one zone, or leave zones: out for the default us-east-1a, us-east-1b, us-east-1c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(head+tc.section), nil, platforms.Default())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
}

// A node pool's name is a NodePool's and a node group's: a DNS-1123
// label, or refused with its path, the name and the rule.
func TestNodePoolNames(t *testing.T) {
	const head = "name: k\nduration: 1m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 10}\n  work: {cpu: \"10ms\"}\nkubernetes:\n  nodePools:\n"
	for _, tc := range []struct{ name, pools, want string }{
		{"lower case and dashes", "    - {name: general-2, instanceTypes: [m6i.large], nodes: 1}\n", ""},
		{"no name", "    - {instanceTypes: [m6i.large], nodes: 1}\n", ""},
		{"a space", "    - {name: ok, instanceTypes: [m6i.large], nodes: 1}\n    - {name: GPU pool, instanceTypes: [m6i.large], nodes: 1}\n",
			"kubernetes.nodePools[1].name: a node pool's name is a Karpenter NodePool's and a node group's name, and a node label's value: a lowercase RFC 1123 label must consist of"},
		{"an underscore", "    - {name: batch_pool, instanceTypes: [m6i.large], nodes: 1}\n", "kubernetes.nodePools[0].name: a node pool's name is"},
		{"capitals", "    - {name: Batch, instanceTypes: [m6i.large], nodes: 1}\n", "(got Batch)"},
		{"a dot", "    - {name: a.b, instanceTypes: [m6i.large], nodes: 1}\n", "(got a.b)"},
		{"too long", "    - {name: " + strings.Repeat("p", 64) + ", instanceTypes: [m6i.large], nodes: 1}\n", "must be no more than 63 characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(head+tc.pools), nil, platforms.Default())
			if tc.want == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
}

// replicas below the HPA's minReplicas: the plan says the run starts at
// minReplicas, as the model does, not only the replicas written.
func TestReplicasBelowMinReplicasDescribed(t *testing.T) {
	plan, err := scenario.Parse([]byte(base+"  hpa: {metric: cpu, minReplicas: 4, maxReplicas: 8}\n"), nil, platforms.Default())
	if err != nil {
		t.Fatal(err)
	}
	out := plan.Describe()
	if w := "replicas: 2 # the run starts with 4 pods: the HPA's minReplicas..maxReplicas is 4..8"; !strings.Contains(out, w) {
		t.Errorf("Describe() =\n%s\nwant it to show %q", out, w)
	}
	plan, err = scenario.Parse([]byte(base+"  hpa: {metric: cpu, minReplicas: 1, maxReplicas: 8}\n"), nil, platforms.Default())
	if err != nil {
		t.Fatal(err)
	}
	if out := plan.Describe(); strings.Contains(out, "the run starts with") {
		t.Errorf("Describe() =\n%s\nwant no note: replicas 2 is within 1..8", out)
	}
}

// The listing of allocatable capacity prices each type as its pools buy
// it, the price Karpenter ranks by: a spot pool's type at the spot price,
// marked, not at on-demand (review5 minor finding).
func TestDescribePricesSpotPools(t *testing.T) {
	for _, tc := range []struct {
		pools, want string
	}{
		{"[{instanceTypes: [m6i.large], capacity: spot}]", "2 vCPU, 8 GiB, $0.0336/h spot →"},
		{"[{instanceTypes: [m6i.large]}]", "2 vCPU, 8 GiB, $0.096/h →"},
		{"[{name: a, instanceTypes: [m6i.large]}, {name: b, instanceTypes: [m6i.large], capacity: spot}]",
			"2 vCPU, 8 GiB, $0.096/h, $0.0336/h spot →"},
	} {
		plan, err := scenario.Parse([]byte(base+"  nodePools: "+tc.pools+"\n"), nil, platforms.Default())
		if err != nil {
			t.Fatal(err)
		}
		if out := plan.Describe(); !strings.Contains(out, tc.want) {
			t.Errorf("%s: Describe() =\n%s\nwant %q", tc.pools, out, tc.want)
		}
	}
}

// validate names the cluster autoscaler's expander (least-waste, the
// upstream default since 1.33) and how its scale-down counts, and says
// what Karpenter's consolidateAfter counts from.
func TestDescribeNodeAutoscalers(t *testing.T) {
	for _, tc := range []struct {
		set  string
		want []string
	}{
		{"  nodeAutoscaler: cluster-autoscaler\n", []string{"expander least-waste (ties at random)",
			"scale down at or below 0.5 requested for more than 10m0s", "at most 10 nodes deleted at once (maxScaleDownParallelism), one of them drained; a node whose pods found no place rechecked after 5m0s"}},
		{"  nodeAutoscaler: karpenter\n", []string{"0s after a node's last pod event"}},
	} {
		plan, err := scenario.Parse([]byte(base+tc.set), nil, platforms.Default())
		if err != nil {
			t.Fatal(err)
		}
		out := plan.Describe()
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: Describe() =\n%s\nwant %q", tc.set, out, w)
			}
		}
	}
}

// maxScaleDownParallelism caps every deletion of a loop, upstream's
// --max-scale-down-parallelism; maxEmptyBulkDelete, the flag upstream
// deprecated for it, is still read as the same setting with a warning.
// Both written with different values is refused, naming both; a bad value
// is reported under the name that was written.
func TestMaxScaleDownParallelismAlias(t *testing.T) {
	const deprecated = "kubernetes.clusterAutoscaler.maxEmptyBulkDelete is deprecated: write maxScaleDownParallelism"
	for _, tc := range []struct {
		name, ca string
		want     int    // the model's MaxScaleDownParallelism; 0 when refused
		err      string // part of the error, when refused
		warn     bool   // the deprecation warning
	}{
		{"default", "{}", 10, "", false},
		{"new name", "{maxScaleDownParallelism: 3}", 3, "", false},
		{"old name", "{maxEmptyBulkDelete: 4}", 4, "", true},
		{"both, equal", "{maxScaleDownParallelism: 5, maxEmptyBulkDelete: 5}", 5, "", true},
		{"both, different", "{maxScaleDownParallelism: 5, maxEmptyBulkDelete: 7}", 0,
			"kubernetes.clusterAutoscaler.maxEmptyBulkDelete: is the deprecated name of maxScaleDownParallelism, given as 5: give only maxScaleDownParallelism (got 7)", false},
		{"new name zero", "{maxScaleDownParallelism: 0}", 0, "kubernetes.clusterAutoscaler.maxScaleDownParallelism: must be at least 1 (got 0)", false},
		{"old name zero", "{maxEmptyBulkDelete: 0}", 0, "kubernetes.clusterAutoscaler.maxEmptyBulkDelete: must be at least 1 (got 0)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := scenario.Parse([]byte(base+"  nodeAutoscaler: cluster-autoscaler\n  clusterAutoscaler: "+tc.ca+"\n"), nil, platforms.Default())
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, models.ErrInvalid) && !errors.Is(err, models.ErrRange) {
					t.Fatalf("error %v; want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cfg := plan.Platforms[0].Config.(*k8s.Config)
			if got := cfg.Config.ClusterAutoscaler.MaxScaleDownParallelism; got != tc.want {
				t.Errorf("MaxScaleDownParallelism = %d; want %d", got, tc.want)
			}
			warned := slices.ContainsFunc(plan.Warnings, func(w string) bool { return strings.Contains(w, deprecated) })
			if warned != tc.warn {
				t.Errorf("warnings %q; deprecation told %v, want %v", plan.Warnings, warned, tc.warn)
			}
		})
	}
}

// unremovableNodeRecheckTimeout (upstream's --unremovable-node-recheck-timeout)
// is 5m unless set, and not negative.
func TestUnremovableNodeRecheckTimeout(t *testing.T) {
	for _, tc := range []struct {
		ca   string
		want time.Duration
		err  string
	}{
		{"{}", 5 * time.Minute, ""},
		{"{unremovableNodeRecheckTimeout: 2m}", 2 * time.Minute, ""},
		{"{unremovableNodeRecheckTimeout: -1s}", 0, "kubernetes.clusterAutoscaler.unremovableNodeRecheckTimeout: must not be negative (got -1s)"},
	} {
		plan, err := scenario.Parse([]byte(base+"  nodeAutoscaler: cluster-autoscaler\n  clusterAutoscaler: "+tc.ca+"\n"), nil, platforms.Default())
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v; want %q", tc.ca, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := plan.Platforms[0].Config.(*k8s.Config).Config.ClusterAutoscaler.UnremovableNodeRecheckTimeout; got != tc.want {
			t.Errorf("%s: UnremovableNodeRecheckTimeout = %v; want %v", tc.ca, got, tc.want)
		}
	}
}

// Starting nodes that cannot hold the initial replicas' requests: the
// plan says how many pods will wait (2 m6i.large hold 3 pods of 500m
// each, so 14 of 20 wait), that with no node autoscaler they never start,
// and with one suggests warmup: unless it is set (walk11 finding 2).
func TestStartPendingWarns(t *testing.T) {
	const head = "name: k\nduration: 30m\nworkload:\n  arrivals: {process: poisson, ratePerSecond: 10}\n  work: {cpu: \"10ms\"}\nkubernetes:\n  replicas: 20\n  cpuRequestMilli: 500\n"
	const pool = "  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 2, minNodes: 2, maxNodes: 10}]\n"
	for _, tc := range []struct {
		name, section string
		want          []string // phrases of the warning; nil for none
	}{
		{"no autoscaler", pool, []string{"starting nodes (2)", "14 of 20 pods will wait Pending", "with nodeAutoscaler none they never start"}},
		{"cluster autoscaler", pool + "  nodeAutoscaler: cluster-autoscaler\n", []string{"14 of 20 pods", "until the node autoscaler (cluster-autoscaler) adds nodes", "set warmup:"}},
		{"karpenter, warmup set", "  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 2, maxNodes: 10}]\n  nodeAutoscaler: karpenter\nwarmup: 10m\n", []string{"14 of 20 pods", "until the node autoscaler (karpenter) adds nodes", "unless warmup: 10m0s covers"}},
		{"room for all", "  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 7}]\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := scenario.Parse([]byte(head+tc.section), nil, platforms.Default())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range plan.Warnings {
				if strings.Contains(w, "cannot hold the initial replicas") {
					got = append(got, w)
				}
			}
			if tc.want == nil {
				if len(got) > 0 {
					t.Errorf("warnings %q; want no start-up warning", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("warnings %q; want one start-up warning", plan.Warnings)
			}
			for _, w := range tc.want {
				if !strings.Contains(got[0], w) {
					t.Errorf("warning %q; want it to contain %q", got[0], w)
				}
			}
		})
	}
}
