package lambdatemplates

import (
	"regexp"
	"slices"
	"strconv"
)

// awsRuntimes are the runtime identifiers CloudFormation accepts as an
// AWS::Lambda::Function's Runtime: the enum of the resource's schema
// (aws-cloudformation/cfn-lint@7a06e1711d8d84774d7a32605706b7f24e70636b,
// src/cfnlint/data/schemas/providers/us_east_1/aws-lambda-function.json),
// deprecated ones included, as the schema still lists them, and the
// runtimes Lambda added after it (lambda-runtimes.html: nodejs24.x,
// python3.14; java25 and dotnet10, whose init execsim measures). SAM and
// the Serverless Framework pass a function's runtime through to that
// property, so a value outside it fails the deployment.
var awsRuntimes = []string{
	"dotnet6", "dotnet8", "dotnet10",
	"dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1",
	"go1.x",
	"java8", "java8.al2", "java11", "java17", "java21", "java25",
	"nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x",
	"nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x",
	"provided", "provided.al2", "provided.al2023",
	"python2.7", "python3.6", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11",
	"python3.12", "python3.13", "python3.14",
	"ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4",
}

// newerRuntime matches an identifier of a managed-runtime family in the
// form AWS names its releases (nodejs26.x, python3.15, java29, dotnet12,
// ruby3.5), the version in the last group.
var newerRuntime = regexp.MustCompile(`^(nodejs(\d+)\.x|python3\.(\d+)|java(\d+)|dotnet(\d+)|ruby3\.(\d+))$`)

// runtimeKnown says whether CloudFormation takes id as a Runtime: one of
// awsRuntimes, or a later release of one of their families than any
// listed (Lambda adds runtimes faster than this list is updated, and a
// template that deploys must not be refused; such a runtime is only
// unmeasured).
func runtimeKnown(id string) bool {
	if slices.Contains(awsRuntimes, id) {
		return true
	}
	m := newerRuntime.FindStringSubmatch(id)
	if m == nil {
		return false
	}
	version := func(s string) (family int, v int) {
		n := newerRuntime.FindStringSubmatch(s)
		if n == nil {
			return -1, 0
		}
		for g := 2; g < len(n); g++ {
			if n[g] != "" {
				v, _ = strconv.Atoi(n[g])
				return g, v
			}
		}
		return -1, 0
	}
	family, v := version(id)
	for _, r := range awsRuntimes {
		if f, w := version(r); f == family && w >= v {
			return false // an older or listed version that AWS never had
		}
	}
	return true
}
