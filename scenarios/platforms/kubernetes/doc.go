// Package kubernetes is the Kubernetes platform: the scenario's kubernetes:
// section (the cluster and the default settings of every Deployment, one per
// service, each overridable under services[].kubernetes), the cluster model
// of models/kubernetes built for a run, and its cost, summary fields, golden
// lines, look and report sentences, behind the platform contract.
package kubernetes
