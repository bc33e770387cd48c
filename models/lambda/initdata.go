package lambda

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/execsim/execsim/internal/dist"
	"github.com/execsim/execsim/models"
)

// initCSV is the measured Init Duration table (see data/SOURCE.md).
//
//go:embed data/lambda-perf-init-percentiles.csv
var initCSV []byte

// InitRow is one measured configuration.
type InitRow struct {
	Runtime  string // normalised name, e.g. "python3.12", "go", "java21 snapstart"
	Raw      string // the table's own runtime label, e.g. "go (prov.al2023)"
	Package  Package
	Arch     models.Arch
	MemoryMB int
	N        int
	P50, P90 time.Duration
	P99, Max time.Duration
}

// Dist is a lognormal through the row's p50 and p99: the measured body and
// tail, without letting the single worst sample (max) dominate.
func (r InitRow) Dist() dist.Dist {
	return dist.MustParse(fmt.Sprintf("lognormal(p50=%v,p99=%v)", r.P50, r.P99))
}

// rowDists memoises InitRow.Dist for the regions' cold starts ([2]
// time.Duration{P50, P99} → dist.Dist): a fleet's functions of one
// runtime share one distribution (a Dist is immutable) instead of
// formatting and parsing one each.
var rowDists sync.Map

// sharedDist is r.Dist(), one value per (P50, P99).
func (r InitRow) sharedDist() dist.Dist {
	key := [2]time.Duration{r.P50, r.P99}
	if d, ok := rowDists.Load(key); ok {
		return d.(dist.Dist)
	}
	d, _ := rowDists.LoadOrStore(key, r.Dist())
	return d.(dist.Dist)
}

var (
	initOnce sync.Once
	initRows []InitRow
)

func loadInit() []InitRow {
	initOnce.Do(func() {
		recs, err := csv.NewReader(bytes.NewReader(initCSV)).ReadAll()
		if err != nil {
			panic("lambda: embedded init table: " + err.Error())
		}
		// prefer provided.al2023 over provided.al2 when both measure a runtime
		byName := map[string]string{}
		for _, rec := range recs[1:] {
			name := normaliseRuntime(rec[0])
			if prev, ok := byName[name]; !ok || strings.Contains(rec[0], "al2023") && !strings.Contains(prev, "al2023") {
				byName[name] = rec[0]
			}
		}
		for _, rec := range recs[1:] {
			name := normaliseRuntime(rec[0])
			if byName[name] != rec[0] {
				continue
			}
			pkg, err1 := ParsePackage(rec[1])
			arch, err2 := models.ParseArch(rec[2])
			mem, err3 := strconv.Atoi(rec[3])
			n, err4 := strconv.Atoi(rec[4])
			if err := firstErr(err1, err2, err3, err4); err != nil {
				panic("lambda: embedded init table: " + err.Error())
			}
			initRows = append(initRows, InitRow{
				Runtime: name, Raw: rec[0], Package: pkg, Arch: arch, MemoryMB: mem, N: n,
				P50: ms(rec[5]), P90: ms(rec[6]), P99: ms(rec[7]), Max: ms(rec[8]),
			})
		}
	})
	return initRows
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func ms(s string) time.Duration {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic("lambda: embedded init table: " + err.Error())
	}
	return time.Duration(math.Round(v * 1e6)) // 0.1-ms values, exact in ns
}

// normaliseRuntime turns the table's labels into the names users write:
// "go (prov.al2023)" → "go", "nodejs22.x" stays, "java21 snapstart" stays.
func normaliseRuntime(label string) string {
	s := strings.ToLower(label)
	if i := strings.Index(s, "("); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Runtimes lists the runtime names with measured init durations.
func Runtimes() []string {
	var names []string
	for _, r := range loadInit() {
		if !strings.HasSuffix(r.Runtime, " snapstart") && !slices.Contains(names, r.Runtime) {
			names = append(names, r.Runtime)
		}
	}
	slices.Sort(names)
	return names
}

// LookupInit finds the measured init row for a configuration. Architecture
// and package fall back to what was measured; memory picks the nearest
// measured size on a log scale.
func LookupInit(runtime string, arch models.Arch, pkg Package, memoryMB int) (InitRow, error) {
	name := normaliseRuntime(runtime)
	if strings.HasSuffix(name, " snapstart") {
		return InitRow{}, fmt.Errorf("unknown runtime %q: use snapStart: true with the plain runtime name", runtime)
	}
	return lookup(name, arch, pkg, memoryMB, func() error {
		return fmt.Errorf("unknown runtime %q (allowed: %s)", runtime, strings.Join(Runtimes(), ", "))
	})
}

// LookupRestore finds the measured SnapStart restore row for a runtime.
func LookupRestore(runtime string, memoryMB int) (InitRow, error) {
	name := normaliseRuntime(runtime) + " snapstart"
	return lookup(name, models.X86_64, Zip, memoryMB, func() error {
		var have []string
		for _, r := range loadInit() {
			if s, ok := strings.CutSuffix(r.Runtime, " snapstart"); ok && !slices.Contains(have, s) {
				have = append(have, s)
			}
		}
		return fmt.Errorf("no measured SnapStart restore time for runtime %q (measured: %s)", runtime, strings.Join(have, ", "))
	})
}

// lookupKey is a lookup's question; lookups memoises the answers.
type lookupKey struct {
	name     string
	arch     models.Arch
	pkg      Package
	memoryMB int
}

// lookupHit is a lookup's answer; ok is false when the runtime has no row.
type lookupHit struct {
	row InitRow
	ok  bool
}

// lookups memoises lookup (lookupKey → lookupHit): a region looks each of
// its functions up three times (Validate, its cold start, whether INIT is
// always billed), each a pass over the table's 632 rows with a logarithm
// per row of the runtime, which for a fleet of 500 functions was 2 % of a
// 20-minute run (BENCHMARKS.md, lam4). The answers are a function of the
// key and the embedded table alone, so sharing them between runs and
// goroutines changes nothing.
var lookups sync.Map

func lookup(name string, arch models.Arch, pkg Package, memoryMB int, notFound func() error) (InitRow, error) {
	key := lookupKey{name, arch, pkg, memoryMB}
	h, ok := lookups.Load(key)
	if !ok {
		row, found := scan(name, arch, pkg, memoryMB)
		h, _ = lookups.LoadOrStore(key, lookupHit{row, found})
	}
	if hit := h.(lookupHit); hit.ok {
		return hit.row, nil
	}
	return InitRow{}, notFound()
}

// scan is lookup's pass over the table: the best row, false when none has
// the runtime.
func scan(name string, arch models.Arch, pkg Package, memoryMB int) (InitRow, bool) {
	var best InitRow
	bestScore := math.Inf(1)
	for _, r := range loadInit() {
		if r.Runtime != name {
			continue
		}
		// exact arch and package first, then the nearest memory size
		score := math.Abs(math.Log(float64(r.MemoryMB) / float64(max(memoryMB, 1))))
		if r.Arch != arch {
			score += 100
		}
		if r.Package != pkg {
			score += 1000
		}
		if score < bestScore {
			best, bestScore = r, score
		}
	}
	if math.IsInf(bestScore, 1) {
		return InitRow{}, false
	}
	return best, true
}
