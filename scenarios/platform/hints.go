package platform

import "strings"

// Closest suggests the known field nearest to a misspelt one (case-insensitive
// match first, else edit distance ≤ 2).
func Closest(got string, fields []string) string {
	best, bestD := "", 3
	for _, f := range fields {
		if strings.EqualFold(f, got) {
			return f
		}
		if d := editDistance(strings.ToLower(got), strings.ToLower(f)); d < bestD {
			best, bestD = f, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
