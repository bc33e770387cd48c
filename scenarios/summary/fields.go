package summary

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

	"github.com/execsim/execsim/scenarios/platform"
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
// a field JSON omits when empty is left out too, and one JSON writes as
// null (cost per million requests without arrivals) has the text "null"
// and is not numeric. Each platform's entry has
// its common fields first, then its own. schema, scenario, seed and wall_s
// are left out: a sweep writes its own identifying columns. So are an
// interrupted run's partial, requested_duration_s and not_run, the
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
//
// Unlike Fields, Columns follow the schema, not the run: a field JSON
// omits when it is zero is written (0), and a section the run has none of
// (cold-start latencies when no cold start completed after the warm-up,
// the placement of a scenario without one) gives its columns with empty
// text. So the columns of a run do not depend on what happened in it, and
// the shards of a sweep write the same header (issue 13 item 8).
func (s Summary) Columns() []Field {
	var out []Field
	flatten(&out, "", reflect.ValueOf(s), true)
	return out
}

// rawJSON is json.RawMessage's type, flattened as the JSON it holds.
var rawJSON = reflect.TypeFor[json.RawMessage]()

var skipFields = map[string]bool{"schema": true, "scenario": true, "seed": true, "wall_s": true, "partial": true,
	"requested_duration_s": true, "not_run": true, "execsim_version": true, "warnings": true}

// placementMarks are the placement's fields that say how its run or its
// folder came to be (a search cut short, an older folder's extra run), as
// partial does for a run: Fields keeps them when set, for golden files;
// Columns leaves them out, so results.csv has the columns it had before
// they came, and a sweep never reports a unit cut short anyway.
var placementMarks = map[string]bool{"interrupted": true, "settled_ran_again": true}

// sloJudgement are the fields of an SLO judgement that say how a fleet's
// run was judged (pooled, or service by service with the services'
// counts): Fields keeps them, for golden files; Columns leaves them out,
// so that results.csv has the columns it had before them, its slo.met
// being the judgement either way.
var sloJudgement = map[string]bool{"judgement": true, "per_service": true}

var sloResult = reflect.TypeFor[platform.SLOResult]()

// costListFields are the fields of a platform's cost that Fields (false)
// and Columns (true) leave out.
var costListFields = map[string]bool{"breakdown": true, "lines": false}

func flatten(out *[]Field, prefix string, v reflect.Value, columns bool) {
	flattenValue(out, prefix, v, columns, false)
}

// flattenValue is flatten; absent marks a value that stands for a section
// the run does not have (a nil pointer's zero element, in columns mode):
// its fields are written with empty text.
func flattenValue(out *[]Field, prefix string, v reflect.Value, columns, absent bool) {
	if v.Type() == rawJSON {
		// a part's details as its platform writes them (a hybrid's
		// parts): their JSON fields, as if they were the summary's own;
		// a byte slice walked as a list panicked (tracehash)
		// numbers as written (1234567, not 1.234567e+06; exact past
		// 2^53), nulls as the platform's own entry writes them (review4)
		var x any
		d := json.NewDecoder(bytes.NewReader(v.Bytes()))
		d.UseNumber()
		if len(v.Bytes()) > 0 && d.Decode(&x) == nil && x != nil {
			flattenJSON(out, prefix, x, columns, absent)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		switch {
		case !v.IsNil():
			flattenValue(out, prefix, v.Elem(), columns, absent)
		case columns && v.Type().Elem().Kind() == reflect.Struct:
			// the section's columns, blank: a column never depends on
			// whether this run has the section
			flattenValue(out, prefix, reflect.Zero(v.Type().Elem()), columns, true)
		case isScalar(v.Type().Elem().Kind()):
			// a number the run has no value for (JSON null: per million
			// requests of a run without arrivals): a blank cell in
			// results.csv, "null" in a golden file's fields, never a 0
			// that would read as a measured value
			f := Field{Name: prefix, Text: "null", Value: math.NaN()}
			if columns {
				f.Text = ""
			}
			*out = append(*out, f)
		}
	case reflect.Interface:
		if !v.IsNil() {
			flattenValue(out, prefix, v.Elem(), columns, absent)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" {
				flattenValue(out, prefix, v.Field(i), columns, absent)
				continue
			}
			if !columns && strings.Contains(opts, "omitempty") && v.Field(i).IsZero() {
				continue // as JSON leaves it out
			}
			if name == "" || name == "-" || (prefix == "" && skipFields[name]) || (columns && prefix == "placement" && placementMarks[name]) ||
				(columns && t == sloResult && sloJudgement[name]) {
				continue
			}
			if skip, ok := costListFields[name]; ok && (columns || !skip) && strings.HasSuffix(prefix, ".cost") && strings.Count(prefix, ".") == 1 {
				continue
			}
			if name == "models" && prefix == "" {
				// models.lambda.x reads better as lambda.x
				for _, m := range v.Field(i).Interface().(Models) {
					flattenValue(out, m.Name, reflect.ValueOf(m.Entry), columns, absent)
				}
				continue
			}
			flattenValue(out, join(prefix, name), v.Field(i), columns, absent)
		}
	case reflect.Slice:
		if columns {
			return // a list's entries differ from scenario to scenario
		}
		for i := range v.Len() {
			e := v.Index(i)
			label := fmt.Sprint(i)
			if n := entryName(e); n != "" {
				label = n
			}
			flattenValue(out, join(prefix, label), e, columns, absent)
		}
	case reflect.Map:
		keys := v.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		for _, k := range slices.Sorted(slices.Values(names)) {
			label := k
			switch {
			case k == anyKey:
				label = "*" // a ColumnSchema's template
			case columns:
				label = Label(k)
			}
			flattenValue(out, join(prefix, label), v.MapIndex(reflect.ValueOf(k)), columns, absent)
		}
	case reflect.String:
		// the fingerprint identifies a run; other words (a caveat, a
		// percentile's name, a placement's reasons) stay in summary.json,
		// so every other column is a number a sweep can average
		if prefix == "fingerprint" {
			*out = append(*out, blank(Field{Name: prefix, Text: v.String()}, absent))
		}
	case reflect.Float32, reflect.Float64:
		x := v.Float()
		f := byte('g')
		if columns {
			f = 'f' // no exponent in results.csv: 1234567.5, not 1.2345675e+06
		}
		*out = append(*out, blank(Field{Name: prefix, Text: strconv.FormatFloat(x, f, -1, 64), Value: x, Numeric: true}, absent))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x := v.Int()
		*out = append(*out, blank(Field{Name: prefix, Text: strconv.FormatInt(x, 10), Value: float64(x), Numeric: true}, absent))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		x := v.Uint()
		*out = append(*out, blank(Field{Name: prefix, Text: strconv.FormatUint(x, 10), Value: float64(x), Numeric: true}, absent))
	case reflect.Bool:
		// 1 or 0, so that a sweep's mean is the share of replications
		// where it held (slo.met)
		x := 0.0
		if v.Bool() {
			x = 1
		}
		*out = append(*out, blank(Field{Name: prefix, Text: strconv.FormatFloat(x, 'g', -1, 64), Value: x, Numeric: true}, absent))
	}
}

// blank empties the text of a field of an absent section: a blank cell,
// which a sweep's aggregate leaves out.
func blank(f Field, absent bool) Field {
	if absent {
		f.Text, f.Value = "", math.NaN()
	}
	return f
}

// isScalar says whether flatten writes a value of kind k as one field.
func isScalar(k reflect.Kind) bool {
	switch k {
	case reflect.Float32, reflect.Float64, reflect.Bool, reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
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

// anyKey is the map key of a ColumnSchema's skeleton summary: its column
// names carry "*" where a run's carry the map's keys.
const anyKey = "\x00*"

// ColumnSchema is the canonical order of results.csv columns: the order in
// which Columns writes the fields of a summary that has every section of
// every platform of a registry, with a map's keys, which only a run
// knows, in name order where the map stands. A sweep lays out its columns
// in this order and merge lays out the union of its shards' columns in
// it, so that a column's place never depends on which runs a table holds.
type ColumnSchema struct {
	literal   map[string]int // template without "*" → rank
	templates [][]string     // templates with a "*", split at dots
	ranks     []int          // their ranks
	keys      [][]rankPart   // their order keys (templateKey)
	size      int
}

// ColumnsOf builds the column schema of summaries of reg's platforms.
func ColumnsOf(reg platform.Registry) ColumnSchema {
	skel := Summary{Projection: &Projection{}, Placement: &platform.Placement{}}
	for _, p := range reg {
		skel.Models = append(skel.Models, Model{p.Name(), &platform.Entry{Extra: p.NewExtra()}})
	}
	fill(reflect.ValueOf(&skel).Elem())
	var fields []Field
	flatten(&fields, "", reflect.ValueOf(skel), true)
	cs := ColumnSchema{literal: map[string]int{}, size: len(fields)}
	for i, f := range fields {
		if !strings.Contains(f.Name, "*") {
			if _, ok := cs.literal[f.Name]; !ok {
				cs.literal[f.Name] = i
			}
			continue
		}
		cs.templates = append(cs.templates, strings.Split(f.Name, "."))
		cs.ranks = append(cs.ranks, i)
	}
	for k, t := range cs.templates {
		cs.keys = append(cs.keys, cs.templateKey(t, cs.ranks[k]))
	}
	return cs
}

// fill gives every nil pointer to a struct below v a new value and every
// nil map one entry under anyKey, so that flatten walks the whole schema.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if k := v.Type().Elem().Kind(); v.IsNil() && (k == reflect.Struct || isScalar(k)) && v.CanSet() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if !v.IsNil() {
			fill(v.Elem())
		}
	case reflect.Interface:
		if !v.IsNil() && v.Elem().Kind() == reflect.Pointer {
			fill(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[Models]() {
			for i := range v.Len() {
				fill(v.Index(i))
			}
		}
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String && v.CanSet() {
			m := reflect.MakeMap(v.Type())
			e := reflect.New(v.Type().Elem()).Elem()
			fill(e)
			m.SetMapIndex(reflect.ValueOf(anyKey).Convert(v.Type().Key()), e)
			v.Set(m)
		}
	}
}

// rank places a column name: the order key of its template (see
// templateKey) with the map keys the template's "*"s stand for put in
// their places. A name no template has (a platform this build does not
// know) ranks after them all.
func (cs ColumnSchema) rank(name string) []rankPart {
	if r, ok := cs.literal[name]; ok {
		return []rankPart{{rank: r}}
	}
	parts := strings.Split(name, ".")
	for k, t := range cs.templates {
		if len(t) != len(parts) {
			continue
		}
		match := true
		for i := range t {
			if t[i] != "*" && t[i] != parts[i] {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		key := slices.Clone(cs.keys[k])
		star := 0
		for i := range t {
			if t[i] == "*" {
				key[2*star+1].key = parts[i]
				star++
			}
		}
		return key
	}
	return []rankPart{{rank: cs.size, key: name}}
}

// rankPart is one element of a column's order key: a rank in the
// skeleton, or a map key.
type rankPart struct {
	rank int
	key  string
}

// templateKey is the order key of template k: for each "*", the rank of
// the first column under that map (the rank of the prefix before it) and
// a slot for the map key, then the template's own rank. Columns writes a
// map key by key, each key's fields together, so a map of structs is
// ordered by key before field: placement.run_slo.hybrid.met comes after
// every placement.run_slo.all_lambda.* column.
func (cs ColumnSchema) templateKey(t []string, rank int) []rankPart {
	var key []rankPart
	for i := range t {
		if t[i] != "*" {
			continue
		}
		first := rank
		prefix := strings.Join(t[:i+1], ".") + "."
		for k, o := range cs.templates {
			if strings.HasPrefix(strings.Join(o, ".")+".", prefix) {
				first = min(first, cs.ranks[k])
			}
		}
		key = append(key, rankPart{rank: first}, rankPart{})
	}
	return append(key, rankPart{rank: rank})
}

// Compare orders two column names as the schema lays them out.
func (cs ColumnSchema) Compare(a, b string) int {
	return slices.CompareFunc(cs.rank(a), cs.rank(b), func(x, y rankPart) int {
		if x.rank != y.rank {
			return x.rank - y.rank
		}
		return strings.Compare(x.key, y.key)
	})
}

// entryName is the name a list entry is labelled by: its Name or Item
// field, or for JSON a part's details hold (map entries), its "name" or
// "item"; "" for an entry without one, labelled by its index.
func entryName(e reflect.Value) string {
	if e.Kind() == reflect.Interface && !e.IsNil() {
		e = e.Elem()
	}
	switch e.Kind() {
	case reflect.Struct:
		for _, key := range []string{"Name", "Item"} {
			if n := e.FieldByName(key); n.IsValid() && n.Kind() == reflect.String && n.String() != "" {
				return n.String()
			}
		}
	case reflect.Map:
		if e.Type().Key().Kind() != reflect.String {
			return ""
		}
		for _, key := range []string{"name", "item"} {
			if n := e.MapIndex(reflect.ValueOf(key)); n.IsValid() {
				if s, ok := n.Interface().(string); ok && s != "" {
					return s
				}
			}
		}
	}
	return ""
}

// flattenJSON is flattenValue for decoded JSON (UseNumber): maps by sorted
// key, lists by their entries' names, numbers as written, null as "null"
// (a blank cell in columns), strings left out as flattenValue leaves them.
func flattenJSON(out *[]Field, prefix string, x any, columns, absent bool) {
	switch x := x.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			label := k
			if columns {
				label = Label(k)
			}
			flattenJSON(out, join(prefix, label), x[k], columns, absent)
		}
	case []any:
		if columns {
			return // a list's entries differ from scenario to scenario
		}
		for i, e := range x {
			label := fmt.Sprint(i)
			if n := entryName(reflect.ValueOf(e)); n != "" {
				label = n
			}
			flattenJSON(out, join(prefix, label), e, columns, absent)
		}
	case json.Number:
		f, _ := x.Float64()
		*out = append(*out, blank(Field{Name: prefix, Text: x.String(), Value: f, Numeric: true}, absent))
	case bool:
		v := 0.0
		if x {
			v = 1
		}
		*out = append(*out, blank(Field{Name: prefix, Text: strconv.FormatFloat(v, 'g', -1, 64), Value: v, Numeric: true}, absent))
	case nil:
		f := Field{Name: prefix, Text: "null", Value: math.NaN()}
		if columns {
			f.Text = ""
		}
		*out = append(*out, f)
	}
}
