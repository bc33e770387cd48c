package report

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/format"
)

// Markdown is summary.md: the fleet section of a blend (the answer first),
// the side-by-side table and the findings, ready to paste into a design
// document, with the command that reproduces them.
func (b *Bundle) Markdown(charts []ChartFile) string {
	s := b.Summary
	var w strings.Builder
	fmt.Fprintf(&w, "## execsim: %s (seed %d)\n\n", markdownText(s.Scenario), s.Seed)
	if n := b.partialNotice(); n != "" {
		fmt.Fprintf(&w, "> **%s**\n\n", markdownText(n))
	}
	if b.Description != "" {
		fmt.Fprintf(&w, "%s\n\n", markdownText(b.Description))
	}
	fmt.Fprintf(&w, "%s simulated, %s requests%s, fingerprint `%s`.\n\n", simulated(s), format.Count(s.Arrivals), counted(s), s.Fingerprint)
	if n := warmupNote(s); n != "" {
		fmt.Fprintf(&w, "%s.\n\n", format.Capitalised(n))
	}
	warningsMarkdown(&w, s)
	b.verdictMarkdown(&w)
	if b.fleetMarkdown(&w, charts) || len(b.Verdict()) > 0 {
		w.WriteString("\n### Side by side\n\n")
	}
	rows := summaryTable(s)
	for i, r := range rows {
		cells := append([]string(nil), r...)
		if i == 0 {
			cells[0] = "&nbsp;"
		}
		fmt.Fprintf(&w, "| %s |\n", strings.Join(cells, " | "))
		if i == 0 {
			fmt.Fprintf(&w, "|---|%s\n", strings.Repeat("--:|", len(r)-1))
		}
	}
	for _, n := range tableNotes(s) {
		fmt.Fprintf(&w, "\n%s\n", markdownText(n))
	}
	costMarkdown(&w, s)
	w.WriteString("\n### Findings\n\n")
	for _, f := range b.Findings() {
		fmt.Fprintf(&w, "- %s\n", f)
	}
	if len(charts) > 0 {
		w.WriteString("\n### Charts\n\n")
		for _, c := range charts {
			if c.Name == FleetChart {
				continue // in the fleet section
			}
			fmt.Fprintf(&w, "![%s](%s.png)\n", c.Title, c.Name)
		}
	}
	if b.Command != "" {
		fmt.Fprintf(&w, "\nReproduce with `%s`.\n", b.Command)
	}
	return w.String()
}

// markdownText is text from the scenario as Markdown shows it literally:
// the characters that would start emphasis, links or code are escaped
// with a backslash, and so are < and & where they could start a tag or an
// entity (a name must not become markup in a design document). Other <, >,
// & and ' stay as they are: the text is also pasted raw, where &#39; and
// &lt; read as noise (walk11 #7).
func markdownText(s string) string {
	s = strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]", "|", "\\|").Replace(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == '<' || c == '&') && i+1 < len(s) && startsMarkup(c, s[i+1:]) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// startsMarkup says whether < or & followed by rest could start HTML: a
// tag, a comment or an autolink after <, an entity after & (CommonMark).
func startsMarkup(c byte, rest string) bool {
	r := rest[0]
	letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	if c == '<' {
		return letter || r == '/' || r == '!' || r == '?'
	}
	return letter || r == '#'
}
