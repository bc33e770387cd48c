package hpa_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/validation"

	"github.com/google/go-cmp/cmp"

	"github.com/execsim/execsim/models/kubernetes/hpa"
	"github.com/execsim/execsim/sim"
)

// The upstream tests run with a 2-minute CPU initialisation period, a 10-s
// readiness delay and a 0.1 tolerance (replica_calculator.go,
// defaultTesting* constants); "hot" pods started now, "cool" ones 3 minutes
// ago (horizontal_test.go, hotCPUCreationTime and coolCPUCreationTime). A pod
// with no start time given started at time zero, an hour before now.
var (
	testNow  = sim.At(time.Hour)
	hot      = testNow
	cool     = testNow.Add(-3 * time.Minute)
	testCalc = hpa.Calculator{CPUInitializationPeriod: 2 * time.Minute, InitialReadinessDelay: 10 * time.Second}
	testTol  = hpa.Tolerances{ScaleDown: 0.1, ScaleUp: 0.1}
)

// Upstream's fake pods have two containers, each requesting requests[i] and
// reporting levels[i], so a pod requests and uses twice the listed values.
const numContainersPerPod = 2

// calcCase is one upstream replicaCalcTestCase. Pods beyond len(levels) have
// no metric, beyond len(requests) no CPU request; readiness defaults to
// True, phase to Running, start time to zero. Samples carry upstream's zero
// timestamp and one-minute window, and Ready conditions a zero transition
// time, as the fake clients of replica_calculator_test.go produce them.
type calcCase struct {
	name      string // upstream test function
	current   int
	readiness []bool
	startTime []sim.Time
	phase     []hpa.Phase
	deleting  []bool
	requests  []int64 // milli-cores per container
	levels    []int64 // per container (resource) or per pod (Pods metric)
	tol       *hpa.Tolerances

	target           int64 // percent (resource) or milli-units (Pods metric)
	wantReplicas     int
	wantUtilization  int
	wantAverageMilli int64
	wantErr          error
}

func (tc calcCase) pods(resource bool) []hpa.PodSample {
	n := max(tc.current, len(tc.phase))
	pods := make([]hpa.PodSample, n)
	for i := range pods {
		p := &pods[i]
		p.Name = fmt.Sprintf("test-pod-%d", i)
		p.Ready = i >= len(tc.readiness) || tc.readiness[i]
		if tc.startTime != nil {
			p.StartTime = tc.startTime[i]
		}
		if tc.phase != nil {
			p.Phase = tc.phase[i]
		}
		p.Deleting = tc.deleting != nil && tc.deleting[i]
		if i < len(tc.requests) {
			p.RequestMilliCPU = numContainersPerPod * tc.requests[i]
		}
		if i < len(tc.levels) {
			v := tc.levels[i]
			if resource {
				v *= numContainersPerPod
			}
			p.Metric = &hpa.Sample{ValueMilli: v, Window: time.Minute}
		}
	}
	return pods
}

func (tc calcCase) tolerances() hpa.Tolerances {
	if tc.tol != nil {
		return *tc.tol
	}
	return testTol
}

func checkEstimate(t *testing.T, call string, tc calcCase, got hpa.Estimate, err error, utilization bool) {
	t.Helper()
	if tc.wantErr != nil {
		if !errors.Is(err, tc.wantErr) {
			t.Fatalf("%s error = %v; want %v", call, err, tc.wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s error = %v; want none", call, err)
	}
	if got.Replicas != tc.wantReplicas {
		t.Errorf("%s = %d replicas; want %d", call, got.Replicas, tc.wantReplicas)
	}
	if utilization && got.UtilizationPercent != tc.wantUtilization {
		t.Errorf("%s utilization = %d%%; want %d%%", call, got.UtilizationPercent, tc.wantUtilization)
	}
	if got.AverageMilli != tc.wantAverageMilli {
		t.Errorf("%s average = %d; want %d", call, got.AverageMilli, tc.wantAverageMilli)
	}
}

func ones(n int) []int64 {
	r := make([]int64, n)
	for i := range r {
		r[i] = 1000
	}
	return r
}

// Each case: upstream pkg/controller/podautoscaler/replica_calculator_test.go,
// the function named in the case (in newer upstream trees several are
// subtests of TestReplicaCalcResourceScale).
func TestResourceReplicas(t *testing.T) {
	const F, T = false, true
	run := hpa.PodRunning
	tests := []calcCase{
		{
			name: "TestReplicaCalcScaleUp", current: 3,
			requests: ones(3), levels: []int64{300, 500, 700}, target: 30,
			wantReplicas: 5, wantUtilization: 50, wantAverageMilli: numContainersPerPod * 500,
		},
		{
			name: "TestReplicaCalcScaleUpUnreadyLessScale", current: 3, readiness: []bool{F, T, T},
			requests: ones(3), levels: []int64{300, 500, 700}, target: 30,
			wantReplicas: 4, wantUtilization: 60, wantAverageMilli: numContainersPerPod * 600,
		},
		{
			name: "TestReplicaCalcScaleUpHotCpuLessScale", current: 3, startTime: []sim.Time{hot, cool, cool},
			requests: ones(3), levels: []int64{300, 500, 700}, target: 30,
			wantReplicas: 4, wantUtilization: 60, wantAverageMilli: numContainersPerPod * 600,
		},
		{
			name: "TestReplicaCalcScaleUpUnreadyNoScale", current: 3, readiness: []bool{T, F, F},
			requests: ones(3), levels: []int64{400, 500, 700}, target: 30,
			wantReplicas: 3, wantUtilization: 40, wantAverageMilli: numContainersPerPod * 400,
		},
		{
			name: "TestReplicaCalcScaleHotCpuNoScale", current: 3, readiness: []bool{T, F, F},
			startTime: []sim.Time{cool, hot, hot},
			requests:  ones(3), levels: []int64{400, 500, 700}, target: 30,
			wantReplicas: 3, wantUtilization: 40, wantAverageMilli: numContainersPerPod * 400,
		},
		{
			name: "TestReplicaCalcScaleUpIgnoresFailedPods", current: 2, readiness: []bool{T, T, F, F},
			phase:    []hpa.Phase{run, run, hpa.PodFailed, hpa.PodFailed},
			requests: ones(4), levels: []int64{500, 700}, target: 30,
			wantReplicas: 4, wantUtilization: 60, wantAverageMilli: numContainersPerPod * 600,
		},
		{
			name: "TestReplicaCalcScaleUpIgnoresDeletionPods", current: 2, readiness: []bool{T, T, F, F},
			phase: []hpa.Phase{run, run, run, run}, deleting: []bool{F, F, T, T},
			requests: ones(4), levels: []int64{500, 700}, target: 30,
			wantReplicas: 4, wantUtilization: 60, wantAverageMilli: numContainersPerPod * 600,
		},
		{
			name: "TestReplicaCalcScaleDown", current: 5,
			requests: ones(5), levels: []int64{100, 300, 500, 250, 250}, target: 50,
			wantReplicas: 3, wantUtilization: 28, wantAverageMilli: numContainersPerPod * 280,
		},
		{
			name: "TestReplicaCalcScaleDownIncludeUnreadyPods", current: 5, readiness: []bool{T, T, T, F, F},
			requests: ones(5), levels: []int64{100, 300, 500, 250, 250}, target: 50,
			wantReplicas: 2, wantUtilization: 30, wantAverageMilli: numContainersPerPod * 300,
		},
		{
			name: "TestReplicaCalcScaleDownExcludeUnscheduledPods", current: 5, readiness: []bool{T, F, F, F, F},
			phase:    []hpa.Phase{run, hpa.PodPending, hpa.PodPending, hpa.PodPending, hpa.PodPending},
			requests: ones(5), levels: []int64{100}, target: 50,
			wantReplicas: 1, wantUtilization: 10, wantAverageMilli: numContainersPerPod * 100,
		},
		{
			name: "TestReplicaCalcScaleDownIgnoreHotCpuPods", current: 5,
			startTime: []sim.Time{cool, cool, cool, hot, hot},
			requests:  ones(5), levels: []int64{100, 300, 500, 250, 250}, target: 50,
			wantReplicas: 2, wantUtilization: 30, wantAverageMilli: numContainersPerPod * 300,
		},
		{
			name: "TestReplicaCalcScaleDownIgnoresFailedPods", current: 5, readiness: []bool{T, T, T, T, T, F, F},
			phase:    []hpa.Phase{run, run, run, run, run, hpa.PodFailed, hpa.PodFailed},
			requests: ones(7), levels: []int64{100, 300, 500, 250, 250}, target: 50,
			wantReplicas: 3, wantUtilization: 28, wantAverageMilli: numContainersPerPod * 280,
		},
		{
			name: "TestReplicaCalcScaleDownIgnoresDeletionPods", current: 5, readiness: []bool{T, T, T, T, T, F, F},
			phase: []hpa.Phase{run, run, run, run, run, run, run}, deleting: []bool{F, F, F, F, F, T, T},
			requests: ones(7), levels: []int64{100, 300, 500, 250, 250}, target: 50,
			wantReplicas: 3, wantUtilization: 28, wantAverageMilli: numContainersPerPod * 280,
		},
		{
			name: "TestReplicaCalcTolerance", current: 3,
			requests: []int64{900, 1000, 1100}, levels: []int64{1010, 1030, 1020}, target: 100,
			wantReplicas: 3, wantUtilization: 102, wantAverageMilli: numContainersPerPod * 1020,
		},
		{
			name: "TestReplicaCalcMissingMetrics", current: 4,
			requests: ones(4), levels: []int64{400, 95}, target: 100,
			wantReplicas: 3, wantUtilization: 24, wantAverageMilli: 495,
		},
		{
			name: "TestReplicaCalcEmptyCPURequest", current: 1,
			levels: []int64{200}, target: 100, wantErr: hpa.ErrMissingRequest,
		},
		{
			// Upstream fails one step earlier, in the metrics client ("no
			// metrics returned from resource metrics API"); here every pod
			// is missing its sample.
			name: "TestReplicaCalcEmptyMetrics", current: 4,
			requests: ones(3), target: 100, wantErr: hpa.ErrNoReadyMetrics,
		},
		{
			name: "TestReplicaCalcMissingMetricsNoChangeEq", current: 2,
			requests: ones(2), levels: []int64{1000}, target: 100,
			wantReplicas: 2, wantUtilization: 100, wantAverageMilli: numContainersPerPod * 1000,
		},
		{
			name: "TestReplicaCalcMissingMetricsNoChangeGt", current: 2,
			requests: ones(2), levels: []int64{1900}, target: 100,
			wantReplicas: 2, wantUtilization: 190, wantAverageMilli: numContainersPerPod * 1900,
		},
		{
			name: "TestReplicaCalcMissingMetricsNoChangeLt", current: 2,
			requests: ones(2), levels: []int64{600}, target: 100,
			wantReplicas: 2, wantUtilization: 60, wantAverageMilli: numContainersPerPod * 600,
		},
		{
			name: "TestReplicaCalcMissingMetricsUnreadyChange", current: 3, readiness: []bool{F, T, T},
			requests: ones(3), levels: []int64{100, 450}, target: 50,
			wantReplicas: 3, wantUtilization: 45, wantAverageMilli: numContainersPerPod * 450,
		},
		{
			name: "TestReplicaCalcMissingMetricsHotCpuNoChange", current: 3, startTime: []sim.Time{hot, cool, cool},
			requests: ones(3), levels: []int64{100, 450}, target: 50,
			wantReplicas: 3, wantUtilization: 45, wantAverageMilli: numContainersPerPod * 450,
		},
		{
			name: "TestReplicaCalcMissingMetricsUnreadyScaleUp", current: 3, readiness: []bool{F, T, T},
			requests: ones(3), levels: []int64{100, 2000}, target: 50,
			wantReplicas: 4, wantUtilization: 200, wantAverageMilli: numContainersPerPod * 2000,
		},
		{
			name: "TestReplicaCalcMissingMetricsHotCpuScaleUp", current: 3, readiness: []bool{F, T, T},
			startTime: []sim.Time{hot, cool, cool},
			requests:  ones(3), levels: []int64{100, 2000}, target: 50,
			wantReplicas: 4, wantUtilization: 200, wantAverageMilli: numContainersPerPod * 2000,
		},
		{
			name: "TestReplicaCalcMissingMetricsUnreadyScaleDown", current: 4, readiness: []bool{F, T, T, T},
			requests: ones(4), levels: []int64{100, 100, 100}, target: 50,
			wantReplicas: 3, wantUtilization: 10, wantAverageMilli: numContainersPerPod * 100,
		},
		{
			name: "TestReplicaCalcMissingMetricsScaleDownTargetOver100", current: 4, readiness: []bool{F, T, T, T},
			requests: []int64{1000, 1000, 2000, 2000}, levels: []int64{200, 100, 100}, target: 300,
			wantReplicas: 2, wantUtilization: 6, wantAverageMilli: numContainersPerPod * 100,
		},
		{
			name: "TestReplicaCalcDuringRollingUpdateWithMaxSurge", current: 2, phase: []hpa.Phase{run, run, run},
			requests: ones(3), levels: []int64{100, 100}, target: 50,
			wantReplicas: 2, wantUtilization: 10, wantAverageMilli: numContainersPerPod * 100,
		},
		// TestReplicaCalcConfigurableTolerance (subtests).
		{
			name: "TestReplicaCalcConfigurableTolerance/Outside of a 0% tolerance", current: 3,
			tol:      &hpa.Tolerances{ScaleDown: 0, ScaleUp: 0},
			requests: []int64{900, 1000, 1100}, levels: []int64{909, 1010, 1111}, target: 100,
			wantReplicas: 4, wantUtilization: 101, wantAverageMilli: numContainersPerPod * 1010,
		},
		{
			name: "TestReplicaCalcConfigurableTolerance/Within a 200% scale-up tolerance", current: 3,
			tol:      &hpa.Tolerances{ScaleDown: 0.1, ScaleUp: 2},
			requests: []int64{900, 1000, 1100}, levels: []int64{1890, 1910, 1900}, target: 100,
			wantReplicas: 3, wantUtilization: 190, wantAverageMilli: numContainersPerPod * 1900,
		},
		{
			name: "TestReplicaCalcConfigurableTolerance/Outside 8% scale-up tolerance", current: 3,
			tol:      &hpa.Tolerances{ScaleDown: 2, ScaleUp: 0.08},
			requests: []int64{900, 1000, 1100}, levels: []int64{1100, 1080, 1090}, target: 100,
			wantReplicas: 4, wantUtilization: 109, wantAverageMilli: numContainersPerPod * 1090,
		},
		{
			name: "TestReplicaCalcConfigurableTolerance/Within a 36% scale-down tolerance", current: 3,
			tol:      &hpa.Tolerances{ScaleDown: 0.36, ScaleUp: 0.1},
			requests: []int64{900, 1000, 1100}, levels: []int64{660, 640, 650}, target: 100,
			wantReplicas: 3, wantUtilization: 65, wantAverageMilli: numContainersPerPod * 650,
		},
		{
			name: "TestReplicaCalcConfigurableTolerance/Outside a 34% scale-down tolerance", current: 3,
			tol:      &hpa.Tolerances{ScaleDown: 0.34, ScaleUp: 0.1},
			requests: []int64{900, 1000, 1100}, levels: []int64{660, 640, 650}, target: 100,
			wantReplicas: 2, wantUtilization: 65, wantAverageMilli: numContainersPerPod * 650,
		},
	}
	validation.Vectors(t, "hpa/TestResourceReplicas", len(tests), "kubernetes/kubernetes pkg/controller/podautoscaler replica_calculator_test.go (resource metrics)")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := testCalc.ResourceReplicas(testNow, tc.current, int(tc.target), tc.tolerances(), tc.pods(true))
			call := fmt.Sprintf("ResourceReplicas(current %d, target %d%%)", tc.current, tc.target)
			checkEstimate(t, call, tc, got, err, true)
		})
	}
}

// TestReplicaCalcComputedToleranceAlgImplementation: upstream
// replica_calculator_test.go, same name. It back-computes a target just
// outside (then just inside) the tolerance band and expects a scale-down
// (then none).
func TestReplicaCalcComputedToleranceAlgImplementation(t *testing.T) {
	const startPods = 10
	totalUsed := int64(startPods * 150) // 150 m per pod
	totalRequested := 2 * totalUsed     // each pod asks for twice its use
	requestedToUsed := float64(totalRequested / totalUsed)
	perPodRequested := totalRequested / startPods

	levels := make([]int64, startPods)
	for i := range levels {
		levels[i] = totalUsed / 10
	}
	requests := []int64{
		perPodRequested + 100, perPodRequested - 100,
		perPodRequested + 10, perPodRequested - 10,
		perPodRequested + 2, perPodRequested - 2,
		perPodRequested + 1, perPodRequested - 1,
		perPodRequested, perPodRequested,
	}
	// Upstream's pods request requests[i] per container like the rest.
	target := math.Abs(1/(requestedToUsed*(1-0.1))) + .01
	usedRatio := float64(totalUsed) / (float64(totalRequested) * target)
	tc := calcCase{
		name: "scale down", current: startPods, requests: requests, levels: levels,
		target:           int64(int32(target * 100)),
		wantReplicas:     int(math.Ceil(usedRatio * startPods)),
		wantUtilization:  int(totalUsed * 100 / totalRequested),
		wantAverageMilli: numContainersPerPod * totalUsed / 10,
	}
	got, err := testCalc.ResourceReplicas(testNow, tc.current, int(tc.target), testTol, tc.pods(true))
	checkEstimate(t, fmt.Sprintf("ResourceReplicas(current %d, target %d%%)", tc.current, tc.target), tc, got, err, true)

	target = math.Abs(1/(requestedToUsed*(1-0.1))) + .004
	tc.target = int64(int32(target * 100))
	tc.wantReplicas = startPods
	got, err = testCalc.ResourceReplicas(testNow, tc.current, int(tc.target), testTol, tc.pods(true))
	checkEstimate(t, fmt.Sprintf("ResourceReplicas(current %d, target %d%%)", tc.current, tc.target), tc, got, err, true)
}

// Each case: upstream replica_calculator_test.go, the function named in the
// case, all with metricType podMetric (GetMetricReplicas).
func TestPlainReplicas(t *testing.T) {
	const F, T = false, true
	run := hpa.PodRunning
	tests := []calcCase{
		{
			name: "TestReplicaCalcScaleUpCM", current: 3,
			levels: []int64{20000, 10000, 30000}, target: 15000,
			wantReplicas: 4, wantAverageMilli: 20000,
		},
		{
			name: "TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale", current: 3,
			readiness: []bool{T, T, F}, startTime: []sim.Time{cool, cool, hot},
			levels: []int64{50000, 10000, 30000}, target: 15000,
			wantReplicas: 6, wantAverageMilli: 30000,
		},
		{
			name: "TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown", current: 3,
			readiness: []bool{F, T, F}, startTime: []sim.Time{hot, cool, hot},
			levels: []int64{50000, 15000, 30000}, target: 15000,
			wantReplicas: 7, wantAverageMilli: 31666,
		},
		{
			name: "TestReplicaCalcScaleDownCM", current: 5,
			levels: []int64{12000, 12000, 12000, 12000, 12000}, target: 20000,
			wantReplicas: 3, wantAverageMilli: 12000,
		},
		{
			name: "TestReplicaCalcToleranceCM", current: 3,
			levels: []int64{20000, 21000, 21000}, target: 20000,
			wantReplicas: 3, wantAverageMilli: 20666,
		},
		{
			name: "TestReplicaCalcConfigurableToleranceCM", current: 3,
			tol:    &hpa.Tolerances{ScaleDown: 0.1, ScaleUp: 0.01},
			levels: []int64{20000, 21000, 21000}, target: 20000,
			wantReplicas: 4, wantAverageMilli: 20666,
		},
		{
			name: "TestPlainMetricReplicaCalcMissingMetricsNoChangeEq", current: 5,
			levels: []int64{20000, 19000, 21000}, target: 20000,
			wantReplicas: 5, wantAverageMilli: 20000,
		},
		{
			name: "TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM", current: 2, phase: []hpa.Phase{run, run, run},
			levels: []int64{10000, 10000}, target: 17000,
			wantReplicas: 2, wantAverageMilli: 10000,
		},
	}
	validation.Vectors(t, "hpa/TestPlainReplicas", len(tests), "kubernetes/kubernetes pkg/controller/podautoscaler replica_calculator_test.go (Pods metrics)")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := testCalc.PlainReplicas(testNow, tc.current, tc.target, tc.tolerances(), tc.pods(false), false)
			call := fmt.Sprintf("PlainReplicas(current %d, target %d)", tc.current, tc.target)
			checkEstimate(t, call, tc, got, err, false)
		})
	}
}

// TestGroupPods: upstream replica_calculator_test.go, same name; each case
// carries the upstream case name.
func TestGroupPods(t *testing.T) {
	now := testNow
	at := func(d time.Duration) sim.Time { return now.Add(d) }
	sample := func(ts sim.Time, w time.Duration) *hpa.Sample {
		return &hpa.Sample{ValueMilli: 1, Timestamp: ts, Window: w}
	}
	tests := []struct {
		name string
		pods []hpa.PodSample
		cpu  bool
		want hpa.Groups
	}{
		{name: "void", cpu: true},
		{
			name: "count in a ready pod - memory",
			pods: []hpa.PodSample{{Name: "bentham", Phase: hpa.PodSucceeded, Unreported: true, Metric: sample(now, time.Minute)}},
			want: hpa.Groups{Ready: 1},
		},
		{
			name: "unready a pod without ready condition - CPU", cpu: true,
			pods: []hpa.PodSample{{Name: "lucretius", Phase: hpa.PodSucceeded, StartTime: now, Unreported: true, Metric: sample(0, 0)}},
			want: hpa.Groups{Unready: []string{"lucretius"}},
		},
		{
			name: "count in a ready pod with fresh metrics during initialization period - CPU", cpu: true,
			pods: []hpa.PodSample{{
				Name: "bentham", Phase: hpa.PodSucceeded, StartTime: at(-time.Minute),
				Ready: true, ReadyTransition: at(-30 * time.Second), Metric: sample(now, 30*time.Second),
			}},
			want: hpa.Groups{Ready: 1},
		},
		{
			name: "unready a ready pod without fresh metrics during initialization period - CPU", cpu: true,
			pods: []hpa.PodSample{{
				Name: "bentham", Phase: hpa.PodSucceeded, StartTime: at(-time.Minute),
				Ready: true, ReadyTransition: at(-30 * time.Second), Metric: sample(now, 60*time.Second),
			}},
			want: hpa.Groups{Unready: []string{"bentham"}},
		},
		{
			name: "unready an unready pod during initialization period - CPU", cpu: true,
			pods: []hpa.PodSample{{
				Name: "lucretius", Phase: hpa.PodSucceeded, StartTime: at(-10 * time.Minute),
				ReadyTransition: at(-9*time.Minute - 54*time.Second), Metric: sample(0, 0),
			}},
			want: hpa.Groups{Unready: []string{"lucretius"}},
		},
		{
			name: "count in a ready pod without fresh metrics after initialization period - CPU", cpu: true,
			pods: []hpa.PodSample{{
				Name: "bentham", Phase: hpa.PodSucceeded, StartTime: at(-3 * time.Minute),
				Ready: true, ReadyTransition: at(-3 * time.Minute), Metric: sample(at(-2*time.Minute), time.Minute),
			}},
			want: hpa.Groups{Ready: 1},
		},
		{
			name: "count in an unready pod that was ready after initialization period - CPU", cpu: true,
			pods: []hpa.PodSample{{
				Name: "lucretius", Phase: hpa.PodSucceeded, StartTime: at(-10 * time.Minute),
				ReadyTransition: at(-9 * time.Minute), Metric: sample(0, 0),
			}},
			want: hpa.Groups{Ready: 1},
		},
		{
			name: "unready pod that has never been ready after initialization period - CPU", cpu: true,
			pods: []hpa.PodSample{{
				Name: "lucretius", Phase: hpa.PodSucceeded, StartTime: at(-10 * time.Minute),
				ReadyTransition: at(-9*time.Minute - 50*time.Second), Metric: sample(0, 0),
			}},
			want: hpa.Groups{Ready: 1},
		},
		{
			name: "a missing pod", cpu: true,
			pods: []hpa.PodSample{{Name: "epicurus", Phase: hpa.PodSucceeded, StartTime: at(-3 * time.Minute), Unreported: true}},
			want: hpa.Groups{Missing: []string{"epicurus"}},
		},
		{
			name: "several pods", cpu: true,
			pods: []hpa.PodSample{
				{Name: "lucretius", Phase: hpa.PodSucceeded, StartTime: now, Unreported: true, Metric: sample(0, 0)},
				{
					Name: "niccolo", Phase: hpa.PodSucceeded, StartTime: at(-3 * time.Minute),
					Ready: true, ReadyTransition: at(-3 * time.Minute), Metric: sample(0, 0),
				},
				{Name: "epicurus", Phase: hpa.PodSucceeded, StartTime: at(-3 * time.Minute), Unreported: true},
			},
			want: hpa.Groups{Ready: 1, Unready: []string{"lucretius"}, Missing: []string{"epicurus"}},
		},
		{
			name: "pending pods are unreadied", cpu: true,
			pods: []hpa.PodSample{{Name: "unscheduled", Phase: hpa.PodPending, Unreported: true}},
			want: hpa.Groups{Unready: []string{"unscheduled"}},
		},
		{
			name: "ignore pods with deletion timestamps", cpu: true,
			pods: []hpa.PodSample{{Name: "deleted", Phase: hpa.PodPending, Deleting: true, Unreported: true, Metric: sample(0, 0)}},
			want: hpa.Groups{Ignored: []string{"deleted"}},
		},
		{
			name: "ignore pods in a failed state", cpu: true,
			pods: []hpa.PodSample{{Name: "failed", Phase: hpa.PodFailed, Unreported: true, Metric: sample(0, 0)}},
			want: hpa.Groups{Ignored: []string{"failed"}},
		},
	}
	validation.Vectors(t, "hpa/TestGroupPods", len(tests), "kubernetes/kubernetes pkg/controller/podautoscaler replica_calculator_test.go (groupPods)")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := testCalc.GroupPods(now, tc.pods, tc.cpu)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("GroupPods(%d pods) mismatch (-want +got):\n%s", len(tc.pods), diff)
			}
		})
	}
}

func TestTolerancesWithin(t *testing.T) {
	tol := hpa.Tolerances{ScaleDown: 0.1, ScaleUp: 0.2}
	for _, tc := range []struct {
		ratio float64
		want  bool
	}{{0.89, false}, {0.9, true}, {1, true}, {1.2, true}, {1.21, false}} {
		if got := tol.Within(tc.ratio); got != tc.want {
			t.Errorf("Tolerances{0.1, 0.2}.Within(%v) = %v; want %v", tc.ratio, got, tc.want)
		}
	}
}
