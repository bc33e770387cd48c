package lambdatemplates

import "testing"

// A later release of a family, by (major, minor), is taken as one AWS
// added since the list (review10 D1: ruby4.0, a current runtime, and any
// python4.x or ruby4.x were refused, as only python3.x and ruby3.x
// counted as newer); a release at or below the newest listed that is not
// listed is refused.
func TestRuntimeKnown(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"ruby4.0", true},   // lambda-ruby.html, Amazon Linux 2023
		{"ruby4.1", true},   // later minor of a later major
		{"ruby5.0", true},   // later major
		{"python4.0", true}, // later major
		{"python3.15", true},
		{"nodejs26.x", true},
		{"java29", true},
		{"dotnet12", true},
		{"ruby3.4", true},
		{"python3.14", true},
		{"ruby3.5", false}, // below ruby4.0, never released
		{"ruby3.1", false},
		{"python3.5", false},
		{"nodejs13.x", false},
		{"java9", false},
		{"Python3.12", false},
		{"ruby4", false},
		{"python99999999999999999999.1", false},
		{"go", false},
	} {
		if got := runtimeKnown(tc.id); got != tc.want {
			t.Errorf("runtimeKnown(%q) = %v; want %v", tc.id, got, tc.want)
		}
	}
}
