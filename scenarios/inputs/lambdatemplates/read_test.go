package lambdatemplates_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
)

func p[T any](v T) *T { return &v }

func sec(n int) *time.Duration { d := time.Duration(n) * time.Second; return &d }

func warnings(s *lt.Set) []string {
	var out []string
	for _, w := range s.Warnings {
		out = append(out, w.String())
	}
	return out
}

// TestRead reads the realistic files in testdata: a SAM template with
// Globals, Parameters, !Ref/!Sub/!GetAtt/!FindInMap/!If, a provisioned
// alias, SnapStart on Java, an image and arm64; plain CloudFormation JSON
// with an alias's provisioned concurrency; serverless.yml with provider
// defaults, overrides and variables.
func TestRead(t *testing.T) {
	fsys := os.DirFS("testdata")
	tests := []struct {
		file     string
		read     func(fsys fstest.MapFS, path string) (*lt.Set, error)
		want     []lt.Function
		warnings []string
	}{
		{
			file: "sam-shop.yaml",
			want: []lt.Function{
				{Name: "CatalogApi", FunctionName: "catalog-api", Kind: "AWS::Serverless::Function", MemoryMB: p(2048), Timeout: sec(30),
					Runtime: "java21", TemplateRuntime: "java21", Arch: "x86_64", SnapStart: p(true)},
				{Name: "Checkout", FunctionName: "shop-prod-checkout", Kind: "AWS::Serverless::Function", MemoryMB: p(512), Timeout: sec(20),
					Runtime: "python3.12", TemplateRuntime: "python3.12", Arch: "x86_64", ReservedConcurrency: p(100), ProvisionedConcurrency: p(5)},
				{Name: "OrderWorker", Kind: "AWS::Serverless::Function", MemoryMB: p(1024), Timeout: sec(60), Arch: "arm64", Package: "image",
					Invoked: "Queue (SQS) poll and invoke in batches"},
				{Name: "ThumbnailFn", Kind: "AWS::Serverless::Function", MemoryMB: p(256), Timeout: sec(10),
					Runtime: "nodejs22.x", TemplateRuntime: "nodejs22.x", Arch: "arm64", ReservedConcurrency: p(20)},
			},
			warnings: []string{
				"sam-shop.yaml:document 1: Resources.Checkout.Properties.FunctionName: !Sub shop-${Stage}-checkout read with the parameters' defaults (Stage=prod); a deployment may pass others",
				"sam-shop.yaml:document 1: Resources.Checkout.Properties.MemorySize: !Ref MemoryParam read with the parameters' defaults (MemoryParam=512); a deployment may pass others",
				"sam-shop.yaml:document 1: Resources.Checkout.Properties.Timeout: !FindInMap [StageConfig, !Ref Stage, Timeout] read with the parameters' defaults (Stage=prod); a deployment may pass others",
				"sam-shop.yaml:document 1: Resources.OrderWorker.Properties.Timeout: !If [IsProd, 60, 30] read with the parameters' defaults (Stage=prod); a deployment may pass others",
				"sam-shop.yaml:document 1: Resources.OrderWorker.Properties.Architectures: set in Globals.Function too: SAM concatenates the two lists, which Lambda rejects; the function's [arm64] is used",
				// review10 M2: SAM's transform refuses a Runtime with an image
				"sam-shop.yaml:document 1: Globals.Function.Runtime: python3.12 is inherited by OrderWorker, which has PackageType Image: SAM's transform may refuse the template (aws/aws-sam-cli#2478: Runtime cannot be present with PackageType Image); ignored for OrderWorker, whose image holds its own runtime",
				"sam-shop.yaml:document 1: Resources.ThumbnailFn.Properties.MemorySize: !GetAtt Sizing.MemoryMB cannot be resolved (execsim does not evaluate !GetAtt); left unset",
				"sam-shop.yaml:document 1: Resources.ThumbnailFn.Properties.Architectures: set in Globals.Function too: SAM concatenates the two lists, which Lambda rejects; the function's [arm64] is used",
			},
		},
		{
			file: "cfn-payments.json",
			want: []lt.Function{
				{Name: "Ledger", Kind: "AWS::Lambda::Function", MemoryMB: p(3008), Package: "image"},
				{Name: "PaymentsFnA1B2C3", FunctionName: "payments-authorize", Kind: "AWS::Lambda::Function", MemoryMB: p(1769), Timeout: sec(15),
					Runtime: "go", TemplateRuntime: "provided.al2023", Arch: "arm64", ReservedConcurrency: p(200), ProvisionedConcurrency: p(10)},
				{Name: "Refunds", Kind: "AWS::Lambda::Function", Runtime: "nodejs20.x", TemplateRuntime: "nodejs20.x", SnapStart: p(false)},
			},
			warnings: []string{
				"cfn-payments.json:document 1: Resources.PaymentsFnA1B2C3.Properties.Runtime: custom runtime provided.al2023 is taken as go (Go and Rust initialise alike; set runtime: rust to choose)",
				"cfn-payments.json:document 1: Resources.Refunds.Properties.Timeout: !Ref Env cannot be resolved (parameter Env has no default); left unset",
			},
		},
		{
			file: "serverless.yml",
			want: []lt.Function{
				{Name: "digest", Kind: "serverless.yml", MemoryMB: p(2048), Timeout: sec(900), Runtime: "java21", TemplateRuntime: "java21", Arch: "arm64", SnapStart: p(true)},
				{Name: "renderPdf", Kind: "serverless.yml", MemoryMB: p(3008), Timeout: sec(10), Arch: "arm64", Package: "image"},
				{Name: "send-sms", Kind: "serverless.yml", MemoryMB: p(512), Timeout: sec(10), Runtime: "python3.12", TemplateRuntime: "python3.12", Arch: "x86_64", ProvisionedConcurrency: p(3)},
				{Name: "sendEmail", FunctionName: "notifications-send-email", Kind: "serverless.yml", MemoryMB: p(768), Timeout: sec(25),
					Runtime: "nodejs22.x", TemplateRuntime: "nodejs22.x", Arch: "arm64", ReservedConcurrency: p(50)},
			},
			warnings: []string{
				"serverless.yml:document 1: functions.sendEmail.timeout: ${opt:timeout, 25} cannot be resolved (its default used: 25)",
			},
		},
		{
			// a function's variable that cannot be resolved gives way to
			// the provider's value, else to the Framework's default
			file: "serverless-unresolved.yml",
			want: []lt.Function{
				{Name: "cart", Kind: "serverless.yml", MemoryMB: p(1536), Timeout: sec(6), Runtime: "nodejs22.x", TemplateRuntime: "nodejs22.x"},
				{Name: "orders", Kind: "serverless.yml", MemoryMB: p(1536), Timeout: sec(6), Runtime: "python3.12", TemplateRuntime: "python3.12"},
			},
			warnings: []string{
				"serverless-unresolved.yml:document 1: functions.cart.memorySize: ${self:custom.mem} cannot be resolved (a variable without a literal default); provider.memorySize used instead",
				"serverless-unresolved.yml:document 1: functions.orders.memorySize: ${self:custom.sizes.orders} cannot be resolved (a variable without a literal default); provider.memorySize used instead",
				"serverless-unresolved.yml:document 1: functions.orders.timeout: ${self:custom.missing} cannot be resolved (a variable without a literal default); the Framework's default 6 used instead",
			},
		},
		{
			// the Framework's own defaults, 1,024 MB and 6 s, apply
			file: "serverless-defaults.yml",
			want: []lt.Function{
				{Name: "hello", Kind: "serverless.yml", MemoryMB: p(1024), Timeout: sec(6), Runtime: "ruby3.3", TemplateRuntime: "ruby3.3"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			read := lt.ReadSAM
			if strings.HasPrefix(tc.file, "serverless") {
				read = lt.ReadServerless
			}
			set, err := read(fsys, tc.file)
			if err != nil {
				t.Fatalf("read(%s): %v", tc.file, err)
			}
			if diff := cmp.Diff(tc.want, set.Functions); diff != "" {
				t.Errorf("read(%s) functions (-want +got):\n%s", tc.file, diff)
			}
			if diff := cmp.Diff(tc.warnings, warnings(set)); diff != "" {
				t.Errorf("read(%s) warnings (-want +got):\n%s", tc.file, diff)
			}
		})
	}
}

// TestReadProblems: every problem of a file is reported, each as
// file:document N: kind/name: field: what is wrong (got X).
func TestReadProblems(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             []string // the error's lines; nil for none
		warnings         []string
		sentinel         error
	}{
		{
			name: "sam ranges", file: "template.yaml", sentinel: lt.ErrRange,
			text: `Resources:
  Tiny:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, MemorySize: 64, Timeout: 1000, ReservedConcurrentExecutions: -1}
`,
			want: []string{
				"template.yaml:document 1: AWS::Serverless::Function/Tiny: MemorySize: must be between 128 and 10240 (got 64)",
				"template.yaml:document 1: AWS::Serverless::Function/Tiny: Timeout: must be between 1 and 900 seconds (got 1000)",
				"template.yaml:document 1: AWS::Serverless::Function/Tiny: ReservedConcurrentExecutions: must not be negative (got -1)",
			},
		},
		{
			name: "sam types and enums", file: "template.yaml", sentinel: lt.ErrInvalid,
			text: `Globals:
  Function: {MemorySize: lots}
Resources:
  Bad:
    Type: AWS::Serverless::Function
    Properties:
      Architectures: [sparc]
      PackageType: Tarball
      SnapStart: {ApplyOn: Always}
      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 2}
  Both:
    Type: AWS::Lambda::Function
    Properties: {Runtime: java21, SnapStart: {ApplyOn: PublishedVersions}, Architectures: [x86_64, arm64]}
  BothLive:
    Type: AWS::Lambda::Alias
    Properties: {FunctionName: !Ref Both, Name: live, FunctionVersion: "1", ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 3}}
`,
			want: []string{
				`template.yaml:document 1: Globals.Function.MemorySize: must be a whole number, or a string of one (got "lots")`,
				"template.yaml:document 1: AWS::Serverless::Function/Bad: SnapStart.ApplyOn: must be PublishedVersions or None (got Always)",
				"template.yaml:document 1: AWS::Serverless::Function/Bad: ProvisionedConcurrencyConfig: needs AutoPublishAlias: provisioned concurrency is set on the published alias",
				"template.yaml:document 1: AWS::Serverless::Function/Bad: Architectures: must be x86_64 or arm64 (got sparc)",
				"template.yaml:document 1: AWS::Serverless::Function/Bad: PackageType: must be Zip or Image (got Tarball)",
				"template.yaml:document 1: AWS::Lambda::Function/Both: Architectures: must name exactly one architecture (got [x86_64 arm64])",
				"template.yaml:document 1: AWS::Lambda::Function/Both: SnapStart: cannot be combined with provisioned concurrency (snapstart.html)",
			},
		},
		{
			// every function inherits Globals.Function: its mistake is
			// reported once, where it is, not once per function
			name: "sam globals once", file: "template.yaml", sentinel: lt.ErrRange,
			text: `Globals:
  Function: {MemorySize: 64, Timeout: 30, Architectures: [sparc]}
Resources:
  Cart:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12}
  Orders:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Architectures: [arm64], Timeout: 0}
`,
			want: []string{
				"template.yaml:document 1: Globals.Function.MemorySize: must be between 128 and 10240 (got 64)",
				"template.yaml:document 1: Globals.Function.Architectures: must be x86_64 or arm64 (got sparc)",
				"template.yaml:document 1: AWS::Serverless::Function/Orders: Timeout: must be between 1 and 900 seconds (got 0)",
			},
		},
		{
			name: "unknown runtime is a warning", file: "template.yaml",
			text: `Resources:
  Old:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python2.7, CodeUri: old/}
`,
			warnings: []string{"template.yaml:document 1: Resources.Old.Properties.Runtime: runtime python2.7 has no measured init duration in execsim (known: "},
		},
		{
			// a later release of a runtime family than execsim lists may
			// have been added by AWS since: only unmeasured
			name: "newer runtime is a warning", file: "template.yaml",
			text: `Resources:
  Next:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs26.x, CodeUri: next/}
`,
			warnings: []string{"template.yaml:document 1: Resources.Next.Properties.Runtime: runtime nodejs26.x has no measured init duration in execsim (known: "},
		},
		{
			// CloudFormation's schema enumerates Runtime, and Lambda
			// refuses a runtime for an image: neither template deploys
			// (they were warnings)
			name: "runtimes CloudFormation rejects", file: "template.yaml", sentinel: lt.ErrInvalid,
			text: `Globals:
  Function: {Runtime: pyhton3.12}
Resources:
  Go:
    Type: AWS::Serverless::Function
    Properties: {Runtime: go}
  Capital:
    Type: AWS::Lambda::Function
    Properties: {Runtime: Python3.12}
  Never:
    Type: AWS::Lambda::Function
    Properties: {Runtime: nodejs13.x}
  Boxed:
    Type: AWS::Lambda::Function
    Properties: {PackageType: Image, Runtime: java21}
`,
			want: []string{
				"template.yaml:document 1: Globals.Function.Runtime: is not a Lambda runtime identifier (e.g. nodejs22.x, python3.13, java21, dotnet8, ruby3.4, provided.al2023; lambda-runtimes.html) (got pyhton3.12)",
				"template.yaml:document 1: AWS::Lambda::Function/Boxed: Runtime: must not be set with PackageType Image: Lambda refuses a runtime for a container image, which holds its own (got java21)",
				"template.yaml:document 1: AWS::Lambda::Function/Capital: Runtime: is not a Lambda runtime identifier (e.g. nodejs22.x, python3.13, java21, dotnet8, ruby3.4, provided.al2023; lambda-runtimes.html) (got Python3.12)",
				"template.yaml:document 1: AWS::Serverless::Function/Go: Runtime: is not a Lambda runtime identifier (e.g. nodejs22.x, python3.13, java21, dotnet8, ruby3.4, provided.al2023; lambda-runtimes.html) (got go)",
				"template.yaml:document 1: AWS::Lambda::Function/Never: Runtime: is not a Lambda runtime identifier (e.g. nodejs22.x, python3.13, java21, dotnet8, ruby3.4, provided.al2023; lambda-runtimes.html) (got nodejs13.x)",
			},
		},
		{
			name: "malformed yaml", file: "template.yaml", sentinel: lt.ErrSyntax,
			text: "Resources:\n  A:\n    Type: [AWS::Serverless::Function\n",
			want: []string{"template.yaml:document 1: malformed template: invalid YAML template: yaml: line 2: did not find expected ',' or ']'"},
		},
		{
			// inputs10 #2: a tab named as one, on its line
			name: "tab indentation", file: "template.yaml", sentinel: lt.ErrSyntax,
			text: "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      MemorySize: 512\n\tTimeout: 3\n",
			want: []string{"template.yaml:document 1: malformed template: line 6: YAML indentation must use spaces, not tabs"},
		},
		{
			name: "logical ID", file: "template.json", sentinel: lt.ErrInvalid,
			text: `{"Resources": {"check-out": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 256}}}}`,
			want: []string{"template.json:document 1: AWS::Lambda::Function/check-out: logical ID must be alphanumeric (A-Za-z0-9)"},
		},
		{
			name: "malformed json", file: "template.json", sentinel: lt.ErrSyntax,
			text: `{"Resources": {"A": }`,
			want: []string{"template.json:document 1: malformed template: invalid JSON: invalid character '}' looking for beginning of value"},
		},
		{
			name: "not a template", file: "template.yaml", sentinel: lt.ErrSyntax,
			text: "- a\n- b\n",
			want: []string{"template.yaml:document 1: malformed template: the top level must be a mapping with Resources"},
		},
		{
			name: "serverless problems", file: "serverless.yml", sentinel: lt.ErrRange,
			text: `service: s
provider: {name: aws, runtime: nodejs22.x, memorySize: 64}
functions:
  a: {handler: a.h, timeout: 1000, reservedConcurrency: -5}
  b: {handler: b.h, memorySize: big, snapStart: maybe, architecture: sparc}
  c: {handler: c.h, runtime: rust, memorySize: 256}
`,
			want: []string{
				"serverless.yml:document 1: function/a: provider.memorySize: must be between 128 and 10240 (got 64)",
				"serverless.yml:document 1: function/a: timeout: must be between 1 and 900 seconds (got 1000)",
				"serverless.yml:document 1: function/a: reservedConcurrency: must not be negative (got -5)",
				`serverless.yml:document 1: function/b: memorySize: must be a whole number (got "big")`,
				"serverless.yml:document 1: function/b: snapStart: must be true or false (got maybe)",
				"serverless.yml:document 1: function/b: architecture: must be x86_64 or arm64 (got sparc)",
				"serverless.yml:document 1: function/c: runtime: is not a Lambda runtime identifier (e.g. nodejs22.x, python3.13, java21, dotnet8, ruby3.4, provided.al2023; lambda-runtimes.html) (got rust)",
			},
		},
		{
			name: "tab indentation in serverless", file: "serverless.yml", sentinel: lt.ErrSyntax,
			text: "service: s\nfunctions:\n  a:\n    handler: a.h\n\n\tmemorySize: 512\n",
			want: []string{"serverless.yml:document 1: malformed YAML: line 6: YAML indentation must use spaces, not tabs"},
		},
		{
			name: "malformed serverless", file: "serverless.yml", sentinel: lt.ErrSyntax,
			text: "service: s\nfunctions:\n  a: {handler: a.h\n",
			want: []string{"serverless.yml:document 1: malformed YAML: line 2: did not find expected ',' or '}'"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{tc.file: {Data: []byte(tc.text)}}
			read := lt.ReadSAM
			if strings.HasPrefix(tc.file, "serverless") {
				read = lt.ReadServerless
			}
			set, err := read(fsys, tc.file)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("read: %v", err)
				}
				got := warnings(set)
				if len(got) != len(tc.warnings) {
					t.Fatalf("warnings = %q; want %q", got, tc.warnings)
				}
				for i, w := range tc.warnings {
					if !strings.HasPrefix(got[i], w) {
						t.Errorf("warning %d = %q; want it to start %q", i, got[i], w)
					}
				}
				return
			}
			if err == nil {
				t.Fatalf("read = %+v; want errors", set)
			}
			if got := strings.Split(err.Error(), "\n"); !cmp.Equal(tc.want, got) {
				t.Errorf("errors (-want +got):\n%s", cmp.Diff(tc.want, got))
			}
			var e *lt.Error
			if !errors.As(err, &e) {
				t.Errorf("error %v is not an *Error", err)
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.sentinel)
			}
		})
	}
}

// A provider-level variable execsim cannot resolve leaves the Framework's
// default (1,024 MB), not Lambda's 128 MB, and says so.
func TestServerlessProviderVariable(t *testing.T) {
	text := "provider: {name: aws, memorySize: '${ssm:/shop/memory}'}\nfunctions: {cart: {handler: cart.h}}\n"
	set, err := lt.ReadServerless(fstest.MapFS{"serverless.yml": {Data: []byte(text)}}, "serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	if m := set.Functions[0].MemoryMB; m == nil || *m != 1024 {
		t.Errorf("memory = %v; want the Framework's 1024", m)
	}
	want := []string{"serverless.yml:document 1: provider.memorySize: ${ssm:/shop/memory} cannot be resolved (a variable without a literal default); the Framework's default 1024 used instead"}
	if diff := cmp.Diff(want, warnings(set)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
