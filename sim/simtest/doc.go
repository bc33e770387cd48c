// Package simtest has helpers for testing models on the simulation kernel,
// as net/http/httptest has for handlers: request sources that replay fixed
// arrivals or draw Poisson ones, recorders that discard or fan out what a
// model reports, a conservation check, and the queueing formulas the
// models are checked against.
//
// It is for tests only. It imports models, which imports sim; sim itself
// never imports simtest, so there is no cycle. Like sim and models it
// never reads the wall clock or global random state: every draw comes from
// a source seeded by the test.
package simtest
