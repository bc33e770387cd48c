package lambdatemplates_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
)

// seed adds every testdata file matching glob, and extra texts.
func seed(f *testing.F, glob string, extra ...string) {
	files, err := filepath.Glob(filepath.Join("testdata", glob))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds for %s: %v", glob, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// check: a read either gives a Set whose functions have names, or only
// *Error problems; it never panics.
func check(t *testing.T, set *lt.Set, err error) {
	if err != nil {
		list := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			list = j.Unwrap()
		}
		for _, e := range list {
			var le *lt.Error
			if !errors.As(e, &le) {
				t.Fatalf("problem %v is a %T, not an *Error", e, e)
			}
		}
		return
	}
	if set == nil {
		t.Fatal("no set and no error")
	}
	for _, fn := range set.Functions {
		if fn.Name == "" && fn.Kind != "serverless.yml" {
			t.Fatalf("function without a name: %+v", fn)
		}
	}
}

func FuzzReadSAM(f *testing.F) {
	seed(f, "*.yaml",
		"Resources: {F: {Type: AWS::Serverless::Function, Properties: {MemorySize: !Sub [], Timeout: !FindInMap [a]}}}",
		"Resources: {F: {Type: AWS::Lambda::Function, Properties: {Timeout: !Select [9, [1]]}}}",
		"Globals: {Function: {Architectures: [!Ref X]}}\nParameters: {X: {Default: arm64}}\nResources: {F: {Type: AWS::Serverless::Function}}",
		"Resources: {A: {Type: AWS::Lambda::Alias, Properties: {FunctionName: !GetAtt F, ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: x}}}}",
		"{1: 2}", "~", "Resources: [1]",
		"Conditions: {A: !Not [!Condition A], B: !And [!Equals [1, 1], B]}\nResources: {F: {Type: AWS::Lambda::Function, Condition: A, Properties: {Timeout: !If [B, 1, !If [C, 2, 3]]}}}",
		"Conditions: {A: !Or [x, !Equals [!Ref P, 2]]}\nParameters: {P: {Default: 2}}\nResources: {F: {Type: AWS::Lambda::Function, Condition: [A]}}",
		condTemplate,
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: data}}, "t.yaml")
		check(t, set, err)
	})
}

func FuzzReadSAMJSON(f *testing.F) {
	seed(f, "*.json", `{"Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": {"Fn::Join": []}}}}}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := lt.ReadSAM(fstest.MapFS{"t.json": {Data: data}}, "t.json")
		check(t, set, err)
	})
}

func FuzzReadServerless(f *testing.F) {
	seed(f, "*.yml",
		"functions: {a: {memorySize: '${a, ${b}}', timeout: '${x,}', snapStart: '${opt:s, true}'}}",
		"provider: &p {memorySize: 256}\nfunctions: {a: *p}", "functions: [a]", "functions: {a: 1}", "- 1",
		"custom: &c {m: *c, n: '${self:custom.m}'}\nprovider: {memorySize: '${self:custom.n}'}\nfunctions: {a: {memorySize: '${self:custom.m.m.m}', timeout: '${self:custom.}'}}",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := lt.ReadServerless(fstest.MapFS{"serverless.yml": {Data: data}}, "serverless.yml")
		check(t, set, err)
	})
}

// FuzzReadByContent: Read decides the kind from what the file holds, under
// a name that says nothing (deploy.yml).
func FuzzReadByContent(f *testing.F) {
	seed(f, "*.y*ml", "foo: bar", "", "# only a comment", "- 1", "service: s\nprovider: {}",
		"AWSTemplateFormatVersion: '2010-09-09'", "Transform: AWS::Serverless-2016-10-31\nResources: {}")
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := lt.Read(fstest.MapFS{"deploy.yml": {Data: data}}, "deploy.yml")
		check(t, set, err)
	})
}
