package lambda

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A serverless.yml is read as the Serverless Framework's, any other file as
// a SAM template; functions match services by name or by match:, and what
// matches nothing is a warning that says what happens to it.
func TestReadSettings(t *testing.T) {
	fsys := fstest.MapFS{
		"deploy/serverless.yml": {Data: []byte("service: shop\nprovider: {name: aws, runtime: nodejs20.x, memorySize: 768}\nfunctions:\n  cart: {handler: cart.handler}\n  thumbs: {handler: thumbs.handler}\n")},
		"template.yaml": {Data: []byte("Transform: AWS::Serverless-2016-10-31\nResources:\n  OrdersFn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: app.handler, Runtime: python3.12, MemorySize: 2048, CodeUri: o/, Events: {Queue: {Type: SQS}}}\n" +
			"  Unused:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: u.handler, Runtime: python3.12, Events: {Upload: {Type: S3}}}\n")},
	}
	sec := &Section{Templates: []string{"deploy/serverless.yml", "template.yaml"}, Match: map[string]string{"orders": "OrdersFn"}}
	set, err := New().ReadSettings(sec, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if set.Services() != nil {
		t.Errorf("Services() = %v; want nil (templates define no services)", set.Services())
	}
	ovs, warns, err := set.Match([]string{"cart", "orders", "web"})
	if err != nil {
		t.Fatal(err)
	}
	cart, _ := ovs["cart"].(*Function)
	orders, _ := ovs["orders"].(*Function)
	if cart == nil || *cart.MemoryMB != 768 || orders == nil || *orders.MemoryMB != 2048 || orders.Runtime != "python3.12" {
		t.Errorf("Match = %v; want cart 768 MB (provider), orders 2048 MB python3.12", ovs)
	}
	got := strings.Join(warns, "\n")
	for _, w := range []string{
		"service web has no function in the file (it runs with the lambda: section's settings)",
		"function thumbs serves no service (not simulated)",
		// how its events invoke it, said of a function that serves a
		// service only (walk4)
		"lambda.templates: function OrdersFn (service orders): its events Queue (SQS) poll and invoke in batches; execsim invokes it synchronously with the scenario's requests, one at a time",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("warnings =\n%s\nwant %q", got, w)
		}
	}
	if strings.Contains(got, "Upload (S3)") {
		t.Errorf("warnings =\n%s\nsay how a function that is not simulated is invoked", got)
	}
	// an explicit entry is what the user asked for: one that names no
	// service or no function stops the run, saying what there is
	sec.Match = map[string]string{"orders": "OrderFn", "ordres": "OrdersFn"}
	set, err = New().ReadSettings(sec, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if ovs, _, err := set.Match([]string{"cart", "orders", "web"}); err == nil || ovs != nil {
		t.Errorf("Match with bad explicit entries = %v, %v; want an error", ovs, err)
	} else {
		for _, w := range []string{
			"lambda.match.orders: OrderFn names no function of deploy/serverless.yml, template.yaml; did you mean OrdersFn? (functions: cart, thumbs, OrdersFn, Unused)",
			"lambda.match.ordres: names no service of the scenario; did you mean orders? (services: cart, orders, web)",
		} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error =\n%v\nwant %q", err, w)
			}
		}
	}
	if _, err := New().ReadSettings(&Section{Match: map[string]string{"a": "B"}}, fsys); err == nil || !strings.Contains(err.Error(), "lambda.match: names functions of lambda.templates") {
		t.Errorf("match without templates: error = %v", err)
	}
}

// A function that serves no service names the service without a function
// that it was likely meant for (walk9 #13: image beside images).
func TestUnmatchedFunctionSuggestsAService(t *testing.T) {
	fsys := fstest.MapFS{"serverless.yml": {Data: []byte("service: shop\nprovider: {name: aws}\nfunctions:\n  cart: {handler: c.h}\n  image: {handler: i.h}\n")}}
	set, err := New().ReadSettings(&Section{Templates: []string{"serverless.yml"}}, fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, warns, err := set.Match([]string{"cart", "images"})
	if err != nil {
		t.Fatal(err)
	}
	want := "function image serves no service (not simulated; did you mean the service images?)"
	if got := strings.Join(warns, "\n"); !strings.Contains(got, want) {
		t.Errorf("warnings =\n%s\nwant %q", got, want)
	}
}

// A file is read by what it holds (walk2 defect 3): serverless.prod.yml is
// the Framework's, and a file that is neither kind stops the run naming it.
func TestReadSettingsByContent(t *testing.T) {
	fsys := fstest.MapFS{
		"serverless.prod.yml": {Data: []byte("service: billing\nprovider: {name: aws}\nfunctions:\n  billing: {handler: h.main, reservedConcurrency: 4}\n")},
		"foo.yaml":            {Data: []byte("foo: bar\n")},
	}
	set, err := New().ReadSettings(&Section{Templates: []string{"serverless.prod.yml"}}, fsys)
	if err != nil {
		t.Fatal(err)
	}
	ovs, _, err := set.Match([]string{"billing"})
	if f, _ := ovs["billing"].(*Function); err != nil || f == nil || f.ReservedConcurrency == nil || *f.ReservedConcurrency != 4 {
		t.Errorf("Match = %v, %v; want billing with reserved concurrency 4", ovs, err)
	}
	if _, err := New().ReadSettings(&Section{Templates: []string{"foo.yaml"}}, fsys); err == nil || !strings.Contains(err.Error(), "foo.yaml:document 1: neither an AWS SAM/CloudFormation template") {
		t.Errorf("foo.yaml: error = %v; want neither a template nor a serverless.yml", err)
	}
}

// The services a template has no function for are told in one line per
// file, as the Prometheus and manifests readers tell theirs (walk14 #11:
// a 40-service fleet had 39 lines, one a service).
func TestServicesWithoutAFunctionAreToldOnce(t *testing.T) {
	fsys := fstest.MapFS{"t.yaml": {Data: []byte(`Resources:
  cart:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: app.handler, MemorySize: 768}
`)}}
	set, err := New().ReadSettings(&Section{Templates: []string{"t.yaml"}}, fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, warns, err := set.Match([]string{"cart", "orders", "web", "auth"})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, w := range warns {
		if strings.Contains(w, "no function in the file") {
			lines = append(lines, w)
		}
	}
	want := "lambda.templates (t.yaml): services auth, orders, web have no function in the file (they run with the lambda: section's settings)"
	if len(lines) != 1 || lines[0] != want {
		t.Errorf("warnings %q; want the one line %q", lines, want)
	}
}
