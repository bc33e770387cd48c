package lambdatemplates

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/awslabs/goformation/v7/intrinsics"
)

// resolver turns the intrinsic functions in the settings execsim reads into
// literals where the template alone determines them, using goformation's
// intrinsic handlers on a template with its short-form tags already in long
// form (intrinsics.ProcessYAML with NoProcess). goformation's own processor
// would put made-up values in place of pseudo parameters (AWS::Region is
// "us-east-1") and drop what it cannot resolve without a trace, so the walk
// is ours: it knows the path, and reports every intrinsic it resolved from a
// Parameter's Default or could not resolve at all.
type resolver struct {
	template map[string]any
	r        *report
	// missing is an undefined condition the last resolution met: an
	// error, not a warning (CloudFormation rejects the template).
	missing string
	// skipped are the resources a false Condition leaves out.
	skipped []string
}

// handlers are the intrinsics whose goformation handler gives a literal once
// their arguments are literals.
var handlers = map[string]intrinsics.IntrinsicHandler{
	"Fn::FindInMap": intrinsics.FnFindInMap,
	"Fn::Join":      intrinsics.FnJoin,
	"Fn::Select":    intrinsics.FnSelect,
	"Fn::Split":     intrinsics.FnSplit,
	"Fn::Sub":       intrinsics.FnSub,
	"Fn::Base64":    intrinsics.FnBase64,
}

// intrinsic reports whether v is {"Ref" or "Fn::…": args}.
func intrinsic(v any) (name string, args any, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", nil, false
	}
	for k, a := range m {
		if k == "Ref" || strings.HasPrefix(k, "Fn::") || k == "Condition" {
			return k, a, true
		}
	}
	return "", nil, false
}

// noValue is what Ref AWS::NoValue resolves to: the key or list element
// it stands for is left out, as CloudFormation removes the property
// ("AWS::NoValue", pseudo parameters reference). Usually the false branch
// of Fn::If: review4 found it warned about as known only at deployment,
// and a mapping holding it dropped whole.
type noValueType struct{}

var noValue = &noValueType{}

// resolve returns v with its intrinsics resolved, or ok=false when one
// cannot be: then a warning at path says what and the setting is left unset.
// A value that resolves to AWS::NoValue is left unset without a warning.
func (x *resolver) resolve(path string, v any) (any, bool) {
	return x.resolveOr(path, v, nil, "left unset")
}

// resolveOr is resolve, but a value known only at deployment is unknown
// (when not nil) instead of unset, with ok; the warning ends with note,
// which says what the value is taken as.
func (x *resolver) resolveOr(path string, v, unknown any, note string) (any, bool) {
	var defaults []string
	x.missing = ""
	out, why := x.walk(v, &defaults)
	switch {
	case why == "" && out == any(noValue):
		return nil, false
	case x.missing != "":
		x.r.fail("", "", path, short(v), ErrInvalid, "condition %s is not defined in Conditions (CloudFormation rejects the template)", x.missing)
		return nil, false
	case why != "":
		x.r.warn(path, "%s cannot be resolved (%s); %s", short(v), why, note)
		return unknown, unknown != nil
	case len(defaults) > 0:
		// a deployment may pass other values: say which were assumed
		x.r.warn(path, "%s read with the parameters' defaults (%s); a deployment may pass others", short(v), strings.Join(defaults, ", "))
	}
	return out, true
}

// walk resolves v; why says what stopped it. defaults collects the
// parameter defaults used.
func (x *resolver) walk(v any, defaults *[]string) (out any, why string) {
	if name, args, ok := intrinsic(v); ok {
		return x.call(name, args, defaults)
	}
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for _, k := range slices.Sorted(maps.Keys(t)) {
			r, why := x.walk(t[k], defaults)
			if why != "" {
				return nil, why
			}
			if r != any(noValue) {
				m[k] = r
			}
		}
		return m, ""
	case []any:
		l := make([]any, 0, len(t))
		for _, e := range t {
			r, why := x.walk(e, defaults)
			if why != "" {
				return nil, why
			}
			if r != any(noValue) {
				l = append(l, r)
			}
		}
		return l, ""
	}
	return v, ""
}

var subVar = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

func (x *resolver) call(name string, args any, defaults *[]string) (any, string) {
	switch name {
	case "Ref":
		p, _ := args.(string)
		return x.ref(p, defaults)
	case "Fn::If":
		return x.fnIf(args, defaults)
	case "Fn::Sub":
		// Fn::Sub resolves ${Name} against Parameters and its own variable
		// map; goformation strips a variable it cannot resolve, so check
		// every one first.
		tmpl, vars := args, map[string]any(nil)
		if l, ok := args.([]any); ok && len(l) == 2 {
			tmpl = l[0]
			vars, _ = l[1].(map[string]any)
		}
		s, ok := tmpl.(string)
		if !ok {
			return nil, "malformed Fn::Sub"
		}
		resolved := map[string]any{}
		for _, m := range subVar.FindAllStringSubmatch(s, -1) {
			if vv, ok := vars[m[1]]; ok {
				r, why := x.walk(vv, defaults)
				if why != "" {
					return nil, why
				}
				resolved[m[1]] = fmt.Sprint(r)
				continue
			}
			r, why := x.ref(m[1], defaults)
			if why != "" {
				return nil, why
			}
			resolved[m[1]] = fmt.Sprint(r)
		}
		return safeCall(intrinsics.FnSub, name, []any{s, resolved}, x.template)
	}
	h, ok := handlers[name]
	if !ok {
		return nil, "execsim does not evaluate " + tagName(name)
	}
	a, why := x.walk(args, defaults)
	if why != "" {
		return nil, why
	}
	return safeCall(h, name, a, x.template)
}

// ref resolves a Ref to a Parameter's Default. Pseudo parameters, resources
// and parameters without a default depend on the deployment.
func (x *resolver) ref(p string, defaults *[]string) (any, string) {
	params, _ := x.template["Parameters"].(map[string]any)
	param, isParam := params[p].(map[string]any)
	switch {
	case p == "AWS::NoValue":
		return noValue, ""
	case strings.HasPrefix(p, "AWS::"):
		return nil, "pseudo parameter " + p + " is known only at deployment"
	case !isParam:
		if _, isRes := resourceOf(x.template, p); isRes {
			return nil, p + " is a resource"
		}
		return nil, "no parameter " + p
	}
	def, ok := param["Default"]
	if !ok {
		return nil, "parameter " + p + " has no default"
	}
	v := intrinsics.Ref("Ref", p, x.template)
	if v == nil {
		v = def
	}
	*defaults = append(*defaults, p+"="+fmt.Sprint(v))
	return v, ""
}

// safeCall runs a goformation handler; a malformed argument list that makes
// it panic or give nothing is reported as unresolvable.
func safeCall(h intrinsics.IntrinsicHandler, name string, args, template any) (out any, why string) {
	defer func() {
		if recover() != nil {
			out, why = nil, "malformed "+name
		}
	}()
	out = h(name, args, template)
	if out == nil {
		return nil, tagName(name) + " gives no value here"
	}
	return out, ""
}

func resourceOf(template map[string]any, name string) (map[string]any, bool) {
	res, _ := template["Resources"].(map[string]any)
	r, ok := res[name].(map[string]any)
	return r, ok
}

// short prints an intrinsic as a user wrote it in YAML: !Ref MemoryParam,
// !GetAtt Fn.Arn, !If [IsProd, 1024, 512].
func short(v any) string {
	name, args, ok := intrinsic(v)
	if !ok {
		b, _ := json.Marshal(v)
		return string(b)
	}
	tag := tagName(name)
	switch a := args.(type) {
	case string:
		return tag + " " + a
	case []any:
		if name == "Fn::GetAtt" && len(a) == 2 {
			return fmt.Sprintf("%s %v.%v", tag, a[0], a[1])
		}
		parts := make([]string, len(a))
		for i, e := range a {
			if _, _, ok := intrinsic(e); ok {
				parts[i] = short(e)
			} else if str, ok := e.(string); ok {
				parts[i] = str
			} else {
				b, _ := json.Marshal(e)
				parts[i] = string(b)
			}
		}
		return tag + " [" + strings.Join(parts, ", ") + "]"
	}
	b, _ := json.Marshal(args)
	return tag + " " + string(b)
}

func tagName(name string) string { return "!" + strings.TrimPrefix(name, "Fn::") }
