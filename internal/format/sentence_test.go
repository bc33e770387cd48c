package format

import "testing"

func TestCapitalised(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"the hybrid includes", "The hybrid includes"},
		{"Kubernetes includes", "Kubernetes includes"},
		{"ünder", "Ünder"},
		{"", ""},
		{"\xff rest", "\xff rest"},
	} {
		if got := Capitalised(tc.in); got != tc.want {
			t.Errorf("Capitalised(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
