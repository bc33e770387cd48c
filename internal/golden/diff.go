package golden

import (
	"fmt"
	"strings"
)

// maxCells bounds the longest-common-subsequence table LineDiff fills: the
// lines that differ, after the common start and end are set aside, may
// number n and m with (n+1)·(m+1) ≤ maxCells (4 MB of int32). Past it the
// diff shows the first maxShown differing lines of each side instead.
const (
	maxCells = 1 << 20
	maxShown = 40
)

// LineDiff shows how text b differs from a, line by line: unchanged lines
// are elided except for context lines around each change ("  "), removed
// lines start with "- " and added ones with "+ ". The common first and last
// lines are set aside; the rest is a longest-common-subsequence diff when
// it is small (a summary's few hundred lines), and otherwise the first
// differing lines of each side, so that time and memory stay linear in the
// size of the texts.
func LineDiff(a, b string, context int) string {
	if a == b {
		return ""
	}
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	context = max(0, min(context, len(x)+len(y)))
	// common prefix x[:pre] = y[:pre] and suffix x[len(x)-suf:] = y[len(y)-suf:]
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]

	var ops []line
	for _, s := range x[max(0, pre-context):pre] {
		ops = append(ops, line{' ', s})
	}
	if (len(mx)+1)*(len(my)+1) <= maxCells {
		ops = lcsOps(ops, mx, my)
	} else {
		ops = firstLines(ops, '-', mx)
		ops = firstLines(ops, '+', my)
	}
	for _, s := range x[len(x)-suf : len(x)-suf+min(suf, context)] {
		ops = append(ops, line{' ', s})
	}

	keep := make([]bool, len(ops))
	for k, o := range ops {
		if o.op != ' ' {
			for d := max(0, k-context); d <= min(len(ops)-1, k+context); d++ {
				keep[d] = true
			}
		}
	}
	var out strings.Builder
	skipped := pre > context // the common start beyond the context is elided
	for k, o := range ops {
		if !keep[k] {
			skipped = true
			continue
		}
		if skipped {
			out.WriteString("  …\n")
			skipped = false
		}
		out.WriteByte(o.op)
		out.WriteByte(' ')
		out.WriteString(o.text)
		out.WriteByte('\n')
	}
	return out.String()
}

// line is one line of a diff: op is ' ' (unchanged), '-' or '+'.
type line struct {
	op   byte
	text string
}

// lcsOps appends to ops the diff of x and y by longest common subsequence.
func lcsOps(ops []line, x, y []string) []line {
	w := len(y) + 1
	// lcs[i*w+j] = length of the LCS of x[i:] and y[j:]
	lcs := make([]int32, (len(x)+1)*w)
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, line{' ', x[i]})
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i*w+j+1] > lcs[(i+1)*w+j]):
			ops = append(ops, line{'+', y[j]})
			j++
		default:
			ops = append(ops, line{'-', x[i]})
			i++
		}
	}
	return ops
}

// firstLines appends the first maxShown lines of s with op, and a line
// saying how many more there are.
func firstLines(ops []line, op byte, s []string) []line {
	for _, t := range s[:min(len(s), maxShown)] {
		ops = append(ops, line{op, t})
	}
	if len(s) > maxShown {
		verb := "removed"
		if op == '+' {
			verb = "added"
		}
		ops = append(ops, line{op, fmt.Sprintf("… %d more lines %s (too many differences to align line by line)", len(s)-maxShown, verb)})
	}
	return ops
}
