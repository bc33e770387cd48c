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
