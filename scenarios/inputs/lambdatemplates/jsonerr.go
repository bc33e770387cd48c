package lambdatemplates

import (
	"encoding/json"
	"errors"
)

func asTypeError(err error, te **json.UnmarshalTypeError) bool { return errors.As(err, te) }

// jsonKind names a Go kind as a template author would: int → a whole number.
func jsonKind(kind string) string {
	switch kind {
	case "int", "int64", "int32":
		return "a whole number"
	case "string", "ptr":
		return "a string"
	case "slice":
		return "a list"
	case "struct", "map":
		return "a mapping"
	case "bool":
		return "true or false"
	}
	return kind
}
