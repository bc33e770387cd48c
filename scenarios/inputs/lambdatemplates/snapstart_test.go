package lambdatemplates_test

import (
	"strings"
	"testing"
	"testing/fstest"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
)

// SnapStart on a runtime or package that cannot have it (snapstart.html:
// managed Java 11+, Python 3.12+, .NET 8+ only; no container images) is
// modelled without SnapStart and said so, as a SnapStart without
// AutoPublishAlias is (costrev item 5); a runtime that can keeps it.
func TestSAMSnapStartRuntimes(t *testing.T) {
	const tmpl = `Transform: AWS::Serverless-2016-10-31
Resources:
  Node:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs22.x, AutoPublishAlias: live, SnapStart: {ApplyOn: PublishedVersions}}
  OldPython:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.11, AutoPublishAlias: live, SnapStart: {ApplyOn: PublishedVersions}}
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
	want := map[string]bool{"Node": false, "OldPython": false, "Image": false, "Python": true, "DotNet": true}
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
	for _, w := range []string{
		"Resources.Node.Properties.SnapStart: runtime nodejs22.x cannot use SnapStart (snapstart.html: managed Java 11+, Python 3.12+ and .NET 8+ only): modelled without SnapStart",
		"Resources.OldPython.Properties.SnapStart: runtime python3.11 cannot use SnapStart",
		"Resources.Image.Properties.SnapStart: a container image cannot use SnapStart",
	} {
		if !strings.Contains(all, w) {
			t.Errorf("warnings\n%s\nwant %q", all, w)
		}
	}
	if strings.Contains(all, "Resources.Python.") || strings.Contains(all, "Resources.DotNet.") {
		t.Errorf("warnings\n%s\nwant none for Python or DotNet", all)
	}
}
