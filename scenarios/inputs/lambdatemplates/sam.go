package lambdatemplates

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation/lambda"
	"github.com/awslabs/goformation/v7/cloudformation/serverless"
	"github.com/awslabs/goformation/v7/intrinsics"
	"github.com/execsim/execsim/scenarios/inputs/yamltab"
)

const (
	samFunction = "AWS::Serverless::Function"
	cfnFunction = "AWS::Lambda::Function"
	cfnAlias    = "AWS::Lambda::Alias"
	cfnVersion  = "AWS::Lambda::Version"
)

// read are the properties execsim reads, in the order they are checked.
var read = []string{
	"Architectures", "AutoPublishAlias", "FunctionName", "MemorySize", "PackageType",
	"ProvisionedConcurrencyConfig", "ReservedConcurrentExecutions", "Runtime", "SnapStart", "Timeout",
}

// The resource types decode from a properties object without their
// UnmarshalJSON (which expects the whole resource and rejects properties
// goformation's schema lacks), so a newer property never fails a template.
type (
	samProps struct {
		samPropsBase
		// SnapStart is missing from goformation's SAM schema; SAM passes it
		// through to AWS::Lambda::Function (sam-resource-function.html).
		SnapStart *lambda.Function_SnapStart `json:"SnapStart,omitempty"`
	}
	samPropsBase serverless.Function
	cfnProps     lambda.Function
	aliasProps   lambda.Alias
	versionProps lambda.Version
)

var logicalID = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// ReadSAM reads the Lambda functions of an AWS SAM or CloudFormation
// template (YAML or JSON): AWS::Serverless::Function with the template's
// Globals.Function, and AWS::Lambda::Function with the provisioned
// concurrency of the AWS::Lambda::Alias or AWS::Lambda::Version resources
// that refer to it.
func ReadSAM(fsys fs.FS, path string) (*Set, error) {
	r := &report{file: path}
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	tmpl, err := parseTemplate(path, data)
	if err != nil {
		if n := yamltab.Line(data, err.Error()); n > 0 {
			r.fail("", "", "", nil, ErrSyntax, "malformed template: line %d: %s", n, yamltab.Advice)
			return nil, r.err()
		}
		r.fail("", "", "", nil, ErrSyntax, "malformed template: %v", err)
		return nil, r.err()
	}
	x := &resolver{template: tmpl, r: r}
	set := &Set{File: path}

	// Globals.Function applies to every AWS::Serverless::Function.
	var globals map[string]any
	if g, ok := tmpl["Globals"].(map[string]any); ok {
		if gf, ok := g["Function"].(map[string]any); ok {
			globals = x.props("Globals.Function", gf)
		}
	}
	globals = r.checkGlobals(globals)
	resources, _ := tmpl["Resources"].(map[string]any)
	if _, ok := tmpl["Resources"]; ok && resources == nil {
		r.fail("", "", "Resources", nil, ErrInvalid, "must be a mapping of logical IDs to resources")
	}
	pcByFunction := x.provisionedFromAliases(resources)
	for name, res := range x.createdOf(resources, samFunction, cfnFunction) {
		kind := res["Type"].(string)
		if !logicalID.MatchString(name) {
			// resources-section-structure.html: "The logical ID must be
			// alphanumeric (A-Za-z0-9) and unique within the template."
			r.fail(kind, name, "", nil, ErrInvalid, "logical ID must be alphanumeric (A-Za-z0-9)")
			continue
		}
		path := "Resources." + name + ".Properties"
		var own map[string]any
		switch p := res["Properties"].(type) {
		case map[string]any:
			own = x.props(path, p)
		case nil:
			own = map[string]any{}
		default:
			r.fail(kind, name, "Properties", nil, ErrInvalid, "must be a mapping")
			continue
		}
		s := &settings{kind: kind, name: name, path: path,
			fMemory: "MemorySize", fTimeout: "Timeout", fRuntime: "Runtime", fArch: "Architectures",
			fPackage: "PackageType", fSnap: "SnapStart", fReserved: "ReservedConcurrentExecutions",
			fProvisioned: "ProvisionedConcurrencyConfig"}
		if kind == samFunction {
			props := r.mergeGlobals(path, globals, own)
			_, s.runtimeInherited = globals["Runtime"]
			if _, ok := own["Runtime"]; ok {
				s.runtimeInherited = false
			}
			r.decodeSAM(s, props)
		} else {
			r.decodeCFN(s, own)
			if pc, ok := pcByFunction[name]; ok {
				s.provisioned = &pc
			}
		}
		f := r.build(s)
		if kind == samFunction {
			raw, _ := res["Properties"].(map[string]any) // props keeps only what is read
			f.Invoked = invokedBy(raw)
		}
		set.Functions = append(set.Functions, f)
	}
	x.noteSkipped()
	set.Warnings = r.warnings
	if err := r.err(); err != nil {
		return nil, err
	}
	return set, nil
}

// checkGlobals reports each property of Globals.Function that is wrong on
// its own (a type, a range, an enum) once, at its Globals.Function path,
// and returns the globals without them: every function would inherit the
// same mistake, and one report names where to fix it. What depends on a
// function's own properties (AutoPublishAlias for provisioned
// concurrency, SnapStart with it) is checked per function.
func (r *report) checkGlobals(globals map[string]any) map[string]any {
	if len(globals) == 0 {
		return globals
	}
	const at = "Globals.Function."
	s := &settings{kind: "", name: "", path: "Globals.Function", globals: true,
		fMemory: at + "MemorySize", fTimeout: at + "Timeout", fRuntime: at + "Runtime", fArch: at + "Architectures",
		fPackage: at + "PackageType", fSnap: at + "SnapStart", fReserved: at + "ReservedConcurrentExecutions",
		fProvisioned: at + "ProvisionedConcurrencyConfig"}
	first, warnings := len(r.errs), r.warnings
	r.decodeSAM(s, globals)
	r.build(s)
	r.warnings = warnings // runtime notes are the functions' to give
	bad := map[string]bool{}
	for _, err := range r.errs[first:] {
		if e, ok := err.(*Error); ok {
			key, _, _ := strings.Cut(strings.TrimPrefix(e.Field, at), ".")
			bad[key] = true
		}
	}
	if len(bad) == 0 {
		return globals
	}
	out := map[string]any{}
	for k, v := range globals {
		if !bad[k] {
			out[k] = v
		}
	}
	return out
}

// parseTemplate turns a template into a JSON-like tree with every
// short-form tag (!Ref x) in long form ({"Ref": "x"}), unresolved.
func parseTemplate(path string, data []byte) (tmpl map[string]any, err error) {
	defer func() {
		if v := recover(); v != nil { // a YAML tree goformation cannot walk
			err = fmt.Errorf("%v", v)
		}
	}()
	opts := &intrinsics.ProcessorOptions{NoProcess: true}
	var out []byte
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		out, err = intrinsics.ProcessJSON(data, opts)
	} else {
		out, err = intrinsics.ProcessYAML(data, opts)
	}
	if err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, err
	}
	tmpl, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the top level must be a mapping with Resources")
	}
	return tmpl, nil
}

// props resolves the properties execsim reads; an intrinsic that cannot be
// resolved is warned about and left out. Mapping-valued properties
// (ProvisionedConcurrencyConfig, SnapStart) resolve key by key.
func (x *resolver) props(path string, p map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range read {
		v, ok := p[k]
		if !ok {
			continue
		}
		if m, isMap := v.(map[string]any); isMap {
			if _, _, isIntrinsic := intrinsic(v); !isIntrinsic {
				sub := map[string]any{}
				for _, sk := range slices.Sorted(maps.Keys(m)) {
					if r, ok := x.resolve(path+"."+k+"."+sk, m[sk]); ok {
						sub[sk] = r
					}
				}
				out[k] = sub
				continue
			}
		}
		if k == "AutoPublishAlias" {
			if r, ok := x.resolveOr(path+"."+k, v, aliasAtDeployment, "taken as set: SAM publishes a version under whatever alias the deployment names, so SnapStart and provisioned concurrency apply where set"); ok {
				out[k] = r
			}
			continue
		}
		if r, ok := x.resolve(path+"."+k, v); ok {
			out[k] = r
		}
	}
	return out
}

// aliasAtDeployment stands for an AutoPublishAlias the template alone
// cannot resolve (!Ref AliasParam without a default, say). Only whether
// the key is set matters to execsim: set to any name, SAM adds an
// AWS::Lambda::Version and an AWS::Lambda::Alias pointing at it
// (sam-resource-function.html#sam-function-autopublishalias), and the
// name may be a Ref to a parameter that SAM resolves with the
// deployment's values (serverless-application-model
// docs/cloudformation_compatibility.rst, AutoPublishAlias). A published
// version is what SnapStart snapshots (ApplyOn PublishedVersions: Lambda
// API reference, SnapStart; snapstart-activate.html: publish, then invoke
// a version) and what provisioned concurrency is set on. So an unresolved
// name keeps both on: they are off only when the key is absent, or
// resolves to "" or AWS::NoValue.
const aliasAtDeployment = "(named at deployment)"

// mergeGlobals applies Globals.Function under a function's own properties
// as SAM does (sam-specification-template-anatomy-globals.html, "Overridable"):
// a primitive in the resource replaces the global one, maps are merged with
// the resource's keys winning, and lists are concatenated. Architectures is
// the exception: concatenating gives two architectures, which Lambda rejects
// (aws/serverless-application-model#3939, fixed by per-property REPLACE in
// #3945), so the function's list replaces the global one, with a warning.
func (r *report) mergeGlobals(path string, globals, own map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range globals {
		out[k] = v
	}
	for _, k := range slices.Sorted(maps.Keys(own)) {
		v := own[k]
		g, inGlobals := out[k]
		switch {
		case !inGlobals:
			out[k] = v
		case k == "Architectures":
			if fmt.Sprint(g) != fmt.Sprint(v) {
				r.warn(path+".Architectures", "set in Globals.Function too: SAM concatenates the two lists, which Lambda rejects; the function's %v is used", v)
			}
			out[k] = v
		default:
			gm, gIsMap := g.(map[string]any)
			vm, vIsMap := v.(map[string]any)
			gl, gIsList := g.([]any)
			vl, vIsList := v.([]any)
			switch {
			case gIsMap && vIsMap:
				m := map[string]any{}
				for mk, mv := range gm {
					m[mk] = mv
				}
				for mk, mv := range vm {
					m[mk] = mv
				}
				out[k] = m
			case gIsList && vIsList:
				out[k] = append(append([]any{}, gl...), vl...)
			default:
				out[k] = v
			}
		}
	}
	return out
}

// decodeSAM decodes the merged properties with goformation's
// serverless.Function, one property at a time so that every wrongly typed
// one is reported.
func (r *report) decodeSAM(s *settings, props map[string]any) {
	var p samProps
	// goformation types ProvisionedConcurrentExecutions as a string (the SAM
	// schema allows an intrinsic there); a number is written as one.
	if pcc, ok := props["ProvisionedConcurrencyConfig"].(map[string]any); ok {
		if n, ok := pcc["ProvisionedConcurrentExecutions"].(float64); ok {
			pcc["ProvisionedConcurrentExecutions"] = strconv.FormatFloat(n, 'f', -1, 64)
		}
	}
	r.decodeEach(s, props, &p)
	s.functionName = deref(p.FunctionName)
	s.memoryMB, s.timeoutSec, s.runtime = p.MemorySize, p.Timeout, p.Runtime
	s.architectures, s.packageType, s.reserved = p.Architectures, p.PackageType, p.ReservedConcurrentExecutions
	if p.SnapStart != nil {
		s.snapStart = r.applyOn(s, p.SnapStart.ApplyOn)
		// SnapStart works only on published versions, never on $LATEST
		// (Lambda developer guide, snapstart.html), and SAM publishes one
		// only for AutoPublishAlias; without it every invocation is of
		// $LATEST (walk4). A name known only at deployment is a name
		// (aliasAtDeployment). build says so and models it without
		// SnapStart, after checking the SnapStart the template asked for
		// (review10 D2: Lambda refuses that on nodejs with or without a
		// published version).
		s.unpublished = p.AutoPublishAlias == nil || *p.AutoPublishAlias == ""
	}
	if pc := p.ProvisionedConcurrencyConfig; pc != nil {
		n, err := strconv.Atoi(pc.ProvisionedConcurrentExecutions)
		switch {
		case err != nil:
			r.fail(s.kind, s.name, s.fProvisioned+".ProvisionedConcurrentExecutions", pc.ProvisionedConcurrentExecutions, ErrInvalid, "must be a whole number")
		case s.globals:
			s.provisioned = &n
		case p.AutoPublishAlias == nil || *p.AutoPublishAlias == "":
			// SAM: "To set ProvisionedConcurrencyConfig AutoPublishAlias
			// must be defined on the function" (sam-resource-function.html).
			r.fail(s.kind, s.name, "ProvisionedConcurrencyConfig", nil, ErrInvalid, "needs AutoPublishAlias: provisioned concurrency is set on the published alias")
		default:
			s.provisioned = &n
		}
	}
}

// decodeCFN decodes properties with goformation's lambda.Function.
func (r *report) decodeCFN(s *settings, props map[string]any) {
	var p cfnProps
	r.decodeEach(s, props, &p)
	s.functionName = deref(p.FunctionName)
	s.memoryMB, s.timeoutSec, s.runtime = p.MemorySize, p.Timeout, p.Runtime
	s.architectures, s.packageType, s.reserved = p.Architectures, p.PackageType, p.ReservedConcurrentExecutions
	if p.SnapStart != nil {
		s.snapStart = r.applyOn(s, p.SnapStart.ApplyOn)
	}
}

// applyOn reads SnapStart.ApplyOn: PublishedVersions | None
// (aws-properties-lambda-function-snapstart.html).
func (r *report) applyOn(s *settings, v string) *bool {
	switch v {
	case "PublishedVersions":
		return ptr(true)
	case "None":
		return ptr(false)
	}
	r.fail(s.kind, s.name, s.fSnap+".ApplyOn", v, ErrInvalid, "must be PublishedVersions or None")
	return nil
}

// decodeEach decodes each property into dst on its own, reporting each
// property of the wrong type.
func (r *report) decodeEach(s *settings, props map[string]any, dst any) {
	for _, k := range slices.Sorted(maps.Keys(props)) {
		if intProps[k] {
			v, ok := wholeNumber(props[k])
			if !ok {
				r.fail(s.kind, s.name, s.prefix()+k, short(props[k]), ErrInvalid, "must be a whole number, or a string of one")
				continue
			}
			props[k] = v
		}
		b, err := json.Marshal(map[string]any{k: props[k]})
		if err == nil {
			// into a scratch value first: a failed decode leaves a zero
			// behind (MemorySize: "lots" would read as 0)
			err = json.Unmarshal(b, reflect.New(reflect.TypeOf(dst).Elem()).Interface())
		}
		if err == nil {
			err = json.Unmarshal(b, dst)
		}
		if err != nil {
			msg := err.Error()
			var te *json.UnmarshalTypeError
			if asTypeError(err, &te) {
				msg = "must be " + jsonKind(te.Type.Kind().String()) + ", not " + te.Value
			}
			r.fail(s.kind, s.name, s.prefix()+k, short(props[k]), ErrInvalid, "%s", msg)
		}
	}
}

// provisionedFromAliases finds AWS::Lambda::Alias and AWS::Lambda::Version
// resources with a ProvisionedConcurrencyConfig whose FunctionName is !Ref
// (or !GetAtt …Arn of) a function of the template.
func (x *resolver) provisionedFromAliases(resources map[string]any) map[string]int {
	out := map[string]int{}
	for name, res := range x.createdOf(resources, cfnAlias, cfnVersion) {
		kind := res["Type"].(string)
		props, _ := res["Properties"].(map[string]any)
		pcc, ok := props["ProvisionedConcurrencyConfig"].(map[string]any)
		if !ok {
			continue
		}
		target := refTarget(props["FunctionName"])
		if t, _ := resourceOf(x.template, target); t["Type"] != cfnFunction {
			x.r.warn("Resources."+name+".Properties.FunctionName", "%s does not refer to an AWS::Lambda::Function of this template; its provisioned concurrency is not read", short(props["FunctionName"]))
			continue
		}
		path := "Resources." + name + ".Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions"
		v, ok := x.resolve(path, pcc["ProvisionedConcurrentExecutions"])
		if !ok {
			continue
		}
		if n, ok := wholeNumber(v); ok {
			v = n
		}
		b, _ := json.Marshal(map[string]any{"ProvisionedConcurrencyConfig": map[string]any{"ProvisionedConcurrentExecutions": v}})
		var err error
		var n int
		if kind == cfnAlias {
			var a aliasProps
			if err = json.Unmarshal(b, &a); err == nil {
				n = a.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions
			}
		} else {
			var vp versionProps
			if err = json.Unmarshal(b, &vp); err == nil {
				n = vp.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions
			}
		}
		if err != nil {
			x.r.fail(kind, name, "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", short(v), ErrInvalid, "must be a whole number")
			continue
		}
		out[target] += n
	}
	return out
}

// refTarget is the logical ID in !Ref X or !GetAtt X.Arn.
func refTarget(v any) string {
	name, args, ok := intrinsic(v)
	if !ok {
		return ""
	}
	switch name {
	case "Ref":
		s, _ := args.(string)
		return s
	case "Fn::GetAtt":
		switch a := args.(type) {
		case []any:
			if len(a) == 2 {
				s, _ := a[0].(string)
				return s
			}
		case string:
			s, _, _ := strings.Cut(a, ".")
			return s
		}
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// intProps are the integer properties read, which CloudFormation accepts
// as numbers or as strings of digits alike: a Number parameter "becomes a
// string" wherever it is used through Ref (AWS CloudFormation User Guide,
// parameters-section-structure.html, Type Number), and Fn::Sub or Fn::Join
// always give one, so MemorySize: "512" deploys as 512 does. ProvisionedConcurrentExecutions
// is handled where it is read.
var intProps = map[string]bool{"MemorySize": true, "Timeout": true, "ReservedConcurrentExecutions": true}

// wholeNumber is v as a JSON number when it is a number or a string holding
// a whole number ("512", " 7 "), else ok=false. A number that is not whole
// is returned as is, for the decoder's own message.
func wholeNumber(v any) (any, bool) {
	switch t := v.(type) {
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
		if err != nil {
			return nil, false
		}
		return float64(n), true
	case float64:
		return t, true
	}
	return v, true // a list or mapping: the decoder says what it must be
}

// Event source types of a SAM function's Events, by how Lambda invokes
// the function (Lambda developer guide, "Invoking Lambda functions":
// event source mappings poll a stream or queue and invoke in batches;
// services such as S3 and SNS invoke asynchronously, through Lambda's
// own queue with retries). The HTTP kinds (Api, HttpApi), Cognito and
// Alexa invoke synchronously, as execsim does (Lambda operator guide,
// "Comparing Lambda invocation modes").
var (
	polledEvents = []string{"SQS", "Kinesis", "DynamoDB", "MSK", "MQ", "SelfManagedKafka", "DocumentDB"}
	asyncEvents  = []string{"S3", "SNS", "EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2", "CloudWatchLogs", "IoTRule"}
)

// invokedBy says which of a SAM function's event sources invoke it
// otherwise than execsim does, or "": execsim sends every function the
// scenario's requests as synchronous invocations (walk4: an SQS-triggered
// function was modelled as if called over HTTP, without a word). The
// platform says it of the functions that serve a service.
func invokedBy(own map[string]any) string {
	events, _ := own["Events"].(map[string]any)
	var polled, async []string
	for _, name := range slices.Sorted(maps.Keys(events)) {
		ev, _ := events[name].(map[string]any)
		typ, _ := ev["Type"].(string)
		switch {
		case slices.Contains(polledEvents, typ):
			polled = append(polled, name+" ("+typ+")")
		case slices.Contains(asyncEvents, typ):
			async = append(async, name+" ("+typ+")")
		}
	}
	var parts []string
	if len(polled) > 0 {
		parts = append(parts, strings.Join(polled, ", ")+" poll and invoke in batches")
	}
	if len(async) > 0 {
		parts = append(parts, strings.Join(async, ", ")+" invoke asynchronously, with Lambda's queue and retries")
	}
	return strings.Join(parts, "; ")
}
