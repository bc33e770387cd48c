// Package summary is execsim's output contract: the JSON summary of a run
// (schema execsim/summary/v1, DESIGN §7), with one object per platform in
// the registry's order; its flattening into named fields for sweep tables;
// and the exact golden text that regression tests pin.
package summary
