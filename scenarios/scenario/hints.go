package scenario

import "strings"

func goTypeWord(t string) string {
	switch {
	case t == "time.Duration":
		return `a duration (write it as a string with a unit, e.g. "600s" or "10m")`
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint") || t == "*int":
		return "an integer"
	case strings.HasPrefix(t, "float") || t == "*float64":
		return "a number"
	case t == "bool" || t == "*bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "string" || t == "*string":
		return "a string"
	}
	return "of the expected type (a " + t + ")"
}

// closest suggests the known field nearest to a misspelt one (case-insensitive
// match first, else edit distance ≤ 2).
func closest(got string, fields []string) string {
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
