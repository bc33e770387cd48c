package report

import (
	"encoding/json"
	"io"

	"github.com/execsim/execsim/scenarios/summary"
)

// JSON writes the summary object, indented, with a final newline.
func JSON(w io.Writer, s summary.Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
