package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/summary"
)

// An interrupted run (summary.json "partial": true) is reported for what
// every platform reached, and every reader must learn that before any
// figure: the text summary, summary.md and report.html say first, plainly,
// how much of the run was simulated, that its monthly figures are
// projected from that part, and which platforms did not run at all (the
// hybrid blend runs only after its peers finish).

// Partial is what an interrupted run did not do: the duration asked
// (0 when unknown, as for a folder written before it was kept) and the
// platforms that did not run.
type Partial struct {
	Asked  time.Duration
	NotRun []string
}

// partialMark is the line scenario.yaml carries after the command in an
// interrupted run's folder, so that execsim plot says the same.
const partialMark = "# partial: "

// line is the scenario.yaml comment of an interrupted run.
func (p Partial) line(reached time.Duration) string {
	s := fmt.Sprintf("%ssimulated %v of %v", partialMark, reached, p.Asked)
	if len(p.NotRun) > 0 {
		s += "; not run: " + strings.Join(p.NotRun, ", ")
	}
	return s + "\n"
}

// parsePartial reads the comment line back (ok false when it is not one).
func parsePartial(line []byte) (Partial, bool) {
	rest, ok := bytes.CutPrefix(line, []byte(partialMark))
	if !ok {
		return Partial{}, false
	}
	var p Partial
	span, notRun, _ := strings.Cut(string(rest), "; not run: ")
	if _, asked, ok := strings.Cut(span, " of "); ok {
		if d, err := time.ParseDuration(asked); err == nil && d > 0 {
			p.Asked = d
		}
	}
	if notRun != "" {
		p.NotRun = strings.Split(notRun, ", ")
	}
	return p, true
}

// partialNotice is the notice an interrupted run opens with; "" for a
// complete run.
func (b *Bundle) partialNotice() string {
	s := b.Summary
	if !s.Partial {
		return ""
	}
	reached := time.Duration(math.Round(s.DurationS * float64(time.Second)))
	var nouns []string
	for _, name := range b.Partial.NotRun {
		nouns = append(nouns, b.Registry.Look(name).Noun)
	}
	notRun := ""
	if len(nouns) > 0 {
		notRun = format.And(nouns) + " " + format.Plural(len(nouns), "was", "were") + " not run"
	}
	asked := b.Partial.Asked
	switch {
	case asked > 0 && reached >= asked && notRun != "":
		// interrupted while a blend ran, after its peers finished
		return fmt.Sprintf("Partial run: interrupted before %s finished, which is left out; the other platforms ran the whole %v asked, and their figures are complete.", format.And(nouns), asked)
	case asked > 0:
		out := fmt.Sprintf("Partial run: interrupted after %v of the %v asked (%s simulated).", reached, asked, format.Percent(reached.Seconds()/asked.Seconds()))
		return out + whatItMeans(notRun)
	}
	return fmt.Sprintf("Partial run: interrupted after %v simulated, before the end the scenario asked for.", reached) + whatItMeans(notRun)
}

// whatItMeans is what the figures of a run cut short are, and what did
// not run.
func whatItMeans(notRun string) string {
	out := " Every figure covers only that part, and the monthly figures are projected from it"
	if notRun != "" {
		out += "; " + notRun + " (a blend starts only once the platforms it is built from have finished)"
	}
	return out + "."
}

// simulated is the length of the run simulated: a partial run's, which
// stops at any multiple of 1/200th of the run, as a duration (11h45m36s,
// not 42336 s).
func simulated(s summary.Summary) string {
	if s.Partial {
		return time.Duration(math.Round(s.DurationS * float64(time.Second))).String()
	}
	return format.RunLength(s.DurationS)
}
