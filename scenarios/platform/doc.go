// Package platform is the contract between execsim and an execution
// platform (a Kubernetes cluster, an AWS Lambda region, …): everything one
// platform contributes, gathered in one interface so that adding a platform
// is one new package and one registry line, not edits across the tree.
//
// A Platform contributes, from its own package:
//
//   - its scenario section: the type its `<name>:` section and each
//     service's `services[].<name>:` override decode into, and Compile,
//     which fills defaults, validates (every problem at once, with the
//     scenario file's paths) and returns a Config;
//   - Config.Describe, its part of `execsim validate`;
//   - Config.Build, its model for one run (a sim.Handler fed requests);
//   - Model.Finish, its usage after the run: cost lines (Usage.Cost), its
//     own summary fields (Usage.Extra, JSON v1), its golden lines
//     (Usage.Golden);
//   - its Look: label, colours and dash for charts, the gauges it reports
//     and how the capacity chart and findings speak of them;
//   - its report sentences (Findings) and its key sweep columns.
//
// A Registry lists platforms in one fixed order; plans, results, summaries
// and reports are keyed by platform name and ordered by the registry, so
// outputs are byte-stable. The registry is a value handed down from the
// command line (package scenarios/platforms builds the default one); there is
// no package-level registry to fill.
//
// The package also holds what every platform shares: the summary vocabulary
// (Outcomes, Latency, Cost), the helpers a section compiler needs (optional
// fields, enumerations, distributions, path rewriting) and the YAML helpers
// of Describe.
package platform
