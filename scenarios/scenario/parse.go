package scenario

import (
	"errors"
	"io/fs"

	"github.com/execsim/execsim/scenarios/platform"
)

// Parse decodes scenario text strictly, applies overrides and compiles it
// with the registry's platforms. Errors in the text carry its line numbers;
// errors from overrides name the --set path.
func Parse(src []byte, overrides []Override, reg platform.Registry) (*Plan, error) {
	return ParseFiles(src, nil, overrides, reg)
}

// ParseFiles is Parse for a scenario that may name files (traces), read
// from files: its own directory, or the built-ins' folder.
func ParseFiles(src []byte, files fs.FS, overrides []Override, reg platform.Registry) (*Plan, error) {
	return ParseReading(src, files, Reading{}, overrides, reg)
}

// ParseReading is ParseFiles reading the files as rd says.
func ParseReading(src []byte, files fs.FS, rd Reading, overrides []Override, reg platform.Registry) (*Plan, error) {
	f, effective, err := Decode(src, overrides, reg)
	if rd.loaded == nil {
		rd.loaded = &loadedTraces{}
	}
	if f != nil {
		f.Files, f.Reading = recording(files), rd
	}
	if err != nil {
		// A strict-decoding error (an unknown key, a mistyped value) leaves
		// the rest of the file decoded: compile it anyway so the user sees
		// every problem at once.
		// (not with --set: the file as written is not what would run)
		var te *typeErrors
		if f != nil && len(overrides) == 0 && errors.As(err, &te) {
			if _, cerr := f.Compile(reg); cerr != nil {
				if cerr = te.drop(cerr); cerr != nil {
					return nil, errors.Join(err, cerr)
				}
			}
		}
		return nil, err
	}
	plan, err := f.Compile(reg)
	if err != nil {
		return nil, err
	}
	plan.Source = effective
	return plan, nil
}
