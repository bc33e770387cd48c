// Package readwatch wraps a reader of a large input file so that a long
// read answers Ctrl-C and says how far it has got. Loading a trace and
// hashing it for a golden file both read files of gigabytes; they share
// this one reader so that both stop the same way and print the same
// progress lines.
package readwatch
