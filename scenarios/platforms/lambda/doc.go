// Package lambda is the AWS Lambda platform: the scenario's lambda: section
// (the region and the default settings of every function, one function per
// service, each overridable under services[].lambda), the region model of
// models/lambda built for a run, and its cost, summary fields, golden lines,
// look and report sentences, behind the platform contract.
package lambda
