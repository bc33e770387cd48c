package lambdatemplates_test

import (
	"errors"
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
