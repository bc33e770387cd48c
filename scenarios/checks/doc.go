// Package checks is the regression workflow around golden files: the golden
// file format (the exact text of summary.Golden, preceded by the execsim
// version that wrote it and followed by the summary's fields), the
// tolerances and expectations a scenario file may add under golden: and
// expect:, and the verdict of a run against both, as text and as JUnit XML.
//
// A golden file reads:
//
//	# execsim v0.0.0-devel (commit 1a2b3c4d5e6f)
//	# scenario fn.yaml sha256 8d3be25e5983…   (the file's base name; its text as run)
//	# set lambda.memoryMB=1024                (one line per --set, in order)
//	# input traces/api.csv sha256 41c0a7e2…   (one line per file the scenario read, by path)
//	# digest sha256 5b1e…                     (of every line below: the text and the fields)
//	scenario lambda-poisson
//	seed 7
//	…                       (summary.Golden, byte for byte)
//
//	[fields]
//	arrivals 23862
//	lambda.latency_ms.p99 518.399
//	"lambda.cost.breakdown.lambda requests" 0.004772
//
// The fields are compared with the run, within the scenario's tolerances
// (a tolerance on a figure carrying to the figures derived from it:
// derived.go; the placement's numbered trials and options may be named
// by platform, placement.trials.all_lambda.…, File.alias);
// the text above them is what a reviewer reads, and the digest makes it
// count: a file whose lines no longer match its digest was edited by hand
// (or a merge conflict in it was resolved half one way, half the other),
// and it is refused, naming the line, rather than compared (HandEdit).
// A file without a digest, written before execsim sealed goldens, is
// compared as before.
//
// The other header lines are comments: comparisons ignore them, and a drift
// report says when the seed, the --set values, the scenario's text, a file
// it read or the execsim version differ from the golden's. A file without
// the scenario, set or input lines, or without the version and [fields]
// (as written before they existed), is read as before.
//
// A scenario with a sweep: section (or replications) is pinned whole: the
// text is every run's after a "=== UNIT ===" line, and its fields are named
// UNIT/FIELD, UNIT being the point's name (p001-memoryMB=512) and, with
// replications, /rN (see sweep.go).
package checks
