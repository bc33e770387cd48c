// Package yamltab finds the tab a YAML parser's error is about, so that
// every reader of YAML (the scenario, Kubernetes manifests, SAM and
// CloudFormation templates, serverless.yml) can name its line and say to
// indent with spaces. The parsers (go.yaml.in/yaml v2 and v3, which
// sigs.k8s.io/yaml and goformation use) report a tab in three words, none
// of which says what to do, and v3 names the line before the tab for one
// of them.
package yamltab
