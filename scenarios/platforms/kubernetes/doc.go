// Package kubernetes is the Kubernetes platform: the scenario's kubernetes:
// section (the cluster and the default settings of every Deployment, one per
// service, each overridable under services[].kubernetes, or one per
// application with deployments: per-app), the cluster model of
// models/kubernetes built for a run, and its cost, summary fields, golden
// lines, look and report sentences, behind the platform contract.
//
// With deployments: per-app the services of one application (a trace's
// Azure HashApp, platform.Needs.Group) share a Deployment; requests keep
// their service, so statistics stay per service, and the Deployment's
// OpenCost part of the bill is split among its services by their
// requests' busy time (group.go).
package kubernetes
