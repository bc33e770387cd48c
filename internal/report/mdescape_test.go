package report

import (
	"strings"
	"testing"
)

// walk11 #7: summary.md showed placement&#39;s and (&lt; 100) to a reader
// pasting it raw; only what could become markup is escaped, by backslash.
func TestMarkdownTextEscapesOnlyMarkup(t *testing.T) {
	cases := []struct{ in, want string }{
		{"the placement's SLO", "the placement's SLO"},
		{"few requests (< 100)", "few requests (< 100)"},
		{"p99 > 300 ms & rising", "p99 > 300 ms & rising"},
		{"<b>admin</b> & co", `\<b>admin\</b> & co`},
		{"&amp; &#39;", `\&amp; \&#39;`},
		{"<!-- x --> <https://x>", `\<!-- x --> \<https://x>`},
		{"a_b *c* `d` [e] f|g", `a\_b \*c\* \` + "`d\\`" + ` \[e\] f\|g`},
		{"ends with <", "ends with <"},
	}
	for _, tc := range cases {
		if got := markdownText(tc.in); got != tc.want {
			t.Errorf("markdownText(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// bareMarkup says whether markup occurs in md without the backslash that
// makes Markdown show it as text.
func bareMarkup(md, markup string) bool {
	for i := 0; ; {
		j := strings.Index(md[i:], markup)
		if j < 0 {
			return false
		}
		if i+j == 0 || md[i+j-1] != '\\' {
			return true
		}
		i += j + 1
	}
}
