package trace

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// drain reads every row of a reader made by open from text; it returns the
// rows read and the first error.
func drain[T any](text string, open func(io.Reader, string) (interface{ Next() (T, error) }, error)) ([]T, error) {
	r, err := open(strings.NewReader(text), "t.csv")
	if err != nil {
		return nil, err
	}
	var out []T
	for {
		row, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, row)
	}
}

func counts(r io.Reader, f string) (interface{ Next() (Function, error) }, error) {
	return NewCountsReader(r, f)
}
func durations(r io.Reader, f string) (interface{ Next() (Durations, error) }, error) {
	return NewDurationsReader(r, f)
}
func memory(r io.Reader, f string) (interface{ Next() (Memory, error) }, error) {
	return NewMemoryReader(r, f)
}
func invocations(r io.Reader, f string) (interface{ Next() (Invocation, error) }, error) {
	return NewInvocationsReader(r, f)
}
func llm(r io.Reader, f string) (interface{ Next() (Request, error) }, error) {
	return NewLLMReader(r, f)
}
func generic(r io.Reader, f string) (interface{ Next() (Row, error) }, error) {
	return NewCSVReader(r, f)
}

const (
	countsHead = "HashOwner,HashApp,HashFunction,Trigger,480,481,482\n"
	durHead    = "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\n"
	memHead    = "HashFunction,HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100\n"
)

// Every malformed row is an *Error naming the file, the line, what is
// wrong and what was there.
func TestMalformedRows(t *testing.T) {
	tests := []struct {
		name string
		read func(string) error
		text string
		want string
	}{
		{"counts: empty file", readErr(counts), "", "t.csv:1: empty file: want a header row HashOwner,HashApp,HashFunction,Trigger"},
		{"counts: header without minutes", readErr(counts), "HashOwner,HashApp,HashFunction,Trigger\n", "t.csv:1: the header has no minute columns (want HashOwner,HashApp,HashFunction,Trigger,1,2,…)"},
		{"counts: missing column", readErr(counts), "HashOwner,HashApp,Trigger,1\n", `t.csv:1: the header has no column HashFunction (got "HashOwner,HashApp,Trigger,1")`},
		{"counts: minute gap", readErr(counts), "HashOwner,HashApp,HashFunction,Trigger,5,7\n", `t.csv:1: column 6 must be minute 6: minutes are consecutive (got "7")`},
		{"counts: minute label", readErr(counts), "HashOwner,HashApp,HashFunction,Trigger,x\n", `t.csv:1: column 5 must be a minute of the day, 1 or more (got "x")`},
		{"counts: repeated column", readErr(counts), "HashOwner,HashApp,HashFunction,Trigger,1,1\n", `t.csv:1: column 6 repeats a column name (got "1")`},
		{"counts: negative", readErr(counts), countsHead + "o,a,f,http,1,-2,3\n", `t.csv:2: the count of minute 481 must be a whole number from 0 to 2147483647 (got "-2")`},
		{"counts: fraction", readErr(counts), countsHead + "o,a,f,http,1,2,3\no,a,g,http,1,2.5,3\n", `t.csv:3: the count of minute 481 must be a whole number from 0 to 2147483647 (got "2.5")`},
		{"counts: too big", readErr(counts), countsHead + "o,a,f,http,1,2,3000000000\n", `t.csv:2: the count of minute 482 must be a whole number from 0 to 2147483647 (got "3000000000")`},
		{"counts: short row", readErr(counts), countsHead + "o,a,f,http,1,2\n", "t.csv:2: want 7 fields, as in the header (got 6 fields)"},
		{"counts: trigger", readErr(counts), countsHead + "o,a,f,cron,1,2,3\n", `t.csv:2: Trigger must be one of http, timer, event, queue, storage, orchestration, others (got "cron")`},
		{"counts: empty id", readErr(counts), countsHead + "o,,f,http,1,2,3\n", "t.csv:2: HashApp is empty"},
		{"counts: id with space", readErr(counts), countsHead + "o,a b,f,http,1,2,3\n", `t.csv:2: HashApp must not contain spaces or control characters (got "a b")`},
		{"counts: twice", readErr(counts), countsHead + "o,a,f,http,1,2,3\no,a,f,timer,1,2,3\n", `t.csv:3: the function appears again (first on line 2) (got "f")`},
		{"counts: bad quote", readErr(counts), countsHead + "o,a,f\"x,http,1,2,3\n", `t.csv:2: not valid CSV: bare " in non-quoted-field (got column 6)`},
		{"durations: misspelt column", readErr(durations), strings.Replace(durHead, "Count", "Cnt", 1), `t.csv:1: the header has no column Count (got "HashOwner,HashApp,HashFunction,Average,Cnt,Minimum,Maximum,p"…)`},
		{"durations: negative", readErr(durations), durHead + "o,a,f,-1,10,0,5,0,1,2,3,4,5,5\n", `t.csv:2: Average must be a number, 0 or more (got "-1")`},
		{"durations: NaN", readErr(durations), durHead + "o,a,f,1,10,0,NaN,0,1,2,3,4,5,5\n", `t.csv:2: Maximum must be a number, 0 or more (got "NaN")`},
		{"durations: count", readErr(durations), durHead + "o,a,f,1,1.5,0,5,0,1,2,3,4,5,5\n", `t.csv:2: Count must be a whole number, 0 or more (got "1.5")`},
		{"durations: min above max", readErr(durations), durHead + "o,a,f,1,10,6,5,0,1,2,3,4,5,5\n", "t.csv:2: Minimum must not exceed Maximum (got Minimum 6 > Maximum 5)"},
		{"durations: percentiles decrease", readErr(durations), durHead + "o,a,f,1,10,0,5,0,1,3,2,4,5,5\n", "t.csv:2: percentiles must not decrease (got percentile_Average_50 2 < percentile_Average_25 3)"},
		{"memory: decrease", readErr(memory), memHead + "f,o,a,10,50,1,2,3,4,5,6,7,6.5\n", "t.csv:2: percentiles must not decrease (got AverageAllocatedMb_pct100 6.5 < AverageAllocatedMb_pct99 7)"},
		{"memory: missing column", readErr(memory), "HashOwner,HashApp,SampleCount\n", `t.csv:1: the header has no column AverageAllocatedMb (got "HashOwner,HashApp,SampleCount")`},
		{"2021: time", readErr(invocations), "app,func,end_timestamp,duration\na,f,soon,1\n", `t.csv:2: end_timestamp must be a number of seconds, 0 or more (got "soon")`},
		{"2021: before the trace", readErr(invocations), "app,func,end_timestamp,duration\na,f,1.5,2\n", "t.csv:2: the invocation starts before the trace (end_timestamp − duration < 0) (got duration 2 > end_timestamp 1.5)"},
		{"2021: infinite", readErr(invocations), "app,func,end_timestamp,duration\na,f,1e300,2\n", `t.csv:2: end_timestamp must be a number of seconds, 0 or more (got "1e300")`},
		{"llm: time", readErr(llm), "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:17:03.97,10,2\r\n2023-11-16T18:17:04,10,2", `t.csv:3: TIMESTAMP must be a time like 2023-11-16 18:17:03.9799600 (got "2023-11-16T18:17:04")`},
		{"llm: tokens", readErr(llm), "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.97,ten,2\n", `t.csv:2: ContextTokens must be a whole number, 0 or more (got "ten")`},
		{"csv: no timestamp", readErr(generic), "service,duration\n", `t.csv:1: the header has no column timestamp (got "service,duration")`},
		{"csv: timestamp", readErr(generic), "timestamp\nyesterday\n", `t.csv:2: timestamp must be a number of seconds, 0 or more, an RFC 3339 time like 2024-05-01T09:00:00.25Z, or a date and time like 2024-05-01 09:00:00 (UTC) (got "yesterday")`},
		{"csv: mixed timestamps", readErr(generic), "timestamp\n1.5\n2024-05-01T09:00:00Z\n", `t.csv:3: timestamp must be a number of seconds, 0 or more, like the rows before (got "2024-05-01T09:00:00Z")`},
		{"csv: mixed the other way", readErr(generic), "timestamp\n2024-05-01T09:00:00Z\n7\n", `t.csv:3: timestamp must be an RFC 3339 time like 2024-05-01T09:00:00.25Z, like the rows before (got "7")`},
		{"csv: duration", readErr(generic), "timestamp,duration\n1,-2\n", `t.csv:2: duration must be 0 or more seconds, or a duration like 250ms (got "-2")`},
		{"csv: duration unit", readErr(generic), "timestamp,duration\n1,5 parsecs\n", `t.csv:2: duration must be 0 or more seconds, or a duration like 250ms (got "5 parsecs")`},
		{"csv: empty service", readErr(generic), "timestamp,service\n1,\n", `t.csv:2: service must be a name without control characters (got "")`},
		{"csv: long value cut", readErr(generic), "timestamp\n" + strings.Repeat("x", 100) + "\n", `t.csv:2: timestamp must be a number of seconds, 0 or more, an RFC 3339 time like 2024-05-01T09:00:00.25Z, or a date and time like 2024-05-01 09:00:00 (UTC) (got "` + strings.Repeat("x", 60) + `"…)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read(tc.text)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v\nwant    %s", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("%T is not an *Error", err)
			}
		})
	}
}

func readErr[T any](open func(io.Reader, string) (interface{ Next() (T, error) }, error)) func(string) error {
	return func(text string) error {
		_, err := drain(text, open)
		return err
	}
}

// Rows as the readers return them: CRLF and a byte-order mark are fine,
// columns go by name in any order.
func TestReadersReadRows(t *testing.T) {
	fns, err := drain("\uFEFFTrigger,HashFunction,HashApp,HashOwner,3,4\r\ntimer,f,a,o,0,7\r\n", counts)
	if err != nil || len(fns) != 1 || fns[0].Function != "f" || fns[0].Counts[1] != 7 {
		t.Errorf("counts: %+v, %v", fns, err)
	}
	rows, err := drain("duration,service,timestamp\n250ms,api,1.5\n,web,2\n0.02,api,2.25\n", generic)
	want := []Row{{1500 * 1e6, "api", 250 * time.Millisecond}, {2e9, "web", NoDuration}, {2250 * 1e6, "api", 20 * time.Millisecond}}
	if err != nil || len(rows) != 3 || rows[0] != want[0] || rows[1] != want[1] || rows[2] != want[2] {
		t.Errorf("csv rows %+v, %v; want %+v", rows, err, want)
	}
	rows, err = drain("timestamp\n2024-05-01T09:00:00.25Z\n2024-05-01T10:00:00+01:00\n", generic)
	if err != nil || len(rows) != 2 || rows[1].At-rows[0].At != -250*1e6 {
		t.Errorf("RFC 3339 rows %+v, %v", rows, err)
	}
	reqs, err := drain("TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:17:03.9799600,4808,10\r\n2023-11-16 18:17:04.0000001,1,2", llm)
	if err != nil || len(reqs) != 2 || reqs[1].Time.Sub(reqs[0].Time) != 20040100*time.Nanosecond || reqs[0].Context != 4808 {
		t.Errorf("llm rows %+v, %v", reqs, err)
	}
}

// Every bad row of a trace file is told at once, each with its line, the
// column and the value, and every bad cell of a row of a generic trace; a
// file wrong on every line lists MaxProblems of them and counts the rest
// (walk2 suggestion: a trace reader as tolerant as the Prometheus one; it
// stopped at the first bad row).
func TestEveryBadRowIsTold(t *testing.T) {
	tests := []struct {
		name string
		read func(string) error
		text string
		want []string
	}{
		{"csv", readErr(generic), "timestamp,service,duration\n1,a,1\nnoon,a,-1\n2,,1\n3,a\n4,a,1\n5,b\"x,1\n6,b,5 parsecs\n", []string{
			`t.csv:3: timestamp must be a number of seconds, 0 or more, like the rows before (got "noon")`,
			`t.csv:3: duration must be 0 or more seconds, or a duration like 250ms (got "-1")`,
			`t.csv:4: service must be a name without control characters (got "")`,
			`t.csv:5: want 3 fields, as in the header (got 2 fields)`,
			`t.csv:7: not valid CSV: bare " in non-quoted-field (got column 4)`,
			`t.csv:8: duration must be 0 or more seconds, or a duration like 250ms (got "5 parsecs")`,
		}},
		{"durations", readErr(durations), durHead +
			"o,a,f,1,1,1,1,1,1,1,1,1,1,1\n" +
			"o,a,g,1,x,1,1,1,1,1,1,1,1,1\n" +
			"o,a,h,1,1,3,2,1,1,1,1,1,1,1\n" +
			"o,a,i,1,1,1,1,1,1,1,1,1,1,1\n" +
			"o,a,j,1,1,1,1,5,1,1,1,1,1,1\n", []string{
			`t.csv:3: Count must be a whole number, 0 or more (got "x")`,
			`t.csv:4: Minimum must not exceed Maximum (got Minimum 3 > Maximum 2)`,
			`t.csv:6: percentiles must not decrease (got percentile_Average_1 1 < percentile_Average_0 5)`,
		}},
		{"counts", readErr(counts), countsHead + "o,a,f,http,1,2,3\no,a,g,cron,1,2,3\no,a,f,http,1,2,3\no,a,h,http,1,-2,3\n", []string{
			`t.csv:3: Trigger must be one of http, timer, event, queue, storage, orchestration, others (got "cron")`,
			`t.csv:4: the function appears again (first on line 2) (got "f")`,
			`t.csv:5: the count of minute 481 must be a whole number from 0 to 2147483647 (got "-2")`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read(tc.text)
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(tc.want, "\n"))
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("%T holds no *Error", err)
			}
		})
	}
	var b strings.Builder
	b.WriteString("timestamp\n")
	for range MaxProblems + 7 {
		b.WriteString("x\n")
	}
	err := readErr(generic)(b.String())
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxProblems+1 || lines[MaxProblems] != "t.csv: 7 more problems not listed" {
		t.Errorf("%d problems, the last %q; want %d and a count of 7 more", len(lines), lines[len(lines)-1], MaxProblems+1)
	}
}

// What exports contain is read, and whatever the reader passes over or
// reads otherwise than written is said in a warning: a header in any case
// and order with a column of its own (ignored), a byte-order mark before a
// quoted header, CRLF, blank lines between rows (counted) and at the end,
// dates without a zone (UTC), Unix milliseconds.
func TestGenericTraceAsExported(t *testing.T) {
	tests := []struct {
		name, text string
		at         []int64
		warnings   []string
	}{
		{"excel: BOM, quoted header, CRLF, case, extra column, trailing blank lines",
			"\uFEFF\"Timestamp\",\" Service \",RequestId\r\n12.5,api,r1\r\n13,api,r2\r\n\r\n\r\n", []int64{12_500_000_000, 13e9},
			[]string{`t.csv: column 3 "RequestId" ignored (the columns read: timestamp, service, duration, duration_s, duration_ms, duration_us)`}},
		{"blank lines between rows", "timestamp\n1\n\n\n2\n\n3\n", []int64{1e9, 2e9, 3e9},
			[]string{"t.csv: 3 blank lines between rows skipped (the first is line 3)"}},
		{"cloudwatch: a date and time without a zone", "timestamp,service\n2024-05-01 09:00:00.250,a\n2024-05-01 09:00:01,a\n", []int64{1714554000250000000, 1714554001000000000},
			[]string{"t.csv: timestamps without a time zone are read as UTC"}},
		{"unix milliseconds", "timestamp\n1714554000250\n1714554001000\n", []int64{1714554000250000000, 1714554001000000000},
			[]string{"t.csv: timestamps from 10^11 on are read as Unix milliseconds (the first is 1714554000250)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewCSVReader(strings.NewReader(tc.text), "t.csv")
			if err != nil {
				t.Fatal(err)
			}
			var at []int64
			for {
				row, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				at = append(at, row.At)
			}
			if strings.Join(r.Warnings(), "\n") != strings.Join(tc.warnings, "\n") || len(at) != len(tc.at) {
				t.Fatalf("rows at %v, warnings %q; want %v, %q", at, r.Warnings(), tc.at, tc.warnings)
			}
			for i := range at {
				if at[i] != tc.at[i] {
					t.Errorf("row %d at %d; want %d", i, at[i], tc.at[i])
				}
			}
		})
	}
}
