package summary

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Field is one flattened summary value: "lambda.latency_ms.p99" = 543.2.
type Field struct {
	Name    string
	Text    string  // as written to CSV
	Value   float64 // for numeric fields
	Numeric bool
}

// Fields flattens the summary in its declaration order, with the JSON names
// joined by dots; list entries are named by their name (or item) field
// ("lambda.functions.checkout.completed", "kubernetes.shared_cost.idle.cost_usd");
// a field JSON omits when empty is left out too. Each platform's entry has
// its common fields first, then its own. schema, scenario, seed and wall_s
// are left out: a sweep writes its own identifying columns. So are the
// cost lines (<platform>.cost.lines: the breakdown holds their amounts)
// and the warnings (text).
func (s Summary) Fields() []Field {
	var out []Field
	flatten(&out, "", reflect.ValueOf(s), false)
	return out
}

// Columns are the fields as a sweep's results.csv writes them: Fields
// without the cost breakdown (<platform>.cost.breakdown, whose items
// differ from scenario to scenario: a sweep writes them as rows of its
// long cost.csv, CostRows) and without any other list (a fleet's
// services, functions, deployments and shared cost, a hybrid's parts:
// each run's services.csv holds them), so that every scenario's
// results.csv has the same columns; map keys become labels that keep
// letters, digits, '_' and '-', every other character becoming '_', so
// that a column name never holds a space.
func (s Summary) Columns() []Field {
	var out []Field
	flatten(&out, "", reflect.ValueOf(s), true)
	return out
}

var skipFields = map[string]bool{"schema": true, "scenario": true, "seed": true, "wall_s": true, "partial": true, "execsim_version": true, "warnings": true}

// costListFields are the fields of a platform's cost that Fields (false)
// and Columns (true) leave out.
var costListFields = map[string]bool{"breakdown": true, "lines": false}

func flatten(out *[]Field, prefix string, v reflect.Value, columns bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			flatten(out, prefix, v.Elem(), columns)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" {
				flatten(out, prefix, v.Field(i), columns)
				continue
			}
			if strings.Contains(opts, "omitempty") && v.Field(i).IsZero() {
				continue // as JSON leaves it out
			}
			if name == "" || name == "-" || (prefix == "" && skipFields[name]) {
				continue
			}
			if skip, ok := costListFields[name]; ok && (columns || !skip) && strings.HasSuffix(prefix, ".cost") && strings.Count(prefix, ".") == 1 {
				continue
			}
			if name == "models" && prefix == "" {
				// models.lambda.x reads better as lambda.x
				for _, m := range v.Field(i).Interface().(Models) {
					flatten(out, m.Name, reflect.ValueOf(m.Entry), columns)
				}
				continue
			}
			flatten(out, join(prefix, name), v.Field(i), columns)
		}
	case reflect.Slice:
		if columns {
			return // a list's entries differ from scenario to scenario
		}
		for i := range v.Len() {
			e := v.Index(i)
			label := fmt.Sprint(i)
			for _, key := range []string{"Name", "Item"} {
				if n := e.FieldByName(key); n.IsValid() && n.Kind() == reflect.String && n.String() != "" {
					label = n.String()
					break
				}
			}
			flatten(out, join(prefix, label), e, columns)
		}
	case reflect.Map:
		keys := v.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		for _, k := range slices.Sorted(slices.Values(names)) {
			label := k
			if columns {
				label = Label(k)
			}
			flatten(out, join(prefix, label), v.MapIndex(reflect.ValueOf(k)), columns)
		}
	case reflect.String:
		// the fingerprint identifies a run; other words (a caveat, a
		// percentile's name, a placement's reasons) stay in summary.json,
		// so every other column is a number a sweep can average
		if prefix == "fingerprint" {
			*out = append(*out, Field{Name: prefix, Text: v.String()})
		}
	case reflect.Float32, reflect.Float64:
		x := v.Float()
		f := byte('g')
		if columns {
			f = 'f' // no exponent in results.csv: 1234567.5, not 1.2345675e+06
		}
		*out = append(*out, Field{Name: prefix, Text: strconv.FormatFloat(x, f, -1, 64), Value: x, Numeric: true})
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x := v.Int()
		*out = append(*out, Field{Name: prefix, Text: strconv.FormatInt(x, 10), Value: float64(x), Numeric: true})
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		x := v.Uint()
		*out = append(*out, Field{Name: prefix, Text: strconv.FormatUint(x, 10), Value: float64(x), Numeric: true})
	case reflect.Bool:
		// 1 or 0, so that a sweep's mean is the share of replications
		// where it held (slo.met)
		x := 0.0
		if v.Bool() {
			x = 1
		}
		*out = append(*out, Field{Name: prefix, Text: strconv.FormatFloat(x, 'g', -1, 64), Value: x, Numeric: true})
	}
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// Label is a name as a part of a column name: letters, digits, '_' and
// '-' kept, any other character (a space, a dot, a comma) as '_'.
func Label(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, name)
}
