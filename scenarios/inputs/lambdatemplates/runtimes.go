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
// python3.14; java25 and dotnet10, whose init execsim measures;
// lambda-ruby.html: ruby4.0, on Amazon Linux 2023). SAM and the
// Serverless Framework pass a function's runtime through to that
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
	"ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4", "ruby4.0",
}

// releaseForms are the forms in which AWS names the releases of a
// managed-runtime family (nodejs26.x, python3.15, java29, dotnet12,
// ruby4.1): the family, then the major version and, for Python and Ruby,
// the minor one. The major version is a number of its own, so a later
// major release (python4.0, ruby5.0) is recognised as one.
var releaseForms = []*regexp.Regexp{
	regexp.MustCompile(`^(nodejs)(\d+)\.x$`),
	regexp.MustCompile(`^(python)(\d+)\.(\d+)$`),
	regexp.MustCompile(`^(java)(\d+)$`),
	regexp.MustCompile(`^(dotnet)(\d+)$`),
	regexp.MustCompile(`^(ruby)(\d+)\.(\d+)$`),
}

// release splits id into its family and (major, minor) version; ok is
// false when id is in none of releaseForms.
func release(id string) (family string, major, minor int, ok bool) {
	for _, re := range releaseForms {
		m := re.FindStringSubmatch(id)
		if m == nil {
			continue
		}
		major, err := strconv.Atoi(m[2])
		if err != nil {
			return "", 0, 0, false // more digits than an int holds
		}
		if len(m) > 3 {
			if minor, err = strconv.Atoi(m[3]); err != nil {
				return "", 0, 0, false
			}
		}
		return m[1], major, minor, true
	}
	return "", 0, 0, false
}

// runtimeKnown says whether CloudFormation takes id as a Runtime: one of
// awsRuntimes, or a later release of one of their families than any
// listed, compared by (major, minor) (Lambda adds runtimes faster than
// this list is updated, and a template that deploys must not be refused;
// such a runtime is only unmeasured). A release at or below the newest
// listed one that is not itself listed (nodejs13.x, python3.5) is one AWS
// never had.
func runtimeKnown(id string) bool {
	if slices.Contains(awsRuntimes, id) {
		return true
	}
	family, major, minor, ok := release(id)
	if !ok {
		return false
	}
	for _, r := range awsRuntimes {
		f, ma, mi, ok := release(r)
		if ok && f == family && (ma > major || ma == major && mi >= minor) {
			return false
		}
	}
	return true
}
