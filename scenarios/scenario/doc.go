// Package scenario turns a scenario file into a Plan:
//
//	YAML ──Decode (strict)──▶ File ──Compile──▶ Plan
//
// Decode rejects unknown or misspelt keys with their line number and a
// did-you-mean hint; --set overrides are applied to the YAML tree before
// decoding, so they are checked by the same rules. The sections of the
// execution platforms (kubernetes:, lambda:, …) and their per-service
// overrides are decoded into the types the platforms of a
// platform.Registry declare, and compiled by them. Compile puts every
// scenario-level default in one place, converts units and reports every
// problem at once as "path: what is wrong (got X)". Describe prints the
// plan back with every default filled in (execsim validate); Points and
// Units expand the sweep: section.
package scenario
