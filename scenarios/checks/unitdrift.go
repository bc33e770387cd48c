package checks

import (
	"fmt"
	"strings"

	"github.com/execsim/execsim/internal/format"
)

// unitChanges finds the runs of a sweep whose fields are all gone from
// this run (in the golden only) or all new in it, in the order the drift
// lists them, and the drift without their rows. A sweep whose axis value
// changed (80 → 81 req/s) loses every run at the old value and gains one
// at the new: about 190 fields each, listed twice, buried the change in a
// thousand lines (walk14 #6).
func unitChanges(drift []Drift) (gone, added []string, left []Drift) {
	return wholeChanges(drift, func(d Drift) string {
		u, _ := SplitUnit(d.Field)
		return u
	})
}

// wholeChanges groups the drift by key (a run's unit, a service; "" for
// rows of no group) and finds the groups whose every drifted field is
// gone from this run (in the golden only) or all new in it, in the order
// the drift lists them, and the drift without their rows.
func wholeChanges(drift []Drift, key func(Drift) string) (gone, added []string, left []Drift) {
	onlyGold, onlyNow := map[string]bool{}, map[string]bool{}
	var order []string
	for _, d := range drift {
		k := key(d)
		if k == "" {
			continue
		}
		if _, seen := onlyGold[k]; !seen {
			order = append(order, k)
			onlyGold[k], onlyNow[k] = true, true
		}
		onlyGold[k] = onlyGold[k] && d.Now == "" && d.Golden != ""
		onlyNow[k] = onlyNow[k] && d.Golden == "" && d.Now != ""
	}
	for _, k := range order {
		switch {
		case onlyGold[k]:
			gone = append(gone, k)
		case onlyNow[k]:
			added = append(added, k)
		}
	}
	for _, d := range drift {
		if k := key(d); k != "" && (onlyGold[k] || onlyNow[k]) {
			continue
		}
		left = append(left, d)
	}
	return gone, added, left
}

// unitChangesLine says which runs of a sweep are gone and which are new,
// and how many of the drift's fields that accounts for: "runs gone (in
// the golden, not in this run): p002-rate=80/r0, p002-rate=80/r1; runs
// new (in this run, not in the golden): p002-rate=81/r0, p002-rate=81/r1;
// their 380 fields are not listed". At most ten runs are named each way.
func unitChangesLine(gone, added []string, fields int) string {
	var parts []string
	if len(gone) > 0 {
		parts = append(parts, fmt.Sprintf("%s %s gone (in the golden, not in this run): %s", format.Count(int64(len(gone))), format.Plural(len(gone), "run", "runs"), format.FirstNames(gone, 10)))
	}
	if len(added) > 0 {
		parts = append(parts, fmt.Sprintf("%s %s new (in this run, not in the golden): %s", format.Count(int64(len(added))), format.Plural(len(added), "run", "runs"), format.FirstNames(added, 10)))
	}
	return fmt.Sprintf("%s; their %s %s not listed", strings.Join(parts, "; "), format.Count(int64(fields)), format.Plural(fields, "field is", "fields are"))
}
