package hpa

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/validation"

	"github.com/google/go-cmp/cmp"

	"github.com/execsim/execsim/sim"
)

// Reconcile tests re-express the controller tests of upstream
// pkg/controller/podautoscaler/horizontal_test.go. Their fake cluster
// (prepareTestClient) builds one pod per CPU request (or statusReplicas pods
// of 1 CPU), each with two containers that split the request and the usage
// in halves, a Ready condition whose transition time is the pod's start
// time, and metrics stamped now with a one-minute window. The controller
// runs with a 2-minute CPU initialisation period, a 10-s readiness delay,
// a 0.1 tolerance and a 5-minute downscale window.
var (
	now  = sim.At(time.Hour)
	hot  = now                       // hotCPUCreationTime
	cool = now.Add(-3 * time.Minute) // coolCPUCreationTime
)

type hpaCase struct {
	name           string // upstream test function
	minRep, maxRep int
	spec, status   int
	metric         MetricTarget
	behavior       *Behavior
	levels         []int64 // per pod: CPU milli-cores or metric milli-units
	requests       []int64 // per pod, milli-cores; nil: status pods of 1000 m
	readiness      []bool
	start          []sim.Time
	phase          []Phase
	deleting       []bool
	recs           []Recommendation // nil: the controller starts with none

	want            int
	wantUtilization int // checked when not zero
	wantLimit       Reason
	wantAble        Reason
	wantErr         error
}

func cpu(percent int) MetricTarget {
	return MetricTarget{Type: CPUUtilization, AverageUtilizationPercent: percent}
}

func qps(milli int64) MetricTarget {
	return MetricTarget{Type: PodsAverageValue, Name: "qps", AverageValueMilli: milli}
}

func testConfig(minRep, maxRep int, m MetricTarget, b *Behavior) Config {
	c := DefaultConfig()
	c.MinReplicas, c.MaxReplicas, c.Metric, c.Behavior = minRep, maxRep, m, b
	c.CPUInitializationPeriod = 2 * time.Minute
	c.InitialReadinessDelay = 10 * time.Second
	return c
}

func (tc hpaCase) pods() []PodSample {
	n := tc.status
	if tc.requests != nil {
		n = len(tc.requests)
	}
	pods := make([]PodSample, n)
	for i := range pods {
		p := &pods[i]
		p.Name = fmt.Sprintf("test-pod-%d", i)
		p.Ready = tc.readiness == nil || tc.readiness[i]
		if tc.start != nil {
			p.StartTime = tc.start[i]
		}
		p.ReadyTransition = p.StartTime
		if tc.phase != nil {
			p.Phase = tc.phase[i]
		}
		p.Deleting = tc.deleting != nil && tc.deleting[i]
		request := int64(1000)
		if tc.requests != nil {
			request = tc.requests[i]
		}
		p.RequestMilliCPU = 2 * (request / 2)
		if i < len(tc.levels) {
			v := tc.levels[i]
			if tc.metric.Type == CPUUtilization {
				v = 2 * (v / 2) // two containers report half each
			}
			p.Metric = &Sample{ValueMilli: v, Timestamp: now, Window: time.Minute}
		}
	}
	return pods
}

func per(n int, v int64) []int64 {
	r := make([]int64, n)
	for i := range r {
		r[i] = v
	}
	return r
}

// Each case: upstream horizontal_test.go, the function named in the case.
// Where upstream checks CPUCurrent, wantUtilization is that value.
func TestReconcile(t *testing.T) {
	const F, T = false, true
	run := PodRunning
	tests := []hpaCase{
		{
			name: "TestScaleUp", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: cpu(30),
			levels: []int64{300, 500, 700}, requests: per(3, 1000), want: 5, wantUtilization: 50,
		},
		{
			name: "TestScaleUpUnreadyLessScale", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: cpu(30),
			levels: []int64{300, 500, 700}, requests: per(3, 1000), readiness: []bool{F, T, T},
			want: 4, wantUtilization: 60,
		},
		{
			name: "TestScaleUpHotCpuLessScale", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: cpu(30),
			levels: []int64{300, 500, 700}, requests: per(3, 1000), start: []sim.Time{hot, cool, cool},
			want: 4, wantUtilization: 60,
		},
		{
			name: "TestScaleUpUnreadyNoScale", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: cpu(30),
			levels: []int64{400, 500, 700}, requests: per(3, 1000), readiness: []bool{T, F, F},
			want: 3, wantUtilization: 40, wantAble: ReasonReadyForNewScale,
		},
		{
			name: "TestScaleUpHotCpuNoScale", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: cpu(30),
			levels: []int64{400, 500, 700}, requests: per(3, 1000), readiness: []bool{T, F, F},
			start: []sim.Time{cool, hot, hot}, want: 3, wantUtilization: 40,
		},
		{
			name: "TestScaleUpIgnoresFailedPods", minRep: 2, maxRep: 6, spec: 2, status: 2, metric: cpu(30),
			levels: []int64{500, 700}, requests: per(4, 1000), readiness: []bool{T, T, F, F},
			phase: []Phase{run, run, PodFailed, PodFailed}, want: 4, wantUtilization: 60,
		},
		{
			name: "TestScaleUpIgnoresDeletionPods", minRep: 2, maxRep: 6, spec: 2, status: 2, metric: cpu(30),
			levels: []int64{500, 700}, requests: per(4, 1000), readiness: []bool{T, T, F, F},
			phase: []Phase{run, run, run, run}, deleting: []bool{F, F, T, T}, want: 4, wantUtilization: 60,
		},
		{
			name: "TestScaleUpCM", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: qps(15000),
			levels: []int64{20000, 10000, 30000}, requests: per(3, 1000), want: 4,
		},
		{
			name: "TestScaleUpCMUnreadyAndHotCpuNoLessScale", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: qps(15000),
			levels: []int64{50000, 10000, 30000}, requests: per(3, 1000), readiness: []bool{T, T, F},
			start: []sim.Time{cool, cool, hot}, want: 6,
		},
		{
			name: "TestScaleUpCMUnreadyandCpuHot", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: qps(15000),
			levels: []int64{50000, 15000, 30000}, requests: per(3, 1000), readiness: []bool{F, T, F},
			start: []sim.Time{hot, cool, hot}, want: 6, wantLimit: ReasonTooManyReplicas,
		},
		{
			name: "TestScaleUpHotCpuNoScaleWouldScaleDown", minRep: 2, maxRep: 6, spec: 3, status: 3, metric: qps(15000),
			levels: []int64{50000, 15000, 30000}, requests: per(3, 1000), start: []sim.Time{hot, cool, hot},
			want: 6, wantLimit: ReasonTooManyReplicas,
		},
		{
			name: "TestScaleDown", minRep: 2, maxRep: 6, spec: 5, status: 5, metric: cpu(50),
			levels: []int64{100, 300, 500, 250, 250}, requests: per(5, 1000), recs: []Recommendation{},
			want: 3, wantUtilization: 28,
		},
		{
			name: "TestScaleDownWithScalingRules", minRep: 2, maxRep: 6, spec: 5, status: 5, metric: cpu(50),
			behavior: &Behavior{ScaleUp: &ScalingRules{
				StabilizationWindow: durp(30 * time.Second), SelectPolicy: MaxChange,
				Policies: []ScalingPolicy{{Type: PercentPolicy, Value: 100, Period: 15 * time.Second}},
			}},
			levels: []int64{100, 300, 500, 250, 250}, requests: per(5, 1000), recs: []Recommendation{},
			want: 3, wantUtilization: 28,
		},
		{
			name: "TestScaleDownStabilizeInitialSize", minRep: 2, maxRep: 6, spec: 5, status: 5, metric: cpu(50),
			levels: []int64{100, 300, 500, 250, 250}, requests: per(5, 1000),
			want: 5, wantUtilization: 28, wantAble: ReasonScaleDownStabilized,
		},
		{
			name: "TestScaleDownCM", minRep: 2, maxRep: 6, spec: 5, status: 5, metric: qps(20000),
			levels: per(5, 12000), requests: per(5, 1000), recs: []Recommendation{}, want: 3,
		},
		{
			name: "TestScaleDownIncludeUnreadyPods", minRep: 2, maxRep: 6, spec: 5, status: 5, metric: cpu(50),
			levels: []int64{100, 300, 500, 250, 250}, requests: per(5, 1000), readiness: []bool{T, T, T, F, F},
			recs: []Recommendation{}, want: 2, wantUtilization: 30,
		},
		{
			name: "TestScaleDownIgnoreHotCpuPods", minRep: 2, maxRep: 6, spec: 5, status: 5, metric: cpu(50),
			levels: []int64{100, 300, 500, 250, 250}, requests: per(5, 1000), start: []sim.Time{cool, cool, cool, hot, hot},
			recs: []Recommendation{}, want: 2, wantUtilization: 30,
		},
		{
			name: "TestScaleDownIgnoresFailedPods", minRep: 2, maxRep: 6, spec: 5, status: 5, metric: cpu(50),
			levels: []int64{100, 300, 500, 250, 250}, requests: per(7, 1000), readiness: []bool{T, T, T, T, T, F, F},
			phase: []Phase{run, run, run, run, run, PodFailed, PodFailed}, recs: []Recommendation{}, want: 3, wantUtilization: 28,
		},
		{
			name: "TestScaleDownIgnoresDeletionPods", minRep: 2, maxRep: 6, spec: 5, status: 5, metric: cpu(50),
			levels: []int64{100, 300, 500, 250, 250}, requests: per(7, 1000), readiness: []bool{T, T, T, T, T, F, F},
			phase: []Phase{run, run, run, run, run, run, run}, deleting: []bool{F, F, F, F, F, T, T},
			recs: []Recommendation{}, want: 3, wantUtilization: 28,
		},
		{
			name: "TestTolerance", minRep: 1, maxRep: 5, spec: 3, status: 3, metric: cpu(100),
			levels: []int64{1010, 1030, 1020}, requests: []int64{900, 1000, 1100}, want: 3, wantAble: ReasonReadyForNewScale,
		},
		{
			name: "TestToleranceCM", minRep: 1, maxRep: 5, spec: 3, status: 3, metric: qps(20000),
			levels: []int64{20000, 20001, 21000}, requests: []int64{900, 1000, 1100}, want: 3,
		},
		{
			name: "TestMinReplicas", minRep: 2, maxRep: 5, spec: 3, status: 3, metric: cpu(90),
			levels: []int64{10, 95, 10}, requests: []int64{900, 1000, 1100}, recs: []Recommendation{},
			want: 2, wantLimit: ReasonTooFewReplicas,
		},
		{
			name: "TestMinReplicasDesiredZero", minRep: 2, maxRep: 5, spec: 3, status: 3, metric: cpu(90),
			levels: []int64{0, 0, 0}, requests: []int64{900, 1000, 1100}, recs: []Recommendation{},
			want: 2, wantLimit: ReasonTooFewReplicas,
		},
		{
			name: "TestZeroReplicas", minRep: 3, maxRep: 5, spec: 0, status: 0, metric: cpu(90),
			requests: []int64{}, want: 0,
		},
		{
			name: "TestTooFewReplicas", minRep: 3, maxRep: 5, spec: 2, status: 2, metric: cpu(90),
			requests: []int64{}, want: 3,
		},
		{
			name: "TestTooManyReplicas", minRep: 3, maxRep: 5, spec: 10, status: 10, metric: cpu(90),
			requests: []int64{}, want: 5,
		},
		{
			name: "TestMaxReplicas", minRep: 2, maxRep: 5, spec: 3, status: 3, metric: cpu(90),
			levels: []int64{8000, 9500, 1000}, requests: []int64{900, 1000, 1100}, want: 5, wantLimit: ReasonTooManyReplicas,
		},
		{
			name: "TestMissingMetrics", minRep: 2, maxRep: 6, spec: 4, status: 4, metric: cpu(100),
			levels: []int64{400, 95}, requests: per(4, 1000), recs: []Recommendation{}, want: 3,
		},
		{
			name: "TestEmptyMetrics", minRep: 2, maxRep: 6, spec: 4, status: 4, metric: cpu(100),
			requests: per(4, 1000), want: 4, wantErr: ErrNoReadyMetrics,
		},
		{
			name: "TestEmptyCPURequest", minRep: 1, maxRep: 5, spec: 1, status: 1, metric: cpu(100),
			levels: []int64{200}, requests: []int64{}, want: 1, wantErr: ErrNoPods,
		},
		{
			name: "TestEventCreated", minRep: 1, maxRep: 5, spec: 1, status: 1, metric: cpu(50),
			levels: []int64{200}, requests: []int64{200}, want: 2,
		},
		{
			name: "TestEventNotCreated", minRep: 1, maxRep: 5, spec: 2, status: 2, metric: cpu(50),
			levels: []int64{200, 200}, requests: []int64{400, 400}, want: 2, wantAble: ReasonReadyForNewScale,
		},
		{
			name: "TestMissingReports", minRep: 1, maxRep: 5, spec: 4, status: 4, metric: cpu(50),
			levels: []int64{200}, requests: []int64{200}, recs: []Recommendation{}, want: 2,
		},
		{
			name: "TestUpscaleCap", minRep: 1, maxRep: 100, spec: 3, status: 3, metric: cpu(10),
			behavior: &Behavior{ScaleUp: rules(0, 0, 700, 60, 0)},
			levels:   []int64{100, 200, 300}, requests: per(3, 100), want: 24, wantLimit: ReasonScaleUpLimit,
		},
		{
			name: "TestUpscaleCapGreaterThanMaxReplicas", minRep: 1, maxRep: 20, spec: 3, status: 3, metric: cpu(10),
			behavior: &Behavior{ScaleUp: rules(0, 0, 700, 60, 0)},
			levels:   []int64{100, 200, 300}, requests: per(3, 100), want: 20, wantLimit: ReasonTooManyReplicas,
		},
		{
			name: "TestMoreReplicasThanSpecNoScale", minRep: 1, maxRep: 8, spec: 4, status: 5, metric: cpu(50),
			levels: per(5, 500), requests: per(5, 1000), want: 4, wantAble: ReasonReadyForNewScale,
		},
		{
			name: "TestStabilizeDownscale", minRep: 1, maxRep: 5, spec: 4, status: 4, metric: cpu(100),
			levels: []int64{50, 50, 50}, requests: per(3, 100),
			recs: []Recommendation{{10, now.Add(-10 * time.Minute)}, {4, now.Add(-time.Minute)}},
			want: 4, wantAble: ReasonScaleDownStabilized,
		},
		{
			name: "TestScaleUpRCImmediately", minRep: 2, maxRep: 6, spec: 1, status: 1, metric: cpu(80),
			levels: []int64{0, 0, 0, 0}, requests: per(4, 1000), want: 2,
		},
		{
			name: "TestScaleDownRCImmediately", minRep: 2, maxRep: 5, spec: 6, status: 6, metric: cpu(50),
			levels: []int64{8000, 9500, 1000}, requests: []int64{900, 1000, 1100}, want: 5,
		},
	}
	validation.Vectors(t, "hpa/TestReconcile", len(tests), "kubernetes/kubernetes pkg/controller/podautoscaler horizontal_test.go (reconcile)")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAutoscaler(t, testConfig(tc.minRep, tc.maxRep, tc.metric, tc.behavior))
			a.recs = tc.recs
			got, d := a.Reconcile(now, tc.spec, tc.pods())
			call := fmt.Sprintf("Reconcile(spec %d, %d pods)", tc.spec, len(tc.pods()))
			if got != tc.want {
				t.Errorf("%s = %d replicas; want %d", call, got, tc.want)
			}
			if d.Desired != got || d.Rescale != (got != tc.spec) {
				t.Errorf("%s decision says desired %d, rescale %v; returned %d", call, d.Desired, d.Rescale, got)
			}
			if tc.wantErr != nil && !errors.Is(d.Err, tc.wantErr) {
				t.Errorf("%s error = %v; want %v", call, d.Err, tc.wantErr)
			}
			if tc.wantErr == nil && d.Err != nil {
				t.Errorf("%s error = %v; want none", call, d.Err)
			}
			if tc.wantUtilization != 0 && d.Estimate.UtilizationPercent != tc.wantUtilization {
				t.Errorf("%s utilization = %d%%; want %d%%", call, d.Estimate.UtilizationPercent, tc.wantUtilization)
			}
			if tc.wantLimit != "" && d.LimitReason != tc.wantLimit {
				t.Errorf("%s ScalingLimited reason = %s; want %s", call, d.LimitReason, tc.wantLimit)
			}
			if tc.wantAble != "" && d.AbleToScaleReason != tc.wantAble {
				t.Errorf("%s AbleToScale reason = %s; want %s", call, d.AbleToScaleReason, tc.wantAble)
			}
		})
	}
}

func newTestAutoscaler(t *testing.T, c Config) *Autoscaler {
	t.Helper()
	a, err := New(c)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func durp(d time.Duration) *time.Duration { return &d }

// rules mirrors generateScalingRules in upstream horizontal_test.go.
func rules(pods, podsPeriod, percent, percentPeriod, window int) *ScalingRules {
	r := &ScalingRules{StabilizationWindow: durp(time.Duration(window) * time.Second), SelectPolicy: MaxChange}
	if pods != 0 {
		r.Policies = append(r.Policies, ScalingPolicy{Type: PodsPolicy, Value: pods, Period: time.Duration(podsPeriod) * time.Second})
	}
	if percent != 0 {
		r.Policies = append(r.Policies, ScalingPolicy{Type: PercentPolicy, Value: percent, Period: time.Duration(percentPeriod) * time.Second})
	}
	return r
}

func TestZeroReplicasDisablesScaling(t *testing.T) {
	// Upstream horizontal_test.go, TestZeroReplicas: the ScalingActive condition.
	a := newTestAutoscaler(t, testConfig(3, 5, cpu(90), nil))
	_, d := a.Reconcile(now, 0, nil)
	if d.ScalingActive || d.ScalingActiveReason != ReasonScalingDisabled {
		t.Errorf("Reconcile(spec 0) ScalingActive = %v (%s); want false (%s)", d.ScalingActive, d.ScalingActiveReason, ReasonScalingDisabled)
	}
}

// TestLegacyUpscaleClamp is upstream's TestUpscaleCap input without a
// behavior, under the production clamp max(2 × current, 4): upstream's
// tests raise scaleUpLimitFactor to 8 and expect 24; with the factor of 2
// every real cluster runs with, 3 replicas may grow to 6.
func TestLegacyUpscaleClamp(t *testing.T) {
	tc := hpaCase{spec: 3, status: 3, metric: cpu(10), levels: []int64{100, 200, 300}, requests: per(3, 100)}
	for _, c := range []struct {
		spec, want int
	}{{1, 4}, {2, 4}, {3, 6}} {
		tc.spec, tc.status = c.spec, c.spec
		a := newTestAutoscaler(t, testConfig(1, 100, cpu(10), nil))
		got, d := a.Reconcile(now, c.spec, tc.pods()[:c.spec])
		if got != c.want || d.LimitReason != ReasonScaleUpLimit {
			t.Errorf("Reconcile(spec %d) = %d replicas (%s); want %d (%s)", c.spec, got, d.LimitReason, c.want, ReasonScaleUpLimit)
		}
	}
}

// busyPods returns n ready, long-running pods using usage milli-cores of a
// 1000 m request.
func busyPods(n int, usage int64, at sim.Time) []PodSample {
	pods := make([]PodSample, n)
	for i := range pods {
		pods[i] = PodSample{
			Name: fmt.Sprintf("pod-%d", i), Ready: true, RequestMilliCPU: 1000,
			Metric: &Sample{ValueMilli: usage, Timestamp: at, Window: 15 * time.Second},
		}
	}
	return pods
}

// TestDownscaleStabilizationOverTicks drives the legacy path every 15 s,
// applying each decision: after a scale-up to 6, a lower recommendation
// waits until every recommendation of the last 300 s allows it. A
// recommendation exactly 300 s old still counts (stabilizeRecommendation
// drops only those Before the cutoff), so the first scale-down comes at
// 315 s.
func TestDownscaleStabilizationOverTicks(t *testing.T) {
	a := newTestAutoscaler(t, testConfig(1, 10, cpu(50), nil))
	current := 5
	for tick := 0; tick <= 21; tick++ {
		after := time.Duration(tick) * 15 * time.Second
		at := now.Add(after)
		usage := int64(250) // 25 % of request, half the target: raw recommendation 3 of 6
		if tick == 0 {
			usage = 600 // 60 %: raw 6 of 5
		}
		got, d := a.Reconcile(at, current, busyPods(current, usage, at))
		want := 6
		if tick == 21 {
			want = 3
		}
		if got != want {
			t.Fatalf("Reconcile(t+%v, spec %d) = %d replicas (raw %d); want %d", after, current, got, d.Proposed, want)
		}
		current = got
	}
}

// TestScaleEventHistoryOverTicks drives the default behavior tick by tick:
// within a 15-s policy period the previous scale-up counts against the
// limit; a tick exactly 15 s later excludes it (strict After), so the
// default policies allow max(4 pods, 100 %) per 15-s tick.
func TestScaleEventHistoryOverTicks(t *testing.T) {
	a := newTestAutoscaler(t, testConfig(1, 100, cpu(50), &Behavior{}))
	steps := []struct {
		after   time.Duration
		current int
		want    int
		limit   Reason
	}{
		{0, 4, 8, ReasonDesiredWithinRange},                 // raw 8; limit max(4+4, 8) = 8
		{5 * time.Second, 8, 8, ReasonScaleUpLimit},         // raw 16; period start 4, limit 8
		{15 * time.Second, 8, 16, ReasonDesiredWithinRange}, // the event at 0 s sits on the cutoff: excluded
		{20 * time.Second, 16, 16, ReasonScaleUpLimit},      // raw 32; period start 8, limit 16
		{30 * time.Second, 16, 32, ReasonDesiredWithinRange},
	}
	for _, s := range steps {
		at := now.Add(s.after)
		got, d := a.Reconcile(at, s.current, busyPods(s.current, 1000, at)) // 100 % of request, target 50 %
		if got != s.want || d.LimitReason != s.limit {
			t.Errorf("Reconcile(t+%v, spec %d) = %d replicas (%s); want %d (%s)", s.after, s.current, got, d.LimitReason, s.want, s.limit)
		}
	}
	// The +4 event of 0 s is older than the longest period (15 s) at 30 s,
	// so storeScaleEvent recycled its slot for the +16.
	if diff := cmp.Diff([]int{16, 8}, changes(a.upEvents)); diff != "" {
		t.Errorf("scale-up events mismatch (-want +got):\n%s", diff)
	}
}

func changes(events []ScaleEvent) []int {
	r := make([]int, len(events))
	for i, e := range events {
		r[i] = e.Change
	}
	return r
}

// TestStoreScaleEvents: upstream horizontal_test.go, same name. Each case
// checks the change summed over the last 60 s before storing, then the
// stored events after a scale-up (and, separately, a scale-down) by
// replicaChange; without a behavior nothing is stored.
func TestStoreScaleEvents(t *testing.T) {
	ago := func(s int) sim.Time { return now.Add(-time.Duration(s) * time.Second) }
	type ev = ScaleEvent
	tests := []struct {
		name       string
		change     int
		prev       []ScaleEvent
		want       []ScaleEvent // At is checked only for outdated flags and changes
		rules      *ScalingRules
		wantChange int
	}{
		{name: "empty entries with default behavior", change: 5, prev: []ev{}, want: []ev{}, wantChange: 0},
		{name: "empty entries with two-policy-behavior", change: 5, prev: []ev{}, want: []ev{{Change: 5}}, rules: rules(10, 60, 100, 60, 0), wantChange: 0},
		{
			name: "one outdated entry to be kept untouched without behavior", change: 5,
			prev: []ev{{Change: 7, At: ago(61)}}, want: []ev{{Change: 7}}, wantChange: 0,
		},
		{
			name: "one outdated entry to be replaced with behavior", change: 5,
			prev: []ev{{Change: 7, At: ago(61)}}, want: []ev{{Change: 5}}, rules: rules(10, 60, 100, 60, 0), wantChange: 0,
		},
		{
			name: "one actual entry to be not touched with behavior", change: 5,
			prev: []ev{{Change: 7, At: ago(58)}}, want: []ev{{Change: 7}, {Change: 5}}, rules: rules(10, 60, 100, 60, 0), wantChange: 7,
		},
		{
			name: "two entries, one of them to be replaced", change: 5,
			prev: []ev{{Change: 7, At: ago(61)}, {Change: 6, At: ago(59)}}, want: []ev{{Change: 5}, {Change: 6}},
			rules: rules(10, 60, 0, 0, 0), wantChange: 6,
		},
		{
			name: "replace one entry, use policies with different periods", change: 5,
			prev:  []ev{{Change: 8, At: ago(29)}, {Change: 6, At: ago(59)}, {Change: 7, At: ago(61)}, {Change: 9, At: ago(61)}},
			want:  []ev{{Change: 8}, {Change: 6}, {Change: 7, Outdated: true}, {Change: 5}},
			rules: rules(10, 60, 100, 30, 0), wantChange: 14,
		},
		{
			name: "two entries, both actual", change: 5,
			prev: []ev{{Change: 7, At: ago(58)}, {Change: 6, At: ago(59)}}, want: []ev{{Change: 7}, {Change: 6}, {Change: 5}},
			rules: rules(10, 120, 100, 30, 0), wantChange: 13,
		},
	}
	strip := func(events []ScaleEvent) []ScaleEvent {
		r := make([]ScaleEvent, len(events))
		for i, e := range events {
			r[i] = ScaleEvent{Change: e.Change, Outdated: e.Outdated}
		}
		return r
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, up := range []bool{true, false} {
				var b *Behavior
				if tc.rules != nil {
					b = &Behavior{}
					if up {
						b.ScaleUp = tc.rules
					} else {
						b.ScaleDown = tc.rules
					}
				}
				a := newTestAutoscaler(t, testConfig(1, 100, cpu(50), b))
				prev := append([]ScaleEvent{}, tc.prev...)
				next, events := 10+tc.change, &a.upEvents
				if !up {
					next, events = 10-tc.change, &a.downEvents
				}
				*events = prev
				if got := ReplicasChangePerPeriod(now, 60*time.Second, *events); got != tc.wantChange {
					t.Errorf("ReplicasChangePerPeriod(60s) = %d; want %d", got, tc.wantChange)
				}
				a.storeScaleEvent(now, 10, next)
				if diff := cmp.Diff(tc.want, strip(*events)); diff != "" {
					t.Errorf("storeScaleEvent(10 → %d) events mismatch (-want +got):\n%s", next, diff)
				}
			}
		})
	}
}
