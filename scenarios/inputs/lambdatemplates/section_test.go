package lambdatemplates_test

import (
	"reflect"
	"testing"

	lt "github.com/execsim/execsim/scenarios/inputs/lambdatemplates"
	section "github.com/execsim/execsim/scenarios/platforms/lambda"
)

// TestSectionFields: every setting a template gives has a field of the same
// name and type in the lambda section's function settings, so the scenario
// layer copies a Function into a services[].lambda override field by field.
func TestSectionFields(t *testing.T) {
	fn := reflect.TypeOf(lt.Function{})
	sec := reflect.TypeOf(section.Function{})
	for _, name := range []string{"MemoryMB", "Timeout", "Runtime", "Arch", "Package", "SnapStart", "ReservedConcurrency", "ProvisionedConcurrency"} {
		a, ok1 := fn.FieldByName(name)
		b, ok2 := sec.FieldByName(name)
		if !ok1 || !ok2 || a.Type != b.Type {
			t.Errorf("field %s: lambdatemplates.Function has %v (%v), lambda.Function has %v (%v); want the same type", name, a.Type, ok1, b.Type, ok2)
		}
	}
}
