package lambdatemplates_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
)

// TestReadByContent: a file is a template or a serverless.yml by what it
// holds, not by its name (walk2 defect 3: serverless.prod.yml was read as a
// template with no Resources and its reserved and provisioned concurrency
// were lost without an error), and a file that is neither is an error that
// names the file and what was expected.
func TestReadByContent(t *testing.T) {
	const sls = "service: billing\nprovider: {name: aws, runtime: python3.11}\nfunctions:\n  billing: {handler: h.main, memorySize: 768, reservedConcurrency: 4, provisionedConcurrency: 2}\n"
	const cfn = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Fn: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.12, MemorySize: 512}}\n"
	tests := []struct {
		file, data string
		kind       string // Kind of the one function read; "" for an error
		err        string
		warning    string
	}{
		{"serverless.prod.yml", sls, "serverless.yml", "", ""},
		{"deploy/billing.yaml", sls, "serverless.yml", "", ""},
		{"serverless.yml", sls, "serverless.yml", "", ""},
		{"infra.yml", cfn, "AWS::Lambda::Function", "", ""},
		{"infra.json", `{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 512}}}}`, "AWS::Lambda::Function", "", ""},
		{"sam.yaml", "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn: {Type: AWS::Serverless::Function}\n", "AWS::Serverless::Function", "", ""},
		{"foo.yaml", "foo: bar\n", "", "foo.yaml:document 1: neither an AWS SAM/CloudFormation template (Resources, AWSTemplateFormatVersion or Transform at the top level) nor a Serverless Framework file (service with provider or functions): its top level has foo", ""},
		{"half.yml", "service: x\n", "", "half.yml:document 1: neither an AWS SAM/CloudFormation template", ""},
		{"empty.yaml", "# nothing\n", "", "empty.yaml:document 1: neither an AWS SAM/CloudFormation template (Resources, AWSTemplateFormatVersion or Transform at the top level) nor a Serverless Framework file (service with provider or functions): it is empty", ""},
		{"list.yaml", "- 1\n", "", "its top level is not a mapping", ""},
		// either kind, but no function: a warning, as every service keeps
		// the lambda: section's settings
		{"bucket.yaml", "Resources:\n  B: {Type: AWS::S3::Bucket}\n", "", "", "bucket.yaml:document 1: Resources: declares no Lambda function, so no service takes its settings from this file"},
		{"s.yml", "service: s\nprovider: {name: aws}\n", "", "", "s.yml:document 1: functions: declares no Lambda function"},
	}
	for _, tt := range tests {
		set, err := lt.Read(fstest.MapFS{tt.file: {Data: []byte(tt.data)}}, tt.file)
		switch {
		case tt.err != "":
			var le *lt.Error
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &le) || !errors.Is(err, lt.ErrInvalid) {
				t.Errorf("%s: error = %v; want an ErrInvalid *Error containing %q", tt.file, err, tt.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tt.file, err)
		case tt.warning != "":
			if got := strings.Join(warnings(set), "\n"); !strings.Contains(got, tt.warning) || len(set.Functions) != 0 {
				t.Errorf("%s: functions %v, warnings %q; want none and %q", tt.file, set.Functions, got, tt.warning)
			}
		default:
			if len(set.Functions) != 1 || set.Functions[0].Kind != tt.kind {
				t.Errorf("%s: functions = %+v; want one %s", tt.file, set.Functions, tt.kind)
			} else if tt.file == "serverless.prod.yml" {
				f := set.Functions[0]
				if f.ReservedConcurrency == nil || *f.ReservedConcurrency != 4 || f.ProvisionedConcurrency == nil || *f.ProvisionedConcurrency != 2 {
					t.Errorf("%s: reserved/provisioned = %v/%v; want 4/2", tt.file, f.ReservedConcurrency, f.ProvisionedConcurrency)
				}
			}
		}
	}
}

// TestNumbersAsStrings: CloudFormation takes "512" where a number is
// expected (a Number parameter becomes a string through Ref; Fn::Sub gives
// one), so a template that deploys is read (walk2 defect 4); a string that
// is not a whole number stays an error naming the property and value.
func TestNumbersAsStrings(t *testing.T) {
	const tmpl = `Parameters: {Mem: {Type: String, Default: "333"}}
Resources:
  Cfn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, MemorySize: "512", Timeout: "7", ReservedConcurrentExecutions: " 4 "}
  Sub:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, MemorySize: {"Fn::Sub": "${Mem}"}}
  Live:
    Type: AWS::Lambda::Alias
    Properties: {FunctionName: !Ref Cfn, FunctionVersion: "1", Name: live, ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: "2"}}
  Sam:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, AutoPublishAlias: live, MemorySize: "1024", ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: "3"}}
`
	set, err := lt.Read(fstest.MapFS{"t.yaml": {Data: []byte(tmpl)}}, "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range set.Functions {
		got[f.Name] = fmt.Sprintf("mem %v timeout %v reserved %v provisioned %v", deref(f.MemoryMB), f.Timeout, deref(f.ReservedConcurrency), deref(f.ProvisionedConcurrency))
	}
	want := map[string]string{
		"Cfn": "mem 512 timeout 7s reserved 4 provisioned 2",
		"Sub": "mem 333 timeout <nil> reserved - provisioned -",
		"Sam": "mem 1024 timeout <nil> reserved - provisioned 3",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %s; want %s", name, got[name], w)
		}
	}
	for _, bad := range []struct{ props, want string }{
		{`{MemorySize: "512MB"}`, `t.yaml:document 1: AWS::Lambda::Function/F: MemorySize: must be a whole number, or a string of one (got "512MB")`},
		{`{Timeout: "7.5"}`, `AWS::Lambda::Function/F: Timeout: must be a whole number, or a string of one (got "7.5")`},
		{`{MemorySize: 512.5}`, `AWS::Lambda::Function/F: MemorySize: must be a whole number`},
		{`{MemorySize: "64"}`, `AWS::Lambda::Function/F: MemorySize: must be between 128 and 10240 (got 64)`},
	} {
		data := "Resources:\n  F: {Type: AWS::Lambda::Function, Properties: " + bad.props + "}\n"
		if _, err := lt.Read(fstest.MapFS{"t.yaml": {Data: []byte(data)}}, "t.yaml"); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error = %v; want %q", bad.props, err, bad.want)
		}
	}
}

func deref(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}
