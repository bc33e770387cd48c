package checks

import (
	"fmt"
	"strings"
)

// HandEdit says, for a parsed golden file whose digest no longer matches
// the lines below its header, where it was edited by hand; nil for a file
// that is intact or has no digest (written before execsim sealed them).
//
// The digest alone says only that something changed; the line comes from
// now, this run's file. When every field of the golden equals this run's
// (the fingerprint among them, so the same events ran), the run is the
// one that wrote the golden and its text is what the golden's text was:
// the first line that differs is the edit. When the run moved too, the
// first line that differs may be the run's own change, and the error
// says so rather than point at it with false precision. The text holds
// the fingerprint of every run, so the same text means the same run too.
func HandEdit(gold, now File) error {
	if !gold.Sealed || gold.bodyLine == 0 || sha256Hex(gold.read) == gold.Digest {
		return nil
	}
	was := strings.SplitAfter(gold.read, "\n")
	is := strings.SplitAfter(now.body(), "\n")
	i := 0
	for i < len(was) && i < len(is) && was[i] == is[i] {
		i++
	}
	if i == len(was) && i == len(is) {
		return fmt.Errorf("line %d: the digest was edited by hand (the lines below it are this run's, byte for byte): rewrite the file with --update",
			gold.bodyLine-1)
	}
	line := gold.bodyLine + i
	part := "the readable part"
	if textLines := strings.Count(gold.Text, "\n"); i >= textLines {
		part = "the [fields] part"
	}
	got, want := "(the end of the file)", "(the end of the file)"
	if i < len(was) {
		got = fmt.Sprintf("%q", strings.TrimSuffix(was[i], "\n"))
	}
	if i < len(is) {
		want = fmt.Sprintf("%q", strings.TrimSuffix(is[i], "\n"))
	}
	if sameFields(gold, now) || gold.Text == now.Text {
		return fmt.Errorf("%s was edited by hand: line %d reads %s; the run that wrote the file (this run: the same events ran) gives %s. "+
			"Rewrite the file with --update, or undo the edit", part, line, got, want)
	}
	return fmt.Errorf("the file was edited by hand: the digest on line %d no longer matches the lines below it; "+
		"line %d is the first that differs from this run's (%s; now %s), but this run moved too, so the edit may be further down. "+
		"Rewrite the file with --update, or undo the edit", gold.bodyLine-1, line, got, want)
}

// sameFields says whether two files have the same fields, value for value.
func sameFields(a, b File) bool {
	if len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i].Name != b.Fields[i].Name || a.Fields[i].Text != b.Fields[i].Text {
			return false
		}
	}
	return true
}

// UnsealedWarning is a warning for a golden file that was compared and has
// no "# digest" line; "" otherwise. execsim has written every golden
// sealed since it began to (checks: seal golden files, 2026-11-28), so an
// unsealed one is either older or had its digest line deleted, and a hand
// edit of its readable part passes unseen either way (review5). Nothing in
// the file tells the two apart: its version line names an execsim, but
// a build cannot order commits, and whoever deletes the digest line can
// edit the version line too. So it is a warning, printed and in JUnit,
// not a refusal that would fail every older golden.
func (o Outcome) UnsealedWarning() string {
	if o.Err != nil || o.Update || o.Skipped != "" || o.Gold.Sealed || o.Gold.bodyLine == 0 {
		return ""
	}
	return fmt.Sprintf("warning: golden file %s has no \"# digest\" line, so a hand edit of its text would pass unseen "+
		"(written before execsim sealed golden files, or its digest was deleted): rewrite it with --update to seal it", o.Golden)
}
