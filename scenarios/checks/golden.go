package checks

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/runner"
	"github.com/execsim/execsim/scenarios/summary"
)

// versionPrefix starts the first line of a golden file, and every line of
// its header.
const versionPrefix = "# "

// The header lines after the version, each "# " then a key.
const (
	scenarioKey = "scenario " // scenario NAME sha256 HEX
	setKey      = "set "      // set PATH=VALUE, one line per --set
	inputKey    = "input "    // input PATH sha256 HEX, one line per file read
	digestKey   = "digest "   // digest sha256 HEX, of every line below the header
)

// fieldsHeader separates the golden text from the fields; the golden text
// ends with a newline, and an empty line comes before the header.
const fieldsHeader = "\n[fields]\n"

// File is a golden file.
type File struct {
	// Version is the execsim that wrote the file ("execsim v1.2.3 (commit
	// …)"), "" when the file does not say.
	Version string
	// Scenario names the scenario the file was written from: its file's
	// base name, or builtin:NAME; "" in a file written before execsim
	// recorded it, and then Sets are unknown too.
	Scenario string
	// ScenarioSHA256 is the hash of the scenario's text as run: its file
	// without the golden: and expect: sections (tolerances and assertions
	// change no number), so a drift can say that the scenario changed.
	ScenarioSHA256 string
	// Sets are the run's --set overrides, PATH=VALUE, in command-line order.
	Sets []string
	// Inputs are the files the scenario read (traces, manifests, templates,
	// Prometheus exports), in path order: a trace edited under an unchanged
	// scenario moves every number, and the drift report should say which
	// file did it. Nil in a file written before execsim recorded them (and
	// in one whose scenario reads no file: the two read alike).
	Inputs []Input
	// Text is summary.Golden of the run, byte for byte; for a scenario
	// with a sweep, that of every unit after a heading line (UnitHeading).
	Text string
	// Fields are the summary's fields, in summary order; nil when the file
	// has no [fields] section. Numeric is set for values that parse as
	// numbers. A sweep's fields are named UNIT/FIELD (UnitField).
	Fields []summary.Field
	// Sealed files carry a last header line "# digest sha256 HEX", the
	// hash of every line below the header (the text and the fields) as
	// execsim wrote them. Only the fields are compared with a run, within
	// the scenario's tolerances; the text above them is what a reviewer
	// reads, and without the digest a hand edit there (or a merge
	// conflict resolved half one way, half the other) would pass unseen.
	Sealed bool
	// Digest is the digest a parsed file's header records ("" if none),
	// and bodySHA256 that of the lines below its header as read;
	// bodyLine is the file's line number of the first of those.
	Digest   string
	read     string
	bodyLine int
	// percentiles are the SLO percentiles of a run's platforms ("p99"),
	// keyed by PLATFORM or, in a sweep, UNIT/PLATFORM: a tolerance on the
	// latency percentile the SLO names carries to slo.measured_ms
	// (derivations). The fields do not hold them (they are words), so a
	// file read back has none; Compare takes them from the run. The
	// placement's SLO is keyed "placement", and each placed service's
	// (its own, else the placement's) "placement.services.NAME".
	percentiles map[string]string
	// aliases name the placement's index-named entries by platform, as a
	// tolerance or an expectation may (File.alias): keyed by the entry's
	// [UNIT/]prefix, placement.trials.0 → placement.trials.all_kubernetes
	// and placement.services.S.options.1 → placement.services.S.options.lambda.
	// Like percentiles, the fields do not hold them (platforms' names are
	// words): a file read back has none; Compare takes them from the run.
	aliases map[string]string
	// twins are, for a placement that settled on one platform, the
	// prefixes of the blend's fields that are that platform's own, keyed
	// by [UNIT/]: the blend is then the platform's own run, reused
	// (platform.Placement.Settled), so hybrid.latency_ms.p99 is
	// lambda.latency_ms.p99, "hybrid.cost.breakdown.lambda: lambda
	// requests" is "lambda.cost.breakdown.lambda requests" and
	// hybrid.parts.1.details.… (Lambda's part) is lambda.…. Longest
	// first; from the run only, as percentiles.
	twins map[string][]twin
}

// twin maps the fields under one prefix to those under another.
type twin struct{ from, to string }

// Input is one file a scenario read: its path relative to the scenario's
// folder (slash-separated, as the scenario names it; for builtin:NAME,
// relative to the built-ins' folder) and the sha256 of its content.
type Input struct {
	Path   string
	SHA256 string
}

// Of is the golden file of a run written by the given execsim version.
func Of(version string, res *runner.Result) File {
	s := summary.Of(res, false)
	fields := s.Fields()
	if fields == nil {
		fields = []summary.Field{}
	}
	f := File{Version: version, Text: summary.Golden(res), Fields: fields, percentiles: map[string]string{}, aliases: map[string]string{}}
	for _, m := range s.Models {
		if m.SLO != nil {
			f.percentiles[m.Name] = m.SLO.Percentile
		}
	}
	if pl := s.Placement; pl != nil && pl.Legacy == nil {
		f.twins = settledTwins(s)
		f.percentiles["placement"] = pl.SLO.Percentile
		for i, t := range pl.Trials {
			// the search's trials start with each platform's own run,
			// "all on NAME" (hybrid search.settle); the blends after
			// them ("all on NAME but …", "move …") have no platform to
			// be named by
			if p, ok := strings.CutPrefix(t.What, "all on "); ok && !t.Simulated && s.Models.Get(p) != nil {
				f.aliases[fmt.Sprintf("placement.trials.%d", i)] = "placement.trials.all_" + p
			}
		}
		for _, ps := range pl.Services {
			key := "placement.services." + ps.Name
			f.percentiles[key] = pl.SLO.Percentile
			if ps.SLO != nil {
				f.percentiles[key] = ps.SLO.Percentile
			}
			for i, o := range ps.Options {
				f.aliases[fmt.Sprintf("%s.options.%d", key, i)] = key + ".options." + o.Platform
			}
		}
	}
	return f
}

// settledTwins are the twins of a summary whose placement settled on one
// platform (File.twins), under the "" unit; nil for any other.
func settledTwins(s summary.Summary) map[string][]twin {
	pl := s.Placement
	if pl.Settled == "" || pl.SettledRanAgain || s.Models.Get(pl.Settled) == nil {
		return nil
	}
	for _, m := range s.Models {
		if _, ok := pl.MonthlyUSD[m.Name]; !ok || m.Name == pl.Settled {
			continue // not the blend (its key is its name, the platforms' all_NAME)
		}
		p := pl.Settled
		out := []twin{
			{m.Name + ".cost.breakdown." + p + ": ", p + ".cost.breakdown."},
			{m.Name + ".shared_cost." + p + ": ", p + ".shared_cost."},
		}
		// the parts as the blend's entry writes them (hybrid.Extra): the
		// settled platform's part, running its own services alone, is
		// its run's details
		var x struct {
			Parts []struct {
				Platform string `json:"platform"`
				Runs     string `json:"runs"`
			} `json:"parts"`
		}
		if data, err := json.Marshal(m.Entry.Extra); err == nil && json.Unmarshal(data, &x) == nil {
			for i, part := range x.Parts {
				if part.Platform == p && part.Runs == "" {
					out = append(out, twin{fmt.Sprintf("%s.parts.%d.details.", m.Name, i), p + "."})
				}
			}
		}
		out = append(out, twin{m.Name + ".", p + "."})
		slices.SortStableFunc(out, func(a, b twin) int { return len(b.from) - len(a.from) })
		return map[string][]twin{"": out}
	}
	return nil
}

// twin is the field a field of a settled placement's blend is a copy of
// (File.twins), "" for any other field.
func (f File) twin(name string) string {
	unit, base := SplitUnit(name)
	prefix := ""
	if unit != "" {
		prefix = unit + "/"
	}
	for _, t := range f.twins[prefix] {
		if rest, ok := strings.CutPrefix(base, t.from); ok {
			return prefix + t.to + rest
		}
	}
	return ""
}

// alias is the other name of an index-named field of the placement, by
// which a tolerance or an expectation may name it: a platform's own run
// among the search's trials, placement.trials.0.monthly_usd, is
// placement.trials.all_kubernetes.monthly_usd; a service's option on a
// platform, placement.services.S.options.1.tail_ms, is
// placement.services.S.options.lambda.tail_ms. "" for any other field,
// and for every field of a file read back (aliases).
func (f File) alias(name string) string {
	if len(f.aliases) == 0 {
		return ""
	}
	unit, base := SplitUnit(name)
	prefix := ""
	if unit != "" {
		prefix = unit + "/"
	}
	if rest, ok := strings.CutPrefix(base, "placement.trials."); ok {
		if i := strings.IndexByte(rest, '.'); i > 0 {
			if a, ok := f.aliases[prefix+base[:len(base)-len(rest)+i]]; ok {
				return a + rest[i:]
			}
		}
		return ""
	}
	if !strings.HasPrefix(base, "placement.services.") {
		return ""
	}
	// a service's name may hold ".options." itself: try each
	const opts = ".options."
	for at := 0; ; {
		i := strings.Index(base[at:], opts)
		if i < 0 {
			return ""
		}
		end := at + i + len(opts)
		if j := strings.IndexByte(base[end:], '.'); j > 0 {
			if a, ok := f.aliases[prefix+base[:end+j]]; ok {
				return a + base[end+j:]
			}
		}
		at = end - 1
	}
}

// Bytes is the file's content.
func (f File) Bytes() []byte {
	var b strings.Builder
	if f.Version != "" {
		b.WriteString(versionPrefix + oneLine(f.Version) + "\n")
	}
	if f.Scenario != "" {
		b.WriteString(versionPrefix + scenarioKey + token(f.Scenario) + " sha256 " + token(f.ScenarioSHA256) + "\n")
	}
	for _, s := range f.Sets {
		b.WriteString(versionPrefix + setKey + token(s) + "\n")
	}
	for _, in := range f.Inputs {
		b.WriteString(versionPrefix + inputKey + token(in.Path) + " sha256 " + token(in.SHA256) + "\n")
	}
	body := f.body()
	if f.Sealed {
		b.WriteString(versionPrefix + digestKey + "sha256 " + sha256Hex(body) + "\n")
	}
	b.WriteString(body)
	return []byte(b.String())
}

// body is the file below its header: the text, then the fields.
func (f File) body() string {
	var b strings.Builder
	b.WriteString(f.Text)
	if f.Fields != nil {
		switch {
		case f.Text == "":
		case strings.HasSuffix(f.Text, "\n"):
			b.WriteString("\n")
		default:
			b.WriteString("\n\n")
		}
		b.WriteString(fieldsHeader[1:])
		for _, fl := range f.Fields {
			b.WriteString(token(fl.Name) + " " + token(fl.Text) + "\n")
		}
	}
	return b.String()
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Field returns the named field, or false.
func (f File) Field(name string) (summary.Field, bool) {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl, true
		}
	}
	return summary.Field{}, false
}

// Parse reads a golden file. Errors name the line.
func Parse(data []byte) (File, error) {
	f, s, headerLines, err := parseHeader(string(data))
	if err != nil {
		return File{}, err
	}
	f.read, f.bodyLine = s, headerLines+1
	var section string
	if rest, ok := strings.CutPrefix(s, fieldsHeader[1:]); ok {
		section = rest
	} else if i := strings.LastIndex(s, "\n"+fieldsHeader); i >= 0 {
		f.Text, section = s[:i+1], s[i+1+len(fieldsHeader):]
	} else {
		f.Text = s
		return f, nil
	}
	f.Fields = []summary.Field{}
	if section == "" {
		return f, nil
	}
	first := headerLines + strings.Count(s[:len(s)-len(section)], "\n") + 1 // the first field's line
	seen := map[string]bool{}
	for n, line := range strings.Split(strings.TrimSuffix(section, "\n"), "\n") {
		name, value, err := parseFieldLine(line)
		if err != nil {
			return File{}, fmt.Errorf("line %d: %w", first+n, err)
		}
		if seen[name] {
			return File{}, fmt.Errorf("line %d: field %s appears twice", first+n, name)
		}
		seen[name] = true
		fl := summary.Field{Name: name, Text: value}
		if x, err := strconv.ParseFloat(value, 64); err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			fl.Value, fl.Numeric = x, true
		}
		f.Fields = append(f.Fields, fl)
	}
	return f, nil
}

// parseHeader reads the "# " lines that start a golden file: the version
// (the first, unless it is keyed), then the scenario, --set and input
// lines. It returns the rest of the file and the number of header lines. A
// file written before the scenario and set lines existed has the version
// only; one written before the input lines, no input line.
// Any other "# " line is an error: read as text, it would be read back
// as a header once written.
func parseHeader(s string) (File, string, int, error) {
	var f File
	n := 0
	for strings.HasPrefix(s, versionPrefix) {
		line, after, _ := strings.Cut(s[len(versionPrefix):], "\n")
		switch {
		case strings.HasPrefix(line, scenarioKey):
			name, sum, err := readHashed(line[len(scenarioKey):], "want # scenario NAME sha256 HEX")
			if err != nil {
				return File{}, "", 0, fmt.Errorf("line %d: %w", n+1, err)
			}
			f.Scenario, f.ScenarioSHA256 = name, sum
		case strings.HasPrefix(line, inputKey):
			path, sum, err := readHashed(line[len(inputKey):], "want # input PATH sha256 HEX")
			if err != nil {
				return File{}, "", 0, fmt.Errorf("line %d: %w", n+1, err)
			}
			f.Inputs = append(f.Inputs, Input{Path: path, SHA256: sum})
		case strings.HasPrefix(line, digestKey):
			sum, rest, err := readToken(strings.TrimPrefix(line[len(digestKey):], "sha256 "))
			if err != nil || rest != "" || !strings.HasPrefix(line[len(digestKey):], "sha256 ") {
				return File{}, "", 0, fmt.Errorf("line %d: want # digest sha256 HEX", n+1)
			}
			f.Sealed, f.Digest = true, sum
		case strings.HasPrefix(line, setKey):
			set, rest, err := readToken(line[len(setKey):])
			if err == nil && rest != "" {
				err = errors.New("want # set PATH=VALUE (quoted when it has a space)")
			}
			if err != nil {
				return File{}, "", 0, fmt.Errorf("line %d: %w", n+1, err)
			}
			f.Sets = append(f.Sets, set)
		case n == 0:
			f.Version = strings.TrimSpace(line)
		default:
			// the text starts with "scenario" or "===", never "# "
			return File{}, "", 0, fmt.Errorf("line %d: %q is not a header line (want # scenario NAME sha256 HEX, # set PATH=VALUE, # input PATH sha256 HEX or # digest sha256 HEX)", n+1, versionPrefix+line)
		}
		s = after
		n++
	}
	return f, s, n, nil
}

// readHashed reads `NAME sha256 HEX`, the rest of a scenario or input
// line; want is the error when the line has another shape.
func readHashed(s, want string) (name, sum string, err error) {
	name, rest, err := readToken(s)
	if err != nil {
		return "", "", errors.New(want)
	}
	rest, ok := strings.CutPrefix(rest, " sha256 ")
	if ok {
		sum, rest, err = readToken(rest)
	}
	if !ok || err != nil || rest != "" {
		return "", "", errors.New(want)
	}
	return name, sum, nil
}

// parseFieldLine reads `name value`, each a bare word or a Go-quoted string.
func parseFieldLine(line string) (name, value string, err error) {
	name, rest, err := readToken(line)
	if err != nil {
		return "", "", err
	}
	rest, ok := strings.CutPrefix(rest, " ")
	if !ok || rest == "" {
		return "", "", fmt.Errorf("%q is not a field line (want: name value)", line)
	}
	value, rest, err = readToken(rest)
	if err != nil {
		return "", "", err
	}
	if rest != "" {
		return "", "", fmt.Errorf("%q is not a field line: %q after the value (quote a value with spaces)", line, rest)
	}
	return name, value, nil
}

func readToken(s string) (tok, rest string, err error) {
	if strings.HasPrefix(s, `"`) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return "", "", fmt.Errorf("%q: unterminated or invalid quoted string", s)
		}
		tok, _ = strconv.Unquote(q)
		return tok, s[len(q):], nil
	}
	tok, rest, spaced := strings.Cut(s, " ")
	if spaced {
		rest = " " + rest
	}
	if tok == "" {
		return "", "", fmt.Errorf("%q is not a field line (want: name value)", s)
	}
	return tok, rest, nil
}

// token writes s bare when it has no space, quote or control character,
// else Go-quoted.
func token(s string) string {
	if s == "" {
		return `""`
	}
	for _, r := range s {
		if r <= ' ' || r == '"' || r == 0x7f || !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// oneLine keeps a version string on its line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
