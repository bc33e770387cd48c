package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// asMainVar makes the test binary run as execsim itself (main), so that a
// test can start real execsim processes with their own environment.
const asMainVar = "EXECSIM_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainVar) == "1" {
		main() // exits with execsim's status
	}
	os.Exit(m.Run())
}

// execsimProcess runs execsim as a separate process with env added to this
// one's environment, and returns stdout, stderr and the exit status.
func execsimProcess(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(context.Background(), exe, args...)
	cmd.Env = append(append(os.Environ(), asMainVar+"=1"), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// A sharded sweep as a Kubernetes Indexed Job runs: N processes, each with
// JOB_COMPLETION_INDEX (0 to N−1) and --shard auto/N; merge joins their
// folders into the unsharded sweep's files, byte for byte — also when the
// shards' runs differ in which optional fields they have (a warm-up leaves
// some runs without a cold start, so without cold-start latencies: shard
// 1/2 below holds only such runs, shard 2/2 a run with one).
func TestIndexedJobShardsMergeToTheWholeSweep(t *testing.T) {
	for _, tc := range []struct {
		name     string
		scenario string
		n        int
	}{
		{"every run alike", good + "sweep: {lambda.memoryMB: [128, 256, 512]}\nreplications: 3\n", 4},
		{"some runs without cold starts", `name: small
seed: 7
duration: 5m
warmup: 2m
workload:
  arrivals: {process: poisson, ratePerSecond: 10}
  work: {cpu: "exp(mean=10ms)", io: "lognormal(p50=50ms,p99=400ms)"}
lambda: {memoryMB: 512, runtime: go}
sweep: {workload.arrivals.ratePerSecond: [10, 40]}
replications: 2
`, 2},
	} {
		t.Run(tc.name, func(t *testing.T) { shardAndMerge(t, tc.scenario, tc.n) })
	}
}

func shardAndMerge(t *testing.T, scenario string, n int) {
	f := writeScenario(t, scenario)
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	if _, errOut, code := execsimProcess(t, nil, "sweep", f, "--no-progress", "--out", whole); code != 0 {
		t.Fatalf("whole sweep: exit %d %s", code, errOut)
	}
	var shards []string
	cmds := make([]*exec.Cmd, n)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// the pods of an Indexed Job run at once: so do these processes
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("pod-%d", i))
		shards = append(shards, d)
		cmds[i] = exec.Command(exe, "sweep", f, "--no-progress", "--workers", "1", "--shard", fmt.Sprintf("auto/%d", n), "--out", d)
		cmds[i].Env = append(os.Environ(), asMainVar+"=1", fmt.Sprintf("%s=%d", jobIndexVar, i))
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("pod %d: %v", i, err)
		}
		// index i is shard i+1 of n
		if m := readFile(t, filepath.Join(shards[i], "sweep.json")); !strings.Contains(m, fmt.Sprintf(`"shard": "%d/%d"`, i+1, n)) {
			t.Errorf("pod %d wrote a manifest for another shard:\n%s", i, m)
		}
	}
	merged := filepath.Join(dir, "merged")
	if _, errOut, code := execsimProcess(t, nil, append([]string{"merge", "--out", merged}, shards...)...); code != 0 {
		t.Fatalf("merge: exit %d %s", code, errOut)
	}
	for _, name := range []string{"results.csv", "aggregate.csv", "cost.csv", "sweep-latency-p99.svg", "sweep-cold-starts.svg"} {
		if readFile(t, filepath.Join(whole, name)) != readFile(t, filepath.Join(merged, name)) {
			t.Errorf("merged %s differs from the whole sweep's", name)
		}
	}
}

func TestShardAutoNeedsAValidJobIndex(t *testing.T) {
	f := writeScenario(t, good+"sweep: {lambda.memoryMB: [128, 256]}\n")
	for _, tc := range []struct {
		name, shard string
		env         []string
		want        string
	}{
		{"unset", "auto/3", nil, "JOB_COMPLETION_INDEX is not set"},
		{"empty", "auto/3", []string{jobIndexVar + "="}, "JOB_COMPLETION_INDEX is not set"},
		{"not a number", "auto/3", []string{jobIndexVar + "=two"}, `JOB_COMPLETION_INDEX="two": want a whole number from 0 to 2`},
		{"too large", "auto/3", []string{jobIndexVar + "=3"}, `JOB_COMPLETION_INDEX="3": want a whole number from 0 to 2`},
		{"negative", "auto/3", []string{jobIndexVar + "=-1"}, "want a whole number from 0 to 2"},
		{"no count", "auto/x", []string{jobIndexVar + "=0"}, "want auto/n with n ≥ 1"},
		{"zero count", "auto/0", []string{jobIndexVar + "=0"}, "want auto/n with n ≥ 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for _, kv := range tc.env {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
			}
			_, _, err := parseShard(tc.shard, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("parseShard(%q) with %v = %v; want an error containing %q", tc.shard, tc.env, err, tc.want)
			}
		})
	}
	// the same through the command: exit 2, nothing run
	_, errOut, code := execsimProcess(t, []string{jobIndexVar + "=7"}, "sweep", f, "--shard", "auto/3", "--out", t.TempDir())
	if code != exitInput || !strings.Contains(errOut, `JOB_COMPLETION_INDEX="7"`) {
		t.Errorf("exit %d %q; want 2 naming the variable and its value", code, errOut)
	}
	for idx, want := range []int{1, 2, 3} {
		i, n, err := parseShard("auto/3", func(string) (string, bool) { return fmt.Sprint(idx), true })
		if err != nil || i != want || n != 3 {
			t.Errorf("index %d: shard %d/%d, %v; want %d/3", idx, i, n, err, want)
		}
	}
}
