package scenario

import "errors"

// ErrInput marks errors caused by the user's input (a missing file, invalid
// YAML, an invalid field): the CLI exits with status 2 for them.
var ErrInput = errors.New("invalid input")

type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() []error {
	return []error{ErrInput, e.err}
}

// InputError marks err as caused by user input.
func InputError(err error) error {
	if err == nil {
		return nil
	}
	return inputError{err}
}
