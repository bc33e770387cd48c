package platform

import (
	"strings"
	"unicode/utf8"
)

// Closest suggests the known field nearest to a misspelt one: a
// case-insensitive match first, else the nearest within an edit distance
// that grows with the names' length, a third of the longer one's (at
// least 1, at most 2), a swap of two neighbouring letters one edit. A
// flat bound of 2 matched any two short names (db and ui are two edits
// apart, as are any two names of two letters). A third of the length and
// the swap as one edit are the rule of rustc's "did you mean"
// (rust-lang/rust@053c8a0, compiler/rustc_span/src/edit_distance.rs,
// find_best_match_for_name), which takes the typed name's length; the
// longer name's is taken here so that a dropped letter or two in a short
// name still finds the long one (tmout, timeout). git's help.c
// (help_unknown_cmd) keeps one bound for every length, as the flat 2 did.
func Closest(got string, fields []string) string {
	best, bestD := "", 3
	n := utf8.RuneCountInString(got)
	for _, f := range fields {
		if strings.EqualFold(f, got) {
			return f
		}
		limit := min(2, max(1, max(n, utf8.RuneCountInString(f))/3))
		if d := editDistance(strings.ToLower(got), strings.ToLower(f)); d <= limit && d < bestD {
			best, bestD = f, d
		}
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps
// of neighbouring letters that turn a into b (the optimal string
// alignment distance), by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// three rows: the one before the previous is for a swap
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
