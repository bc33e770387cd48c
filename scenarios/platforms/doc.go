// Package platforms is the registry of execsim's execution platforms: the
// one place that names them all, in the fixed order in which every output
// presents them.
package platforms
