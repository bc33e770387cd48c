package trace

import (
	"io"
	"time"
)

// Request is one row of the Azure LLM inference trace 2023: a request
// arriving at Time (wall clock, no zone) with Context prompt tokens that
// generated Generated tokens.
type Request struct {
	Time               time.Time
	Context, Generated int64
}

// LLMLayout is how the trace writes TIMESTAMP (with up to 9 fractional
// digits after the seconds; the files have 7).
const LLMLayout = "2006-01-02 15:04:05"

// LLMReader streams an Azure LLM inference trace 2023 file
// (AzureLLMInferenceTrace_code.csv, _conv.csv): TIMESTAMP, ContextTokens,
// GeneratedTokens, sorted by time.
type LLMReader struct {
	t                   *table
	at, context, tokens int
}

// NewLLMReader reads the header of an LLM trace file.
func NewLLMReader(r io.Reader, file string) (*LLMReader, error) {
	t, err := newTable(r, file, []string{"TIMESTAMP", "ContextTokens", "GeneratedTokens"}, nil, false)
	if err != nil {
		return nil, err
	}
	return &LLMReader{t: t, at: t.col("TIMESTAMP"), context: t.col("ContextTokens"), tokens: t.col("GeneratedTokens")}, nil
}

// Next returns the following row; io.EOF after the last. A
// malformed row is not returned: its problem is kept, and after the last
// row every problem is returned instead of io.EOF.
func (r *LLMReader) Next() (Request, error) { return row(r.t, r.parse) }

// Warnings are what the reader did that the user may not expect (columns
// ignored, blank lines skipped), each starting with the file name;
// complete once Next has returned io.EOF.
func (r *LLMReader) Warnings() []string { return r.t.warnings }

// parse reads the current record.
func (r *LLMReader) parse() (Request, error) {
	t := r.t
	var err error
	var q Request
	if q.Time, err = time.Parse(LLMLayout, t.rec[r.at]); err != nil {
		return Request{}, t.errf(quote(t.rec[r.at]), "TIMESTAMP must be a time like 2023-11-16 18:17:03.9799600")
	}
	if q.Context, err = t.integer(r.context); err != nil {
		return Request{}, err
	}
	if q.Generated, err = t.integer(r.tokens); err != nil {
		return Request{}, err
	}
	return q, nil
}
