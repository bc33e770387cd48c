// Package platformtest holds a small platform for tests, as httptest holds
// a server: Pool, a fixed pool of servers in front of one FIFO queue,
// priced per server-hour. It implements the whole platform contract in
// one package and touches nothing else, so registering it in a test
// (platforms.Default().With(platformtest.Pool{})) proves that a new
// platform runs through run, --out, sweep, breakeven and golden without
// edits elsewhere. It is also the worked example of README's "Adding a
// platform".
package platformtest
