package manifests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	kjson "sigs.k8s.io/json"
)

// decodeGeneric decodes a document's JSON into maps, slices and
// json.Numbers (no precision is lost before the range checks).
func decodeGeneric(j []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(j))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// typeName names a generic value for "(got …)".
func typeName(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return strconv.Quote(v)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// decode checks obj against the API type of into, field by field, so that
// each problem names its field with list indexes (the decoder itself stops
// at the first and forgets the indexes): a value of the wrong type, a
// quantity that does not parse, an integer out of range. Unknown fields
// are warnings. Then, with no problem found, it decodes obj into into as
// the API server does (case-sensitive field names, integers kept exact).
// A bad value is reported and decoded as null, so that the object's other
// fields are still checked: ok is false then, and filled is false only when
// the decoder failed.
func decode(a at, obj map[string]any, into any) (ok, filled bool) {
	c := checker{a: a}
	c.check(reflect.TypeOf(into).Elem(), obj, "")
	j, err := json.Marshal(obj)
	if err == nil {
		err = kjson.UnmarshalCaseSensitivePreserveInts(j, into)
	}
	if err != nil {
		// The checker should have found it; say what the decoder says.
		a.err("", nil, ErrInvalid, "%v", err)
		return false, false
	}
	return !c.failed, true
}

type checker struct {
	a      at
	failed bool
}

// bad is what check returns for a value it reported.
const bad = false

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

func (c *checker) fail(path string, v any, format string, args ...any) bool {
	c.failed = true
	c.a.err(path, typeName(v), ErrInvalid, format, args...)
	return bad
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// check reports whether v fits t; the caller replaces a value that does
// not with null.
func (c *checker) check(t reflect.Type, v any, path string) bool {
	if v == nil {
		return true // null is the zero value of anything
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshaler) {
		// resource.Quantity, intstr.IntOrString, metav1.Time, …
		j, err := json.Marshal(v)
		if err == nil {
			err = reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(j)
		}
		if err != nil {
			return c.fail(path, v, "%s", unmarshalMessage(t, err))
		}
		return true
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return c.fail(path, v, "must be an object")
		}
		fields := jsonFields(t)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			f, ok := fields[k]
			if !ok {
				c.a.warn(join(path, k), "unknown field, ignored")
				continue
			}
			if !c.check(f, m[k], join(path, k)) {
				m[k] = nil
			}
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return c.fail(path, v, "must be an object")
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !c.check(t.Elem(), m[k], join(path, k)) {
				delete(m, k)
			}
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			if _, ok := v.(string); !ok {
				return c.fail(path, v, "must be a base64 string")
			}
			return true
		}
		l, ok := v.([]any)
		if !ok {
			return c.fail(path, v, "must be a list")
		}
		for i, e := range l {
			if !c.check(t.Elem(), e, fmt.Sprintf("%s[%d]", path, i)) {
				l[i] = nil
			}
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			return c.fail(path, v, "must be a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return c.fail(path, v, "must be true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return c.fail(path, v, "must be an integer")
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		bits := t.Bits()
		if err != nil || i < -1<<(bits-1) || i > 1<<(bits-1)-1 {
			return c.fail(path, v, "must be an integer of at most %d bits", bits)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(json.Number)
		if !ok {
			return c.fail(path, v, "must be an integer")
		}
		if _, err := strconv.ParseUint(n.String(), 10, t.Bits()); err != nil {
			return c.fail(path, v, "must be a non-negative integer of at most %d bits", t.Bits())
		}
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return c.fail(path, v, "must be a number")
		}
		if f, err := n.Float64(); err != nil || math.IsInf(f, 0) {
			return c.fail(path, v, "must be a finite number")
		}
	}
	return true
}

func unmarshalMessage(t reflect.Type, err error) string {
	if t.Name() == "Quantity" {
		return "not a quantity (such as 250m, 0.5, 512Mi, 1G)"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// jsonFields maps an API struct's JSON names to field types, with inline
// (embedded) structs' fields promoted as encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && (name == "" || opts == "inline" || strings.Contains(opts, "inline")) {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					add(ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			out[name] = f.Type
		}
	}
	add(t)
	return out
}
