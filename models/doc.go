// Package models holds the vocabulary shared by the execution models: the
// Request and its Work, the Outcome of a request, the Recorder interface
// through which a model reports what happened, the platform terms more than
// one model prices or runs on (Arch, Capacity), the FieldError every
// Validate reports, and Enum, the one table through which every model's
// enumerations print and parse. Models import sim and models; nothing in
// here knows about YAML, CLI or plots.
package models
