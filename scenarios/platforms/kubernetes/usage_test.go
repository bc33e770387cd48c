package kubernetes

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	model "github.com/execsim/execsim/models/kubernetes"
	"github.com/execsim/execsim/scenarios/platform"
)

// Pod starts are their own field: the findings, the summary row and the
// per-deployment table read them, not cold_starts (requests that waited
// for a new pod).
func TestPodStartsAreTheirOwnField(t *testing.T) {
	x := &Extra{PeakPods: 6, PeakNodes: 2, PodStarts: 4, Deployments: []DeploymentSummary{
		{Name: "api", Outcomes: platform.Outcomes{Completed: 10, ColdStarts: 0}, PodStarts: 3},
		{Name: "web", Outcomes: platform.Outcomes{Completed: 5, ColdStarts: 0}, PodStarts: 1},
	}}
	e := &platform.Entry{Outcomes: platform.Outcomes{Completed: 15}, Extra: x}
	if _, s := New().Findings(e, 15); !strings.Contains(s, "started 4 pods") {
		t.Errorf("Findings = %q; want it to say the 4 pods started", s)
	}
	if !slices.Contains(x.Rows(), [2]string{"pod starts", "4"}) {
		t.Errorf("Rows() = %v; want a pod starts row of 4", x.Rows())
	}
	_, rows := x.Units()
	cold, pods := slices.Index(rows[0], "cold starts"), slices.Index(rows[0], "pod starts")
	if cold < 0 || pods < 0 || rows[1][cold] != "0" || rows[1][pods] != "3" {
		t.Errorf("Units() = %v; want api with 0 cold starts and 3 pod starts", rows)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"cold_starts":0,`) || !strings.Contains(string(b), `"pod_starts":4,`) {
		t.Errorf("summary entry %s; want cold_starts 0 and pod_starts 4", b)
	}
}

// A failed request in a run that loses a zone is tied to the zone; without
// a zone failure the platform says nothing of its own.
func TestFailureCauseNamesTheLostZone(t *testing.T) {
	x := &Extra{ZoneFailures: []ZoneFailure{{Zone: "us-east-1b", AtS: 600}}}
	if got, want := x.FailureCause(), "lost or timed out with the failure of zone us-east-1b at 0:10:00"; got != want {
		t.Errorf("FailureCause = %q; want %q", got, want)
	}
	if got := (&Extra{}).FailureCause(); got != "" {
		t.Errorf("without a zone failure: %q", got)
	}
}

// One pod or node is singular in the capacity clause (walk report 12:
// "and started 1 pods").
func TestFindingsCountOneInTheSingular(t *testing.T) {
	for _, tc := range []struct {
		x    Extra
		want string
	}{
		{Extra{PeakPods: 1, PeakNodes: 1, PodStarts: 1}, "Kubernetes peaked at 1 ready pod on 1 node (mean 0.0 pods, 0.0 nodes) and started 1 pod during the run"},
		{Extra{PeakPods: 2, PeakNodes: 3, PodStarts: 2}, "Kubernetes peaked at 2 ready pods on 3 nodes (mean 0.0 pods, 0.0 nodes) and started 2 pods during the run"},
	} {
		if _, s := New().Findings(&platform.Entry{Extra: &tc.x}, 15); s != tc.want {
			t.Errorf("Findings(%+v) = %q; want %q", tc.x, s, tc.want)
		}
	}
}

// The cause of rejections: full queues, no pod receiving traffic, or both
// (walk report 5: replicas: 0 read "full queues").
func TestRejectionCause(t *testing.T) {
	for _, tc := range []struct {
		share float64
		want  string
	}{
		{0, "full queues"},
		{1, "no pod was ready to take them"},
		{0.25, "full queues, and no pod ready to take 25.00 % of them"},
	} {
		if got := (&Extra{NoPodShare: tc.share}).RejectionCause(); got != tc.want {
			t.Errorf("RejectionCause(share %v) = %q; want %q", tc.share, got, tc.want)
		}
	}
}

// A deployment that completed no request has no latency and one with no
// request no refused share: "—", not "0.000 ms" or "0 %" (walk report 5).
func TestUnitsOfAnIdleDeployment(t *testing.T) {
	x := &Extra{Deployments: []DeploymentSummary{
		{Name: "busy", Outcomes: platform.Outcomes{Completed: 10}, LatencyMs: platform.Latency{P50: 20, P99: 90, Max: 120}},
		{Name: "idle"},
		{Name: "down", Outcomes: platform.Outcomes{Rejected: 5}},
	}}
	_, rows := x.Units()
	col := func(name string) int { return slices.Index(rows[0], name) }
	for _, tc := range []struct {
		row          int
		refused, p99 string
	}{{1, "0.00 %", "90.0 ms"}, {2, "—", "—"}, {3, "100.00 %", "—"}} {
		r := rows[tc.row]
		if r[col("refused")] != tc.refused || r[col("p99")] != tc.p99 || (tc.p99 == "—" && (r[col("p50")] != "—" || r[col("max")] != "—")) {
			t.Errorf("%s: refused %q p50 %q p99 %q max %q; want refused %q and latency %q", r[0], r[col("refused")], r[col("p50")], r[col("p99")], r[col("max")], tc.refused, tc.p99)
		}
	}
}

// Pods still Pending at the run's end that no node was coming for are
// told, with how long the oldest waited; pods waiting for a scale-up the
// run ended in (nodes launching for them, or too new for the autoscaler)
// are not: a run cut during the builtin spike's surge warned "9 pods were
// still Pending … the oldest for 58.891411193 s: no node took them … add
// nodes" with nodes on their way and maxNodes far off (rev12b).
func TestRunWarningsStillPending(t *testing.T) {
	for _, tc := range []struct {
		pending, stranded int
		longest           time.Duration
		want              string
	}{
		{0, 0, 0, ""},
		{9, 0, 59 * time.Second, ""},
		{74, 74, 30 * time.Minute, "kubernetes: 74 pods were still Pending at the run's end, the oldest for 30 min: no node took them and none was launching for them"},
		{3, 1, 90 * time.Second, "kubernetes: 1 pod was still Pending at the run's end, the oldest for 1 min 30 s: no node took it and none was launching for it, so its deployment ran short"},
		// rounded by format.RunLength to the millisecond, as every length
		// of run (it rounded itself to tenths before RunLength did)
		{1, 1, 58891411193, "the oldest for 58.891 s:"},
	} {
		us := &usage{u: model.Usage{StillPending: tc.pending, LongestPending: tc.longest, Stranded: tc.stranded, LongestStranded: tc.longest}}
		got := strings.Join(us.RunWarnings(), "; ")
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%d pending, %d stranded: RunWarnings = %q; want %q", tc.pending, tc.stranded, got, tc.want)
		}
	}
}
