// Package plots renders charts (gonum/plot) from plain series. It imports
// nothing of execsim's own: the command layer turns results into series.
// The charts arrive with the report issue; this package is the place for them.
package plots
