package lambdatemplates_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
)

// SnapStart on a runtime that cannot have it (snapstart.html: managed
// Java 11+, Python 3.12+, .NET 8+ only) is an error: Lambda's
// CreateFunction refuses it, so the template never deploys (it was
// modelled without SnapStart, with a warning). On a container image, which
// AWS supports since July 2026 (snapstart-runtime-hooks-custom.html) but
// execsim does not model, it is modelled without SnapStart and said so
// without claiming AWS refuses it (review10 M1), as a SnapStart without
// AutoPublishAlias is (costrev item 5); a runtime that can keeps it.
func TestSAMSnapStartRuntimes(t *testing.T) {
	const tmpl = `Transform: AWS::Serverless-2016-10-31
Resources:
  Image:
    Type: AWS::Serverless::Function
    Properties: {PackageType: Image, AutoPublishAlias: live, SnapStart: {ApplyOn: PublishedVersions}}
  Python:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, AutoPublishAlias: live, SnapStart: {ApplyOn: PublishedVersions}}
  DotNet:
    Type: AWS::Serverless::Function
    Properties: {Runtime: dotnet8, AutoPublishAlias: live, SnapStart: {ApplyOn: PublishedVersions}}
`
	set, err := lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: []byte(tmpl)}}, "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	on := map[string]bool{}
	for _, f := range set.Functions {
		on[f.Name] = f.SnapStart != nil && *f.SnapStart
	}
	want := map[string]bool{"Image": false, "Python": true, "DotNet": true}
	for name, w := range want {
		if on[name] != w {
			t.Errorf("%s: SnapStart %v; want %v", name, on[name], w)
		}
	}
	var warned []string
	for _, w := range set.Warnings {
		warned = append(warned, w.String())
	}
	all := strings.Join(warned, "\n")
	if w := "Resources.Image.Properties.SnapStart: execsim does not model SnapStart for a container image (AWS supports it since July 2026"; !strings.Contains(all, w) {
		t.Errorf("warnings\n%s\nwant %q", all, w)
	}
	if strings.Contains(all, "Resources.Python.") || strings.Contains(all, "Resources.DotNet.") {
		t.Errorf("warnings\n%s\nwant none for Python or DotNet", all)
	}

	const refused = `Transform: AWS::Serverless-2016-10-31
Resources:
  Node:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs22.x, AutoPublishAlias: live, SnapStart: {ApplyOn: PublishedVersions}}
  OldPython:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.11, AutoPublishAlias: live, SnapStart: {ApplyOn: PublishedVersions}}
  Unpublished:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs22.x, SnapStart: {ApplyOn: PublishedVersions}}
`
	_, err = lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: []byte(refused)}}, "t.yaml")
	if !errors.Is(err, lt.ErrInvalid) {
		t.Fatalf("error %v; want ErrInvalid", err)
	}
	for _, w := range []string{
		"t.yaml:document 1: AWS::Serverless::Function/Node: SnapStart: cannot be on for runtime nodejs22.x: Lambda refuses to create such a function (snapstart.html: managed Java 11+, Python 3.12+ and .NET 8+ only)",
		"t.yaml:document 1: AWS::Serverless::Function/OldPython: SnapStart: cannot be on for runtime python3.11",
		// without AutoPublishAlias too: Lambda refuses the setting
		// itself, whether or not a version is published (review10 D2)
		"t.yaml:document 1: AWS::Serverless::Function/Unpublished: SnapStart: cannot be on for runtime nodejs22.x",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error\n%v\nwant %q", err, w)
		}
	}
}
