package platform

import "testing"

func TestClosest(t *testing.T) {
	for _, tc := range []struct {
		got    string
		fields []string
		want   string
	}{
		// rev11c #4: two short names share no letter and were suggested
		{"db", []string{"web", "ui"}, ""},
		{"ui", []string{"db", "web"}, ""},
		{"api", []string{"web", "ui"}, ""},
		{"image", []string{"images", "web"}, "images"},
		{"web", []string{"wbe", "api"}, "wbe"},
		{"naem", []string{"name", "platform"}, "name"},
		{"wrk", []string{"work", "name"}, "work"},
		{"memroyMB", []string{"memoryMB", "timeout"}, "memoryMB"},
		{"ratePerSeconds", []string{"ratePerSecond", "profile"}, "ratePerSecond"},
		{"durration", []string{"duration", "window"}, "duration"},
		{"us-east-7", []string{"us-east-1", "eu-west-1"}, "us-east-1"},
		{"MemoryMB", []string{"memoryMB"}, "memoryMB"},
		// a third of the longer name's letters: seven allow two edits,
		// three or five one
		{"tmout", []string{"timeout"}, "timeout"},
		{"tmt", []string{"timeout"}, ""},
		{"cpu", []string{"gpu", "io"}, "gpu"},
		{"abcde", []string{"abxyz"}, ""},
		{"checkout", []string{"payments", "checkout-v2"}, ""},
	} {
		if got := Closest(tc.got, tc.fields); got != tc.want {
			t.Errorf("Closest(%q, %q) = %q; want %q", tc.got, tc.fields, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "ab", 2}, {"abc", "abc", 0},
		{"ab", "ba", 1}, {"abc", "acb", 1}, {"db", "ui", 2},
		{"kitten", "sitting", 3}, {"ca", "abc", 3},
		{"héllo", "hello", 1},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d; want %d", tc.a, tc.b, got, tc.want)
		}
		if got := editDistance(tc.b, tc.a); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d; want %d", tc.b, tc.a, got, tc.want)
		}
	}
}
