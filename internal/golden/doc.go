// Package golden compares test output with files under testdata/, gofmt
// style. One flag, -update, rewrites them; `git diff` is then the review, and
// a golden change is a behaviour change whose commit says why.
package golden
