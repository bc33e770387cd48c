package trace

import "github.com/execsim/execsim/internal/readwatch"

// progressFrom is the size from which reading a file is told on
// Options.Progress (readwatch.From; hashing a trace for a golden file
// tells it from the same size, with the same reader).
const progressFrom = readwatch.From

// megabytes shows a size as the message gives it.
func megabytes(n int64) string { return readwatch.Megabytes(n) }
