package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The README's Indexed Job must stay runnable as execsim changes: its
// shard count, the exit codes its podFailurePolicy fails on, the merge
// pod's folders and a kubectl wait that does not give up after 30 s
// (walk5's defect 4: it merged unfinished shards).
func TestReadmeIndexedJob(t *testing.T) {
	text := readFile(t, filepath.Join("..", "..", "README.md"))
	const heading = "## A sweep as a Kubernetes Indexed Job\n"
	i := strings.Index(text, heading)
	if i < 0 {
		t.Fatalf("README.md has no %q", heading)
	}
	section := text[i+len(heading):]
	section = section[:strings.Index(section, "\n## ")]
	yamls, shells := codeBlocks(section, "yaml"), codeBlocks(section, "sh")
	if len(yamls) != 2 {
		t.Fatalf("want 2 yaml blocks (the Job, the merge Pod); got %d", len(yamls))
	}
	var job, pod map[string]any
	if err := yaml.Unmarshal([]byte(yamls[0]), &job); err != nil {
		t.Fatalf("the Job: %v", err)
	}
	if err := yaml.Unmarshal([]byte(yamls[1]), &pod); err != nil {
		t.Fatalf("the merge Pod: %v", err)
	}
	spec := dig(t, job, "spec").(map[string]any)
	n := dig(t, spec, "completions").(int)
	jobPod := dig(t, spec, "template", "spec").(map[string]any)
	c := dig(t, jobPod, "containers").([]any)[0].(map[string]any)
	args := strings.Fields(strings.Trim(fmt.Sprint(c["args"]), "[]"))
	if !slices.Contains(args, fmt.Sprintf("auto/%d", n)) {
		t.Errorf("the Job's args %q lack --shard auto/%d (completions: %d)", args, n, n)
	}
	if jobPod["restartPolicy"] != "Never" || spec["completionMode"] != "Indexed" {
		t.Errorf("backoffLimitPerIndex needs completionMode Indexed and restartPolicy Never; got %v, %v", spec["completionMode"], jobPod["restartPolicy"])
	}
	if _, ok := spec["backoffLimitPerIndex"]; !ok {
		t.Error("the Job has no backoffLimitPerIndex")
	}
	var failJob []int
	ignoresDisruption := false
	for _, r := range dig(t, spec, "podFailurePolicy", "rules").([]any) {
		rule := r.(map[string]any)
		switch rule["action"] {
		case "FailJob":
			on := rule["onExitCodes"].(map[string]any)
			if on["containerName"] != c["name"] || on["operator"] != "In" {
				t.Errorf("FailJob rule %v: want containerName %v, operator In", on, c["name"])
			}
			for _, v := range on["values"].([]any) {
				failJob = append(failJob, v.(int))
			}
		case "Ignore":
			ignoresDisruption = strings.Contains(fmt.Sprint(rule["onPodConditions"]), "type:DisruptionTarget")
		}
	}
	slices.Sort(failJob)
	if want := []int{exitInternal, exitInput}; !slices.Equal(failJob, want) {
		t.Errorf("podFailurePolicy fails the Job on exit codes %v; execsim's that a retry repeats are %v", failJob, want)
	}
	if !ignoresDisruption {
		t.Error("podFailurePolicy does not ignore DisruptionTarget (an evicted shard exits 130)")
	}
	mc := dig(t, pod, "spec", "containers").([]any)[0].(map[string]any)
	margs := strings.Fields(strings.Trim(fmt.Sprint(mc["args"]), "[]"))
	want := []string{"merge"}
	for k := range n {
		want = append(want, fmt.Sprintf("/out/shard-%d", k))
	}
	if !slices.Equal(margs[:min(len(margs), n+1)], want) || mc["image"] != c["image"] {
		t.Errorf("the merge pod runs %v with %v; want %v… with the Job's image %v", margs, mc["image"], want, c["image"])
	}
	waits := 0
	conditions := map[string]bool{}
	for _, block := range shells {
		for _, l := range strings.Split(block, "\n") {
			if !strings.Contains(l, "kubectl wait") {
				continue
			}
			waits++
			if !strings.Contains(l, "--timeout=") {
				t.Errorf("kubectl wait without --timeout gives up after 30 s: %s", l)
			}
			if _, cond, ok := strings.Cut(l, "--for=condition="); ok {
				conditions[strings.Fields(cond)[0]] = true
			}
		}
	}
	if waits == 0 || !conditions["Complete"] || !conditions["Failed"] {
		t.Errorf("the README waits for conditions %v; want Complete and Failed", conditions)
	}
	// .dockerignore keeps local outputs out of the image, and .git in
	ignore := readFile(t, filepath.Join("..", "..", ".dockerignore"))
	for _, w := range []string{"/out/\n", "/bin/\n"} {
		if !strings.Contains(ignore, w) {
			t.Errorf(".dockerignore lacks %q", w)
		}
	}
	if strings.Contains(ignore, "\n.git") {
		t.Error(".dockerignore leaves out .git: the binary would not know its commit")
	}
}

// codeBlocks returns the fenced blocks of a language in markdown text.
func codeBlocks(text, lang string) []string {
	var out []string
	for {
		i := strings.Index(text, "```"+lang+"\n")
		if i < 0 {
			return out
		}
		text = text[i+len(lang)+4:]
		j := strings.Index(text, "```")
		if j < 0 {
			return out
		}
		out = append(out, text[:j])
		text = text[j+3:]
	}
}

// dig walks nested YAML maps by key.
func dig(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok || m[k] == nil {
			t.Fatalf("the manifest has no %s", strings.Join(keys, "."))
		}
		v = m[k]
	}
	return v
}
