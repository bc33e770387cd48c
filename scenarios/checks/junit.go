package checks

import (
	"cmp"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/scenario"
)

// JUnit XML, the subset CI systems read (Jenkins, GitLab, GitHub Actions
// reporters): one testsuite, a testcase per scenario, a failure for a drift
// or an unmet expectation, an error for a scenario that could not be
// checked. No timestamps or durations, so that the file is deterministic.
type junitSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr,omitempty"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string `xml:"name,attr"`
	Classname string `xml:"classname,attr"`
	// File is the scenario's path, which GitLab and the GitHub reporters
	// link a failure to; no time attribute: the file is deterministic.
	File    string        `xml:"file,attr,omitempty"`
	Failure *junitProblem `xml:"failure,omitempty"`
	Error   *junitProblem `xml:"error,omitempty"`
	Skipped *junitSkipped `xml:"skipped,omitempty"`
	// SystemErr carries a passed case's warning (an unsealed golden:
	// Outcome.UnsealedWarning), which CI shows beside the case.
	SystemErr string `xml:"system-err,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// WriteJUnit writes the outcomes as one JUnit testsuite named suite; each
// testcase is named by names[i] and classed under suite.
func WriteJUnit(w io.Writer, suite string, names []string, outcomes []Outcome) error {
	s := junitSuite{Name: suite, Tests: len(outcomes)}
	for i, o := range outcomes {
		c := junitCase{Name: names[i], Classname: suite, File: junitFile(o.Job), SystemErr: o.UnsealedWarning()}
		switch {
		case o.Skipped != "":
			c.Skipped = &junitSkipped{Message: o.Skipped}
			s.Skipped++
		case o.Err != nil && errors.Is(o.Err, scenario.ErrInput):
			c.Error = &junitProblem{Message: "bad input", Type: "input", Text: o.Report("", false)}
			s.Errors++
		case o.Err != nil:
			c.Error = &junitProblem{Message: "internal error", Type: "internal", Text: o.Report("", false)}
			s.Errors++
		case !o.Passed():
			c.Failure = &junitProblem{Message: failureMessage(o), Type: "drift", Text: o.Report("", false)}
			s.Failures++
		}
		s.Cases = append(s.Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitFile is the file a testcase is about, slash-separated so that the
// XML reads the same on every OS: its scenario, or, for a golden file
// without one, the golden file.
func junitFile(j Job) string {
	return filepath.ToSlash(cmp.Or(j.Ref, j.Golden))
}

// failureMessage is one line on what failed.
func failureMessage(o Outcome) string {
	var parts []string
	switch {
	case len(o.Drift) == 1:
		parts = append(parts, "1 field drifted from the golden")
	case len(o.Drift) > 1:
		parts = append(parts, strconv.Itoa(len(o.Drift))+" fields drifted from the golden")
	case o.TextDiffers:
		parts = append(parts, "the golden text differs")
	}
	switch {
	case len(o.Failed) == 1:
		parts = append(parts, "1 expectation failed")
	case len(o.Failed) > 1:
		parts = append(parts, strconv.Itoa(len(o.Failed))+" expectations failed")
	}
	return strings.Join(parts, "; ")
}
