// Package lambdatemplates reads the Lambda settings of a user's functions
// from their deployment files — AWS SAM / CloudFormation templates (YAML or
// JSON) and serverless.yml — into execsim's own terms (Set, Function), and
// matches the functions to service names. It is a reader only: the scenario
// layer turns a Function into a lambda section override without importing
// any template library.
//
// Templates are parsed with github.com/awslabs/goformation/v7: its YAML
// reader turns the short-form tags (!Ref, !Sub, !GetAtt, …) into their long
// form, its intrinsic handlers resolve what can be resolved (Ref to a
// Parameter's Default, Fn::FindInMap, Fn::Sub, Fn::Join, Fn::Select, …;
// conditions and Fn::If are evaluated here, in conditions.go, and a
// resource whose Condition is false is not read), and
// its resource types (serverless.Function, lambda.Function, lambda.Alias,
// lambda.Version) decode the properties. serverless.yml has no maintained Go
// parser; it is decoded with go.yaml.in/yaml/v3.
//
// Every problem of a file is reported at once as an errors.Join of *Error
// ("file:document 1: AWS::Serverless::Function/Checkout: MemorySize: must be
// between 128 and 10240 (got 64)"); the caller marks them as input errors
// (the CLI exits 2): among them whatever CloudFormation or Lambda would
// refuse to deploy (a value out of AWS's range, a Runtime that is no
// Lambda runtime identifier, SnapStart on a runtime without it). What is
// read but cannot be honoured exactly (an intrinsic function, a ${…}
// variable, a runtime execsim has no measured init for) is a Warning
// naming its path.
package lambdatemplates
