// Package scenarios turns a scenario file into something that runs:
//
//	YAML ──Decode (strict)──▶ File ──Compile──▶ Plan ──Run──▶ Result
//
// Decode rejects unknown or misspelt keys with their line number; --set
// overrides are applied to the YAML tree before decoding, so they are checked
// by the same rules. Compile puts every default in one place (the models'
// DefaultConfig functions), converts units and reports every problem at once
// as "path: what is wrong (got X)". Built-in scenarios are embedded and
// addressed as builtin:NAME. Run executes each model in its own kernel on the
// same arrival stream and folds the results into a Result whose Summary is
// the public JSON contract (DESIGN §7).
package scenarios
