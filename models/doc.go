// Package models holds the vocabulary shared by the execution models: the
// Request and its Work, the Outcome of a request, and the Recorder interface
// through which a model reports what happened. Models import sim and models;
// nothing in here knows about YAML, CLI or plots.
package models
