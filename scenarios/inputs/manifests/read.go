package manifests

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios/inputs/yamltab"
	"sigs.k8s.io/yaml"
)

// Set is what a group of manifests describes, in execsim's terms.
type Set struct {
	// Deployments in reading order (paths in the order given, a
	// directory's files by name, documents in file order), each with its
	// Services and HPA.
	Deployments []Deployment
	// DaemonSets are the apps/v1 DaemonSets read, in reading order.
	DaemonSets []DaemonSet
	// Ignored lists every object of a kind execsim does not model.
	Ignored []Ignored
	// Warnings in reading order.
	Warnings []Warning
}

// Read reads the manifests at paths in fsys: each a file, or a directory
// whose *.yaml, *.yml and *.json files are read in name order
// (subdirectories are not read, each one a Warning; the directory's other
// files are named in one Warning). Paths are fs.FS paths: slash-separated
// and relative to fsys's root. On any Error it returns a nil Set and every
// Error, joined.
func Read(fsys fs.FS, paths []string) (*Set, error) {
	r := reader{p: problems{order: map[string]int{}}}
	for _, name := range paths {
		r.path(fsys, name)
	}
	set := r.match()
	warns, err := r.p.result()
	if err != nil {
		return nil, err
	}
	set.Warnings = warns
	return set, nil
}

// reader holds the objects of every file until they are matched.
type reader struct {
	p           problems
	deployments []Deployment
	hpas        []hpaRef
	services    []serviceRef
	ignored     []Ignored
	daemonSets  []DaemonSet
	objects     int // objects met, for a file that holds none
}

func (r *reader) path(fsys fs.FS, name string) {
	src := Source{File: name}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		r.p.order[name] = len(r.p.order)
		r.p.err(src, "", "", "", nil, err, "cannot read: %v", unwrapPath(err))
		return
	}
	if !st.IsDir() {
		r.file(fsys, name)
		return
	}
	entries, err := fs.ReadDir(fsys, name) // sorted by name
	if err != nil {
		r.p.order[name] = len(r.p.order)
		r.p.err(src, "", "", "", nil, err, "cannot read directory: %v", unwrapPath(err))
		return
	}
	n := 0
	var skipped []string
	for _, e := range entries {
		file := path.Join(name, e.Name())
		switch {
		case e.IsDir():
			r.p.order[file] = len(r.p.order)
			r.p.warn(Source{File: file}, "", "", "", "subdirectory not read (name it in manifests: to read it)")
		case manifestFile(e.Name()):
			r.file(fsys, file)
			n++
		default:
			skipped = append(skipped, e.Name())
		}
	}
	if n == 0 {
		r.p.order[name] = len(r.p.order)
		r.p.err(src, "", "", "", nil, ErrRequired, "no .yaml, .yml or .json file in the directory")
		return
	}
	if len(skipped) > 0 {
		// once per directory: a README or a kustomization's patches are
		// expected, a manifest under another extension is not
		r.p.order[name] = len(r.p.order)
		r.p.warn(src, "", "", "", "not read (not .yaml, .yml or .json): %s", strings.Join(skipped, ", "))
	}
}

// manifestFile reports whether a directory's file is read: kubectl apply
// -f dir/ reads the extensions .json, .yaml and .yml
// (k8s.io/cli-runtime/pkg/resource, FileExtensions), and JSON is YAML.
func manifestFile(name string) bool {
	for _, ext := range []string{".yaml", ".yml", ".json"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// unwrapPath drops the *fs.PathError's own path, which the Source names.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func (r *reader) file(fsys fs.FS, name string) {
	if _, seen := r.p.order[name]; !seen {
		r.p.order[name] = len(r.p.order)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		r.p.err(Source{File: name}, "", "", "", nil, err, "cannot read: %v", unwrapPath(err))
		return
	}
	objects, errs := r.objects, len(r.p.errs)
	for i, d := range splitDocuments(data) {
		r.document(Source{File: name, Doc: i + 1}, d)
	}
	if r.objects == objects && len(r.p.errs) == errs {
		// kubectl apply would say "no objects passed to apply"; here the
		// run would go on as if the file were not named
		r.p.warn(Source{File: name}, "", "", "", "holds no object (only comments, empty documents or empty lists): nothing read from it")
	}
}

// document is one YAML document of a file, and the file line it starts on.
type document struct {
	text []byte
	line int
}

// splitDocuments cuts a YAML stream into its documents at the lines that
// start with the markers --- or ... (kubectl's YAMLReader cuts at ---).
// Text after --- on its line belongs to the next document. Documents are
// counted as YAML counts them: an explicit empty document (--- then ---)
// is one, the blank text before a leading --- and after a trailing marker
// is none.
func splitDocuments(data []byte) []document {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	type segment struct {
		document
		explicit bool
	}
	segs := []segment{{document: document{line: 1}}}
	for n := 1; len(data) > 0; n++ {
		i := lineEnd(data)
		l := data[:i]
		data = data[i:]
		trimmed := bytes.TrimRight(l, "\r\n")
		last := &segs[len(segs)-1]
		switch {
		case isMarker(trimmed, "---"):
			// Keep the line count: the rest of the line, columns shifted.
			text := append([]byte("   "), trimmed[3:]...)
			segs = append(segs, segment{document: document{text: append(text, '\n'), line: n}, explicit: true})
		case isMarker(trimmed, "..."):
			segs = append(segs, segment{document: document{line: n + 1}})
		default:
			last.text = append(last.text, l...)
		}
	}
	var docs []document
	for i, s := range segs {
		blank := onlyComments(s.text)
		if blank && (!s.explicit || i == len(segs)-1) {
			continue
		}
		docs = append(docs, s.document)
	}
	return docs
}

// lineEnd is the length of data's first line with its line break: LF,
// CR LF or a CR alone, each a line break to YAML. Cut at LF alone, a file
// of CR endings was one line: its --- markers were not seen, and a first
// line that is a comment made the whole file a comment.
func lineEnd(data []byte) int {
	for j, c := range data {
		switch {
		case c == '\n':
			return j + 1
		case c == '\r' && j+1 < len(data) && data[j+1] == '\n':
			return j + 2
		case c == '\r':
			return j + 1
		}
	}
	return len(data)
}

// onlyComments reports whether text has nothing but blanks and comments.
func onlyComments(text []byte) bool {
	for len(text) > 0 {
		i := lineEnd(text)
		l := text[:i]
		text = text[i:]
		l = bytes.TrimSpace(l)
		if len(l) > 0 && l[0] != '#' {
			return false
		}
	}
	return true
}

// isMarker reports whether line is the document marker m, alone or followed
// by a blank (and perhaps content or a comment).
func isMarker(line []byte, m string) bool {
	if !bytes.HasPrefix(line, []byte(m)) {
		return false
	}
	rest := line[len(m):]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t'
}

// yamlLine finds the line numbers in a YAML parser's message.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// document decodes one document: nothing (an empty document or only
// comments), one object, or a list of them.
func (r *reader) document(src Source, d document) {
	j, err := yaml.YAMLToJSONStrict(d.text)
	if err != nil {
		j2, err2 := yaml.YAMLToJSON(d.text)
		if err2 != nil {
			if n := yamltab.Line(d.text, err2.Error()); n > 0 {
				r.p.err(src, "", "", "", nil, ErrSyntax, "line %d: %s", n+d.line-1, yamltab.Advice)
				return
			}
			r.p.err(src, "", "", "", nil, ErrSyntax, "%s", fileLines(err2, d.line))
			return
		}
		// Duplicate keys: kubectl keeps the last; so do we, with a warning.
		r.p.warn(src, "", "", "", "%s (the last value is used)", fileLines(err, d.line))
		j = j2
	}
	v, err := decodeGeneric(j)
	if err != nil {
		r.p.err(src, "", "", "", nil, ErrSyntax, "%v", err)
		return
	}
	switch obj := v.(type) {
	case nil:
		return // empty document
	case map[string]any:
		r.object(src, obj, "", "", -1)
	default:
		r.p.err(src, "", "", "", typeName(v), ErrSyntax, "a document must be an object (a mapping with apiVersion and kind)")
	}
}

// fileLines rewrites "line N" in a YAML error to the file's line numbers
// and drops sigs.k8s.io/yaml's wrapping.
func fileLines(err error, first int) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "error converting YAML to JSON: ")
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	msg = strings.Join(lines, "; ")
	return yamlLine.ReplaceAllStringFunc(msg, func(m string) string {
		n, _ := strconv.Atoi(m[len("line "):])
		return fmt.Sprintf("line %d", n+first-1)
	})
}

// object dispatches one object by apiVersion and kind. listVersion and
// listKind are a typed list's (DeploymentList items may leave out their
// own); item is the index in a list, or -1.
func (r *reader) object(src Source, obj map[string]any, listVersion, listKind string, item int) {
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	if listKind != "" {
		if apiVersion == "" && obj["apiVersion"] == nil {
			apiVersion = listVersion
		}
		if kind == "" && obj["kind"] == nil {
			kind = listKind
		}
	}
	name, namespace := meta(obj)
	shown := name
	if shown == "" && item >= 0 {
		shown = fmt.Sprintf("(items[%d])", item)
	}
	if _, ok := obj["apiVersion"].(string); obj["apiVersion"] != nil && !ok {
		r.p.err(src, kind, shown, "apiVersion", typeName(obj["apiVersion"]), ErrInvalid, "must be a string")
		return
	}
	if _, ok := obj["kind"].(string); obj["kind"] != nil && !ok {
		r.p.err(src, "", shown, "kind", typeName(obj["kind"]), ErrInvalid, "must be a string")
		return
	}
	if kind == "" {
		r.p.err(src, "", shown, "kind", nil, ErrRequired, "required: every manifest names its kind")
		return
	}
	if apiVersion == "" {
		r.p.err(src, kind, shown, "apiVersion", nil, ErrRequired, "required: every manifest names its apiVersion")
		return
	}
	if strings.HasSuffix(kind, "List") {
		if items, ok := obj["items"]; ok {
			r.list(src, kind, shown, apiVersion, items)
			return
		}
	}
	r.objects++ // a list is not one: its items are
	at := at{src: src, kind: kind, name: shown, p: &r.p}
	switch group(apiVersion) + "/" + kind {
	case "apps/Deployment", "extensions/Deployment":
		r.deployment(at, apiVersion, obj)
	case "autoscaling/HorizontalPodAutoscaler":
		r.hpa(at, apiVersion, obj)
	case "/Service":
		r.service(at, apiVersion, obj)
	case "apps/DaemonSet", "extensions/DaemonSet":
		r.daemonSet(at, apiVersion, namespace, obj)
	default:
		r.ignored = append(r.ignored, Ignored{Source: src, APIVersion: apiVersion, Kind: kind, Namespace: namespace, Name: name})
	}
}

// list reads the items of a kind: List (kubectl get -o yaml) or a typed
// list such as DeploymentList (the API's own answer).
func (r *reader) list(src Source, kind, name, apiVersion string, items any) {
	list, ok := items.([]any)
	if !ok {
		if items != nil {
			r.p.err(src, kind, name, "items", typeName(items), ErrInvalid, "must be a list of objects")
		}
		return
	}
	itemKind := ""
	if kind != "List" {
		itemKind = strings.TrimSuffix(kind, "List")
	}
	for i, it := range list {
		obj, ok := it.(map[string]any)
		if !ok {
			r.p.err(src, kind, name, fmt.Sprintf("items[%d]", i), typeName(it), ErrInvalid, "must be an object")
			continue
		}
		r.object(src, obj, apiVersion, itemKind, i)
	}
}

// meta is an object's metadata.name and metadata.namespace, when they are strings.
func meta(obj map[string]any) (name, namespace string) {
	m, _ := obj["metadata"].(map[string]any)
	name, _ = m["name"].(string)
	namespace, _ = m["namespace"].(string)
	return name, namespace
}

// group is an apiVersion's API group: "" for the core group's "v1".
func group(apiVersion string) string {
	g, _, ok := strings.Cut(apiVersion, "/")
	if !ok {
		return ""
	}
	return g
}

// at is the object a problem belongs to.
type at struct {
	src        Source
	kind, name string
	p          *problems
}

func (a at) err(fieldPath string, value any, sentinel error, format string, args ...any) {
	a.p.err(a.src, a.kind, a.name, fieldPath, value, sentinel, format, args...)
}

func (a at) warn(fieldPath, format string, args ...any) {
	a.p.warn(a.src, a.kind, a.name, fieldPath, format, args...)
}
