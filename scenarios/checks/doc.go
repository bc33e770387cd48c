// Package checks is the regression workflow around golden files: the golden
// file format (the exact text of summary.Golden, preceded by the execsim
// version that wrote it and followed by the summary's fields), the
// tolerances and expectations a scenario file may add under golden: and
// expect:, and the verdict of a run against both, as text and as JUnit XML.
//
// A golden file reads:
//
//	# execsim v0.0.0-devel (commit 1a2b3c4d5e6f)
//	scenario lambda-poisson
//	seed 7
//	…                       (summary.Golden, byte for byte)
//
//	[fields]
//	arrivals 23862
//	lambda.latency_ms.p99 518.399
//	"lambda.cost.breakdown.lambda requests" 0.004772
//
// The version line is a comment: comparisons ignore it, drift reports name
// it. A file without it and without [fields] (as written before either
// existed) is compared as text.
package checks
