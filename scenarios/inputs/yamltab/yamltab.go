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
//   - "a tab character where an indentation space is expected" is about a
//     block scalar (| or >). v3 names the line of its header when that is
//     not the first line of the file, the tab's own line otherwise (it
//     names the mark where the scalar began whenever that mark is past
//     line 0).
//
// Lines are counted as the parsers count them: a CR alone ends a line, as
// do NEL, LS and PS, which both parsers take for line breaks.
func Line(src []byte, msg string) int {
	m := tabError.FindStringSubmatch(msg)
	if m == nil {
		return 0
	}
	at := 1
	if m[1] != "" {
		at, _ = strconv.Atoi(m[1])
	}
	lines := strings.Split(lineBreaks.Replace(string(src)), "\n")
	if at < 1 || at > len(lines) {
		return 0
	}
	if !strings.HasPrefix(m[2], "a tab character that violates") {
		switch {
		case tabIndented(lines[at-1]):
			return at
		case strings.HasPrefix(m[2], "a tab character where"):
			return inBlockScalar(lines, at)
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

// lineBreaks makes every line break the parsers know a "\n": CR LF, CR
// alone, NEL (U+0085), LS (U+2028) and PS (U+2029). Split at "\n" alone,
// a file of CR line endings was one line, and a line separator inside a
// quoted string put every line after it one off the parser's count.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

// inBlockScalar is the line of the tab that broke the indentation of the
// block scalar whose header is on line at: the first line after it whose
// spaces stop short of the block's indentation at a tab. The indentation
// is the header's indentation indicator's (|2, >-2, |+1) when it has one,
// else the first line with content's, as the parsers find it; a line with
// content less indented ends the block (0: no such tab). With |2 a tab
// after the block's two spaces is content, not indentation: taking the
// first line's indentation instead named a line the parsers read well.
func inBlockScalar(lines []string, at int) int {
	indent := indicated(lines[at-1])
	for n := at + 1; n <= len(lines); n++ {
		line := lines[n-1]
		rest := strings.TrimLeft(line, " ")
		spaces := len(line) - len(rest)
		switch {
		case (indent == 0 || spaces < indent) && strings.HasPrefix(rest, "\t"):
			return n
		case rest == "":
			continue // a blank line belongs to the block
		case indent == 0 && spaces > 0:
			indent = spaces
		case spaces < max(indent, 1):
			return 0 // the block has ended
		}
	}
	return 0
}

// blockHeader is a line ending in a block scalar's header with an
// indentation indicator: its leading spaces, the "- " of the sequence
// entries it opens, what comes before the header (a key, a tag, an
// anchor, "---") and the indicator's digit, before or after the chomping
// indicator (|2-, |-2).
var blockHeader = regexp.MustCompile(`^( *)((?:- +)*)(.*?)[|>](?:([1-9])[+-]?|[+-]([1-9]))[ \t]*(?:#.*)?$`)

// indicated is the indentation of the block scalar that header's
// indentation indicator gives, 0 when it has none or the node it indents
// from is not on the header's line. YAML 1.2 §8.1.1.1: the content is
// indented by the indicator's spaces more than the node the scalar is in.
// As the parsers read it (libyaml's block scalar scanner, which both
// port), that node is the innermost block collection: the mapping whose
// key is on the header's line ("  a: |1": 2 + 1), or the sequence whose
// "-" is ("  - |2": 2 + 2); at the document's top level, none (−1 in
// libyaml), the content is indented by the indicator alone.
func indicated(header string) int {
	m := blockHeader.FindStringSubmatch(strings.TrimSuffix(header, "\r"))
	if m == nil {
		return 0
	}
	inc, _ := strconv.Atoi(m[4] + m[5]) // one of them is empty
	lead, dashes, before := len(m[1]), m[2], m[3]
	switch t := strings.TrimSpace(before); {
	case strings.HasSuffix(t, ":") || strings.Contains(before, ": "):
		return lead + len(dashes) + inc // a key's mapping
	case dashes != "":
		return lead + strings.LastIndex(dashes, "-") + inc // the last entry's sequence
	case lead == 0 && (t == "" || strings.HasPrefix(t, "---")):
		return inc // the document's top level
	}
	return 0 // its node is on a line before: found as without one
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
