package scenario_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/execsim/execsim/scenarios/platform/platformtest"
	"github.com/execsim/execsim/scenarios/scenario"
)

// The plan's description is bounded: each list (services, functions,
// Deployments) shows its first DescribeListMax entries and counts the
// rest, so its size does not grow with the fleet (hostile #5: 100,000
// services took 5.7 GB and crashed validate); DescribeAll lists all.
func TestDescribeIsBounded(t *testing.T) {
	src := func(n int) string {
		return fmt.Sprintf("name: f\nduration: 1m\nfleet:\n  generate: {count: %d, rate: '0.01', shapes: {steady: 1}, work: {cpu: 'exp(mean=5ms)'}}\nlambda: {}\nkubernetes: {}\n", n)
	}
	size := map[int]int{}
	for _, n := range []int{scenario.DescribeListMax, scenario.DescribeListMax + 1, 1000} {
		plan := platformtest.Plan(t, src(n))
		d := plan.Describe()
		size[n] = len(d)
		more := n - scenario.DescribeListMax
		for _, what := range []string{"services", "functions", "deployments"} {
			line := fmt.Sprintf("- … %d more %s omitted (execsim validate --all lists every one)\n", more, what)
			if got := strings.Contains(d, line); got != (more > 0) {
				t.Errorf("%d services: Describe has %q: %t; want %t", n, line, got, more > 0)
			}
		}
		all := plan.DescribeAll()
		if strings.Contains(all, "omitted") || !strings.Contains(all, fmt.Sprintf("svc-%03d", n-1)) {
			t.Errorf("%d services: DescribeAll cuts a list or lacks the last service", n)
		}
	}
	// 899 more services change one number per list, not the size
	if d := size[1000] - size[scenario.DescribeListMax+1]; d < 0 || d > 10 {
		t.Errorf("Describe is %d bytes for 1000 services, %d for %d; want the same size within a few digits",
			size[1000], size[scenario.DescribeListMax+1], scenario.DescribeListMax+1)
	}
}
