package yamltab

import (
	"regexp"
	"strconv"
	"strings"
)

// Advice is what a reader says about a tab in indentation, after its line.
const Advice = "YAML indentation must use spaces, not tabs"

// tabError matches the parsers' messages that a tab can cause. Without
// "line N" the parser's mark is on the first line (v3 leaves out line 0,
// its first, from the message).
var tabError = regexp.MustCompile(`yaml: (?:line (\d+): )?found (a tab character that violates indentation|a tab character where an indentation space is expected|character that cannot start any token)`)

// Line is the line (from 1) of src whose indentation holds the tab that
// msg, a YAML parser's error about src, is about; 0 when msg is not about
// a tab in indentation.
//
// Where the parser points differs by message (measured on both parsers
// with a tab put into each line of a few documents):
//   - "character that cannot start any token" and "a tab character where
//     an indentation space is expected" name the tab's own line. The first
//     is also what any other character no token starts with (@, `) gets,
//     so a line without a tab in its indentation keeps the parser's
//     message: the tab on the next line is not what stopped it.
//   - "a tab character that violates indentation" names the tab's line in
//     v2 and, in v3, the line of the token before it: the line before, or
//     further up across blank lines and comments.
func Line(src []byte, msg string) int {
	m := tabError.FindStringSubmatch(msg)
	if m == nil {
		return 0
	}
	at := 1
	if m[1] != "" {
		at, _ = strconv.Atoi(m[1])
	}
	lines := strings.Split(string(src), "\n")
	if at < 1 || at > len(lines) {
		return 0
	}
	if !strings.HasPrefix(m[2], "a tab character that violates") {
		if tabIndented(lines[at-1]) {
			return at
		}
		return 0
	}
	for n := at; n <= len(lines); n++ {
		line := lines[n-1]
		if tabIndented(line) {
			return n
		}
		if n > at && !isBlankOrComment(line) {
			break // the next token's line has no tab: not about indentation
		}
	}
	return 0
}

// tabIndented tells whether the blanks a line starts with hold a tab. A
// line of blanks alone counts: a tab there breaks a block as well.
func tabIndented(line string) bool {
	line = strings.TrimSuffix(line, "\r")
	indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	return strings.Contains(indent, "\t")
}

func isBlankOrComment(line string) bool {
	s := strings.TrimSpace(line)
	return s == "" || strings.HasPrefix(s, "#")
}
