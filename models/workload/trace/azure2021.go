package trace

import (
	"fmt"
	"io"
	"time"
)

// Invocation is one row of the Azure Functions Invocation Trace 2021: an
// invocation of function Func of application App (Func is unique only
// within its App) that ended End after the start of the trace and ran for
// Duration.
type Invocation struct {
	App, Func     string
	End, Duration time.Duration
}

// Start is when the invocation began: End − Duration.
func (v Invocation) Start() time.Duration { return v.End - v.Duration }

// InvocationsReader streams an Azure Functions 2021 file
// (AzureFunctionsInvocationTraceForTwoWeeksJan2021): app, func,
// end_timestamp and duration, both in seconds. The rows are not in order of
// end_timestamp (the excerpt's are in order of start).
type InvocationsReader struct {
	t                   *table
	app, fn, end, durat int
}

// NewInvocationsReader reads the header of a 2021 invocations file.
func NewInvocationsReader(r io.Reader, file string) (*InvocationsReader, error) {
	t, err := newTable(r, file, []string{"app", "func", "end_timestamp", "duration"}, nil, false)
	if err != nil {
		return nil, err
	}
	return &InvocationsReader{t: t, app: t.col("app"), fn: t.col("func"), end: t.col("end_timestamp"), durat: t.col("duration")}, nil
}

// Next returns the following row; io.EOF after the last. A
// malformed row is not returned: its problem is kept, and after the last
// row every problem is returned instead of io.EOF.
func (r *InvocationsReader) Next() (Invocation, error) { return row(r.t, r.parse) }

// Warnings are what the reader did that the user may not expect (columns
// ignored, blank lines skipped), each starting with the file name;
// complete once Next has returned io.EOF.
func (r *InvocationsReader) Warnings() []string { return r.t.warnings }

// parse reads the current record.
func (r *InvocationsReader) parse() (Invocation, error) {
	t := r.t
	var err error
	var v Invocation
	if v.App, err = t.id(r.app); err != nil {
		return Invocation{}, err
	}
	if v.Func, err = t.id(r.fn); err != nil {
		return Invocation{}, err
	}
	if v.End, err = t.seconds(r.end); err != nil {
		return Invocation{}, err
	}
	if v.Duration, err = t.seconds(r.durat); err != nil {
		return Invocation{}, err
	}
	if v.Duration > v.End {
		return Invocation{}, t.errf(fmt.Sprintf("duration %s > end_timestamp %s", t.rec[r.durat], t.rec[r.end]),
			"the invocation starts before the trace (end_timestamp − duration < 0)")
	}
	return v, nil
}
