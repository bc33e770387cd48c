package lambdatemplates_test

import (
	"strings"
	"testing"
	"testing/fstest"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
)

// condTemplate is walk4's template: DebugApi exists only when Env is dev,
// which it is not at the default.
const condTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String, Default: prod}
  Region2: {Type: String}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Not [!Condition IsDev]
  Both: !And [!Condition IsProd, !Equals [a, a]]
  Either: !Or [!Condition IsDev, !Equals [1, 2]]
  Unknown: !Equals [!Ref Region2, x]
Resources:
  Api:
    Type: AWS::Serverless::Function
    Condition: Both
    Properties: {Runtime: python3.12, Handler: a.h, MemorySize: !If [IsDev, 128, 1024]}
  DebugApi:
    Type: AWS::Serverless::Function
    Condition: IsDev
    Properties: {FunctionName: web, Runtime: python3.12, Handler: a.h, MemorySize: 128, Timeout: 1}
  Other:
    Type: AWS::Lambda::Function
    Condition: Either
    Properties: {Runtime: python3.12, Handler: a.h}
  Maybe:
    Type: AWS::Lambda::Function
    Condition: Unknown
    Properties: {Runtime: python3.12, Handler: a.h, Timeout: 5}
  MaybeAlias:
    Type: AWS::Lambda::Alias
    Condition: IsDev
    Properties: {FunctionName: !Ref Maybe, FunctionVersion: "1", Name: live, ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 3}}
`

func TestConditions(t *testing.T) {
	set, err := lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: []byte(condTemplate)}}, "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range set.Functions {
		names = append(names, f.Name)
		if f.Name == "Api" && (f.MemoryMB == nil || *f.MemoryMB != 1024) {
			t.Errorf("Api's !If [IsDev, 128, 1024] gave %v; want 1024", f.MemoryMB)
		}
		if f.Name == "Maybe" && f.ProvisionedConcurrency != nil {
			t.Errorf("Maybe has the provisioned concurrency of an alias that is not created")
		}
	}
	if got := strings.Join(names, " "); got != "Api Maybe" {
		t.Errorf("functions %s; want Api Maybe", got)
	}
	all := strings.Join(warnings(set), "\n")
	for _, w := range []string{
		"t.yaml:document 1: Resources.Maybe.Condition: Unknown cannot be evaluated (parameter Region2 has no default); the resource is read as created",
		"t.yaml:document 1: Resources: not created at the parameters' defaults, so not read: MaybeAlias (IsDev is false at Env=prod), DebugApi (IsDev is false at Env=prod), Other (Either is false at Env=prod); a deployment may pass other values",
		"t.yaml:document 1: Resources.Api.Properties.MemorySize: !If [IsDev, 128, 1024] read with the parameters' defaults (Env=prod)",
	} {
		if !strings.Contains(all, w) {
			t.Errorf("warnings:\n%s\nwant:\n%s", all, w)
		}
	}
}

// An undefined condition makes CloudFormation reject the template: it is
// an error naming it, on a resource or in !If.
func TestUndefinedCondition(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{`Resources:
  F:
    Type: AWS::Lambda::Function
    Condition: Nope
    Properties: {Runtime: python3.12}
`, "t.yaml:document 1: AWS::Lambda::Function/F: Condition: condition Nope is not defined in Conditions (CloudFormation rejects the template) (got Nope)"},
		{`Resources:
  F:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, MemorySize: !If [Nope, 128, 256]}
`, "t.yaml:document 1: Resources.F.Properties.MemorySize: condition Nope is not defined in Conditions (CloudFormation rejects the template) (got !If [Nope, 128, 256])"},
		{`Conditions:
  A: !Condition B
  B: !Not [!Condition Nope]
Resources:
  F:
    Type: AWS::Lambda::Function
    Condition: A
    Properties: {Runtime: python3.12}
`, "condition Nope is not defined in Conditions"},
	} {
		_, err := lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: []byte(tc.text)}}, "t.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v; want %s", err, tc.want)
		}
	}
}

// Ref AWS::NoValue, the usual false branch of !If, removes the property,
// the mapping key or the list element it stands for, without a warning
// (review4: it was "known only at deployment", and a mapping holding it
// was dropped whole).
func TestNoValueRemovesWhatItStandsFor(t *testing.T) {
	const tmpl = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      MemorySize: !If [IsDev, 128, !Ref AWS::NoValue]
      Architectures: [!If [IsDev, x86_64, !Ref AWS::NoValue], arm64]
      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 4, Extra: !If [IsDev, 1, !Ref AWS::NoValue]}
      AutoPublishAlias: live
`
	set, err := lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: []byte(tmpl)}}, "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f := set.Functions[0]
	if f.MemoryMB != nil || f.Arch != "arm64" || f.ProvisionedConcurrency == nil || *f.ProvisionedConcurrency != 4 {
		t.Errorf("memory %v, arch %q, provisioned %v; want unset, arm64 and 4", f.MemoryMB, f.Arch, f.ProvisionedConcurrency)
	}
	for _, w := range set.Warnings {
		if strings.Contains(w.Msg, "known only at deployment") || strings.Contains(w.Msg, "cannot be resolved") {
			t.Errorf("warning %q", w.String())
		}
	}
}
