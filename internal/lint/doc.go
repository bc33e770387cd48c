// Package lint checks, as an ordinary test, the rules that keep simulation
// results deterministic (STYLE.md §3): inside sim/ and models/ there is no
// wall clock, no math/rand v1, no package-level (unseeded) math/rand/v2
// functions, no goroutines or channels, no gonum distuv value without a Src,
// and no range over a map (whose order Go randomises).
package lint
