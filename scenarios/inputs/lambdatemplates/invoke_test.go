package lambdatemplates_test

import (
	"strings"
	"testing"
	"testing/fstest"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
)

// How a SAM function is invoked, where execsim models it otherwise (walk4):
// SnapStart without AutoPublishAlias never applies ($LATEST is invoked),
// and events that poll or invoke asynchronously are named on the function
// for the platform to say of those that serve a service.
func TestSAMInvocation(t *testing.T) {
	const tmpl = `Transform: AWS::Serverless-2016-10-31
Resources:
  Snap:
    Type: AWS::Serverless::Function
    Properties: {Runtime: java21, MemorySize: 1024, SnapStart: {ApplyOn: PublishedVersions}}
  SnapAlias:
    Type: AWS::Serverless::Function
    Properties: {Runtime: java21, MemorySize: 1024, AutoPublishAlias: live, SnapStart: {ApplyOn: PublishedVersions}}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Events:
        Queue: {Type: SQS, Properties: {Queue: arn:aws:sqs:us-east-1:1:q}}
        Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
        Web: {Type: HttpApi}
  Web:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Events:
        Get: {Type: Api, Properties: {Path: /, Method: get}}
`
	set, err := lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: []byte(tmpl)}}, "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]lt.Function{}
	for _, f := range set.Functions {
		got[f.Name] = f
	}
	if f := got["Snap"]; f.SnapStart == nil || *f.SnapStart {
		t.Errorf("SnapStart without AutoPublishAlias: %v; want off", f.SnapStart)
	}
	if f := got["SnapAlias"]; f.SnapStart == nil || !*f.SnapStart {
		t.Errorf("SnapStart with AutoPublishAlias: %v; want on", f.SnapStart)
	}
	var warned []string
	for _, w := range set.Warnings {
		if strings.Contains(w.Msg, "SnapStart") || strings.Contains(w.Path, "SnapStart") {
			warned = append(warned, w.String())
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "Resources.Snap.Properties.SnapStart") || !strings.Contains(warned[0], "invoked as $LATEST: modelled without SnapStart") {
		t.Errorf("SnapStart warnings %q; want one, for Snap", warned)
	}
	if want := "Queue (SQS) poll and invoke in batches; Nightly (Schedule) invoke asynchronously, with Lambda's queue and retries"; got["Worker"].Invoked != want {
		t.Errorf("Worker invoked %q; want %q", got["Worker"].Invoked, want)
	}
	if got["Web"].Invoked != "" || got["Snap"].Invoked != "" {
		t.Errorf("synchronous functions: %q, %q; want nothing said", got["Web"].Invoked, got["Snap"].Invoked)
	}
}

// SnapStart and provisioned concurrency need a published version, which
// SAM publishes for AutoPublishAlias set to any name: one known only at
// deployment (a parameter without a default, a pseudo parameter) keeps
// them on, with a warning that says it is taken as set; they are off only
// when the key is absent or resolves to "" or AWS::NoValue (review4: an
// unresolvable alias turned SnapStart off and refused provisioned
// concurrency).
func TestSAMAutoPublishAliasAtDeployment(t *testing.T) {
	const head = `Transform: AWS::Serverless-2016-10-31
Parameters:
  AliasParam: {Type: String}
  Named: {Type: String, Default: live}
  Blank: {Type: String, Default: ""}
  Stage: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Equals [!Ref Stage, dev]
`
	for _, tc := range []struct {
		name, alias string
		on          bool
		warn        string // a part of a warning at AutoPublishAlias; "" for none
	}{
		{"a name", "live", true, ""},
		{"a parameter without a default", "!Ref AliasParam", true, "!Ref AliasParam cannot be resolved (parameter AliasParam has no default); taken as set: SAM publishes a version"},
		{"a pseudo parameter", "!Ref AWS::StackName", true, "taken as set"},
		{"a Sub of an unknown", `!Sub "${AliasParam}-live"`, true, "taken as set"},
		{"a parameter's default", "!Ref Named", true, "read with the parameters' defaults (Named=live)"},
		{"an empty default", "!Ref Blank", false, "read with the parameters' defaults (Blank=)"},
		{"empty", `""`, false, ""},
		{"AWS::NoValue", "!Ref AWS::NoValue", false, ""},
		{"If, false at the defaults", "!If [IsProd, live, !Ref AWS::NoValue]", false, ""},
		{"If, true at the defaults", "!If [IsDev, live, !Ref AWS::NoValue]", true, "(Stage=dev)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := head + `Resources:
  Snap:
    Type: AWS::Serverless::Function
    Properties: {Runtime: java21, MemorySize: 1024, AutoPublishAlias: ` + tc.alias + `, SnapStart: {ApplyOn: PublishedVersions}}
  Warm:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, AutoPublishAlias: ` + tc.alias + `, ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 3}}
`
			set, err := lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: []byte(tmpl)}}, "t.yaml")
			if !tc.on {
				// provisioned concurrency without a published alias is
				// refused, as SAM refuses it
				if err == nil || !strings.Contains(err.Error(), "Warm: ProvisionedConcurrencyConfig: needs AutoPublishAlias") {
					t.Fatalf("error %v; want Warm's provisioned concurrency refused", err)
				}
				tmpl = strings.Replace(tmpl, ", ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 3}", "", 1)
				if set, err = lt.ReadSAM(fstest.MapFS{"t.yaml": {Data: []byte(tmpl)}}, "t.yaml"); err != nil {
					t.Fatal(err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			got := map[string]lt.Function{}
			for _, f := range set.Functions {
				got[f.Name] = f
			}
			if f := got["Snap"]; f.SnapStart == nil || *f.SnapStart != tc.on {
				t.Errorf("SnapStart %v; want %v", f.SnapStart, tc.on)
			}
			if f := got["Warm"]; tc.on && (f.ProvisionedConcurrency == nil || *f.ProvisionedConcurrency != 3) {
				t.Errorf("provisioned concurrency %v; want 3", f.ProvisionedConcurrency)
			}
			var at []string
			for _, w := range set.Warnings {
				if strings.Contains(w.Path, "Snap.Properties.AutoPublishAlias") {
					at = append(at, w.String())
				}
			}
			if tc.warn == "" && len(at) > 0 || tc.warn != "" && (len(at) != 1 || !strings.Contains(at[0], tc.warn)) {
				t.Errorf("warnings at AutoPublishAlias %q; want %q", at, tc.warn)
			}
		})
	}
}
