// Package outdir writes execsim's output folders so that nothing is lost
// or left half-written: a folder is checked before any long work starts
// (Prepare); every file is written to a temporary name in its folder and
// renamed over the old one (WriteFile), so a full disk or a crash leaves
// the old file or the new one, never a truncated mix, and a symlink at the
// path is replaced rather than followed; and the files one command owns in
// a folder are replaced as a set (Replace), so no stale chart or aggregate
// of an earlier run stays beside new results.
package outdir
