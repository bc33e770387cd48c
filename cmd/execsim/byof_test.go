package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// byofScenario names a folder of the user's files (issue 14): manifests,
// a SAM template and a Prometheus export, beside the scenario.
const byofScenario = `name: byof-cli
duration: 10m
fleet:
  prometheus:
    file: traffic.json
    work: {cpu: "exp(mean=5ms)", io: "20ms"}
kubernetes:
  manifests: [k8s]
  nodePools: [{name: p, instanceTypes: [m6i.large], nodes: 2}]
lambda:
  templates: [template.yaml]
`

const byofDeployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers:
      - name: cart
        image: cart:1
        resources: {requests: {cpu: 100m, memory: 128Mi}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cart-config}
`

const byofTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Runtime: nodejs20.x, MemorySize: 512}
Resources:
  Cart:
    Type: AWS::Serverless::Function
    Properties: {Handler: index.handler, CodeUri: cart/}
`

const byofTraffic = `{"status":"success","data":{"resultType":"matrix","result":[
{"metric":{"service":"cart"},"values":[[1795478400,"1.5"],[1795478700,"2"]]}]}}`

// writeByof writes the scenario and its files into a folder, each
// replaced by the test's version when given, and returns the scenario's
// path.
func writeByof(t *testing.T, replace map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"s.yaml":        byofScenario,
		"k8s/cart.yaml": byofDeployment,
		"template.yaml": byofTemplate,
		"traffic.json":  byofTraffic,
	}
	for name, text := range replace {
		files[name] = text
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "s.yaml")
}

// Bad files a scenario names stop it with exit status 2 and a message
// that names the file, the document or line, the object and the field.
func TestBringYourOwnFleetErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		replace map[string]string
		want    []string
	}{
		{
			name: "malformed manifest",
			replace: map[string]string{"k8s/cart.yaml": strings.Replace(byofDeployment,
				"requests: {cpu: 100m", "requests: {cpu: lots", 1)},
			want: []string{"k8s/cart.yaml:document 1: Deployment/cart: spec.template.spec.containers[0].resources.requests.cpu:"},
		},
		{
			name:    "manifest that is not YAML",
			replace: map[string]string{"k8s/cart.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: [cart\n"},
			want:    []string{"k8s/cart.yaml:document 1:"},
		},
		{
			name:    "malformed template",
			replace: map[string]string{"template.yaml": strings.Replace(byofTemplate, "MemorySize: 512", "MemorySize: 64", 1)},
			want:    []string{"template.yaml:document 1: Globals.Function.MemorySize: must be between 128 and 10240 (got 64)"},
		},
		{
			name:    "explicit match to no function",
			replace: map[string]string{"s.yaml": strings.Replace(byofScenario, "templates: [template.yaml]", "templates: [template.yaml]\n  match: {cart: Kart}", 1)},
			want:    []string{"lambda.match.cart: Kart names no function of template.yaml; did you mean Cart? (functions: Cart)"},
		},
		{
			name:    "malformed Prometheus export",
			replace: map[string]string{"traffic.json": strings.Replace(byofTraffic, `"2"]`, `"-2"]`, 1)},
			want:    []string{"traffic.json: result[0].values[1]: a rate must be a finite number, at least 0 (got -2)"},
		},
		{
			name:    "missing manifest folder",
			replace: map[string]string{"s.yaml": strings.Replace(byofScenario, "manifests: [k8s]", "manifests: [k8s-prod]", 1)},
			want:    []string{"k8s-prod: cannot read:"},
		},
		{
			name:    "no work for the fleet",
			replace: map[string]string{"s.yaml": strings.Replace(byofScenario, `    work: {cpu: "exp(mean=5ms)", io: "20ms"}`+"\n", "", 1)},
			want:    []string{"fleet.prometheus.work: give every service's work"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := writeByof(t, tc.replace)
			for _, cmd := range []string{"validate", "run"} {
				_, errOut, code := execsim(t, cmd, ref)
				if code != 2 {
					t.Errorf("execsim %s: exit %d; want 2 (stderr %q)", cmd, code, errOut)
				}
				for _, w := range tc.want {
					if !strings.Contains(errOut, w) {
						t.Errorf("execsim %s: stderr =\n%s\nwant it to contain %q", cmd, errOut, w)
					}
				}
			}
		})
	}
}

// What the files say but execsim cannot honour is a warning naming the
// file and the path, in validate's output and on run's stderr; the
// scenario still runs.
func TestBringYourOwnFleetWarnings(t *testing.T) {
	tmpl := strings.Replace(byofTemplate, "Properties: {Handler: index.handler, CodeUri: cart/}",
		"Properties: {Handler: index.handler, CodeUri: cart/, ReservedConcurrentExecutions: !ImportValue shop-reserved}", 1)
	tmpl += `  Thumbnails:
    Type: AWS::Serverless::Function
    Properties: {Handler: index.handler, CodeUri: thumbs/}
`
	ref := writeByof(t, map[string]string{"template.yaml": tmpl})
	want := []string{
		"template.yaml:document 1: Resources.Cart.Properties.ReservedConcurrentExecutions: !ImportValue shop-reserved cannot be resolved",
		"function Thumbnails serves no service (not simulated)",
		"kubernetes.manifests: 1 object not modelled, ignored: ConfigMap/cart-config",
	}
	out, errOut, code := execsim(t, "validate", ref)
	if code != 0 {
		t.Fatalf("execsim validate: exit %d; want 0 (stderr %q)", code, errOut)
	}
	for _, w := range want {
		if !strings.Contains(out, "# warning: ") || !strings.Contains(out, w) {
			t.Errorf("execsim validate =\n%s\nwant a warning containing %q", out, w)
		}
	}
	for _, w := range []string{"manifests: [k8s]", "templates: [template.yaml]", "- name: cart"} {
		if !strings.Contains(out, w) {
			t.Errorf("execsim validate =\n%s\nwant it to show %q", out, w)
		}
	}
	_, errOut, code = execsim(t, "run", ref, "--model", "lambda")
	if code != 0 {
		t.Fatalf("execsim run: exit %d; want 0 (stderr %q)", code, errOut)
	}
	for _, w := range want {
		if !strings.Contains(errOut, "execsim: warning: ") || !strings.Contains(errOut, w) {
			t.Errorf("execsim run: stderr =\n%s\nwant a warning containing %q", errOut, w)
		}
	}
}

// A sweep over the traffic's scale re-reads the files at every point, and
// prints their warnings once under its header.
func TestBringYourOwnFleetSweep(t *testing.T) {
	ref := writeByof(t, map[string]string{"s.yaml": byofScenario + "sweep: {fleet.prometheus.scale: [1, 3]}\n"})
	out, errOut, code := execsim(t, "sweep", ref, "--out", t.TempDir())
	if code != 0 {
		t.Fatalf("execsim sweep: exit %d; want 0 (stderr %q)", code, errOut)
	}
	if n := strings.Count(out, "warning: kubernetes.manifests: 1 object not modelled, ignored: ConfigMap/cart-config"); n != 1 {
		t.Errorf("execsim sweep printed the ignored objects %d times; want once:\n%s", n, out)
	}
}

// A Deployment without requests runs with the kubernetes: section's
// (the warning says execsim's default applies), a folder's .json
// manifest (kubectl get -o json) is read like its .yaml, and a DaemonSet
// joins the cluster's daemonSets.
func TestBringYourOwnFleetDefaults(t *testing.T) {
	ref := writeByof(t, map[string]string{
		"k8s/cart.yaml": strings.Replace(byofDeployment, "resources: {requests: {cpu: 100m, memory: 128Mi}}", "resources: {requests: {}}", 1),
		"k8s/orders.json": `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "orders"},
 "spec": {"template": {"metadata": {"labels": {"app": "orders"}},
  "spec": {"containers": [{"name": "orders", "image": "orders:1", "resources": {"requests": {"cpu": "300m", "memory": "256Mi"}}}]}}}}`,
		"k8s/logging.yaml": "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: fluent-bit}\nspec:\n  template:\n    spec:\n      containers: [{name: f, image: f:1, resources: {requests: {cpu: 100m, memory: 200Mi}}}]\n",
	})
	out, errOut, code := execsim(t, "validate", ref)
	if code != 0 {
		t.Fatalf("execsim validate: exit %d; want 0 (stderr %q)", code, errOut)
	}
	for _, bad := range []string{"cpuRequestMilli: 0", "memoryRequestMiB: 0"} {
		if strings.Contains(out, bad) {
			t.Errorf("execsim validate shows %q; want the section's default request:\n%s", bad, out)
		}
	}
	for _, w := range []string{"- name: orders", "cpuRequestMilli: 300", "no container requests CPU (execsim's default request applies)",
		"daemonSets: [aws-node 50m CPU 0 MiB, kube-proxy 100m CPU 0 MiB, fluent-bit 100m CPU 200 MiB]"} {
		if !strings.Contains(out, w) {
			t.Errorf("execsim validate =\n%s\nwant it to show %q", out, w)
		}
	}
	if _, errOut, code := execsim(t, "run", ref, "--model", "kubernetes"); code != 0 {
		t.Fatalf("execsim run: exit %d; want 0 (stderr %q)", code, errOut)
	}
}

// The README's "Bring your own fleet" shows what execsim run builtin:byof
// prints before its answer: the block must be those warnings, each line
// whole and none missing.
func TestReadmeByofWarnings(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	const intro = "It says first what it read but could not use"
	i := strings.Index(text, intro)
	if i < 0 {
		t.Fatalf("README.md has no %q", intro)
	}
	start := strings.Index(text[i:], "```\n")
	if start < 0 {
		t.Fatal("README.md: no code block after the byof introduction")
	}
	block := text[i+start+4:]
	block = block[:strings.Index(block, "```")]
	_, errOut, code := execsim(t, "run", "builtin:byof", "--model", "lambda")
	if code != 0 {
		t.Fatalf("execsim run builtin:byof: exit %d (stderr %q)", code, errOut)
	}
	if block != errOut {
		t.Errorf("README.md's byof warnings =\n%s\nexecsim run builtin:byof prints\n%s", block, errOut)
	}
}

// The README's byof walk-through quotes the run's answer and its figures:
// each line of the quoted answer must be a line the run prints (in order;
// the quote may leave lines out), and every dollar amount of the prose
// after it must be one the run writes (its text, summary.md or
// placement.csv), so that a model change cannot leave them stale (walk5's
// defect 6: the cold-start p99 was quoted as 1.155 s after it had become
// 1.210 s). The --set fleet.prometheus.scale=40 paragraph costs about 19 s
// of CPU and is checked without -short only.
func TestReadmeByofFigures(t *testing.T) {
	readme := readFile(t, filepath.Join("..", "..", "README.md"))
	const intro = "and then answers:\n\n```\n"
	i := strings.Index(readme, intro)
	if i < 0 {
		t.Fatalf("README.md has no %q", intro)
	}
	rest := readme[i+len(intro):]
	block := rest[:strings.Index(rest, "```")]
	rest = rest[len(block)+3:]
	prose, scaled, ok := strings.Cut(rest, "What if the traffic grows?")
	if !ok {
		t.Fatal("README.md: no \"What if the traffic grows?\" after the byof answer")
	}
	scaled = scaled[:strings.Index(scaled, "How the files become a scenario")]

	check := func(t *testing.T, args []string, block, prose string) {
		out := filepath.Join(t.TempDir(), "byof")
		stdout, errOut, code := execsim(t, append([]string{"run", "builtin:byof", "--out", out}, args...)...)
		if code != 0 {
			t.Fatalf("execsim run builtin:byof: exit %d (stderr %q)", code, errOut)
		}
		lines := strings.Split(stdout, "\n")
		k := 0
		for _, want := range strings.Split(strings.TrimSpace(block), "\n") {
			if want == "" {
				continue
			}
			for k < len(lines) && lines[k] != want {
				k++
			}
			if k == len(lines) {
				t.Errorf("README.md quotes a line execsim run builtin:byof does not print (or not in this order):\n%s\nthe run prints:\n%s", want, stdout)
				break
			}
		}
		written := stdout + readFile(t, filepath.Join(out, "summary.md")) + readFile(t, filepath.Join(out, "placement.csv"))
		for _, amount := range dollarAmount.FindAllString(prose, -1) {
			if !strings.Contains(written, amount) {
				t.Errorf("README.md's byof text quotes %s, which the run does not write", amount)
			}
		}
	}
	check(t, nil, block, prose)
	if testing.Short() {
		return
	}
	check(t, []string{"--set", "fleet.prometheus.scale=40"}, "", scaled)
}

// dollarAmount is an amount to the cent, as execsim writes money ($1,234.56).
var dollarAmount = regexp.MustCompile(`\$[0-9][0-9,]*\.[0-9]{2}\b`)
