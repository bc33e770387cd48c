package trace

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// dataDir is the repository's copy of the traces (never ../shared).
const dataDir = "../../../scenarios/builtin/traces"

var (
	inv2019  = "azure2019_d01_500fn_invocations_min480-959.csv"
	dur2019  = "azure2019_d01_500fn_durations.csv"
	mem2019  = "azure2019_d01_500fn_memory_per_function.csv"
	inv1fn   = "azure2019_1fn_fullday_invocations.csv"
	dur1fn   = "azure2019_1fn_fullday_durations.csv"
	inv2021  = "azure2021_excerpt_998_invocations.csv"
	llmCode  = "azure_llm_inference_2023_code.csv"
	llmConv  = "azure_llm_inference_2023_conv.csv"
	allFiles = []string{inv2019, dur2019, mem2019, inv1fn, dur1fn, inv2021, llmCode, llmConv}
)

func openData(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(dataDir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// The copies are byte-for-byte those of the README's table.
func TestDataChecksums(t *testing.T) {
	want := map[string]string{
		inv2019: "a0ca953d1b50cc1f0e813c656e0c3d65b7369757804b571e2767e1ab76b05536",
		dur2019: "bc2e52d33f1ec0d4032dc7cbdacadb7622413c9264f5478bf8da2c3aacd92b55",
		mem2019: "ea3ac4b65629cb33e567ac0a517d6ae68747a5dd143ff394b86f78f685b65305",
		inv1fn:  "3a7e82e88530ddcb26ef7195945f1ebb34a728b5b72ea5ad354d6bf4fdd78c73",
		dur1fn:  "8ca7d229ab18ce93206a354c5f93451519f5f971562a316a0dbfcc70ff78defe",
		inv2021: "8aa8f53ce4845b524e7656936c22c0a2407ea577da89a307e6d9a8f9695b7f50",
		llmCode: "54e9a6d2a4bd06ba1e060304b900abbc74cbea53de96506e60fe5bb4f2277fb6",
		llmConv: "2f1e5b666d4e3055fdbba98598ce2ec307767b9064e03e2fa46676dbcc7d0bf8",
	}
	for _, name := range allFiles {
		h := sha256.New()
		if _, err := io.Copy(h, openData(t, name)); err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want[name] {
			t.Errorf("sha256(%s) = %s; want %s", name, got, want[name])
		}
	}
}

// The 2019 excerpt: 500 functions × 480 minutes (labels 480–959),
// 3,037,902 invocations, 3,013 to 7,603 a minute; triggers as the README
// counts them.
func TestAzure2019Facts(t *testing.T) {
	r, err := NewCountsReader(openData(t, inv2019), inv2019)
	if err != nil {
		t.Fatal(err)
	}
	if r.Minutes() != 480 || r.FirstMinute() != 480 {
		t.Errorf("minutes %d from %d; want 480 from 480", r.Minutes(), r.FirstMinute())
	}
	perMinute := make([]int64, r.Minutes())
	triggers := map[string]int{}
	var total int64
	functions := 0
	for {
		f, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		functions++
		triggers[f.Trigger]++
		for i, n := range f.Counts {
			perMinute[i] += int64(n)
			total += int64(n)
		}
	}
	if functions != 500 || total != 3_037_902 {
		t.Errorf("%d functions, %d invocations; want 500 and 3,037,902", functions, total)
	}
	if lo, hi := slices.Min(perMinute), slices.Max(perMinute); lo != 3013 || hi != 7603 {
		t.Errorf("per minute %d to %d; want 3013 to 7603", lo, hi)
	}
	want := map[string]int{"timer": 247, "http": 139, "queue": 69, "orchestration": 25, "event": 14, "storage": 5, "others": 1}
	for k, v := range want {
		if triggers[k] != v {
			t.Errorf("%d %s functions; want %d", triggers[k], k, v)
		}
	}

	d, err := NewDurationsReader(openData(t, dur2019), dur2019)
	if err != nil {
		t.Fatal(err)
	}
	rows, zero := 0, 0
	for {
		row, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows++
		if row.Average == 0 {
			zero++
		}
	}
	if rows != 500 || zero != 13 {
		t.Errorf("durations: %d rows, %d with Average 0; want 500 and 13", rows, zero)
	}

	m, err := NewMemoryReader(openData(t, mem2019), mem2019)
	if err != nil {
		t.Fatal(err)
	}
	rows = 0
	for {
		_, err := m.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows++
	}
	if rows != 500 || !m.PerFunction() {
		t.Errorf("memory: %d rows, per function %v; want 500 per function", rows, m.PerFunction())
	}
}

// The one-function file: 1,440 minutes, 20,820,188 invocations.
func TestAzure2019FullDayFacts(t *testing.T) {
	r, err := NewCountsReader(openData(t, inv1fn), inv1fn)
	if err != nil {
		t.Fatal(err)
	}
	f, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, n := range f.Counts {
		total += int64(n)
	}
	if r.Minutes() != 1440 || r.FirstMinute() != 1 || total != 20_820_188 || f.Trigger != "event" {
		t.Errorf("%d minutes from %d, %d invocations, trigger %s; want 1440 from 1, 20,820,188, event", r.Minutes(), r.FirstMinute(), total, f.Trigger)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("a second row: %v", err)
	}
}

// The 2021 excerpt: 998 rows, 49 (app, func) pairs of 21 apps, 43 of
// duration 0, starts from 0.0015 s to 6465 s. The rows are in order of
// start (end_timestamp − duration), not of end_timestamp.
func TestAzure2021Facts(t *testing.T) {
	r, err := NewInvocationsReader(openData(t, inv2021), inv2021)
	if err != nil {
		t.Fatal(err)
	}
	rows, zero, sorted, endSorted := 0, 0, true, true
	pairs, apps := map[string]bool{}, map[string]bool{}
	var first, last, prev, prevEnd time.Duration = 1 << 62, 0, 0, 0
	for {
		v, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows++
		pairs[v.App+"/"+v.Func], apps[v.App] = true, true
		if v.Duration == 0 {
			zero++
		}
		s := v.Start()
		first, last = min(first, s), max(last, s)
		sorted = sorted && s >= prev
		endSorted = endSorted && v.End >= prevEnd
		prev, prevEnd = s, v.End
	}
	if rows != 998 || len(pairs) != 49 || len(apps) != 21 || zero != 43 {
		t.Errorf("%d rows, %d functions, %d apps, %d of duration 0; want 998, 49, 21, 43", rows, len(pairs), len(apps), zero)
	}
	if first.Round(100*time.Microsecond) != 1500*time.Microsecond || last.Round(time.Second) != 6465*time.Second || !sorted || endSorted {
		t.Errorf("starts %v to %v, in order of start %v, of end %v; want 1.5ms to 6465s, of start only", first, last, sorted, endSorted)
	}
}

// The LLM files: 8,819 and 19,366 requests in time order, over 3,436 s and
// 3,502 s.
func TestLLMFacts(t *testing.T) {
	for _, tc := range []struct {
		file string
		rows int
		span time.Duration
	}{{llmCode, 8819, 3436 * time.Second}, {llmConv, 19366, 3502 * time.Second}} {
		r, err := NewLLMReader(openData(t, tc.file), tc.file)
		if err != nil {
			t.Fatal(err)
		}
		rows, sorted := 0, true
		var first, prev time.Time
		for {
			q, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if rows == 0 {
				first = q.Time
			} else if q.Time.Before(prev) {
				sorted = false
			}
			prev = q.Time
			rows++
		}
		if span := prev.Sub(first).Round(time.Second); rows != tc.rows || span != tc.span || !sorted {
			t.Errorf("%s: %d requests over %v, sorted %v; want %d over %v, sorted", tc.file, rows, span, sorted, tc.rows, tc.span)
		}
	}
}
