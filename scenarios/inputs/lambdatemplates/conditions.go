package lambdatemplates

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

// Conditions are evaluated as CloudFormation evaluates them at stack
// creation, with every parameter at its Default (as !Ref and !FindInMap
// are here): a resource whose Condition is false is not created, and
// Fn::If picks one of its two values. The functions are those of the
// Conditions section (Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition,
// which names another condition); a condition may refer only to
// parameters, mappings and other conditions, and naming a condition the
// section does not define makes CloudFormation reject the template
// ("Condition functions", intrinsic-function-reference-conditions.html;
// "Conditions", conditions-section-structure.html; "Condition attribute",
// aws-attribute-condition.html, in the AWS CloudFormation User Guide).

// condition evaluates the template's condition name; why says what stopped
// it (a parameter without a default, a pseudo parameter) and missing
// names an undefined condition met on the way (then why is set too).
// defaults collects the parameter defaults used; seen guards against a
// condition that refers to itself.
func (x *resolver) condition(name string, defaults *[]string, seen []string) (value bool, why string) {
	conds, _ := x.template["Conditions"].(map[string]any)
	def, ok := conds[name]
	if !ok {
		x.missing = name
		return false, "no condition " + name + " in Conditions"
	}
	if slices.Contains(seen, name) {
		return false, "condition " + name + " refers to itself"
	}
	return x.condExpr(def, defaults, append(seen, name))
}

// condExpr evaluates a condition function.
func (x *resolver) condExpr(v any, defaults *[]string, seen []string) (bool, string) {
	if c, ok := v.(string); ok {
		// goformation's YAML reading writes !Condition X as plain X
		return x.condition(c, defaults, seen)
	}
	name, args, ok := intrinsic(v)
	if !ok {
		return false, "malformed condition " + short(v)
	}
	list, _ := args.([]any)
	switch name {
	case "Condition":
		c, _ := args.(string)
		return x.condition(c, defaults, seen)
	case "Fn::Equals":
		if len(list) != 2 {
			return false, "malformed !Equals: want two values"
		}
		var vals [2]string
		for i, a := range list {
			r, why := x.walk(a, defaults)
			if why != "" {
				return false, why
			}
			vals[i] = fmt.Sprint(r) // CloudFormation compares the values as strings
		}
		return vals[0] == vals[1], ""
	case "Fn::Not":
		if len(list) != 1 {
			return false, "malformed !Not: want one condition"
		}
		b, why := x.condExpr(list[0], defaults, seen)
		return !b, why
	case "Fn::And", "Fn::Or":
		if len(list) < 2 || len(list) > 10 {
			return false, "malformed " + tagName(name) + ": want 2 to 10 conditions"
		}
		and := name == "Fn::And"
		for _, c := range list {
			b, why := x.condExpr(c, defaults, seen)
			if why != "" {
				return false, why
			}
			if b != and {
				return b, "" // the first false of an And, true of an Or
			}
		}
		return and, ""
	}
	return false, tagName(name) + " is not a condition function"
}

// fnIf is Fn::If [condition, value if true, value if false].
func (x *resolver) fnIf(args any, defaults *[]string) (any, string) {
	l, ok := args.([]any)
	if !ok || len(l) != 3 {
		return nil, "malformed !If: want [condition, value if true, value if false]"
	}
	c, ok := l[0].(string)
	if !ok {
		return nil, "malformed !If: its first item names a condition"
	}
	b, why := x.condition(c, defaults, nil)
	if why != "" {
		return nil, why
	}
	if b {
		return x.walk(l[1], defaults)
	}
	return x.walk(l[2], defaults)
}

// created says whether CloudFormation creates a resource: true without a
// Condition, else the condition's value. An undefined condition is an
// error, and one that cannot be evaluated a warning, the resource then
// read as created. skipped gathers the resources left out, for one note.
func (x *resolver) created(kind, name string, res map[string]any) bool {
	c, has := res["Condition"]
	if !has {
		return true
	}
	cname, ok := c.(string)
	if !ok {
		x.r.fail(kind, name, "Condition", short(c), ErrInvalid, "must name a condition of the Conditions section")
		return false
	}
	var defaults []string
	x.missing = ""
	b, why := x.condition(cname, &defaults, nil)
	switch {
	case x.missing != "":
		x.r.fail(kind, name, "Condition", cname, ErrInvalid, "condition %s is not defined in Conditions (CloudFormation rejects the template)", x.missing)
		return false
	case why != "":
		x.r.warn("Resources."+name+".Condition", "%s cannot be evaluated (%s); the resource is read as created", cname, why)
		return true
	case !b:
		at := ""
		if len(defaults) > 0 {
			at = " at " + strings.Join(defaults, ", ")
		}
		x.skipped = append(x.skipped, fmt.Sprintf("%s (%s is false%s)", name, cname, at))
	}
	return b
}

// createdOf yields, in logical ID order, the resources of the given types
// that the stack creates, by logical ID. It asks created of each as it
// comes, so that created's problems stand between the caller's own for
// the resources before and after, as a loop over all of them would tell
// them.
func (x *resolver) createdOf(resources map[string]any, types ...string) iter.Seq2[string, map[string]any] {
	return func(yield func(string, map[string]any) bool) {
		for _, name := range slices.Sorted(maps.Keys(resources)) {
			res, _ := resources[name].(map[string]any)
			kind, _ := res["Type"].(string)
			if !slices.Contains(types, kind) || !x.created(kind, name, res) {
				continue
			}
			if !yield(name, res) {
				return
			}
		}
	}
}

// noteSkipped tells, once, the resources a false condition leaves out.
func (x *resolver) noteSkipped() {
	if len(x.skipped) == 0 {
		return
	}
	x.r.warn("Resources", "not created at the parameters' defaults, so not read: %s; a deployment may pass other values", strings.Join(x.skipped, ", "))
}
