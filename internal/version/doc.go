// Package version says which execsim this is: the module version and the
// commit it was built from, read once from the binary's build information.
// Goldens, summaries and reports record it, so that a drifted golden can
// say whether another execsim wrote it.
package version
