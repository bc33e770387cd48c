// Package validation keeps the record of how execsim's models compare with
// what they must reproduce: closed forms (Erlang B and C, M/G/∞ and
// Little's law), published simulations and measurements (SimFaaS, AWS's
// worked examples), upstream behaviour (the HPA's own test vectors) and
// pricing examples.
//
// Each check of that kind calls Record with its case, source, expected
// and measured values, tolerance and verdict. Record does nothing in
// ordinary test runs; `make validate` sets EXECSIM_VALIDATION to a folder,
// runs every test at full length, and render turns the records into
// VALIDATION.md, which is committed. The report carries a hash of the
// sources the checks depend on (models/, sim/ and the checks' own test
// files), and a test fails when the committed report no longer matches
// them: a model change is not done until the report is regenerated.
package validation
