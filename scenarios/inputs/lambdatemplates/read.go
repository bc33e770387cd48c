package lambdatemplates

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Read reads a deployment file of either kind, deciding which by what it
// holds rather than by its name, so serverless.prod.yml or a template
// called infra.yaml is read as what it is:
//
//   - an AWS SAM or CloudFormation template has Resources,
//     AWSTemplateFormatVersion or Transform at its top level (the
//     template anatomy, AWS CloudFormation User Guide,
//     template-anatomy.html: Resources is the one required section; SAM
//     adds Transform: AWS::Serverless-2016-10-31);
//   - a Serverless Framework file has service together with provider or
//     functions (serverless.com/framework/docs/providers/aws/guide/serverless.yml).
//
// A file named serverless.yml or serverless.yaml is always the Framework's,
// as the Framework itself looks for that name. A file that is neither is an
// *Error (ErrInvalid) that says what was expected and what the file has: a
// file read as a template with no Resources would otherwise declare no
// function and every service would silently keep the lambda: section's
// settings. A file that is either but declares no Lambda function gives a
// Warning for the same reason.
func Read(fsys fs.FS, name string) (*Set, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var set *Set
	switch kindOf(name, data) {
	case kindServerless:
		set, err = ReadServerless(fsys, name)
	case kindTemplate:
		set, err = ReadSAM(fsys, name)
	default:
		r := &report{file: name}
		keys := topKeys(data)
		got := "its top level is not a mapping"
		switch {
		case len(keys) > 0:
			got = "its top level has " + strings.Join(keys, ", ")
		case isEmpty(data):
			got = "it is empty"
		}
		r.fail("", "", "", nil, ErrInvalid,
			"neither an AWS SAM/CloudFormation template (Resources, AWSTemplateFormatVersion or Transform at the top level) "+
				"nor a Serverless Framework file (service with provider or functions): %s", got)
		return nil, r.err()
	}
	if err != nil {
		return nil, err
	}
	if len(set.Functions) == 0 {
		at := "Resources"
		if kindOf(name, data) == kindServerless {
			at = "functions"
		}
		r := &report{file: name}
		r.warn(at, "declares no Lambda function, so no service takes its settings from this file")
		set.Warnings = append(set.Warnings, r.warnings...)
	}
	return set, nil
}

const (
	kindNeither = iota
	kindTemplate
	kindServerless
)

// kindOf tells which reader a file is for. A file that is not YAML or JSON
// at all goes to ReadSAM, whose parser reports the syntax error with its
// position.
func kindOf(name string, data []byte) int {
	if b := path.Base(name); b == "serverless.yml" || b == "serverless.yaml" {
		return kindServerless
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return kindTemplate
	}
	keys := topKeys(data)
	has := func(k string) bool { return slices.Contains(keys, k) }
	switch {
	case has("Resources") || has("AWSTemplateFormatVersion") || has("Transform"):
		return kindTemplate
	case has("service") && (has("provider") || has("functions")):
		return kindServerless
	}
	return kindNeither
}

// topKeys are the keys of the file's top-level mapping, in file order;
// none when the file is empty, not YAML, or not a mapping.
func topKeys(data []byte) []string {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil
	}
	m := mapping(&doc)
	if m == nil {
		return nil
	}
	var keys []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		keys = append(keys, m.Content[i].Value)
	}
	return keys
}

// isEmpty: the file holds no value (nothing, comments, or null).
func isEmpty(data []byte) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return false
	}
	return len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null")
}
