package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/scenarios/platform"
	"github.com/execsim/execsim/scenarios/summary"
)

// An interrupted run (summary.json "partial": true, with
// "requested_duration_s" and "not_run") is reported for what
// every platform reached, and every reader must learn that before any
// figure: the text summary, summary.md and report.html say first, plainly,
// how much of the run was simulated, that its monthly figures are
// projected from that part, and which platforms did not run at all (the
// hybrid blend runs only after its peers finish).

// legacyPartialMark starts the comment line that scenario.yaml carried,
// after the command, in the folder of an interrupted run written before
// summary.json had requested_duration_s and not_run: "# partial:
// simulated 6s of 20m0s; not run: hybrid". Load still reads it, so that
// execsim plot on such a folder says what it always said.
const legacyPartialMark = "# partial: "

// parseLegacyPartial reads that comment line: the duration asked (0 when
// the line does not say) and the platforms not run; ok is false when the
// line is not one.
func parseLegacyPartial(line []byte) (asked time.Duration, notRun []string, ok bool) {
	rest, ok := bytes.CutPrefix(line, []byte(legacyPartialMark))
	if !ok {
		return 0, nil, false
	}
	span, list, _ := strings.Cut(string(rest), "; not run: ")
	if _, a, ok := strings.Cut(span, " of "); ok {
		if d, err := time.ParseDuration(a); err == nil && d > 0 {
			asked = d
		}
	}
	if list != "" {
		notRun = strings.Split(list, ", ")
	}
	return asked, notRun, true
}

// partialNotice is the notice an interrupted run opens with; "" for a
// complete run.
func (b *Bundle) partialNotice() string {
	s := b.Summary
	if !s.Partial {
		return ""
	}
	reached, asked := durationOf(s.DurationS), durationOf(s.RequestedDurationS)
	var nouns []string
	for _, name := range s.NotRun {
		nouns = append(nouns, b.Registry.Look(name).Noun)
	}
	notRun := ""
	if len(nouns) > 0 {
		notRun = format.And(nouns) + " " + format.Plural(len(nouns), "was", "were") + " not run"
	}
	switch {
	case asked > 0 && reached >= asked && notRun == "" && s.Placement != nil && s.Placement.Interrupted != nil:
		// interrupted during the placement's search, after a blend was kept
		return fmt.Sprintf("Partial run: interrupted during the placement's search; every platform ran the whole %s asked, but %s", format.RunLength(s.RequestedDurationS), searchCut(s.Placement.Interrupted))
	case asked > 0 && reached >= asked && notRun != "":
		// interrupted while a blend ran, after its peers finished
		return fmt.Sprintf("Partial run: interrupted before %s finished, which is left out; the other platforms ran the whole %s asked, and their figures are complete.", format.And(nouns), format.RunLength(s.RequestedDurationS))
	case asked > 0:
		// run lengths as the header and the projection caveat print them
		out := fmt.Sprintf("Partial run: interrupted after %s of the %s asked (%s simulated).", format.RunLength(s.DurationS), format.RunLength(s.RequestedDurationS), format.Percent(reached.Seconds()/asked.Seconds()))
		return out + whatItMeans(notRun)
	}
	return fmt.Sprintf("Partial run: interrupted after %s simulated, before the end the scenario asked for.", format.RunLength(s.DurationS)) + whatItMeans(notRun)
}

// searchCut says what the blend of a search cut short is: "the blend
// reported is the best found so far, after 2 of at most 4 simulations; a
// finished search could still move services."
func searchCut(st *platform.PlacementStop) string {
	return fmt.Sprintf("the blend reported is the best found so far, after %s of at most %s %s; a finished search could still move services.",
		format.Count(int64(st.Simulations)), format.Count(int64(st.Bound)), format.Plural(st.Bound, "simulation", "simulations"))
}

// durationOf is a summary's seconds as a duration, to the nanosecond.
func durationOf(sec float64) time.Duration {
	return time.Duration(math.Round(sec * float64(time.Second)))
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
