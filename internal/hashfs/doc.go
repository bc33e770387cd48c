// Package hashfs wraps an fs.FS and remembers every regular file opened
// through it, with the sha256 of its content. A scenario reads all the
// files it names (traces, manifests, templates, Prometheus exports) through
// one fs.FS, at load time and, for a streamed trace, during the run; a
// wrapper there lists them without each reader having to report what it
// opened, and without re-reading the scenario's YAML to guess its paths.
package hashfs
