package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/execsim/execsim/internal/format"
	"github.com/execsim/execsim/plots"
	"github.com/execsim/execsim/scenarios/platform"
)

// sweepFields are charted against the first swept parameter: the chart's
// name, the field's label and unit, and its column in aggregate.csv after
// the platform's name ("<platform>.latency_ms.p99").
var sweepFields = []struct {
	name, field, unit, column string
}{
	{"sweep-latency-p99", "latency p99", "ms", "latency_ms.p99"},
	{"sweep-monthly-cost", "monthly cost", "USD", "cost.monthly_usd"},
	{"sweep-cold-starts", "cold starts", "", "cold_starts"},
}

// SweepChartNames are the base names of the sweep charts (a sweep folder
// owns name.svg and name.png of each).
func SweepChartNames() []string {
	var out []string
	for _, f := range sweepFields {
		out = append(out, f.name)
	}
	return out
}

// SweepCharts draws each headline field against the first swept parameter,
// over its 95 % band: one line per platform of the registry and distinct
// result of it. The other swept parameters split a platform's line only
// when they change its results: a parameter under which the platform's
// every figure is identical across its values (a Lambda setting, for
// Kubernetes) leaves it one line, and a note says so. Axes, titles and
// legends name parameters in words with units (paramLabel). A non-numeric
// first parameter gets no charts (nil). The monthly-cost chart carries the
// scenario's warnings (front doors that differ), as sweep.json does. The
// p99 chart draws p99TargetMs, the SLO's p99 target, when positive.
// points are the warnings of some points' own values (sweep.json's
// point_warnings): one on a swept parameter of a platform whose results
// it leaves unchanged says why, beside the note that says so; the others
// come with the monthly-cost chart's warnings.
func SweepCharts(h plots.Header, agg Table, axes int, reg platform.Registry, warnings []string, points []SweepWarning, p99TargetMs float64) []struct {
	Name  string
	Chart *plots.Chart
} {
	if axes == 0 || len(agg.Rows) == 0 {
		return nil
	}
	col := map[string]int{}
	for i, c := range agg.Header {
		col[c] = i
	}
	xs := make([]float64, len(agg.Rows))
	for i, r := range agg.Rows {
		x, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			return nil
		}
		xs[i] = x
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	params := make([]sweepParam, axes)
	for j := range params {
		params[j] = sweepParamOf(strings.TrimPrefix(agg.Header[1+j], "sweep."), reg)
	}

	// which other parameters change each platform's results
	type split struct {
		p       platform.Platform
		matters []bool // per axis (the first, x, always splits by point)
		flat    bool   // the first axis leaves its results unchanged
	}
	var platforms []split
	var notes []string
	// why says what the point warnings say of the swept parameters at
	// axes of the platform's own section (or of none: the workload),
	// under whose values its results did not change: a sweep of a
	// lambda.memoryMB that sized no function drew flat lines captioned
	// as if memory made no difference to Lambda (walk14 #1)
	explained := map[int]bool{}
	why := func(name string, at []int) string {
		var out []string
		for _, j := range at {
			if o := params[j].owner; o != "" && o != name {
				continue // another platform's setting: plainly none of its business
			}
			var of []SweepWarning
			for i, w := range points {
				if strings.HasPrefix(w.Text, params[j].path+":") {
					of = append(of, w)
					explained[i] = true
				}
			}
			if len(of) == 0 {
				continue
			}
			s := " The sweep warns why: " + strings.TrimSuffix(of[0].Text, ".")
			if of[0].Where != "" {
				s += " (at " + of[0].Where
				if len(of) > 1 {
					s += fmt.Sprintf("; %d more such warnings at its other values", len(of)-1)
				}
				s += ")"
			}
			out = append(out, s+".")
		}
		return strings.Join(out, "")
	}
	for _, p := range reg {
		cols := platformMeans(agg.Header, p.Name())
		if len(cols) == 0 {
			continue
		}
		s := split{p: p, matters: make([]bool, axes)}
		var same []string
		var sameAt []int
		for j := 1; j < axes; j++ {
			s.matters[j] = changes(agg.Rows, axes, j, cols)
			if !s.matters[j] {
				same = append(same, params[j].label)
				sameAt = append(sameAt, j)
			}
		}
		noun := p.Look().Noun
		if len(same) > 0 {
			notes = append(notes, noun+" gives the same results whatever the "+format.And(same)+": one line for all its values."+why(p.Name(), sameAt))
		}
		s.flat = lo < hi && !changes(agg.Rows, axes, 0, cols)
		platforms = append(platforms, s)
	}

	var out []struct {
		Name  string
		Chart *plots.Chart
	}
	for _, f := range sweepFields {
		var series []plots.SweepSeries
		var fieldNotes []string
		cut := false
		for _, sp := range platforms {
			p := sp.p
			mean, ok := col[p.Name()+"."+f.column+".mean"]
			if !ok {
				continue
			}
			bounds := ciBounds(col, p.Name()+"."+f.column)
			model := p.Look().Chart(p.Name())
			// one series per combination of the other parameters that
			// change the platform's results, in first-seen order; of the
			// rows that differ only in parameters that do not, the first
			var order []string
			byGroup := map[string]*plots.SweepSeries{}
			seen := map[string]bool{}
			for i, r := range agg.Rows {
				var key, parts []string
				for j := 1; j < axes; j++ {
					if sp.matters[j] {
						key = append(key, r[1+j])
						parts = append(parts, params[j].value(r[1+j], p.Name()))
					}
				}
				k := strings.Join(key, "\x00")
				if seen[k+"\x00"+r[1]] {
					continue
				}
				seen[k+"\x00"+r[1]] = true
				s, ok := byGroup[k]
				if !ok {
					name := model.DisplayName()
					if len(parts) > 0 {
						name += " (" + strings.Join(parts, ", ") + ")"
					}
					s = &plots.SweepSeries{Name: name, Model: model}
					byGroup[k] = s
					order = append(order, k)
				}
				y, err := strconv.ParseFloat(r[mean], 64)
				if err != nil {
					continue
				}
				l, h := bounds(r, y)
				if !math.IsNaN(l) {
					// the band is the part of the interval the quantity can
					// take: no −2 cold starts (the note below says so)
					cl, ch := ClipCI(p.Name()+"."+f.column, l, h)
					cut = cut || cl != l || ch != h
					l, h = cl, ch
				}
				s.X = append(s.X, xs[i])
				s.Mean = append(s.Mean, y)
				s.Lo = append(s.Lo, l)
				s.Hi = append(s.Hi, h)
				if f.column == "latency_ms.p99" {
					// a p99 of fewer than FewP99Requests is the slowest
					// request: drawn hollow
					s.Few = append(s.Few, fewAt(r, col, p.Name()))
				}
			}
			// groups that draw the same line in this chart (a cluster's cost
			// whatever the rate) are one line
			if len(order) > 1 && sameLines(byGroup, order) {
				one := *byGroup[order[0]]
				one.Name = model.DisplayName()
				series = append(series, one)
				var labels []string
				for j := 1; j < axes; j++ {
					if sp.matters[j] {
						labels = append(labels, params[j].label)
					}
				}
				// "has the same cold starts", "has the same latency p99":
				// the verb agrees with the platform, whatever the field
				fieldNotes = append(fieldNotes, p.Look().Noun+" has the same "+f.field+" whatever the "+format.And(labels)+": one line.")
				order = order[:1]
			} else {
				for _, k := range order {
					series = append(series, *byGroup[k])
				}
			}
			if sp.flat {
				flat := ": its line is flat."
				if len(order) > 1 {
					flat = ": its lines are flat."
				}
				fieldNotes = append(fieldNotes, p.Look().Noun+" gives the same results whatever the "+params[0].label+flat+why(p.Name(), []int{0}))
			}
		}
		if len(series) == 0 {
			continue
		}
		if f.column == "latency_ms.p99" {
			var ps []platform.Platform
			for _, sp := range platforms {
				ps = append(ps, sp.p)
			}
			fieldNotes = append(fieldNotes, fewRequestsNotes(agg, col, ps)...)
		}
		if cut {
			note := "The 95 % bands are cut at 0: " + f.field + " cannot be negative."
			if _, hi := Domain(f.column); !math.IsInf(hi, 1) {
				note = "The 95 % bands are cut to 0–1: " + f.field + " is a share."
			}
			fieldNotes = append(fieldNotes, note)
		}
		ax := plots.SweepAxes{Parameter: params[0].label, ParameterUnit: params[0].unit, Field: f.field, FieldUnit: f.unit, LogX: lo > 0 && hi/lo >= 20}
		if f.column == "latency_ms.p99" {
			ax.FewLabel = fmt.Sprintf("hollow: p99 from fewer than %d requests per run", FewP99Requests)
		}
		if f.name == "sweep-latency-p99" && p99TargetMs > 0 {
			ax.Target, ax.TargetLabel = p99TargetMs, "SLO: p99 ≤ "+format.MillisShort(p99TargetMs)
		}
		c := plots.Sweep(h, ax, series)
		c.Notes = append(append(c.Notes, notes...), fieldNotes...)
		if f.name == "sweep-monthly-cost" {
			for _, w := range warnings {
				c.Notes = append(c.Notes, "Warning: "+w)
			}
			for i, w := range points {
				if explained[i] {
					continue // said beside the flat line it explains
				}
				if w.Where != "" {
					c.Notes = append(c.Notes, "Warning, at "+w.Where+": "+w.Text)
				} else {
					c.Notes = append(c.Notes, "Warning: "+w.Text)
				}
			}
		}
		out = append(out, struct {
			Name  string
			Chart *plots.Chart
		}{f.name, c})
	}
	return out
}

// fewAt tells whether the platform's p99 at row r rests on fewer than
// FewP99Requests completed requests per run (aggregate.csv's
// <platform>.completed.mean); false where the column is missing.
func fewAt(r []string, col map[string]int, name string) bool {
	c, ok := col[name+".completed.mean"]
	if !ok || c >= len(r) {
		return false
	}
	v, err := strconv.ParseFloat(r[c], 64)
	return err == nil && !math.IsNaN(v) && v < FewP99Requests
}

// fewRequestsNotes says, per platform, when some points' p99 rests on
// fewer than FewP99Requests completed requests per run (aggregate.csv's
// <platform>.completed.mean).
func fewRequestsNotes(agg Table, col map[string]int, platforms []platform.Platform) []string {
	// platforms with the same counts share a sentence
	type count struct {
		few    int
		fewest string
	}
	var order []count
	who := map[count][]string{}
	for _, p := range platforms {
		c, ok := col[p.Name()+".completed.mean"]
		if !ok {
			continue
		}
		fewest, few := math.Inf(1), 0
		for _, r := range agg.Rows {
			v, err := strconv.ParseFloat(r[c], 64)
			if err != nil || math.IsNaN(v) {
				continue
			}
			fewest = math.Min(fewest, v)
			if v < FewP99Requests {
				few++
			}
		}
		if few == 0 {
			continue
		}
		k := count{few, format.Sig(fewest, 2)}
		if _, ok := who[k]; !ok {
			order = append(order, k)
		}
		who[k] = append(who[k], p.Look().Label)
	}
	var out []string
	for _, k := range order {
		out = append(out, fmt.Sprintf("The p99 of %s rests on fewer than %d completed requests per run at %s of %d points (as few as %s): there it is about the slowest request, and it varies widely from run to run.",
			format.And(who[k]), FewP99Requests, format.Count(int64(k.few)), len(agg.Rows), k.fewest))
	}
	return out
}

// SweepWarning is a warning of a sweep's points' own values (sweep.json's
// point_warnings): its text, and the points it applies to in words (""
// for every point).
type SweepWarning struct{ Text, Where string }

// sweepParam is a swept parameter as charts name it: its path in the
// sweep: section, its label and unit (paramLabel), and the platform whose
// section it is in (owner, "" for none) with the label without that
// platform's noun (bare).
type sweepParam struct{ path, label, unit, owner, bare string }

func sweepParamOf(path string, reg platform.Registry) sweepParam {
	p := sweepParam{path: path}
	p.label, p.unit = paramLabel(path, reg)
	p.bare = p.label
	if section, _, ok := strings.Cut(path, "."); ok {
		if pl := reg.BySection(section); pl != nil {
			p.owner = pl.Name()
			p.bare = strings.TrimPrefix(p.label, pl.Look().Noun+" ")
		}
	}
	return p
}

// value names one value of the parameter in the legend of a platform's
// line: "Lambda memory 1024 MB", or "memory 1024 MB" in the legend of
// Lambda's own lines.
func (p sweepParam) value(v, platformName string) string {
	label := p.label
	if p.owner != "" && p.owner == platformName {
		label = p.bare
	}
	switch p.unit {
	case "":
		return label + " " + v
	case "%":
		return label + " " + v + " %"
	}
	return label + " " + v + " " + p.unit
}

// platformMeans are the columns of aggregate.csv holding a platform's
// means ("<platform>.<field>.mean").
func platformMeans(header []string, name string) []int {
	var out []int
	for i, h := range header {
		if strings.HasPrefix(h, name+".") && strings.HasSuffix(h, ".mean") {
			out = append(out, i)
		}
	}
	return out
}

// changes tells whether the axis at index j (of the axes columns 1 to
// axes) changes the platform's results: whether two rows that agree on
// every other axis differ in any of the platform's columns cols.
func changes(rows [][]string, axes, j int, cols []int) bool {
	first := map[string][]string{}
	for _, r := range rows {
		var key []string
		for a := range axes {
			if a != j {
				key = append(key, r[1+a])
			}
		}
		k := strings.Join(key, "\x00")
		vals := make([]string, len(cols))
		for i, c := range cols {
			vals[i] = r[c]
		}
		prev, ok := first[k]
		if !ok {
			first[k] = vals
			continue
		}
		for i := range vals {
			if vals[i] != prev[i] {
				return true
			}
		}
	}
	return false
}

// ciBounds returns how to read a field's 95 % interval from a row, given
// its mean: from the half-width column "<field>.ci95", or from explicit
// bounds "<field>.ci95_low" and "<field>.ci95_high". A blank or missing
// interval (one replication) gives NaN bounds: no band.
func ciBounds(col map[string]int, field string) func(r []string, mean float64) (lo, hi float64) {
	num := func(r []string, c int, ok bool) (float64, bool) {
		if !ok || c >= len(r) {
			return 0, false
		}
		v, err := strconv.ParseFloat(r[c], 64)
		return v, err == nil && !math.IsNaN(v)
	}
	half, hasHalf := col[field+".ci95"]
	low, hasLow := col[field+".ci95_low"]
	high, hasHigh := col[field+".ci95_high"]
	return func(r []string, mean float64) (float64, float64) {
		if h, ok := num(r, half, hasHalf); ok {
			return mean - h, mean + h
		}
		l, okL := num(r, low, hasLow)
		h, okH := num(r, high, hasHigh)
		if okL && okH {
			return l, h
		}
		return math.NaN(), math.NaN()
	}
}

// paramLabels name scenario fields in words, with their units: by their
// whole path, or (under a platform's section) by the path after the
// section, which is then led by the platform's noun ("Lambda memory").
var paramLabels = map[string]struct{ label, unit string }{
	"workload.arrivals.ratePerSecond": {"arrival rate", "req/s"},
	"workload.ratePerSecond":          {"arrival rate", "req/s"},
	"memoryMB":                        {"memory", "MB"},
	"reservedConcurrency":             {"reserved concurrency", "environments"},
	"provisionedConcurrency":          {"provisioned concurrency", "environments"},
	"accountConcurrency":              {"account concurrency", "environments"},
	"replicas":                        {"replicas", ""},
	"concurrency":                     {"concurrency", "requests per pod"},
	"queue":                           {"queue", "requests per pod"},
	"hpa.minReplicas":                 {"HPA min replicas", ""},
	"hpa.maxReplicas":                 {"HPA max replicas", ""},
}

// paramLabel names a swept parameter in words with its unit: from
// paramLabels, else from the path made readable ("cpuRequestMilli" →
// "CPU request", millicores), led by the noun of the platform whose
// section it is in.
func paramLabel(path string, reg platform.Registry) (label, unit string) {
	if l, ok := paramLabels[path]; ok {
		return l.label, l.unit
	}
	noun, rest := "", path
	if section, after, ok := strings.Cut(path, "."); ok {
		if p := reg.BySection(section); p != nil {
			noun, rest = p.Look().Noun, after
		}
	}
	// lambda.everyFunction.memoryMB is the memory of every function: an
	// axis read "Lambda every function memory (MB)" (walk14 #15)
	rest, every := strings.CutPrefix(rest, "everyFunction.")
	if l, ok := paramLabels[rest]; ok {
		label, unit = l.label, l.unit
	} else {
		label, unit = readablePath(rest)
	}
	if every {
		label += " of every function"
	}
	if noun != "" {
		label = noun + " " + label
	}
	return label, unit
}

// unitSuffixes end a field name with its unit (STYLE §4: the unit ends
// the key), longest first.
var unitSuffixes = []struct{ suffix, unit string }{
	{"USDPerHour", "USD/h"}, {"PerSecond", "per s"}, {"PerHour", "per h"},
	{"Percent", "%"}, {"Milli", "millicores"}, {"MiB", "MiB"}, {"GiB", "GiB"},
	{"MB", "MB"}, {"GB", "GB"}, {"USD", "USD"},
}

// acronyms are written in capitals in labels.
var acronyms = map[string]string{"cpu": "CPU", "hpa": "HPA", "az": "AZ", "alb": "ALB", "eni": "ENI", "enis": "ENIs", "vcpu": "vCPU", "ipv4": "IPv4"}

// readablePath turns a field path into words and a unit: the unit suffix
// of its last key comes off, camelCase and dots become spaces
// ("hpa.targetCPUUtilizationPercent" → "HPA target CPU utilization", "%").
func readablePath(path string) (label, unit string) {
	keys := strings.Split(path, ".")
	last := keys[len(keys)-1]
	for _, s := range unitSuffixes {
		if strings.HasSuffix(last, s.suffix) && len(last) > len(s.suffix) {
			keys[len(keys)-1], unit = strings.TrimSuffix(last, s.suffix), s.unit
			break
		}
	}
	var words []string
	for _, k := range keys {
		for _, w := range camelWords(k) {
			if a, ok := acronyms[strings.ToLower(w)]; ok {
				words = append(words, a)
			} else {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	return strings.Join(words, " "), unit
}

// camelWords splits a camelCase key into words, keeping runs of capitals
// together ("targetCPUUtilization" → target, CPU, Utilization).
func camelWords(s string) []string {
	var words []string
	rs := []rune(s)
	start := 0
	for i := 1; i < len(rs); i++ {
		lower := func(k int) bool { return unicode.IsLower(rs[k]) || unicode.IsDigit(rs[k]) }
		switch {
		case unicode.IsUpper(rs[i]) && lower(i-1):
			words, start = append(words, string(rs[start:i])), i
		case unicode.IsUpper(rs[i]) && unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			words, start = append(words, string(rs[start:i])), i
		}
	}
	if start < len(rs) {
		words = append(words, string(rs[start:]))
	}
	return words
}

// sameLines tells whether the groups draw one and the same line: the same
// points, means and intervals (NaN equal to NaN).
func sameLines(groups map[string]*plots.SweepSeries, order []string) bool {
	eq := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
	}
	first := groups[order[0]]
	for _, k := range order[1:] {
		g := groups[k]
		if !eq(g.X, first.X) || !eq(g.Mean, first.Mean) || !eq(g.Lo, first.Lo) || !eq(g.Hi, first.Hi) {
			return false
		}
	}
	return true
}
