package platformtest

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/execsim/execsim/scenarios/platform"
)

// Conformance checks what the platform contract asks of p beyond its Go
// types: a name usable as a YAML key and a CSS class, a complete look,
// section and override types the decoder can walk, and an Extra that
// survives summary.json.
func Conformance(t *testing.T, p platform.Platform) {
	t.Helper()
	name := p.Name()
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			t.Errorf("%s: name must be lower-case letters, digits and dashes (a YAML key, a CSS class)", name)
			break
		}
	}
	l := p.Look()
	if l.Label == "" || l.Noun == "" || l.Abbrev == "" {
		t.Errorf("%s: look needs a label, a noun and an abbreviation: %+v", name, l)
	}
	if l.Line.A == 0 || l.Text.A == 0 {
		t.Errorf("%s: look needs opaque line and text colours", name)
	}
	if len(l.Capacity) == 0 {
		t.Errorf("%s: look draws no capacity level", name)
	}
	for what, v := range map[string]any{"NewSection": p.NewSection(), "NewOverride": p.NewOverride()} {
		if v == nil && what == "NewOverride" {
			continue
		}
		if rt := reflect.TypeOf(v); rt == nil || rt.Kind() != reflect.Pointer || rt.Elem().Kind() != reflect.Struct {
			t.Errorf("%s: %s must return a pointer to a struct; got %T", name, what, v)
		}
	}
	x := p.NewExtra()
	if reflect.TypeOf(x).Kind() != reflect.Pointer {
		t.Errorf("%s: NewExtra must return a pointer; got %T", name, x)
	}
	data, err := json.Marshal(platform.Entry{Extra: x})
	if err != nil {
		t.Fatalf("%s: marshalling an entry: %v", name, err)
	}
	back, err := platform.DecodeEntry(data, p.NewExtra())
	if err != nil || !reflect.DeepEqual(back.Extra, x) {
		t.Errorf("%s: entry did not survive JSON: %v", name, err)
	}
	if len(p.SweepColumns()) == 0 {
		t.Errorf("%s: no sweep columns", name)
	}
}
